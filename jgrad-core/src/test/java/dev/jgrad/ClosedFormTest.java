package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Higher derivatives against hand-derived closed forms, and forward mode against finite differences. */
class ClosedFormTest {

    static void assertRelative(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, relative * Math.max(1, Math.abs(expected)), what);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.5, 0, 0.7, 2.3})
    void derivativesOfExpAreExp(double x) {
        double[] d = Grad.derivatives(Value::exp, x, 5);
        for (int k = 0; k <= 5; k++) {
            assertRelative(Math.exp(x), d[k], 1e-15, "exp^(" + k + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-2.1, 0, 0.4, 3.0})
    void derivativesOfSinCycle(double x) {
        double[] d = Grad.derivatives(Value::sin, x, 5);
        for (int k = 0; k <= 5; k++) {
            assertRelative(Math.sin(x + k * Math.PI / 2), d[k], 1e-15, "sin^(" + k + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {2.5, -1.5, 0.5, 3, 7})
    void derivativesOfPowerFallFactorially(double p) {
        double x = 1.7;
        double[] d = Grad.derivatives(v -> v.pow(p), x, 5);
        double coefficient = 1;
        for (int k = 0; k <= 5; k++) {
            assertRelative(coefficient * Math.pow(x, p - k), d[k], 1e-14, "(x^" + p + ")^(" + k + ")");
            coefficient *= p - k;
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1, 2.5})
    void derivativesOfLog(double x) {
        double[] d = Grad.derivatives(Value::log, x, 5);
        assertRelative(Math.log(x), d[0], 1e-15, "log");
        double factorial = 1;
        for (int k = 1; k <= 5; k++) {
            double expected = (k % 2 == 1 ? 1 : -1) * factorial / Math.pow(x, k);
            assertRelative(expected, d[k], 1e-14, "log^(" + k + ")");
            factorial *= k;
        }
    }

    @Test
    void orderZeroIsTheValueAndHighOrdersStayExact() {
        assertEquals(Math.exp(0.5), Grad.derivatives(Value::exp, 0.5, 0)[0]);
        double[] d = Grad.derivatives(v -> v.mul(2).exp(), 0.25, 10);
        for (int k = 0; k <= 10; k++) {
            assertRelative(Math.pow(2, k) * Math.exp(0.5), d[k], 1e-15, "order " + k);
        }
    }

    @Test
    void highOrdersInTaylorModeMatchClosedForms() {
        double[] geometric = Grad.derivatives(v -> Value.of(1).div(Value.of(1).sub(v)), 0.5, 30);
        double factorial = 1;
        for (int k = 0; k <= 30; k++) {
            factorial *= Math.max(k, 1);
            assertRelative(factorial * Math.pow(2, k + 1), geometric[k], 1e-13, "(1/(1-x))^(" + k + ")");
        }
        double[] sine = Grad.derivatives(v -> v.mul(3).sin(), 0.4, 40);
        for (int k = 0; k <= 40; k++) {
            double expected = Math.pow(3, k) * Math.sin(1.2 + k * Math.PI / 2);
            assertEquals(expected, sine[k], 1e-13 * Math.pow(3, k), "sin(3x)^(" + k + ")");
        }
        double[] logGamma = Grad.derivatives(Special::logGamma, 2.5, 12);
        for (int k = 1; k <= 12; k++) {
            assertRelative(Special.polygamma(k - 1, 2.5), logGamma[k], 1e-14, "lgamma^(" + k + ")");
        }
    }

    /** Taylor mode (Grad.derivatives) against reverse over reverse (Grad.gradient with createGraph), order by order. */
    @Test
    void taylorModeAgreesWithNestedReverseMode() {
        List<UnivariateFunction> functions = List.of(
                v -> v.mul(v).add(v.sin()).mul(v.tanh()).div(v.add(2).sqrt()),
                v -> v.pow(v).sub(v.sigmoid().log()),
                v -> Value.where(v.sub(0.5), v.exp().mul(v.cos()), v.neg()).add(v.abs().pow(2.5)),
                v -> Value.sum(v, v.mul(v), v.pow(3.5), Special.erf(v)).relu());
        for (UnivariateFunction f : functions) {
            double x = 0.8;
            double[] taylor = Grad.derivatives(f, x, 6);
            Value leaf = Value.of(x);
            Value y = f.apply(leaf);
            for (int k = 0; k <= 6; k++) {
                assertRelative(y.data(), taylor[k], 1e-12, "order " + k);
                y = Grad.gradient(y, List.of(leaf), true).get(0);
            }
        }
    }

    static final ScalarFunction ROSENBROCK = x -> Value.of(1).sub(x[0]).pow(2)
            .add(x[1].sub(x[0].pow(2)).pow(2).mul(100));

    @Property(tries = 50)
    void hessianOfRosenbrock(@ForAll @DoubleRange(min = -3, max = 3) double x,
            @ForAll @DoubleRange(min = -3, max = 3) double y) {
        double[][] h = Grad.hessian(ROSENBROCK, x, y);
        assertRelative(2 - 400 * (y - x * x) + 800 * x * x, h[0][0], 1e-13, "h00");
        assertRelative(-400 * x, h[0][1], 1e-13, "h01");
        assertRelative(-400 * x, h[1][0], 1e-13, "h10");
        assertRelative(200, h[1][1], 1e-13, "h11");
        double[] v = {0.3, -1.1};
        double[] hv = Grad.hessianVectorProduct(ROSENBROCK, new double[] {x, y}, v);
        assertRelative(h[0][0] * v[0] + h[0][1] * v[1], hv[0], 1e-13, "hv0");
        assertRelative(h[1][0] * v[0] + h[1][1] * v[1], hv[1], 1e-13, "hv1");
    }

    /** The n-dimensional Rosenbrock function, whose Hessian is tridiagonal. */
    @Test
    void hessianOfChainedRosenbrockIsTridiagonal() {
        int n = 6;
        ScalarFunction f = x -> {
            Value[] terms = new Value[n - 1];
            for (int i = 0; i < n - 1; i++) {
                terms[i] = x[i + 1].sub(x[i].mul(x[i])).pow(2).mul(100).add(Value.of(1).sub(x[i]).pow(2));
            }
            return Value.sum(terms);
        };
        double[] x = {0.3, -0.8, 1.2, 0.5, -1.4, 2.0};
        double[][] h = Grad.hessian(f, x);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                if (i == j) {
                    expected = (i > 0 ? 200 : 0) + (i < n - 1 ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0);
                } else if (Math.abs(i - j) == 1) {
                    expected = -400 * x[Math.min(i, j)];
                }
                assertRelative(expected, h[i][j], 1e-13, "h" + i + j);
            }
        }
    }

    static final VectorFunction VECTOR = x -> new Value[] {
        x[0].mul(x[1]).sin().add(x[2].exp()),
        x[0].div(x[2]).add(x[1].pow(3)),
        x[1].tanh().mul(x[2].sigmoid()).sub(x[0].mul(x[0]).add(1).log()),
        Value.sum(x[0], x[1].mul(x[2]), x[2].cos()).sqrt(),
    };

    @Property(tries = 50)
    void jvpMatchesFiniteDifferences(@ForAll @DoubleRange(min = 0.2, max = 2) double a,
            @ForAll @DoubleRange(min = 0.2, max = 2) double b, @ForAll @DoubleRange(min = 0.2, max = 2) double c,
            @ForAll @DoubleRange(min = -1, max = 1) double va, @ForAll @DoubleRange(min = -1, max = 1) double vb) {
        double[] x = {a, b, c};
        double[] v = {va, vb, 0.5};
        double[] tangent = Grad.jvp(VECTOR, x, v).tangent();
        double h = 1e-6;
        double[] up = values(VECTOR, x, v, h);
        double[] down = values(VECTOR, x, v, -h);
        for (int i = 0; i < tangent.length; i++) {
            double numeric = (up[i] - down[i]) / (2 * h);
            assertEquals(numeric, tangent[i], 1e-7 * Math.max(1, Math.abs(numeric)), "output " + i);
        }
        double[][] j = Grad.jacobian(VECTOR, x);
        for (int i = 0; i < tangent.length; i++) {
            double jv = j[i][0] * v[0] + j[i][1] * v[1] + j[i][2] * v[2];
            assertEquals(jv, tangent[i], 1e-13 * Math.max(1, Math.abs(jv)), "J v at " + i);
        }
    }

    static double[] values(VectorFunction f, double[] x, double[] v, double h) {
        Value[] p = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Value.of(x[i] + h * v[i]);
        }
        Value[] y = f.apply(p);
        double[] d = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            d[i] = y[i].data();
        }
        return d;
    }

    @Property(tries = 30)
    void everyHessianIsSymmetric(@ForAll @DoubleRange(min = 0.2, max = 2) double a,
            @ForAll @DoubleRange(min = 0.2, max = 2) double b, @ForAll @DoubleRange(min = 0.2, max = 2) double c) {
        for (var e : HigherOrderReferenceTest.SCALAR.entrySet()) {
            // only where the second derivatives exist: asin and acos of the reference functions reach the ends of
            // their domain here, at b·c = 2 for example
            double[][] h = Grad.hessian(e.getValue(), a, b, c);
            if (Arrays.stream(h).flatMapToDouble(Arrays::stream).allMatch(Double::isFinite)) {
                HigherOrderReferenceTest.assertSymmetric(h, e.getKey());
            }
        }
    }

    /**
     * The Hessian of {@code a^b} at (1.5, 0) is [[0, 1/1.5], [1/1.5, ln²1.5]], symmetric: {@code ∂/∂a a^b = b a^(b-1)}
     * is 0 at {@code b == 0} and its derivative in {@code b} is {@code 1/a}. PyTorch's is [[0, 0], [1/1.5, ln²1.5]]:
     * it takes {@code ∂/∂a} as a constant 0 wherever {@code b == 0}, which this table does only where {@code a} is 0
     * or NaN.
     */
    @Test
    void powAtZeroExponentHasASymmetricHessian() {
        double[][] h = Grad.hessian(x -> x[0].pow(x[1]), 1.5, 0);
        assertEquals(0, h[0][0]);
        assertEquals(1 / 1.5, h[0][1], 1e-16);
        assertEquals(1 / 1.5, h[1][0], 1e-16);
        assertEquals(Math.log(1.5) * Math.log(1.5), h[1][1], 1e-16);
    }

    @Test
    void deepGraphsNeedNoDeepStack() {
        int n = 50_000;
        ScalarFunction chain = x -> {
            Value y = x[0];
            for (int i = 0; i < n; i++) {
                y = y.mul(0.999999).add(1e-7);
            }
            return y.sin();
        };
        double[][] h = Grad.hessian(chain, 0.3);
        double scale = Math.pow(0.999999, n);
        double inner = Math.pow(0.999999, n) * 0.3 + 1e-7 * (1 - scale) / (1 - 0.999999);
        assertRelative(-Math.sin(inner) * scale * scale, h[0][0], 1e-9, "chain hessian");
    }
}
