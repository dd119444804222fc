package dev.jgrad.tape.internal.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.internal.PlainSweep;
import dev.jgrad.tape.internal.TanhRows;
import org.junit.jupiter.api.Test;

/**
 * An adjoint group that moves from one iteration to the next and that one edge of the body updates adds to its slot
 * in place, rather than being loaded into a local and stored back: the same sums in less code, so that a row of a
 * matrix-vector product of 64 columns, whose 64 weights' adjoints are each updated once, fits a kernel.
 */
class UpdatedOnceTest {

    @Test
    void aMatrixVectorProductOf64ColumnsIsOneKernel() {
        TanhRows f = new TanhRows(200, 64, false);
        double[] x = f.point(7, 0.2);
        Tape tape = PlainSweep.assertSameJacobian(f, x, f.toString());
        assertEquals(1, tape.compiledLoopCount(), "one loop over the rows, its body a row's 129 instructions");
        PlainSweep.assertGradient(tape, x, f.gradient(x));
    }
}
