package dev.jgrad.tape.internal.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.PlainSweep;
import org.junit.jupiter.api.Test;

/**
 * An adjoint group that moves from one iteration to the next and that one edge of the body updates adds to its slot
 * in place, rather than being loaded into a local and stored back: the same sums in less code, so that a row of a
 * matrix-vector product of 64 columns, whose 64 weights' adjoints are each updated once, fits a kernel.
 */
class UpdatedOnceTest {

    /** {@code sum_i tanh(sum_j W_ij v_j)}: the weights row-major ({@code rows x columns}), then {@code v}. */
    private record MatrixVector(int rows, int columns) implements TracedVectorFunction {

        int inputs() {
            return rows * columns + columns;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            int v = rows * columns;
            int total = g.constant(0);
            for (int i = 0; i < rows; i++) {
                int acc = g.mul(x[i * columns], x[v]);
                for (int j = 1; j < columns; j++) {
                    acc = g.add(acc, g.mul(x[i * columns + j], x[v + j]));
                }
                total = g.add(total, g.tanh(acc));
            }
            return new int[] {total};
        }
    }

    @Test
    void aMatrixVectorProductOf64ColumnsIsOneKernel() {
        MatrixVector f = new MatrixVector(200, 64);
        double[] x = PlainSweep.gaussianPoint(f.inputs(), 7);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 0.2;
        }
        Tape tape = PlainSweep.assertSameJacobian(f, x, f.toString());
        assertEquals(1, tape.compiledLoopCount(), "one loop over the rows, its body a row's 129 instructions");
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
