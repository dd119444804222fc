package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forward mode (Jacobians with fewer variables than outputs, jvp, Hessians and Hessian-vector products) where a
 * partial towards a variable held fixed is infinite or NaN: along another variable the derivative must be the one
 * that variable alone gives, as reverse mode (one sweep per output) and reverse-over-reverse give it. Values are
 * derived by hand.
 */
class FixedDirectionTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** {@code (a + √b, a)} at (1, 0): {@code √b} has derivative +∞ at 0 but does not depend on {@code a}. */
    @Test
    void jacobianColumnIsNotSpoiledByAnInfinitePartialOfAnotherVariable() {
        VectorFunction f = x -> new Value[] {x[0].add(x[1].sqrt()), x[0]};
        double[][] forward = Grad.jacobian(f, 1, 0);      // 2 variables, 2 outputs: the forward sweep
        assertArrayEquals(new double[] {1, INF}, forward[0]);
        assertArrayEquals(new double[] {1, 0}, forward[1]);
        // the same first row by one reverse sweep (1 output, 2 variables)
        assertArrayEquals(forward[0], Grad.jacobian(x -> new Value[] {f.apply(x)[0]}, 1, 0)[0]);
        assertArrayEquals(new double[] {1, 1},
                Grad.jvp(f, new double[] {1, 0}, new double[] {1, 0}).tangent());
    }

    /**
     * {@code a^b} at (-2, 2): {@code ∂²/∂a² = b(b-1)a^(b-2) = 2} although {@code ∂/∂b = a^b ln a} is NaN for a
     * negative base. The entries involving {@code b} stay NaN.
     */
    @Test
    void hessianAlongTheBaseOfANegativePowerIsFinite() {
        ScalarFunction f = x -> x[0].pow(x[1]);
        double[][] h = Grad.hessian(f, -2, 2);
        assertEquals(2, h[0][0]);
        assertTrue(Double.isNaN(h[0][1]) && Double.isNaN(h[1][0]) && Double.isNaN(h[1][1]));
        assertEquals(2, Grad.hessianVectorProduct(f, new double[] {-2, 2}, new double[] {1, 0})[0]);
        Value a = Value.of(-2);
        Value b = Value.of(2);
        Value da = Grad.gradient(a.pow(b), List.of(a, b), true).get(0);
        assertEquals(h[0][0], Grad.gradient(da, List.of(a, b), false).get(0).data());
    }

    /**
     * {@code a/b} at (1, 0): linear in {@code a}, so {@code ∂²/∂a² = 0}, and {@code ∂²/∂a∂b = -1/b² = -∞} on both
     * sides of the diagonal, as reverse-over-reverse gives it.
     */
    @Test
    void hessianOfAQuotientAtAZeroDenominatorIsSymmetric() {
        double[][] h = Grad.hessian(x -> x[0].div(x[1]), 1, 0);
        assertEquals(0, h[0][0]);
        assertEquals(-INF, h[0][1]);
        assertEquals(-INF, h[1][0]);
    }
}
