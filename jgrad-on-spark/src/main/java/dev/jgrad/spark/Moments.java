package dev.jgrad.spark;

import java.util.Iterator;

/**
 * Per-column sums for means and standard deviations: the count, the sums of the values, and the sums of squared
 * deviations from a given centre (the means, on a second pass), so the deviations are computed without cancellation;
 * and per column whether its values vary at all (a constant column's rounded mean can miss its value).
 */
final class Moments implements TreeSum.Partial<Moments> {

    private static final long serialVersionUID = 1L;

    long count;
    final double[] sum;
    final double[] squares;
    /** The first row's values, once there is a row. */
    final double[] first;
    /** Per column, whether some value differs from {@link #first}'s. */
    final boolean[] varies;

    Moments(int columns) {
        sum = new double[columns];
        squares = new double[columns];
        first = new double[columns];
        varies = new boolean[columns];
    }

    /** The sums over a partition's rows, with squared deviations from {@code centre}. */
    static Moments of(Iterator<double[]> rows, int columns, double[] centre) {
        Moments m = new Moments(columns);
        while (rows.hasNext()) {
            double[] row = rows.next();
            if (m.count++ == 0) {
                System.arraycopy(row, 0, m.first, 0, columns);
            }
            for (int j = 0; j < columns; j++) {
                m.varies[j] |= row[j] != m.first[j];
                m.sum[j] += row[j];
                double d = row[j] - centre[j];
                m.squares[j] += d * d;
            }
        }
        return m;
    }

    @Override
    public Moments plus(Moments other) {
        for (int j = 0; j < sum.length; j++) {
            sum[j] += other.sum[j];
            squares[j] += other.squares[j];
            if (count == 0) {
                first[j] = other.first[j];
                varies[j] = other.varies[j];
            } else if (other.count > 0) {
                varies[j] |= other.varies[j] || other.first[j] != first[j];
            }
        }
        count += other.count;
        return this;
    }
}
