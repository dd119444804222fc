package dev.jgrad.spark;

import java.util.Iterator;

/**
 * Per-column sums for means and standard deviations: the count, the sums of the values, and the sums of squared
 * deviations from a given centre (the means, on a second pass), so the deviations are computed without cancellation.
 */
final class Moments implements TreeSum.Partial<Moments> {

    private static final long serialVersionUID = 1L;

    long count;
    final double[] sum;
    final double[] squares;

    Moments(int columns) {
        sum = new double[columns];
        squares = new double[columns];
    }

    /** The sums over a partition's rows, with squared deviations from {@code centre}. */
    static Moments of(Iterator<double[]> rows, int columns, double[] centre) {
        Moments m = new Moments(columns);
        while (rows.hasNext()) {
            double[] row = rows.next();
            m.count++;
            for (int j = 0; j < columns; j++) {
                m.sum[j] += row[j];
                double d = row[j] - centre[j];
                m.squares[j] += d * d;
            }
        }
        return m;
    }

    @Override
    public Moments plus(Moments other) {
        count += other.count;
        for (int j = 0; j < sum.length; j++) {
            sum[j] += other.sum[j];
            squares[j] += other.squares[j];
        }
        return this;
    }
}
