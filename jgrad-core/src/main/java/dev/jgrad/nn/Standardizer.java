package dev.jgrad.nn;

import dev.jgrad.internal.Plural;
import java.util.Arrays;
import java.util.Objects;

/**
 * Feature standardization: {@code (x_j - mean_j) / std_j} per feature, with the means and standard deviations of
 * the training rows ({@link #fit}), applied unchanged to every later row. Immutable and thread-safe.
 *
 * <p>The standard deviation is the population one (divided by n, as scikit-learn's {@code StandardScaler}). A
 * constant feature gets a standard deviation of 1, so it standardizes to 0 instead of dividing by 0. Any finite
 * values can be fitted, however large ({@link #fit}).
 */
public final class Standardizer {

    private final double[] mean;
    private final double[] std;

    /**
     * A standardizer with the given statistics (as read from a model file).
     *
     * @param mean the mean of each feature, finite
     * @param std  the standard deviation of each feature, finite and &gt; 0; as many as means
     * @throws IllegalArgumentException naming the first bad value
     */
    public Standardizer(double[] mean, double[] std) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length != std.length) {
            throw new IllegalArgumentException(Plural.of(mean.length, "mean") + " but "
                    + Plural.of(std.length, "standard deviation"));
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("mean[" + j + "] (" + mean[j] + ") must be finite");
            }
            if (!(std[j] > 0) || Double.isInfinite(std[j])) {
                throw new IllegalArgumentException("std[" + j + "] (" + std[j] + ") must be > 0 and finite");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * The statistics of the given rows: per feature the mean {@code m = (1/n) Σ x_i} and the population standard
     * deviation {@code s = √((1/n) Σ (x_i - m)²)}.
     *
     * <p>Any finite values work: where the plain sums overflow (values near {@code 1e200} square beyond the range of
     * a double) or the squares underflow to 0 for a column that is not constant, the statistics are computed on the
     * values divided by the column's largest magnitude and scaled back, so a column of {@code ±1e200} standardizes as
     * one of {@code ±1} does. A constant column gets its value as {@code m} exactly and {@code s = 1}, so it
     * standardizes to exactly 0 (the rounded mean of n copies of 0.1 is not 0.1); one whose spread is below the
     * smallest double gets {@code s = 1} too.
     *
     * @param rows the training rows, at least one, all of the same length, finite
     * @return the standardizer
     * @throws IllegalArgumentException if there are no rows, rows are ragged or a value is not finite
     */
    public static Standardizer fit(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("rows is empty; cannot standardize without data");
        }
        int d = Objects.requireNonNull(rows[0], "rows[0]").length;
        for (int i = 0; i < rows.length; i++) {
            if (Objects.requireNonNull(rows[i], "rows[" + i + "]").length != d) {
                throw new IllegalArgumentException("rows[" + i + "] has " + Plural.of(rows[i].length, "value")
                        + ", rows[0] has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("rows[" + i + "][" + j + "] (" + rows[i][j] + ") is not finite");
                }
            }
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double[] stats = columnStatistics(rows, j);
            mean[j] = stats[0];
            std[j] = stats[1] > 0 ? stats[1] : 1;
        }
        return new Standardizer(mean, std);
    }

    /**
     * The mean and standard deviation of column {@code j}; for a constant column its value and 0 exactly, since the
     * rounded sum of n copies of a value such as 0.1, divided by n, can miss it by an ulp and leave a spread of
     * 1e-17 that would blow the column up instead of standardizing it to 0.
     */
    private static double[] columnStatistics(double[][] rows, int j) {
        boolean constant = true;
        double largest = 0;
        for (double[] row : rows) {
            constant &= row[j] == rows[0][j];
            largest = Math.max(largest, Math.abs(row[j]));
        }
        if (constant) {
            return new double[] {rows[0][j], 0};
        }
        double[] plain = meanAndDeviation(rows, j, 1);
        if (Double.isFinite(plain[0]) && Double.isFinite(plain[1]) && plain[1] > 0) {
            return plain;
        }
        double[] scaled = meanAndDeviation(rows, j, largest);
        return new double[] {scaled[0] * largest, scaled[1] * largest};
    }

    /** The mean and population standard deviation of column {@code j} divided by {@code scale}. */
    private static double[] meanAndDeviation(double[][] rows, int j, double scale) {
        double sum = 0;
        for (double[] row : rows) {
            sum += row[j] / scale;
        }
        double mean = sum / rows.length;
        double squares = 0;
        for (double[] row : rows) {
            double dev = row[j] / scale - mean;
            squares += dev * dev;
        }
        return new double[] {mean, Math.sqrt(squares / rows.length)};
    }

    /**
     * One row standardized.
     *
     * @param row the raw features, as many as {@link #features()}
     * @return a new array {@code (row_j - mean_j) / std_j}; where the difference alone would overflow, computed as
     *         {@code row_j / std_j - mean_j / std_j}; infinite only where the result is beyond the range of a double
     * @throws IllegalArgumentException if the length is wrong
     */
    public double[] apply(double[] row) {
        Objects.requireNonNull(row, "row");
        if (row.length != mean.length) {
            throw new IllegalArgumentException("row has " + Plural.of(row.length, "feature") + ", standardizer has "
                    + mean.length);
        }
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / std[j];
            if (Double.isInfinite(out[j]) && Double.isFinite(row[j])) {
                // the difference overflowed (1e308 - -1e308); dividing first keeps it in range when the result is
                out[j] = row[j] / std[j] - mean[j] / std[j];
            }
        }
        return out;
    }

    /**
     * Every row standardized.
     *
     * @param rows the raw rows
     * @return new rows
     */
    public double[][] apply(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = apply(rows[i]);
        }
        return out;
    }

    /**
     * The number of features.
     *
     * @return the number of features
     */
    public int features() {
        return mean.length;
    }

    /**
     * The means (a copy).
     *
     * @return the means (a copy)
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The standard deviations (a copy).
     *
     * @return the standard deviations (a copy)
     */
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
