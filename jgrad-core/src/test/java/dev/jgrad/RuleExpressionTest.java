package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jgrad.testing.PointAlgebra;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Rule#expression}: where a rule of the table writes its value as an expression of other rules, that
 * expression, evaluated by those rules' values, equals the rule's own value to the bit at edge points (signed zeros,
 * infinities, NaN and its payload) and at random points; elsewhere it is {@code NONE}.
 */
class RuleExpressionTest {

    private static final double[] POINTS = {-0.0, 0.0, Double.NaN, Double.longBitsToDouble(0xfff8000000000123L),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, 1, -1, 0.5, -2.5, 1e-300, -1e300};

    @Test
    void expressionsEqualTheValueToTheBit() {
        Random random = new Random(9);
        List<Double> points = new ArrayList<>();
        for (double p : POINTS) {
            points.add(p);
        }
        for (int i = 0; i < 200; i++) {
            points.add(random.nextGaussian() * Math.pow(10, random.nextInt(21) - 10));
        }
        int written = 0;
        for (Op op : Op.values()) {
            if (op.arity() == -1 || op.expression(new PointAlgebra(0, 0, 0), 0, handle(op, 1), handle(op, 2))
                    == Algebra.NONE) {
                continue;
            }
            written++;
            for (double a : points) {
                for (double b : op.arity() > 1 ? points : List.of(0.0)) {
                    for (double c : op.arity() > 2 ? points.subList(0, POINTS.length) : List.of(0.0)) {
                        PointAlgebra g = new PointAlgebra(a, b, c);
                        int r = op.expression(g, 0, handle(op, 1), handle(op, 2));
                        assertEquals(Double.doubleToRawLongBits(op.value(a, b, c)),
                                Double.doubleToRawLongBits(g.get(r)),
                                op.label() + " at (" + a + ", " + b + ", " + c + ")");
                    }
                }
            }
        }
        assertNotEquals(0, written, "no rule of the table is written as an expression");
    }

    @Test
    void aRuleWithoutAnExpressionSaysSo() {
        assertEquals(Algebra.NONE, Op.TANH.expression(new PointAlgebra(1, 0, 0), 0, Algebra.NONE, Algebra.NONE));
    }

    private static int handle(Op op, int operand) {
        return op.arity() > operand ? operand : Algebra.NONE;
    }
}
