package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.tape.Tape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A variadic rule sees every term in its partial ({@link Rule#termPartial}), so a product's partial is the product
 * of the other terms, exact where a term is 0, in every engine. The truth is written by hand: for
 * {@code p = x y z}, {@code ∇p = (y z, x z, x y)} and the Hessian has {@code z, y, x} off the diagonal.
 */
class VariadicRuleTest {

    static final ScalarFunction PRODUCT = x -> Value.apply(TestRules.PRODUCT, x[0], x[1], x[2]);

    /** Points with one, two and no zero terms, and a negative zero. */
    static final double[][] POINTS = {{2, 0, 3}, {0, 0, 5}, {-1.5, 4, 0.5}, {0, -0.0, 0}, {7, 2, -0.0}};

    static double[] gradient(double[] x) {
        return new double[] {x[1] * x[2], x[0] * x[2], x[0] * x[1]};
    }

    static double[][] hessian(double[] x) {
        return new double[][] {{0, x[2], x[1]}, {x[2], 0, x[0]}, {x[1], x[0], 0}};
    }

    @Test
    void valueBackwardIsExactAtZeros() {
        for (double[] x : POINTS) {
            Value[] leaves = {Value.of(x[0]), Value.of(x[1]), Value.of(x[2])};
            PRODUCT.apply(leaves).backward();
            double[] g = {leaves[0].grad(), leaves[1].grad(), leaves[2].grad()};
            assertArrayEquals(gradient(x), g, 0, () -> Arrays.toString(x));
        }
    }

    @Test
    void reverseAndForwardModeAreExactAtZeros() {
        for (double[] x : POINTS) {
            assertArrayEquals(gradient(x), Grad.grad(PRODUCT, x), 0);
            double[][] jacobian = Grad.jacobian(v -> new Value[] {PRODUCT.apply(v)}, x);
            assertArrayEquals(gradient(x), jacobian[0], 0);
            double[] tangent = Grad.jvp(v -> new Value[] {PRODUCT.apply(v)}, x, new double[] {1, 1, 1}).tangent();
            double[] g = gradient(x);
            assertEquals(g[0] + g[1] + g[2], tangent[0], 0);
        }
    }

    @Test
    void gradientsAsGraphsAndHessiansAreExactAtZeros() {
        for (double[] x : POINTS) {
            Value[] leaves = {Value.of(x[0]), Value.of(x[1]), Value.of(x[2])};
            List<Value> g = Grad.gradient(PRODUCT.apply(leaves), List.of(leaves), true);
            assertArrayEquals(gradient(x), new double[] {g.get(0).data(), g.get(1).data(), g.get(2).data()}, 0);
            double[][] h = Grad.hessian(PRODUCT, x);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(hessian(x)[i], h[i], 0);
            }
        }
    }

    @Test
    void higherDerivativesOfAProductOfOneVariableAreExactAtZero() {
        // prod(x, x, x, x) = x^4: at 0 its derivatives are 0, 0, 0, 0, 24, then 0
        double[] d = Grad.derivatives(x -> Value.apply(TestRules.PRODUCT, x, x, x, x), 0, 6);
        assertArrayEquals(new double[] {0, 0, 0, 0, 24, 0, 0}, d, 0);
    }

    @Test
    void recordedAndTracedTapesAreExactAtZeros() {
        Tape recorded = Tape.record(new double[] {1, 2, 3}, PRODUCT);
        Tape traced = Tape.trace(3, (g, x) -> g.apply(TestRules.PRODUCT, x[0], x[1], x[2]));
        for (Tape tape : List.of(recorded, traced)) {
            for (double[] x : POINTS) {
                double[] g = new double[3];
                assertEquals(x[0] * x[1] * x[2], tape.newWorkspace().gradient(x, g), 0);
                assertArrayEquals(gradient(x), g, 0);
            }
        }
    }

    @Test
    void aVariadicRuleInsideADerivativeExpressionFoldsAllItsTerms() {
        // a rule whose derivative is sum(a, a, a) = 3a in every algebra: DoubleAlgebra once dropped the third term
        Rule cube = new TestRules.TestRule("cube/2", 1) {
            @Override
            public double value(double a, double b, double c) {
                return a * a * a / 2;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return g.mul(g.apply(Op.SUM, a, a, a), g.div(a, g.constant(2)));
            }
        };
        ScalarFunction f = x -> Value.apply(cube, x[0]);
        assertEquals(1.5 * 4, Grad.grad(f, 2)[0], 0);
        Value x = Value.of(2);
        Value y = Value.apply(cube, x);
        y.backward();
        assertEquals(6, x.grad(), 0);
        assertEquals(6, Grad.hessian(f, 2)[0][0], 0);
        assertEquals(6, Grad.derivatives(v -> Value.apply(cube, v), 2, 2)[2], 0);
        double[] g = new double[1];
        Tape.record(new double[] {2}, f).newWorkspace().gradient(new double[] {2}, g);
        assertEquals(6, g[0], 0);
    }

    /** Edge and ordinary values, each term of the log-sum-exp checks below. */
    private static final double[] EDGES = {0.0, -0.0, 1, -1, 0.5, -2.5, 1000, -1000, 1e-300, 709, -745,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    @Test
    void logSumExpOfTwoTermsIsItsTwoOperandFormToTheBit() {
        for (double a : EDGES) {
            for (double b : EDGES) {
                assertEquals(Double.doubleToLongBits(Op.LOGSUMEXP.value(a, b, 0)),
                        Double.doubleToLongBits(Op.LOGSUMEXP.variadicValue(new double[] {a, b}, 2)), a + ", " + b);
            }
            assertEquals(Double.doubleToRawLongBits(a),
                    Double.doubleToRawLongBits(Op.LOGSUMEXP.variadicValue(new double[] {a, 7}, 1)), "one term " + a);
        }
    }

    @Test
    void logSumExpOfManyTermsIsTheLogOfTheSumOfTheirExponentials() {
        java.util.Random random = new java.util.Random(5);
        for (int n = 3; n <= 60; n++) {
            double[] terms = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                terms[i] = random.nextDouble() * 40 - 20;
                sum += Math.exp(terms[i]);
            }
            double expected = Math.log(sum);
            assertEquals(expected, Op.LOGSUMEXP.variadicValue(terms, n), 4e-15 * Math.abs(expected), "n = " + n);
            // shifted by 1000, where the exponentials overflow: the same value plus 1000
            double[] shifted = terms.clone();
            for (int i = 0; i < n; i++) {
                shifted[i] += 1000;
            }
            assertEquals(expected + 1000, Op.LOGSUMEXP.variadicValue(shifted, n), 1e-12, "n = " + n + ", +1000");
        }
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(-inf, Op.LOGSUMEXP.variadicValue(new double[] {-inf, -inf, -inf}, 3));
        assertEquals(inf, Op.LOGSUMEXP.variadicValue(new double[] {1, inf, -inf, inf}, 4));
        assertEquals(2 + Math.log(2), Op.LOGSUMEXP.variadicValue(new double[] {-inf, 2, -inf, 2}, 4), 1e-15);
        assertEquals(Double.NaN, Op.LOGSUMEXP.variadicValue(new double[] {inf, 1, Double.NaN}, 3));
        assertEquals(Double.NaN, Op.LOGSUMEXP.variadicValue(new double[] {Double.NaN, -inf, -inf}, 3));
    }

    /** The graph, the tape and the Taylor engine all take the rule's one-pass value (kernels: CompiledLoopTest). */
    @Test
    void everyEngineTakesTheSameLogSumExpOfManyTerms() {
        double[] x = {0.3, -1.2, 2.5, 0.7, -0.4};
        ScalarFunction f = v -> Value.logsumexp(v[0], v[1].mul(v[2]), v[2], v[3].exp(), v[4], v[0].sub(v[4]));
        Value[] leaves = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            leaves[i] = Value.of(x[i]);
        }
        double value = f.apply(leaves).data();
        double[] terms = {x[0], x[1] * x[2], x[2], Math.exp(x[3]), x[4], x[0] - x[4]};
        assertEquals(Op.LOGSUMEXP.variadicValue(terms, terms.length), value, 0);
        double[] g = new double[x.length];
        assertEquals(value, Tape.record(x, f).newWorkspace().gradient(x, g), 0);
        assertEquals(value, Tape.recordAll(x, v -> new Value[] {f.apply(v)}, false).newWorkspace().gradient(x, g), 0);
        // the Taylor engine's value (derivative 0)
        double taylor = Grad.derivatives(t -> Value.logsumexp(t, t.mul(-1.2), t.mul(2.5), t.exp()), 0.3, 2)[0];
        double direct = Op.LOGSUMEXP.variadicValue(new double[] {0.3, 0.3 * -1.2, 0.3 * 2.5, Math.exp(0.3)}, 4);
        assertEquals(direct, taylor, 0);
    }

    /**
     * A user rule whose partials are constants that differ from term to term: {@code w = Σ (i + 1) t_i}, so
     * {@code ∂w/∂t_i = i + 1}. {@code backward()} once took the first term's constant partial for every term (right
     * for a sum's 1, not for a user's rule) and gave {@code (1, 1, 1)}.
     */
    @Test
    void aUserRuleWithADifferentConstantPartialPerTermGetsEachInEveryEngine() {
        Rule weighted = new TestRules.TestRule("weighted", -1) {
            @Override
            public double value(double a, double b, double c) {
                throw new UnsupportedOperationException("variadicValue gives the value");
            }

            @Override
            public double variadicValue(double[] terms, int count) {
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += (i + 1) * terms[i];
                }
                return sum;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                throw new UnsupportedOperationException("a variadic rule's partials come from termPartial");
            }

            @Override
            public int termPartial(Algebra g, int arg, int[] terms, int out) {
                return g.constant(arg + 1);
            }
        };
        double[] x = {0.5, -2, 3};
        double[] expected = {1, 2, 3};
        Value[] leaves = {Value.of(x[0]), Value.of(x[1]), Value.of(x[2])};
        Value y = Value.apply(weighted, leaves);
        assertEquals(0.5 - 4 + 9, y.data(), 0);
        y.backward();
        assertArrayEquals(expected, new double[] {leaves[0].grad(), leaves[1].grad(), leaves[2].grad()}, 0);
        ScalarFunction f = v -> Value.apply(weighted, v);
        assertArrayEquals(expected, Grad.grad(f, x), 0);
        assertArrayEquals(expected, Grad.jacobian(v -> new Value[] {f.apply(v)}, x)[0], 0);
        double[] g = new double[3];
        Tape.record(x, f).newWorkspace().gradient(x, g);
        assertArrayEquals(expected, g, 0);
        // w(t, t, t) = 6t
        assertArrayEquals(new double[] {3, 6, 0}, Grad.derivatives(t -> Value.apply(weighted, t, t, t), 0.5, 2), 0);
    }
}
