package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Function;

/** The oracle of the property tests: central finite differences of a function rebuilt from fresh leaves. */
final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /**
     * Checks every gradient that {@code backward()} gives for {@code f} at {@code x} against the central difference
     * {@code (f(x + h) - f(x - h)) / 2h} with {@code h = 1e-6 · max(1, |x_i|)}.
     *
     * @param f         builds the output from leaves holding {@code x}
     * @param tolerance allowed error relative to {@code max(1, |gradient|, |f(x)|)}
     * @param x         the point
     */
    static void check(Function<Value[], Value> f, double tolerance, double... x) {
        Value[] leaves = Arrays.stream(x).mapToObj(Value::of).toArray(Value[]::new);
        Value out = f.apply(leaves);
        assertTrue(Double.isFinite(out.data()), () -> "f" + Arrays.toString(x) + " = " + out.data());
        out.backward();
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(x[i]));
            double numeric = (at(f, x, i, h) - at(f, x, i, -h)) / (2 * h);
            double analytic = leaves[i].grad();
            double scale = Math.max(1, Math.max(Math.abs(analytic), Math.abs(out.data())));
            int arg = i;
            assertEquals(numeric, analytic, tolerance * scale,
                    () -> "d/dx" + arg + " at " + Arrays.toString(x) + " (f = " + out.data() + ")");
        }
    }

    private static double at(Function<Value[], Value> f, double[] x, int i, double h) {
        double[] shifted = x.clone();
        shifted[i] += h;
        return f.apply(Arrays.stream(shifted).mapToObj(Value::of).toArray(Value[]::new)).data();
    }
}
