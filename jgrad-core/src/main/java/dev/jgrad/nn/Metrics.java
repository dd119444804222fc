package dev.jgrad.nn;

import dev.jgrad.internal.Plural;
import java.util.Objects;

/** Evaluation metrics over plain predictions: accuracy for classifiers, RMSE and R² for regression. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The share of exact matches, {@code (1/n) Σ [p_i = a_i]}.
     *
     * @param predicted the predicted labels
     * @param actual    the true labels, as many, at least one
     * @return the accuracy in [0, 1]
     * @throws IllegalArgumentException if the arrays are empty or of different lengths
     */
    public static double accuracy(double[] predicted, double[] actual) {
        int n = check(predicted, actual);
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (predicted[i] == actual[i]) {
                hits++;
            }
        }
        return hits / (double) n;
    }

    /**
     * The root mean squared error {@code √((1/n) Σ (p_i - a_i)²)}, for errors of any finite size (squares of 1e200 or
     * 1e-200 neither overflow nor underflow).
     *
     * @param predicted the predictions
     * @param actual    the true values, as many, at least one
     * @return the RMSE, at least 0
     * @throws IllegalArgumentException if the arrays are empty or of different lengths
     */
    public static double rmse(double[] predicted, double[] actual) {
        int n = check(predicted, actual);
        double sum = 0;
        double largest = 0;
        for (int i = 0; i < n; i++) {
            double d = predicted[i] - actual[i];
            sum += d * d;
            largest = Math.max(largest, Math.abs(d));
        }
        if (outOfRange(sum, largest)) {
            double scaled = 0;
            for (int i = 0; i < n; i++) {
                double d = (predicted[i] - actual[i]) / largest;
                scaled += d * d;
            }
            return largest * Math.sqrt(scaled / n);
        }
        return Math.sqrt(sum / n);
    }

    /**
     * Whether a sum of squares overflowed or underflowed though its largest term's root {@code largest} is a finite
     * number other than 0 (errors of 1e200 or 1e-200): it is then summed again with every term divided by
     * {@code largest}, so that the metric is as accurate as for ordinary sizes, which keep the plain sum.
     */
    private static boolean outOfRange(double sum, double largest) {
        return largest > 0 && Double.isFinite(largest) && (Double.isInfinite(sum) || sum < Double.MIN_NORMAL);
    }

    /**
     * The coefficient of determination {@code R² = 1 - Σ (a_i - p_i)² / Σ (a_i - ā)²}: 1 for perfect predictions, 0
     * for always predicting the mean, negative for worse. As scikit-learn's {@code r2_score}, constant true values
     * give 1 if the predictions are perfect, else 0. Values of any finite size whose differences are finite are
     * handled (squares of 1e200 or 1e-200 neither overflow nor underflow).
     *
     * @param predicted the predictions
     * @param actual    the true values, as many, at least one
     * @return R²
     * @throws IllegalArgumentException if the arrays are empty or of different lengths
     */
    public static double r2(double[] predicted, double[] actual) {
        int n = check(predicted, actual);
        double mean = 0;
        boolean constant = true;
        for (double a : actual) {
            mean += a;
            constant &= a == actual[0];
        }
        mean /= n;
        double residual = 0;
        double total = 0;
        double largest = 0;
        for (int i = 0; i < n; i++) {
            residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            total += (actual[i] - mean) * (actual[i] - mean);
            largest = Math.max(largest, Math.max(Math.abs(actual[i] - predicted[i]), Math.abs(actual[i] - mean)));
        }
        if (outOfRange(residual, largest) || outOfRange(total, largest)) {
            residual = 0;
            total = 0;
            for (int i = 0; i < n; i++) {
                double r = (actual[i] - predicted[i]) / largest;
                double t = (actual[i] - mean) / largest;
                residual += r * r;
                total += t * t;
            }
        }
        // constant tested on the values too: the rounded mean of n copies of 0.1 misses 0.1, and the total of
        // 1e-33 left would give R² = -5e31
        if (constant || total == 0) {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }

    private static int check(double[] predicted, double[] actual) {
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(actual, "actual");
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(
                    Plural.of(predicted.length, "prediction") + " but " + Plural.of(actual.length, "true value")
                            + "; they must match");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("no predictions; a metric needs at least one");
        }
        return actual.length;
    }
}
