package dev.jgrad.tape.internal;

import dev.jgrad.Algebra;
import dev.jgrad.tape.TracedVectorFunction;

/**
 * Test fixture: {@code sum_i tanh(sum_j W_ij v_j)} over the rows of a matrix, the weights row-major, then {@code v};
 * each row's dot product as chained additions or, with {@code summed}, as one n-ary {@code g.sum} of the products.
 *
 * @param rows    the matrix's rows
 * @param columns its columns, the length of {@code v}
 * @param summed  whether a row's products are added by {@code g.sum} rather than one addition at a time
 */
public record TanhRows(int rows, int columns, boolean summed) implements TracedVectorFunction {

    /** @return the number of inputs, {@code rows * columns + columns} */
    public int inputs() {
        return rows * columns + columns;
    }

    @Override
    public int[] apply(Algebra g, int[] x) {
        int v = rows * columns;
        int total = g.constant(0);
        for (int i = 0; i < rows; i++) {
            int[] products = new int[columns];
            for (int j = 0; j < columns; j++) {
                products[j] = g.mul(x[i * columns + j], x[v + j]);
            }
            int dot = products[0];
            if (summed) {
                dot = g.sum(products);
            } else {
                for (int j = 1; j < columns; j++) {
                    dot = g.add(dot, products[j]);
                }
            }
            total = g.add(total, g.tanh(dot));
        }
        return new int[] {total};
    }

    /**
     * A point drawn from the normal distribution with {@code seed}, scaled by {@code scale} so that the rows' tanh
     * stays away from saturation.
     */
    public double[] point(long seed, double scale) {
        double[] x = PlainSweep.gaussianPoint(inputs(), seed);
        for (int i = 0; i < x.length; i++) {
            x[i] *= scale;
        }
        return x;
    }

    /**
     * The gradient at {@code x} by hand: {@code (1 - t_i^2) v_j} for {@code W_ij} and {@code sum_i (1 - t_i^2) W_ij}
     * for {@code v_j}, {@code t_i = tanh(sum_j W_ij v_j)}.
     */
    public double[] gradient(double[] x) {
        int v = rows * columns;
        double[] gradient = new double[inputs()];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < columns; j++) {
                s += x[i * columns + j] * x[v + j];
            }
            double t = Math.tanh(s);
            for (int j = 0; j < columns; j++) {
                gradient[i * columns + j] = (1 - t * t) * x[v + j];
                gradient[v + j] += (1 - t * t) * x[i * columns + j];
            }
        }
        return gradient;
    }
}
