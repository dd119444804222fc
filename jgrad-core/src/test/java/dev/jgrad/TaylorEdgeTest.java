package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Grad#derivatives} (Taylor mode) at infinities, NaN and signed zeros: its first derivative is reverse mode's,
 * and a derivative that is NaN stays NaN at every higher order. The reference for the first and second derivatives of
 * {@code op(1/x)} at 0 and {@code op(e^x)} at 1000 is PyTorch 1.13 in float64
 * ({@code torch.autograd.grad(torch.atan(1 / x), x, create_graph=True)} and again): NaN for atan, asinh, acosh,
 * atanh, tanh, sigmoid, log and sqrt, since a partial of 0 at an infinite operand meets that operand's infinite
 * derivative. Taylor mode once took {@code 0 · ∞} as 0 there and gave {@code f' = 0}.
 */
class TaylorEdgeTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Op[] ZERO_PARTIAL_AT_INFINITY = {Op.ATAN, Op.ASINH, Op.ACOSH, Op.ATANH, Op.TANH, Op.SIGMOID,
        Op.CBRT, Op.LOG, Op.SQRT};

    @Test
    void anInfiniteOperandWithAnInfiniteDerivativeGivesNaNAtEveryOrderAsReverseModeAndPyTorchDo() {
        for (Op op : ZERO_PARTIAL_AT_INFINITY) {
            UnivariateFunction reciprocal = x -> Value.apply(op, Value.constant(1).div(x));
            UnivariateFunction exponential = x -> Value.apply(op, x.exp());
            for (Object[] c : new Object[][] {{reciprocal, 0.0, "(1/x) at 0"}, {exponential, 1000.0, "(e^x) at 1000"}}) {
                UnivariateFunction f = (UnivariateFunction) c[0];
                double x = (double) c[1];
                String where = op.label() + c[2];
                double[] d = Grad.derivatives(f, x, 4);
                assertTrue(Double.isNaN(Grad.grad(v -> f.apply(v[0]), x)[0]), where);
                assertTrue(Double.isNaN(Grad.hessian(v -> f.apply(v[0]), x)[0][0]), where);
                for (int k = 1; k <= 4; k++) {
                    assertTrue(Double.isNaN(d[k]), where + ", order " + k + ": " + d[k]);
                }
            }
        }
    }

    /** Every one-operand op at every edge point, alone and after 1/x, e^x and x - x: f' as reverse mode gives it. */
    @Test
    void theFirstDerivativeIsReverseModesAtEveryEdgePoint() {
        double[] points = {INF, -INF, Double.NaN, 0.0, -0.0, 1, -1, 1e300, -1e300, 1000, -1000};
        List<UnaryOperator<Value>> inners = List.of(
                x -> x, x -> Value.constant(1).div(x), Value::exp, x -> x.sub(x), x -> x.mul(Value.constant(0)));
        for (Op op : Op.values()) {
            if (op.arity() != 1) {
                continue;
            }
            for (int i = 0; i < inners.size(); i++) {
                UnaryOperator<Value> inner = inners.get(i);
                for (double x : points) {
                    double taylor = Grad.derivatives(v -> Value.apply(op, inner.apply(v)), x, 1)[1];
                    double reverse = Grad.grad(v -> Value.apply(op, inner.apply(v[0])), x)[0];
                    String where = op.label() + " after inner function " + i + " at " + x;
                    assertEquals(reverse, taylor, 0, where);
                }
            }
        }
    }

    /**
     * Where the first derivative is defined, higher orders keep their limits: {@code atan'(±∞) = 0} (PyTorch: 0) and
     * its higher derivatives, which tend to 0, are 0 (PyTorch and {@link Grad#hessian} give NaN there); the second
     * derivative of {@code x^0} at 0 is 0.
     */
    @Test
    void higherOrdersOfADefinedFirstDerivativeKeepTheirLimits() {
        for (double x : new double[] {INF, -INF}) {
            double[] d = Grad.derivatives(Value::atan, x, 3);
            assertEquals(Math.copySign(Math.PI / 2, x), d[0]);
            assertEquals(0, d[1]);
            assertEquals(0, d[2]);
            assertEquals(0, d[3]);
        }
        double[] d = Grad.derivatives(v -> v.pow(Value.constant(0)), 0, 3);
        assertEquals(1, d[0]);
        assertEquals(0, d[1]);
        assertEquals(0, d[2]);
        assertEquals(0, d[3]);
    }

    /**
     * At a signed zero the derivatives of {@code cbrt} are the limits from that zero's side, as {@code sqrt}'s are at
     * +0: {@code cbrt^(k)(x) = (1/3)(1/3 - 1)...(1/3 - k + 1) x^(1/3 - k)}, so {@code ∞, -∞, ∞, -∞} from above and
     * {@code ∞} at every order from below, where {@code x^(1/3 - k) = ∛x^(1 - 3k)} is negative for even {@code k}
     * (PyTorch 2.x, {@code torch.pow(x, 1/3)} at +0 with {@code create_graph=True}: {@code inf, -inf, inf}). They were
     * {@code ∞, 0, -∞, 0} at both: {@code (∛x)²}, the partial's denominator, took its first derivative
     * {@code 2 ∛x (∛x)'} at 0 as {@code 0 · ∞ = 0}.
     */
    @Test
    void cbrtAtASignedZeroHasTheOneSidedLimitsAsSqrtDoes() {
        assertEquals(List.of(0.0, INF, -INF, INF, -INF), derivatives(Value::sqrt, 0.0));
        assertEquals(List.of(0.0, INF, -INF, INF, -INF), derivatives(Value::cbrt, 0.0));
        assertEquals(List.of(-0.0, INF, INF, INF, INF), derivatives(Value::cbrt, -0.0));
        // the series 0 + t: the operand is a node, not the variable itself
        assertEquals(List.of(0.0, INF, -INF, INF, -INF), derivatives(x -> x.add(Value.constant(0)).cbrt(), 0.0));
        // near 0, x^(1/3 - k) overflows from order 2 on, with the limit's sign (it was NaN from order 3)
        assertEquals(List.of(-INF, INF, -INF), derivatives(Value::cbrt, 1e-300).subList(2, 5));
        assertEquals(List.of(INF, INF, INF), derivatives(Value::cbrt, -1e-300).subList(2, 5));
    }

    private static List<Double> derivatives(UnaryOperator<Value> f, double x) {
        return Arrays.stream(Grad.derivatives(f::apply, x, 4)).boxed().toList();
    }
}
