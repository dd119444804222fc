package dev.jgrad.optim;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.tape.Workspace;
import java.util.Objects;

/**
 * A scalar objective {@code f : ℝⁿ → ℝ} that returns its value and writes its gradient {@code ∇f(x)} in one call.
 */
@FunctionalInterface
public interface Objective {

    /**
     * The value and gradient at a point.
     *
     * @param x        the point, not modified
     * @param gradient receives {@code ∂f/∂x_j} for each {@code j} (overwritten), as long as {@code x}
     * @return {@code f(x)}
     */
    double valueAndGradient(double[] x, double[] gradient);

    /**
     * An objective replayed from a recorded tape with one output: one forward and one reverse sweep per call. The
     * workspace belongs to one thread, so the objective does too.
     *
     * @param workspace a workspace of a tape with one output
     * @return {@code workspace::gradient}
     * @throws IllegalArgumentException if the tape has more than one output
     */
    static Objective of(Workspace workspace) {
        Objects.requireNonNull(workspace, "workspace");
        if (workspace.tape().outputCount() != 1) {
            throw new IllegalArgumentException(
                    "an objective needs a tape with one output; this one has " + workspace.tape().outputCount());
        }
        return workspace::gradient;
    }

    /**
     * An objective differentiated by {@link Grad#valueAndGrad}: the function builds a fresh graph of values at each
     * call, then one reverse sweep gives the gradient.
     *
     * @param f the function
     * @return the objective
     */
    static Objective of(ScalarFunction f) {
        Objects.requireNonNull(f, "f");
        return (x, gradient) -> {
            Grad.ValueAndGrad result = Grad.valueAndGrad(f, x);
            if (gradient.length != x.length) {
                throw new IllegalArgumentException(
                        "gradient has length " + gradient.length + "; expected " + x.length + " (one per variable)");
            }
            System.arraycopy(result.gradient(), 0, gradient, 0, x.length);
            return result.value();
        };
    }
}
