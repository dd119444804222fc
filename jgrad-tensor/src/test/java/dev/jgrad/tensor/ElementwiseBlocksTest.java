package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.Op;
import dev.jgrad.Rule;
import dev.jgrad.Special;
import dev.jgrad.testing.PointAlgebra;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The elementwise loops (blocks of {@link Kernels#BLOCK} elements, rules written as an {@link Rule#expression} run as
 * that expression, selects as vector blends when the JVM has the Vector API) against the table read one element at a
 * time: every rule's value and every operand's gradient, bit for bit (any NaN matches any NaN), in float64 and
 * float32, over more elements than a block and a vector hold, with signed zeros, infinities and NaN among them.
 */
class ElementwiseBlocksTest {

    private static final double[] SPECIAL = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -1, 1, 1e-300, -1e-300, 1000, -1000, 0.5, -0.5, 20, 1e300};
    /** Two blocks and a part of a third, not a multiple of any vector length. */
    private static final int COUNT = 2 * Kernels.BLOCK + 37;

    @Test
    void everyRuleEqualsItsPerElementValueAndPartials() {
        Random random = new Random(3);
        for (Rule rule : rules()) {
            for (DType dtype : DType.values()) {
                int arity = rule.arity();
                Tensor[] leaves = new Tensor[arity];
                for (int k = 0; k < arity; k++) {
                    leaves[k] = Tensor.of(operand(random, COUNT), COUNT).to(dtype).detach().requiresGrad(true);
                }
                Tensor seed = Tensor.of(positive(random, COUNT), COUNT).to(dtype);
                Tensor out = leaves[0].apply(rule, Arrays.copyOfRange(leaves, 1, arity));
                out.backward(seed, false);
                double[][] x = new double[arity][];
                for (int k = 0; k < arity; k++) {
                    x[k] = leaves[k].toDoubleArray();
                }
                double[] s = seed.toDoubleArray();
                double[] values = out.toDoubleArray();
                for (int i = 0; i < COUNT; i++) {
                    double a = x[0][i];
                    double b = arity > 1 ? x[1][i] : 0;
                    double c = arity > 2 ? x[2][i] : 0;
                    String at = rule.label() + " " + dtype + " at (" + a + ", " + b + ", " + c + ")";
                    double value = rounded(rule.value(a, b, c), dtype);
                    assertSameBits(value, values[i], at);
                    for (int k = 0; k < arity; k++) {
                        double partial = PointAlgebra.partial(rule, k, a, b, c, value);
                        assertSameBits(rounded(s[i] * partial, dtype), leaves[k].grad().get(i), "d/dx" + k + " " + at);
                    }
                }
            }
        }
    }

    /**
     * Operands broadcast against each other ({@code [r, 1]} with {@code [1, c]}, and a third of the full shape):
     * the values element by element, and the gradient of the full-shaped operand.
     */
    @Test
    void broadcastOperandsEqualThePerElementValue() {
        Random random = new Random(4);
        int rows = 53;
        int cols = 47;
        for (Rule rule : rules()) {
            if (rule.arity() < 2) {
                continue;
            }
            for (DType dtype : DType.values()) {
                Tensor column = Tensor.of(operand(random, rows), rows, 1).to(dtype);
                Tensor row = Tensor.of(operand(random, cols), 1, cols).to(dtype);
                Tensor full = Tensor.of(operand(random, rows * cols), rows, cols).to(dtype).detach()
                        .requiresGrad(true);
                Tensor seed = Tensor.of(positive(random, rows * cols), rows, cols).to(dtype);
                Tensor out = rule.arity() == 2 ? column.apply(rule, row)
                        : column.apply(rule, row, full);
                Tensor fullFirst = rule.arity() == 2 ? full.apply(rule, row) : full.apply(rule, row, column);
                fullFirst.backward(seed, false);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        double a = column.get(i, 0);
                        double b = row.get(0, j);
                        double c = rule.arity() > 2 ? full.get(i, j) : 0;
                        String at = rule.label() + " " + dtype + " at [" + i + ", " + j + "]";
                        assertSameBits(rounded(rule.value(a, b, c), dtype), out.get(i, j), at);
                        double f = full.get(i, j);
                        double third = rule.arity() > 2 ? a : 0;
                        double value = rounded(rule.value(f, b, third), dtype);
                        assertSameBits(value, fullFirst.get(i, j), "full first, " + at);
                        double partial = PointAlgebra.partial(rule, 0, f, b, third, value);
                        assertSameBits(rounded(seed.get(i, j) * partial, dtype), full.grad().get(i, j),
                                "d/dfull, " + at);
                    }
                }
            }
        }
    }

    private static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(List.of(Op.values()));
        rules.removeIf(rule -> rule.arity() == -1);
        rules.add(Special.LOG_GAMMA);
        rules.add(Special.ERF);
        return rules;
    }

    /** Edge points first, then normals of random scale and sign (so signs are mixed, as activations' are). */
    private static double[] operand(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(8) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2);
        }
        return v;
    }

    /** Positive seeds: a gradient times a partial that is the constant 0 is +0, as the loops' shortcut gives. */
    private static double[] positive(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.25 + random.nextDouble() * 2;
        }
        return v;
    }

    private static double rounded(double v, DType dtype) {
        return dtype == DType.FLOAT32 ? (float) v : v;
    }

    private static void assertSameBits(double expected, double actual, String message) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
            fail(message + ": expected " + expected + ", got " + actual);
        }
    }
}
