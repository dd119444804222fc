package dev.jgrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.ScalarFunction;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.MultivariateDifferentiableFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link HipparchusAdapters#differentiable} at every order against Hipparchus's own forward mode: the same function in
 * {@link DerivativeStructure} arithmetic, on arguments that are nonlinear in the free parameters.
 */
class DifferentiableOrdersTest {

    /** {@code f(x) = x_0 sin(x_1) + exp(x_0 x_2) / x_1 + x_2³}. */
    private static final ScalarFunction F = x -> x[0].mul(x[1].sin()).add(x[0].mul(x[2]).exp().div(x[1]))
            .add(x[2].pow(3));

    private static DerivativeStructure f(DerivativeStructure[] x) {
        return x[0].multiply(x[1].sin()).add(x[0].multiply(x[2]).exp().divide(x[1])).add(x[2].pow(3));
    }

    /** Three arguments made from two free parameters {@code p, q} at {@code (0.7, -0.4)}. */
    private static DerivativeStructure[] arguments(int order) {
        DSFactory factory = new DSFactory(2, order);
        DerivativeStructure p = factory.variable(0, 0.7);
        DerivativeStructure q = factory.variable(1, -0.4);
        return new DerivativeStructure[] {p.add(q.multiply(q)), p.multiply(q).add(2), q.cos().multiply(0.5)};
    }

    @Test
    void everyDerivativeUpToOrderFourMatchesHipparchussForwardMode() {
        MultivariateDifferentiableFunction adapter = HipparchusAdapters.differentiable(F);
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
    void anInfiniteOrNaNArgumentLeavesTheHigherOrdersHipparchusGives() {
        // e^x at -∞: every derivative is e^-∞ = 0 (the products of the offsets t - x were ∞ - ∞ = NaN at order 2)
        DerivativeStructure atMinusInfinity = new DSFactory(1, 3).variable(0, Double.NEGATIVE_INFINITY);
        assertArrayEquals(atMinusInfinity.exp().getAllDerivatives(), HipparchusAdapters.differentiable(v -> v[0].exp())
                .value(new DerivativeStructure[] {atMinusInfinity}).getAllDerivatives(), 0.0);
        // x + y with x = p infinite or NaN and y = q²: the derivatives in q are those of q², whatever p is
        DSFactory factory = new DSFactory(2, 2);
        for (double p : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
            DerivativeStructure q = factory.variable(1, 0.3);
            DerivativeStructure[] t = {factory.variable(0, p), q.multiply(q)};
            assertArrayEquals(t[0].add(t[1]).getAllDerivatives(),
                    HipparchusAdapters.differentiable(v -> v[0].add(v[1])).value(t).getAllDerivatives(), 1e-15,
                    "p = " + p);
        }
    }

    @Test
    void anInfiniteDerivativeLeavesTheValueAndLowerOrdersAlone() {
        DSFactory factory = new DSFactory(1, 1);
        DerivativeStructure r = HipparchusAdapters.differentiable(v -> v[0].sqrt())
                .value(new DerivativeStructure[] {factory.variable(0, 0.0)});
        assertEquals(0.0, r.getValue(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, r.getPartialDerivative(1), 0.0);
        // x^1.5 at 0, by hand: f' = 1.5 x^0.5 = 0 and f'' = 0.75 x^-0.5 = +∞; the second order's term leaves f' alone
        DerivativeStructure second = HipparchusAdapters.differentiable(v -> v[0].pow(1.5))
                .value(new DerivativeStructure[] {new DSFactory(1, 2).variable(0, 0.0)});
        assertEquals(0.0, second.getValue(), 0.0);
        assertEquals(0.0, second.getPartialDerivative(1), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, second.getPartialDerivative(2), 0.0);
    }

    @Test
    void structuresOfDifferentParametersOrOrdersAreRefusedByPosition() {
        MultivariateDifferentiableFunction adapter = HipparchusAdapters.differentiable(v -> v[0].mul(v[1]));
        DerivativeStructure two = new DSFactory(2, 1).variable(0, 1.0);
        IllegalArgumentException parameters = assertThrows(IllegalArgumentException.class,
                () -> adapter.value(new DerivativeStructure[] {two, new DSFactory(3, 1).variable(1, 2.0)}));
        assertEquals("point[1] has 3 free parameters and order 1 but point[0] has 2 and order 1",
                parameters.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> adapter.value(new DerivativeStructure[] {two, new DSFactory(2, 2).variable(1, 2.0)}));
        assertEquals("point[1] has 2 free parameters and order 2 but point[0] has 2 and order 1", order.getMessage());
        // at order 0 no term combines the structures, so only the check can tell
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> adapter.value(
                new DerivativeStructure[] {new DSFactory(2, 0).constant(1.0), new DSFactory(5, 0).constant(2.0)}));
        assertEquals("point[1] has 5 free parameters and order 0 but point[0] has 2 and order 0", none.getMessage());
        NullPointerException missing = assertThrows(NullPointerException.class,
                () -> adapter.value(new DerivativeStructure[] {two, null}));
        assertEquals("point[1]", missing.getMessage());
    }
}
