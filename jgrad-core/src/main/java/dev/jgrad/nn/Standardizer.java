package dev.jgrad.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Feature standardization: {@code (x_j - mean_j) / std_j} per feature, with the means and standard deviations of
 * the training rows ({@link #fit}), applied unchanged to every later row. Immutable and thread-safe.
 *
 * <p>The standard deviation is the population one (divided by n, as scikit-learn's {@code StandardScaler}). A
 * constant feature gets a standard deviation of 1, so it standardizes to 0 instead of dividing by 0.
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
            throw new IllegalArgumentException(mean.length + " means but " + std.length + " standard deviations");
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
     * The statistics of the given rows.
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
        int d = rows[0].length;
        double[] mean = new double[d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("rows[" + i + "] has " + rows[i].length + " values, rows[0] has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("rows[" + i + "][" + j + "] (" + rows[i][j] + ") is not finite");
                }
                mean[j] += rows[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        double[] std = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double dev = row[j] - mean[j];
                std[j] += dev * dev;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / rows.length);
            if (!(std[j] > 0)) {
                std[j] = 1;
            }
        }
        return new Standardizer(mean, std);
    }

    /**
     * One row standardized.
     *
     * @param row the raw features, as many as {@link #features()}
     * @return a new array {@code (row_j - mean_j) / std_j}
     * @throws IllegalArgumentException if the length is wrong
     */
    public double[] apply(double[] row) {
        Objects.requireNonNull(row, "row");
        if (row.length != mean.length) {
            throw new IllegalArgumentException("row has " + row.length + " features, standardizer has " + mean.length);
        }
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / std[j];
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

    /** The number of features. */
    public int features() {
        return mean.length;
    }

    /** The means (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The standard deviations (a copy). */
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
