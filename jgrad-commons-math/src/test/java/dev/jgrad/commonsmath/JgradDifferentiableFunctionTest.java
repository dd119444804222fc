package dev.jgrad.commonsmath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Test;

/**
 * The adapter's derivative structures against Commons Math's own forward mode: the same function computed with
 * {@link DerivativeStructure} arithmetic, on arguments that are themselves nonlinear functions of the free
 * parameters (so the chain rule is exercised, not only the partials of {@code f}).
 */
class JgradDifferentiableFunctionTest {

    /** {@code f(x) = x_0 sin(x_1) + exp(x_0 x_2) / x_1 + x_2³}. */
    private static final ScalarFunction F = x -> x[0].mul(x[1].sin()).add(x[0].mul(x[2]).exp().div(x[1]))
            .add(x[2].pow(3));

    private static DerivativeStructure f(DerivativeStructure[] x) {
        return x[0].multiply(x[1].sin()).add(x[0].multiply(x[2]).exp().divide(x[1])).add(x[2].pow(3));
    }

    /** Three arguments made from two free parameters {@code p, q} at {@code (0.7, -0.4)}. */
    private static DerivativeStructure[] arguments(int order) {
        DerivativeStructure p = new DerivativeStructure(2, order, 0, 0.7);
        DerivativeStructure q = new DerivativeStructure(2, order, 1, -0.4);
        return new DerivativeStructure[] {p.add(q.multiply(q)), p.multiply(q).add(2), q.cos().multiply(0.5)};
    }

    @Test
    void everyDerivativeUpToOrderFourMatchesCommonsMathsForwardMode() {
        JgradDifferentiableFunction adapter = new JgradDifferentiableFunction(F);
        for (int order = 0; order <= 4; order++) {
            double[] expected = f(arguments(order)).getAllDerivatives();
            double[] actual = adapter.value(arguments(order)).getAllDerivatives();
            assertEquals(expected.length, actual.length);
            assertEquals(expected[0], actual[0], 0.0, "the value is f(x) itself");
            for (int k = 1; k < expected.length; k++) {
                assertEquals(expected[k], actual[k], 1e-11 * Math.max(1, Math.abs(expected[k])),
                        "order " + order + ", entry " + k);
            }
        }
    }

    @Test
    void secondOrderOfTheIdentityParametrizationIsTheHandDerivedHessian() {
        // f(x, y) = x² y: gradient (2xy, x²), Hessian [[2y, 2x], [2x, 0]] at (3, 5)
        DerivativeStructure r = new JgradDifferentiableFunction(v -> v[0].pow(2).mul(v[1])).value(
                new DerivativeStructure[] {new DerivativeStructure(2, 2, 0, 3), new DerivativeStructure(2, 2, 1, 5)});
        assertEquals(45, r.getValue(), 0);
        assertEquals(30, r.getPartialDerivative(1, 0), 1e-12);
        assertEquals(9, r.getPartialDerivative(0, 1), 1e-12);
        assertEquals(10, r.getPartialDerivative(2, 0), 1e-12);
        assertEquals(6, r.getPartialDerivative(1, 1), 1e-12);
        assertEquals(0, r.getPartialDerivative(0, 2), 1e-12);
    }

    @Test
    void anInfiniteDerivativeLeavesTheValueAndLowerOrdersAlone() {
        // sqrt at 0: the value is 0 although the first derivative is infinite
        DerivativeStructure r = new JgradDifferentiableFunction(v -> v[0].sqrt())
                .value(new DerivativeStructure[] {new DerivativeStructure(1, 1, 0, 0)});
        assertEquals(0, r.getValue(), 0);
        assertTrue(Double.isInfinite(r.getPartialDerivative(1)));
        // x^1.5 at 0, by hand: f' = 1.5 x^0.5 = 0 and f'' = 0.75 x^-0.5 = +∞; the second order's term leaves f' alone
        DerivativeStructure second = new JgradDifferentiableFunction(v -> v[0].pow(1.5))
                .value(new DerivativeStructure[] {new DerivativeStructure(1, 2, 0, 0)});
        assertEquals(0, second.getValue(), 0);
        assertEquals(0, second.getPartialDerivative(1), 0);
        assertEquals(Double.POSITIVE_INFINITY, second.getPartialDerivative(2), 0);
    }

    @Test
    void anInfiniteOrNaNArgumentLeavesTheHigherOrdersCommonsMathGives() {
        // e^x at -∞: every derivative is e^-∞ = 0 (the products of the offsets δ = t - x were ∞ - ∞ = NaN at order 2)
        DerivativeStructure atMinusInfinity = new DerivativeStructure(1, 3, 0, Double.NEGATIVE_INFINITY);
        assertArrayEquals(atMinusInfinity.exp().getAllDerivatives(),
                new JgradDifferentiableFunction(v -> v[0].exp())
                        .value(new DerivativeStructure[] {atMinusInfinity}).getAllDerivatives(), 0.0);
        // x + y with x = p infinite or NaN and y = q²: the derivatives in q are those of q², whatever p is
        for (double p : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
            DerivativeStructure[] t = {new DerivativeStructure(2, 2, 0, p),
                    new DerivativeStructure(2, 2, 1, 0.3).multiply(new DerivativeStructure(2, 2, 1, 0.3))};
            assertArrayEquals(t[0].add(t[1]).getAllDerivatives(),
                    new JgradDifferentiableFunction(v -> v[0].add(v[1])).value(t).getAllDerivatives(), 1e-15,
                    "p = " + p);
        }
    }

    @Test
    void plainValueEvaluatesWithoutDerivatives() {
        double[] x = {0.3, 1.2, -0.5};
        double expected = 0.3 * Math.sin(1.2) + Math.exp(0.3 * -0.5) / 1.2 + Math.pow(-0.5, 3);
        assertEquals(expected, new JgradDifferentiableFunction(F).value(x), 1e-15);
    }

    @Test
    void argumentsThatCannotBeCombinedAreRejectedByPosition() {
        JgradDifferentiableFunction adapter = new JgradDifferentiableFunction(F);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> adapter.value(new DerivativeStructure[0]));
        assertTrue(empty.getMessage().contains("t is empty"), empty.getMessage());

        DerivativeStructure[] mixed = {new DerivativeStructure(2, 1, 0, 1), new DerivativeStructure(2, 1, 1, 1),
                new DerivativeStructure(2, 2, 1, 1)};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapter.value(mixed));
        assertEquals("t[2] has 2 free parameters and order 2 but t[0] has 2 and order 1", e.getMessage());

        assertThrows(NullPointerException.class, () -> new JgradDifferentiableFunction(null));
    }
}
