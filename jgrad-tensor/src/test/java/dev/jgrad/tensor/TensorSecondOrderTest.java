package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Rule;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Gradients of gradients: gradients built with {@code createGraph} are differentiated again and checked against
 * finite differences of the first-order gradient, for every rule of the table and for the composed operations.
 */
class TensorSecondOrderTest {

    private static final double TOLERANCE = 1e-5;

    @Property(tries = 150)
    void everyRule(@ForAll("rules") Rule rule, @ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int[][] shapes = TensorGradientPropertyTest.broadcasting(random, rule.arity());
        Tensor[] x = new Tensor[rule.arity()];
        for (int i = 0; i < x.length; i++) {
            x[i] = TensorGradientPropertyTest.domain(rule, i, TensorCheck.random(random, shapes[i]));
        }
        // the product with the first operand makes the second derivative of linear rules non-zero
        TensorCheck.secondOrder(v -> v[0].apply(rule, Arrays.copyOfRange(v, 1, v.length)).mul(v[0]), TOLERANCE, x);
    }

    @Provide
    static Arbitrary<Rule> rules() {
        return TensorGradientPropertyTest.rules();
    }

    @Property(tries = 60)
    void composedOperations(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int rows = 1 + random.nextInt(3);
        int columns = 1 + random.nextInt(3);
        Tensor a = TensorCheck.random(random, rows, columns);
        Tensor b = TensorCheck.random(random, columns, 2);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(columns);
        }
        TensorCheck.secondOrder(v -> v[0].matmul(v[1]).tanh().matmul(v[1].transpose(0, 1)), TOLERANCE, a, b);
        TensorCheck.secondOrder(v -> v[0].softmax(1).mul(v[0]), TOLERANCE, a);
        TensorCheck.secondOrder(v -> v[0].logsumexp(0, false), TOLERANCE, a);
        TensorCheck.secondOrder(v -> v[0].crossEntropy(labels), TOLERANCE, a);
        TensorCheck.secondOrder(v -> v[0].max(1, true).mul(v[0].mean(0)).add(v[0].min(0, false).sum()), TOLERANCE, a);
        TensorCheck.secondOrder(v -> v[0].gather(1, labels, rows, 1).exp().mul(v[0].indexSelect(0, 0).sum()),
                TOLERANCE, a);
        TensorCheck.secondOrder(v -> Tensor.concat(List.of(v[0], v[0].sin()), 1).slice(1, 0, columns + 1, 2)
                .pow(2), TOLERANCE, a);
        TensorCheck.secondOrder(v -> Tensor.stack(List.of(v[0], v[0].transpose(0, 1).reshape(rows, columns)), 0)
                .sigmoid().mul(v[0]), TOLERANCE, a);
        TensorCheck.secondOrder(v -> v[0].to(DType.FLOAT32).to(DType.FLOAT64).mul(0).add(v[0].exp().sum(0, true)),
                TOLERANCE, a);
    }

    /** {@code f(x) = Σ x³}: the Hessian-vector product is {@code 6 x ⊙ v}, exactly. */
    @Test
    void hessianVectorProductOfACube() {
        Tensor x = Tensor.of(new double[] {1, -2, 0.5, 3}, 2, 2).requiresGrad(true);
        Tensor v = Tensor.of(new double[] {1, 1, -2, 0.25}, 2, 2);
        Tensor g = Tensor.gradients(x.pow(3).sum(), List.of(x), true).get(0);
        assertArrayEquals(new double[] {3, 12, 0.75, 27}, g.toDoubleArray(), 1e-12);
        Tensor hv = Tensor.gradients(g.mul(v).sum(), List.of(x), false).get(0);
        assertArrayEquals(new double[] {6, -12, -6, 4.5}, hv.toDoubleArray(), 1e-12);
    }

    /** {@code backward(seed, true)} leaves a gradient with a graph in the leaf; its derivative is {@code f''}. */
    @Test
    void backwardWithCreateGraphLeavesDifferentiableGradients() {
        Tensor x = Tensor.of(0.3, -1.1).requiresGrad(true);
        x.tanh().sum().backward(Tensor.scalar(1), true);
        Tensor g = x.grad();
        assertTrue(g.requiresGrad(), "the gradient has a graph");
        g.sum().backward();
        double[] values = {0.3, -1.1};
        double[] second = x.grad().toDoubleArray();
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(values[i]);
            double first = 1 - t * t;
            assertEquals(first + -2 * t * first, second[i], 1e-12, "x" + i);
        }
    }

    /** The fused first-order loop and the tensor-built partials give equal gradients, NaN and infinities included. */
    @Property(tries = 200)
    void fusedAndDifferentiablePartialsAgree(@ForAll("rules") Rule rule,
            @ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int[][] shapes = TensorGradientPropertyTest.broadcasting(random, rule.arity());
        Tensor[] x = new Tensor[rule.arity()];
        double[] specials = {0, -0.0, 1, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300};
        for (int i = 0; i < x.length; i++) {
            double[] v = TensorCheck.random(random, shapes[i]).mul(2).toDoubleArray();
            for (int j = 0; j < v.length; j++) {
                if (random.nextInt(4) == 0) {
                    v[j] = specials[random.nextInt(specials.length)];
                }
            }
            x[i] = Tensor.of(v, shapes[i]);
        }
        Tensor[] fused = TensorCheck.leaves(x);
        Tensor outFused = fused[0].apply(rule, Arrays.copyOfRange(fused, 1, fused.length));
        Tensor seedTensor = TensorCheck.random(random, outFused.shape());
        outFused.backward(seedTensor, false);
        Tensor[] built = TensorCheck.leaves(x);
        built[0].apply(rule, Arrays.copyOfRange(built, 1, built.length)).backward(seedTensor, true);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(fused[i].grad().toDoubleArray(), built[i].grad().toDoubleArray(),
                    rule.label() + " operand " + i + " at " + Arrays.toString(x[i].toDoubleArray()));
        }
    }
}
