package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GradCheck passes correct derivatives and, above all, catches wrong ones and says which. */
class GradCheckTest {

    @Test
    void passesACorrectFunction() {
        GradCheck.Report r = GradCheck.check(x -> x[0].mul(x[1]).sin().add(x[2].exp().div(x[0])), 0.3, 1.2, -0.5);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.mismatches().isEmpty());
        assertTrue(r.toString().startsWith("gradient check passed at [0.3, 1.2, -0.5]"), r.toString());
    }

    /** A custom sine whose derivative is wrongly +sin instead of cos. */
    static final CustomOp WRONG_SIN = CustomOp.unary("wrongSin", Math::sin, (g, x, out) -> g.sin(x));

    @Test
    void catchesAWrongCustomDerivativeAndNamesTheInputAndBothNumbers() {
        double a = 0.7;
        double b = 1.1;
        GradCheck.Report r = GradCheck.check(x -> x[0].mul(2).add(WRONG_SIN.apply(x[1])), a, b);
        assertFalse(r.passed());
        assertEquals(1, r.mismatches().size(), r::toString);
        GradCheck.Mismatch m = r.mismatches().get(0);
        assertEquals(1, m.input());
        assertEquals("d/dx[1]", m.what());
        assertEquals(Math.sin(b), m.analytic(), 1e-15);
        assertEquals(Math.cos(b), m.numeric(), 1e-8);
        String text = r.toString();
        assertTrue(text.contains("gradient check failed at [0.7, 1.1]"), text);
        assertTrue(text.contains("d/dx[1]: analytic " + Math.sin(b) + " but numeric "), text);
    }

    /**
     * A rule whose first derivative is right but whose derivative is built from a custom cosine whose own derivative
     * is wrong: first-order checks pass, the rule check's second-order part fails.
     */
    @Test
    void ruleCheckCatchesAWrongSecondDerivative() {
        CustomOp wrongCos = CustomOp.unary("wrongCos", Math::cos, (g, x, out) -> g.sin(x));
        CustomOp mySin = CustomOp.unary("mySin", Math::sin, (g, x, out) -> wrongCos.on(g, x));
        assertTrue(GradCheck.check(x -> mySin.apply(x[0]), 0.4).passed());
        GradCheck.Report r = GradCheck.checkRule(mySin, 0.4);
        assertFalse(r.passed());
        GradCheck.Mismatch m = r.mismatches().get(0);
        assertEquals("d²/dx[0]dx[0]", m.what());
        assertEquals(Math.sin(0.4), m.analytic(), 1e-15);
        assertEquals(-Math.sin(0.4), m.numeric(), 1e-6);
    }

    @Test
    void ruleCheckPassesTheBuiltInTable() {
        for (Op op : Op.values()) {
            double[] operands = switch (op.arity()) {
                case 1 -> new double[] {0.7};
                case 2 -> new double[] {0.7, 1.3};
                case 3 -> new double[] {0.5, 0.7, 1.3};
                default -> new double[] {0.7, 1.3, -0.4};
            };
            GradCheck.Report r = GradCheck.checkRule(op, operands);
            assertTrue(r.passed(), () -> op + ": " + r);
        }
    }

    @Test
    void binaryCustomOpPassesAndAWrongPartialFails() {
        // hypot(a, b) = sqrt(a² + b²); ∂/∂a = a / hypot, ∂/∂b = b / hypot
        CustomOp hypot = CustomOp.binary("hypot", Math::hypot, (g, arg, a, b, out) -> g.div(arg == 0 ? a : b, out));
        assertTrue(GradCheck.checkRule(hypot, 0.6, -1.7).passed());
        CustomOp swapped = CustomOp.binary("hypot", Math::hypot, (g, arg, a, b, out) -> g.div(arg == 0 ? b : a, out));
        GradCheck.Report r = GradCheck.checkRule(swapped, 0.6, -1.7);
        assertFalse(r.passed());
        assertEquals(0, r.mismatches().get(0).input());
    }

    @Test
    void tolerancesAreConfigurableAndChecked() {
        ScalarFunction f = x -> x[0].pow(3);
        // With a huge step the central difference is off by h² = 0.01; a tight tolerance sees it, a loose one not.
        assertFalse(GradCheck.withTolerances(0.1, 1e-6, 1e-8).gradient(f, 1.0).passed());
        assertTrue(GradCheck.withTolerances(0.1, 0, 0.011).gradient(f, 1.0).passed());
        assertTrue(GradCheck.withTolerances(1e-6, 1e-6, 0).hessian(f, 1.0).passed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.withTolerances(0, 1e-6, 1e-8));
        assertTrue(e.getMessage().contains("step (0.0)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradCheck.withTolerances(1e-6, Double.NaN, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.withTolerances(1e-6, 1e-6, -1));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(f));
        assertThrows(NullPointerException.class, () -> GradCheck.check(null, 1.0));
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkRule(Op.ADD, 1.0));
        assertTrue(arity.getMessage().contains("arity 2 given 1"), arity.getMessage());
    }
}
