package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Values and derivatives at the edge points the issue lists, each checked against PyTorch 1.13 in float64. */
class EdgeCaseTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** {@code {value, derivative}} of {@code f} at {@code x}. */
    private static double[] at(double x, Function<Value, Value> f) {
        Value leaf = Value.of(x);
        Value out = f.apply(leaf);
        out.backward();
        return new double[] {out.data(), leaf.grad()};
    }

    /** {@code {value, d/da, d/db}} of {@code f} at {@code (a, b)}. */
    private static double[] at(double a, double b, BiFunction<Value, Value, Value> f) {
        Value x = Value.of(a);
        Value y = Value.of(b);
        Value out = f.apply(x, y);
        out.backward();
        return new double[] {out.data(), x.grad(), y.grad()};
    }

    private static void assertExactly(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            // assertEquals on doubles compares bit patterns up to NaN, so -0.0 and 0.0 are told apart: fold them.
            assertEquals(expected[i] + 0.0, actual[i] + 0.0, "component " + i);
        }
    }

    @Test
    void kinksAtZeroHaveDerivativeZero() {
        assertExactly(new double[] {0, 0}, at(0, Value::relu));
        assertExactly(new double[] {0, 0}, at(0, Value::abs));
        assertExactly(new double[] {0, 0}, at(0, Value::sign));
    }

    @Test
    void sqrtAndLogAtTheEdgeOfTheirDomain() {
        assertExactly(new double[] {0, INF}, at(0, Value::sqrt));
        assertExactly(new double[] {NAN, NAN}, at(-1, Value::sqrt));
        assertExactly(new double[] {-INF, INF}, at(0, Value::log));
        assertExactly(new double[] {NAN, -1}, at(-1, Value::log));
    }

    @Test
    void saturatingFunctionsDoNotOverflow() {
        assertExactly(new double[] {1, 0}, at(1000, Value::tanh));
        assertExactly(new double[] {-1, 0}, at(-1000, Value::tanh));
        assertExactly(new double[] {0, 0}, at(-1000, Value::sigmoid));
        assertExactly(new double[] {1, 0}, at(1000, Value::sigmoid));
        assertExactly(new double[] {0.5, 0.25}, at(0, Value::sigmoid));
        assertExactly(new double[] {INF, INF}, at(1000, Value::exp));
    }

    @Test
    void powerWithBothOperandsValuesAtPyTorchsSpecialPoints() {
        assertExactly(new double[] {4, -4, NAN}, at(-2, 2, Value::pow));
        assertExactly(new double[] {0, 0, 0}, at(0, 2, Value::pow));
        assertExactly(new double[] {1, 0, 0}, at(0, 0, Value::pow));
        assertExactly(new double[] {0, INF, 0}, at(0, 0.5, Value::pow));
        assertExactly(new double[] {INF, -INF, -INF}, at(0, -1, Value::pow));
        assertExactly(new double[] {1, NAN, 0}, at(1, NAN, Value::pow));
        assertExactly(new double[] {1, 0, NAN}, at(NAN, 0, Value::pow));
        assertExactly(new double[] {1, INF, NAN}, at(-1, INF, Value::pow));
    }

    @Test
    void powerWithAConstantExponent() {
        assertExactly(new double[] {1, 0}, at(0, x -> x.pow(0)));
        assertExactly(new double[] {9, -6}, at(-3, x -> x.pow(2)));
        assertExactly(new double[] {NAN, NAN}, at(-2, x -> x.pow(0.5)));
    }

    @Test
    void divisionByZeroAndHugeQuotients() {
        assertExactly(new double[] {INF, INF, -INF}, at(1, 0, Value::div));
        assertExactly(new double[] {NAN, INF, NAN}, at(0, 0, Value::div));
        assertExactly(new double[] {1, 1e-200, -1e-200}, at(1e200, 1e200, Value::div));
    }

    @Test
    void nanAndInfinityFlowThroughWithoutThrowing() {
        assertExactly(new double[] {NAN, NAN, Math.cos(1)}, at(NAN, 1, (a, b) -> a.mul(a).add(b.sin())));
        assertExactly(new double[] {NAN, 0, INF}, at(INF, 0, Value::mul));
        assertExactly(new double[] {1, 0}, at(INF, Value::tanh));
        assertExactly(new double[] {NAN, NAN}, at(INF, Value::sin));
        // relu'(0) = 0 times sqrt'(0) = Infinity is NaN, as in PyTorch.
        assertExactly(new double[] {0, NAN}, at(0, x -> x.sqrt().neg().relu()));
        Value nan = Value.of(NAN);
        Value everything = Value.sum(nan.exp(), nan.log(), nan.sqrt(), nan.tanh(), nan.sigmoid(), nan.relu(),
                nan.cos(), nan.abs(), nan.div(0), nan.pow(nan), Value.where(nan, nan, nan));
        everything.backward();
        assertTrue(Double.isNaN(everything.data()));
    }

    @Test
    void whereTreatsNanAndZeroAsFalse() {
        assertExactly(new double[] {3, 0, 1}, at(0, 3, (c, b) -> Value.where(c, c, b)));
        assertExactly(new double[] {3, 0, 1}, at(-0.5, 3, (c, b) -> Value.where(c, c, b)));
        assertExactly(new double[] {0.5, 1, 0}, at(0.5, 3, (c, b) -> Value.where(c, c, b)));
        assertExactly(new double[] {3, 0, 1}, at(NAN, 3, (c, b) -> Value.where(c, c, b)));
    }
}
