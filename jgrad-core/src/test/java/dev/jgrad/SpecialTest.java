package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The special functions against mpmath at 40 digits (values written by {@code higher_order_reference.py}), against
 * closed forms, at their edge values, and their derivatives against {@link GradCheck}.
 */
class SpecialTest {

    /** Relative error allowed away from the functions' zeros: the accuracy stated in {@link Special}. */
    static final double RELATIVE = 4e-15;

    static void assertAccurate(String table, DoubleUnaryOperator f, double relative, double absolute) {
        List<Map<String, double[]>> rows = HigherOrderReferenceTest.FIXTURE.get(table);
        assertTrue(rows.size() > 5, table);
        for (Map<String, double[]> row : rows) {
            double x = row.get("x")[0];
            double expected = row.get("x")[1];
            double actual = f.applyAsDouble(x);
            double error = Math.abs(actual - expected);
            if (!(error <= Math.max(absolute, relative * Math.abs(expected)))) {
                fail(table + " at " + x + ": expected " + expected + " but was " + actual + " (relative error "
                        + error / Math.abs(expected) + ")");
            }
        }
    }

    @Test
    void erfMatchesMpmath() {
        assertAccurate("values_erf", Special::erf, RELATIVE, 0);
    }

    @Test
    void logGammaMatchesMpmathIncludingNearItsZeros() {
        assertAccurate("values_lgamma", Special::logGamma, RELATIVE, 2e-16);
    }

    @Test
    void polygammaMatchesMpmath() {
        for (int n = 0; n < 5; n++) {
            int order = n;
            assertAccurate("values_polygamma" + n, x -> Special.polygamma(order, x), RELATIVE, 1e-16);
        }
    }

    @Test
    void closedForms() {
        double gamma = 0.5772156649015329;
        assertEquals(-gamma, Special.polygamma(0, 1), 1e-15);
        assertEquals(-gamma - 2 * Math.log(2), Special.polygamma(0, 0.5), 2e-15);
        assertEquals(Math.PI * Math.PI / 6, Special.polygamma(1, 1), 4e-16);
        assertEquals(Math.PI * Math.PI / 2, Special.polygamma(1, 0.5), 4e-15);
        assertEquals(0.5 * Math.log(Math.PI), Special.logGamma(0.5), 2e-16);
        assertEquals(Math.log(120), Special.logGamma(6), 4e-16);
        assertEquals(0, Special.logGamma(1));
        assertEquals(0, Special.logGamma(2));
        assertEquals(0, Special.erf(0));
        assertEquals(-Special.erf(0.3), Special.erf(-0.3));
    }

    @Test
    void edgeValuesFollowPyTorch() {
        assertEquals(1, Special.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1, Special.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Special.erf(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, Special.logGamma(0));
        assertEquals(Double.POSITIVE_INFINITY, Special.logGamma(-3));
        assertEquals(Double.POSITIVE_INFINITY, Special.logGamma(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Special.logGamma(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, Special.logGamma(-0.0));
        assertEquals(Double.POSITIVE_INFINITY, Special.polygamma(0, Double.POSITIVE_INFINITY));
        assertEquals(0, Special.polygamma(3, Double.POSITIVE_INFINITY));
    }

    /**
     * ψ⁽ⁿ⁾ at its poles, from PyTorch 1.13 ({@code torch.polygamma(n, torch.tensor(x, dtype=torch.float64))}) and
     * SciPy 1.10 ({@code scipy.special.polygamma}), which agree on every entry here: ψ(+0) = -∞ but ψ(-0) = +∞; ψ is
     * NaN at the negative integers and -∞; for n >= 1 every pole gives (-1)ⁿ⁺¹ ∞ (PyTorch's trigamma alone rounds
     * to 6.58e32 at -1, where SciPy has +∞). jgrad once gave ψ(-0) = -∞ and NaN for even n at negative integers.
     */
    @Test
    void polygammaAtItsPolesIsPyTorchs() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        double[] poles = {0.0, -0.0, -1, -2, -3, -inf};
        double[][] expected = {
            {-inf, inf, -inf, inf, -inf},   // +0
            {inf, inf, -inf, inf, -inf},    // -0
            {nan, inf, -inf, inf, -inf},    // -1
            {nan, inf, -inf, inf, -inf},    // -2
            {nan, inf, -inf, inf, -inf},    // -3
            {nan, inf, -inf, inf, -inf},    // -inf
        };
        for (int i = 0; i < poles.length; i++) {
            for (int n = 0; n < 5; n++) {
                assertEquals(expected[i][n], Special.polygamma(n, poles[i]), "polygamma(" + n + ", " + poles[i] + ")");
            }
        }
        // through the ops: d/dx lgamma = ψ, dψ/dx = ψ⁽¹⁾, as torch.autograd gives them at -0 (+∞, +∞)
        Value x = Value.of(-0.0);
        Special.logGamma(x).backward();
        assertEquals(inf, x.grad());
        Value y = Value.of(-0.0);
        Value psi = Special.digamma(y);
        psi.backward();
        assertEquals(inf, psi.data());
        assertEquals(inf, y.grad());
    }

    @Test
    void negativeOrderIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Special.polygamma(-1, 2.0));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Special.polygammaOp(-2));
    }

    @Test
    void polygammaRulesAreSharedAndChained() {
        assertSame(Special.DIGAMMA, Special.polygammaOp(0));
        assertSame(Special.polygammaOp(3), Special.polygammaOp(3));
        assertEquals("digamma", Special.digamma(Value.of(2)).op());
        assertEquals("polygamma2", Special.polygamma(2, Value.of(2)).op());
        assertEquals("lgamma", Special.logGamma(Value.of(2)).op());
    }

    @Test
    void derivativesPassGradCheck() {
        for (double x : new double[] {-2.2, -0.4, 0.3, 1.1, 2.5}) {
            assertPasses(GradCheck.checkRule(Special.ERF, x));
        }
        for (double x : new double[] {-2.6, -0.4, 0.3, 1.4616, 3.7, 18.5}) {
            assertPasses(GradCheck.checkRule(Special.LOG_GAMMA, x));
            assertPasses(GradCheck.checkRule(Special.DIGAMMA, x));
            assertPasses(GradCheck.checkRule(Special.polygammaOp(3), x));
        }
    }

    static void assertPasses(GradCheck.Report report) {
        assertTrue(report.passed(), report::toString);
    }

    @Test
    void higherDerivativesOfLogGammaAreThePolygammaFamily() {
        double x = 3.4;
        double[] d = Grad.derivatives(Special::logGamma, x, 7);
        assertEquals(Special.logGamma(x), d[0]);
        for (int k = 1; k <= 7; k++) {
            assertEquals(Special.polygamma(k - 1, x), d[k], 1e-15 * Math.abs(d[k]), "order " + k);
        }
    }

    @Test
    void customOpsWorkWithTheGraphsOwnBackward() {
        Value x = Value.of(0.8);
        Value y = Special.erf(x.mul(x)).add(Special.logGamma(x));
        y.backward();
        double expected = 2 / Math.sqrt(Math.PI) * Math.exp(-Math.pow(0.8, 4)) * 1.6 + Special.polygamma(0, 0.8);
        assertEquals(expected, x.grad(), 1e-15);
    }
}
