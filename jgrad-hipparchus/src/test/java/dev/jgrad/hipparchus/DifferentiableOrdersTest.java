package dev.jgrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void anInfiniteDerivativeLeavesTheValueAlone() {
        DSFactory factory = new DSFactory(1, 1);
        DerivativeStructure r = HipparchusAdapters.differentiable(v -> v[0].sqrt())
                .value(new DerivativeStructure[] {factory.variable(0, 0.0)});
        assertEquals(0.0, r.getValue(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, r.getPartialDerivative(1), 0.0);
    }
}
