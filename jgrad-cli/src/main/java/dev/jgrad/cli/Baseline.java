package dev.jgrad.cli;

import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Standardizer;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What a trained network is compared with, so a user sees whether it helps: for classification the majority class
 * of the training rows, for regression a linear model fitted by least squares.
 *
 * @param name      what it is, for the report, such as {@code "majority class 2"} or {@code "linear least squares"}
 * @param predictor its prediction for one row of raw features
 */
record Baseline(String name, ToDoubleFunction<double[]> predictor) {

    /**
     * Ridge strength of the linear baseline on standardized features, scikit-learn's {@code Ridge} default: next to
     * the sum of squares over hundreds of rows it barely moves a well-determined fit, and it keeps the solution
     * unique when features are collinear or outnumber the rows.
     */
    static final double RIDGE = 1;

    /** The linear baseline is skipped for more features than this (its normal equations are a square matrix). */
    static final int MAX_LINEAR_FEATURES = 2000;

    /**
     * Always predicts the most frequent label of the training rows (the smallest such label on ties).
     *
     * @param train  the training rows
     * @param labels the class labels, ascending, as {@link Dataset#labels()} gives them
     * @param names  the name of each class index, for text labels (the labels are then the indices), or {@code null}
     * @return the baseline
     */
    static Baseline majorityClass(Dataset train, double[] labels, List<String> names) {
        int[] counts = new int[labels.length];
        for (double t : train.targets()) {
            counts[Arrays.binarySearch(labels, t + 0.0)]++;
        }
        int best = 0;
        for (int j = 1; j < counts.length; j++) {
            if (counts[j] > counts[best]) {
                best = j;
            }
        }
        double label = labels[best];
        return new Baseline("majority class " + (names == null ? Predictions.format(label)
                : Echo.shown(names.get((int) label))), x -> label);
    }

    /**
     * For regression: ridge least squares on the standardized features, {@code y ≈ b + Σ_j w_j z_j} with
     * {@code z = standardizer(x)}, minimizing {@code Σ_i (y_i - b - w·z_i)² + RIDGE · |w|²} (the intercept is not
     * penalized). With more than {@link #MAX_LINEAR_FEATURES} features it is the mean of the targets instead.
     *
     * @param train        the training rows, raw features
     * @param standardizer the features' standardization, fitted on the training rows
     * @return the baseline
     */
    static Baseline linear(Dataset train, Standardizer standardizer) {
        double[] targets = train.targets();
        int n = targets.length;
        double meanTarget = 0;
        for (double t : targets) {
            meanTarget += t / n;
        }
        double intercept = meanTarget;
        if (train.featureCount() > MAX_LINEAR_FEATURES) {
            return new Baseline("mean", x -> intercept);
        }
        int p = train.featureCount();
        double[][] z = new double[n][];
        double[] means = new double[p];
        for (int i = 0; i < n; i++) {
            z[i] = standardizer.apply(train.features()[i]);
            for (int j = 0; j < p; j++) {
                means[j] += z[i][j] / n;
            }
        }
        // normal equations of the centred problem: (ZᵀZ + RIDGE·I) w = Zᵀ(y - ȳ), with Z's columns centred
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < n; i++) {
            double dy = targets[i] - meanTarget;
            for (int j = 0; j < p; j++) {
                double zj = z[i][j] - means[j];
                b[j] += zj * dy;
                for (int k = 0; k <= j; k++) {
                    a[j][k] += zj * (z[i][k] - means[k]);
                }
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += RIDGE;
        }
        double[] w = Cholesky.solve(a, b);
        double bias = meanTarget;
        for (int j = 0; j < p; j++) {
            bias -= w[j] * means[j];
        }
        double fittedBias = bias;
        return new Baseline("linear least squares", x -> {
            double[] zx = standardizer.apply(x);
            double y = fittedBias;
            for (int j = 0; j < p; j++) {
                y += w[j] * zx[j];
            }
            return y;
        });
    }

    /** Solves a symmetric positive definite system by its Cholesky factor {@code A = L Lᵀ}. */
    static final class Cholesky {

        private Cholesky() {
        }

        /**
         * The solution of {@code A x = b}.
         *
         * @param a the lower triangle of {@code A} (entries above the diagonal are ignored); overwritten by {@code L}
         * @param b the right-hand side
         * @return {@code x}
         */
        static double[] solve(double[][] a, double[] b) {
            int p = b.length;
            for (int j = 0; j < p; j++) {
                double d = a[j][j];
                for (int k = 0; k < j; k++) {
                    d -= a[j][k] * a[j][k];
                }
                a[j][j] = Math.sqrt(d);
                for (int i = j + 1; i < p; i++) {
                    double s = a[i][j];
                    for (int k = 0; k < j; k++) {
                        s -= a[i][k] * a[j][k];
                    }
                    a[i][j] = s / a[j][j];
                }
            }
            double[] y = new double[p];
            for (int i = 0; i < p; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) {
                    s -= a[i][k] * y[k];
                }
                y[i] = s / a[i][i];
            }
            double[] x = new double[p];
            for (int i = p - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < p; k++) {
                    s -= a[k][i] * x[k];
                }
                x[i] = s / a[i][i];
            }
            return x;
        }
    }
}
