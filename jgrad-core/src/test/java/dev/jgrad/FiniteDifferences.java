package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Function;
import net.jqwik.api.Assume;

/** The oracle of the property tests: central finite differences of a function rebuilt from fresh leaves. */
final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /**
     * The step used for variable {@code x}: {@code 1e-5 · max(1, |x|)}. The function is evaluated at {@code x ± step}
     * and {@code x ± step/2}, so a caller can check that no kink lies within one step.
     */
    static double step(double x) {
        return 1e-5 * Math.max(1, Math.abs(x));
    }

    /**
     * Checks every gradient that {@code backward()} gives for {@code f} at {@code x} against central differences,
     * Richardson-extrapolated ({@code (4 D(h/2) - D(h)) / 3}, error of order h⁴) so that steep but smooth functions
     * do not need loose tolerances. Points where the function is not resolved at this step are discarded, as a
     * jqwik assumption.
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
            double h = step(x[i]);
            double coarse = (at(f, x, i, h) - at(f, x, i, -h)) / (2 * h);
            double fine = (at(f, x, i, h / 2) - at(f, x, i, -h / 2)) / h;
            // Where f turns too fast for the step (sin of a steep argument), the two estimates disagree and neither
            // says anything: such a point is discarded, whatever the analytic gradient, so no wrong one can hide.
            Assume.that(Math.abs(fine - coarse) <= 1e-3 * Math.max(1, Math.abs(fine)));
            double numeric = (4 * fine - coarse) / 3;
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
