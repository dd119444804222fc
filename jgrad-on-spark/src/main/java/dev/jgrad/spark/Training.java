package dev.jgrad.spark;

import dev.jgrad.optim.Lbfgs;
import dev.jgrad.optim.Objective;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaRDD;

/**
 * Minimizing a {@link DistributedObjective} on the driver, with progress reported there: full-batch L-BFGS (each
 * evaluation is one pass over all rows, as MLlib's L-BFGS), or mini-batch steps of an update rule such as
 * {@link dev.jgrad.optim.ArraySgd} or {@link dev.jgrad.optim.ArrayAdam} on a random sample of the rows.
 */
public final class Training {

    private Training() {
    }

    /** Receives the progress of training on the driver. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Called after each evaluation (L-BFGS) or step (mini-batch).
         *
         * @param step the evaluation or step, from 1
         * @param loss the mean loss at that evaluation, or over that step's sample
         */
        void report(int step, double loss);
    }

    /**
     * Full-batch L-BFGS from {@code start}.
     *
     * @param objective the mean loss over all rows
     * @param lbfgs     the optimizer's settings (limits, tolerances)
     * @param start     the starting parameters, not modified
     * @param progress  told the loss at each evaluation
     * @return the optimizer's result
     */
    public static Lbfgs.Result lbfgs(DistributedObjective objective, Lbfgs lbfgs, double[] start, Progress progress) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(progress, "progress");
        int[] evaluations = {0};
        Objective reporting = (x, gradient) -> {
            double loss = objective.valueAndGradient(x, gradient);
            progress.report(++evaluations[0], loss);
            return loss;
        };
        return lbfgs.minimize(reporting, start);
    }

    /**
     * Mini-batch training: at step {@code t} (from 1), the gradient of the mean loss over a sample of the rows
     * (each row taken with probability {@code fraction}, the sample drawn with seed {@code seed + t}, so the same
     * on every run), then one update. A step whose sample is empty is skipped.
     *
     * @param objective the mean loss over all rows
     * @param rows      the rows to sample (those of {@code objective})
     * @param update    the update rule, such as {@code new ArrayAdam(n, 0.01)::step}: changes the parameters given
     *                  their gradient
     * @param start     the starting parameters, not modified
     * @param steps     the number of steps, {@code >= 0}
     * @param fraction  the expected share of rows in a sample, in (0, 1]
     * @param seed      the samples' seed
     * @param progress  told each step's sample loss
     * @return the parameters after the last step
     * @throws IllegalArgumentException if {@code steps} or {@code fraction} is out of range
     */
    public static double[] miniBatch(DistributedObjective objective, JavaRDD<double[]> rows,
            BiConsumer<double[], double[]> update, double[] start, int steps, double fraction, long seed,
            Progress progress) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(progress, "progress");
        if (steps < 0) {
            throw new IllegalArgumentException("steps (" + steps + ") must be >= 0");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction (" + fraction + ") must be in (0, 1]");
        }
        double[] x = start.clone();
        double[] gradient = new double[x.length];
        for (int step = 1; step <= steps; step++) {
            JavaRDD<double[]> sample = fraction == 1 ? rows : rows.sample(false, fraction, seed + step);
            DistributedObjective.Total total = objective.on(sample).total(x);
            if (total.rows() == 0) {
                continue;
            }
            for (int j = 0; j < x.length; j++) {
                gradient[j] = total.gradient()[j] / total.rows();
            }
            update.accept(x, gradient);
            progress.report(step, total.loss() / total.rows());
        }
        return x;
    }
}
