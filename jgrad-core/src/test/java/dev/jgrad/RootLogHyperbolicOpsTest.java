package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tape.Tape;
import org.junit.jupiter.api.Test;

/**
 * The cube root, base-10 logarithm and inverse hyperbolic functions of the rule table: values against mpmath at 30
 * digits (the numbers below), derivatives against their closed forms and at the edges; {@link Partials} evaluates
 * the same partials as the graph engine. Finite differences over generated inputs are in
 * {@link OpGradientPropertyTest}.
 */
class RootLogHyperbolicOpsTest {

    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 4e-16, () -> "expected " + expected + " got " + actual);
    }

    /** The value and derivative of {@code op} at {@code x} through a Value graph. */
    private static double[] valueAndDerivative(Op op, double x) {
        Value leaf = Value.of(x);
        Value y = Value.apply(op, leaf);
        y.backward();
        return new double[] {y.data(), leaf.grad()};
    }

    @Test
    void valuesAgreeWithMpmathAtEveryMagnitude() {
        assertRelative(1e-20, Op.ASINH.value(1e-20, 0, 0));
        assertRelative(0.4812118250596034475, Op.ASINH.value(0.5, 0, 0));
        assertRelative(-1.8184464592320668235, Op.ASINH.value(-3, 0, 0));
        assertRelative(691.46867507877365051, Op.ASINH.value(1e300, 0, 0));
        assertRelative(0.962423650119206895, Op.ACOSH.value(1.5, 0, 0));
        assertRelative(1.7627471740390860505, Op.ACOSH.value(3, 0, 0));
        assertRelative(0.000014142136208675861355, Op.ACOSH.value(1 + 1e-10, 0, 0));
        assertRelative(691.46867507877365051, Op.ACOSH.value(1e300, 0, 0));
        assertRelative(0.5493061443340548457, Op.ATANH.value(0.5, 0, 0));
        assertRelative(-1.47221948958322023, Op.ATANH.value(-0.9, 0, 0));
        assertRelative(6.1030338227611123684, Op.ATANH.value(0.99999, 0, 0));
        assertRelative(1e-20, Op.ATANH.value(1e-20, 0, 0));
        assertRelative(-3.0184053683988429453, Op.CBRT.value(-27.5, 0, 0));
        assertRelative(0.39794000867203760957, Op.LOG10.value(2.5, 0, 0));
        assertEquals(3, Op.LOG10.value(1000, 0, 0));
    }

    @Test
    void edgeValues() {
        assertEquals(-0.0, Op.ASINH.value(-0.0, 0, 0));
        assertEquals(Double.NEGATIVE_INFINITY, Op.ASINH.value(Double.NEGATIVE_INFINITY, 0, 0));
        assertEquals(0, Op.ACOSH.value(1, 0, 0));
        assertTrue(Double.isNaN(Op.ACOSH.value(0.5, 0, 0)));
        assertEquals(Double.POSITIVE_INFINITY, Op.ATANH.value(1, 0, 0));
        assertEquals(Double.NEGATIVE_INFINITY, Op.ATANH.value(-1, 0, 0));
        assertTrue(Double.isNaN(Op.ATANH.value(1.5, 0, 0)));
        assertEquals(Double.NEGATIVE_INFINITY, Op.LOG10.value(0, 0, 0));
    }

    @Test
    void acoshIsNaNBelowOneAtEveryMagnitudeInTheGraphAndOnATape() {
        Tape tape = Tape.trace(1, (g, x) -> g.acosh(x[0]));
        for (double x : new double[] {0.5, -0.0, -1, -3, -1e15, -1e16, -1e155, -1e300, Double.NEGATIVE_INFINITY}) {
            double[] graph = valueAndDerivative(Op.ACOSH, x);
            double[] gradient = new double[1];
            double value = tape.newWorkspace().gradient(new double[] {x}, gradient);
            assertTrue(Double.isNaN(graph[0]), () -> "acosh(" + x + ") = " + graph[0] + " in the graph");
            assertTrue(Double.isNaN(graph[1]), () -> "acosh'(" + x + ") = " + graph[1] + " in the graph");
            assertTrue(Double.isNaN(value), () -> "acosh(" + x + ") = " + value + " on the tape");
            assertTrue(Double.isNaN(gradient[0]), () -> "acosh'(" + x + ") = " + gradient[0] + " on the tape");
        }
    }

    @Test
    void derivativesAreTheClosedForms() {
        for (double x : new double[] {-40, -2.5, -0.3, 0.7, 3, 1e10}) {
            assertRelative(1 / (3 * Math.cbrt(x) * Math.cbrt(x)), valueAndDerivative(Op.CBRT, x)[1]);
            assertRelative(1 / Math.sqrt(1 + x * x), valueAndDerivative(Op.ASINH, x)[1]);
        }
        for (double x : new double[] {1.25, 2, 7.5, 1e6}) {
            assertRelative(1 / (x * Math.log(10)), valueAndDerivative(Op.LOG10, x)[1]);
            assertRelative(1 / Math.sqrt(x * x - 1), valueAndDerivative(Op.ACOSH, x)[1]);
        }
        for (double x : new double[] {-0.9, -0.25, 0, 0.5, 0.999}) {
            assertEquals(1 / (1 - x * x), valueAndDerivative(Op.ATANH, x)[1], 1e-12 / (1 - x * x));
        }
    }

    @Test
    void edgeDerivatives() {
        assertEquals(Double.POSITIVE_INFINITY, valueAndDerivative(Op.CBRT, 0)[1]);
        assertEquals(0, valueAndDerivative(Op.CBRT, Double.POSITIVE_INFINITY)[1]);
        assertEquals(Double.POSITIVE_INFINITY, valueAndDerivative(Op.LOG10, 0)[1]);
        assertRelative(1e-300, valueAndDerivative(Op.ASINH, 1e300)[1]);
        assertEquals(0, valueAndDerivative(Op.ASINH, Double.NEGATIVE_INFINITY)[1]);
        assertEquals(Double.POSITIVE_INFINITY, valueAndDerivative(Op.ACOSH, 1)[1]);
        assertTrue(Double.isNaN(valueAndDerivative(Op.ACOSH, 0.5)[1]));
        assertEquals(Double.POSITIVE_INFINITY, valueAndDerivative(Op.ATANH, 1)[1]);
        assertEquals(Double.POSITIVE_INFINITY, valueAndDerivative(Op.ATANH, -1)[1]);
    }

    @Test
    void partialsEvaluateTheTableAsTheGraphDoes() {
        Partials partials = new Partials();
        for (Op op : Op.values()) {
            int operands = Math.max(1, op.arity());
            double[] x = {op == Op.ACOSH ? 1.7 : 0.7, 1.3, -0.4};
            Value[] leaves = new Value[operands];
            for (int i = 0; i < operands; i++) {
                leaves[i] = Value.of(x[i]);
            }
            Value y = Value.apply(op, leaves);
            y.backward();
            for (int arg = 0; arg < operands; arg++) {
                double p = partials.partial(op, arg, x[0], operands >= 2 ? x[1] : 0, operands >= 3 ? x[2] : 0,
                        y.data());
                assertEquals(leaves[arg].grad(), p, 0, op + " operand " + arg);
            }
        }
    }

    @Test
    void partialsRejectAnOperandTheRuleDoesNotHave() {
        Partials partials = new Partials();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> partials.partial(Op.EXP, 1, 0.5, 0, 0, Math.exp(0.5)));
        assertEquals("operand 1 of rule 'exp', which has 1", e.getMessage());
    }
}
