package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.PlainSweep;
import org.junit.jupiter.api.Test;

/**
 * An n-ary sum of up to {@code LoopDetector.MAX_ENTRIES / 3} active terms (each term an operand and an edge's operand
 * and partial) may be part of a loop's body: dot products written as {@code g.sum(products)}, one per row, are one
 * loop over the rows, as the same products summed by chained additions are.
 */
class LongSumsTest {

    /** {@code sum_i tanh(sum(W_i0 v_0, ..., W_i,n-1 v_n-1))}: the weights row-major, then {@code v}. */
    private record SummedRows(int rows, int columns) implements TracedVectorFunction {

        int inputs() {
            return rows * columns + columns;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            int v = rows * columns;
            int[] outputs = new int[rows];
            for (int i = 0; i < rows; i++) {
                int[] products = new int[columns];
                for (int j = 0; j < columns; j++) {
                    products[j] = g.mul(x[i * columns + j], x[v + j]);
                }
                outputs[i] = g.tanh(g.sum(products));
            }
            return new int[] {g.sum(outputs)};
        }
    }

    @Test
    void rowsSummedByAnNarySumOf40TermsAreOneLoop() {
        SummedRows f = new SummedRows(300, 40);
        double[] x = PlainSweep.gaussianPoint(f.inputs(), 40);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 0.3;
        }
        Tape tape = PlainSweep.assertSameJacobian(f, x, f.toString());
        assertEquals(1, tape.compiledLoopCount(), "one loop over the rows");
        double[] gradient = new double[x.length];
        tape.newWorkspace().gradient(x, gradient);
        // by hand: d/dW_ij = (1 - t_i^2) v_j, d/dv_j = sum_i (1 - t_i^2) W_ij, t_i = tanh(sum_j W_ij v_j)
        int v = f.rows() * f.columns();
        double[] fromV = new double[f.columns()];
        for (int i = 0; i < f.rows(); i++) {
            double s = 0;
            for (int j = 0; j < f.columns(); j++) {
                s += x[i * f.columns() + j] * x[v + j];
            }
            double t = Math.tanh(s);
            for (int j = 0; j < f.columns(); j++) {
                assertEquals((1 - t * t) * x[v + j], gradient[i * f.columns() + j], 1e-12);
                fromV[j] += (1 - t * t) * x[i * f.columns() + j];
            }
        }
        for (int j = 0; j < f.columns(); j++) {
            assertEquals(fromV[j], gradient[v + j], 1e-10);
        }
    }
}
