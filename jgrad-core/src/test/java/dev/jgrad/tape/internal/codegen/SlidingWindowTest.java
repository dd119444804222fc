package dev.jgrad.tape.internal.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.PlainSweep;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A window slid over an array (a convolution's {@code x[i + j]} over its taps {@code j}) reads one group per tap
 * whose bases lie a slot apart: those share one base parameter ({@link GroupTable#SHARED_SPAN}), so the kernel of a
 * wide window stays small enough for the JIT.
 */
class SlidingWindowTest {

    /**
     * {@code sum_i (sum_j x[i + j] k[j])^2} over {@code outputs} positions of a window of {@code taps}: the signal
     * {@code x} first ({@code outputs + taps - 1} values), then the taps {@code k}.
     */
    private record Convolution(int outputs, int taps) implements TracedVectorFunction {

        int signal() {
            return outputs + taps - 1;
        }

        int inputs() {
            return signal() + taps;
        }

        @Override
        public int[] apply(Algebra g, int[] v) {
            int total = g.constant(0);
            for (int i = 0; i < outputs; i++) {
                int acc = g.mul(v[i], v[signal()]);
                for (int j = 1; j < taps; j++) {
                    acc = g.add(acc, g.mul(v[i + j], v[signal() + j]));
                }
                total = g.add(total, g.mul(acc, acc));
            }
            return new int[] {total};
        }

        /**
         * The gradient by hand: {@code 2 sum_i a_i k[m - i]} for {@code x[m]}, {@code 2 sum_i a_i x[i + j]} for
         * {@code k[j]}, {@code a_i} the output at {@code i}.
         */
        double[] gradient(double[] v) {
            double[] gradient = new double[inputs()];
            for (int i = 0; i < outputs; i++) {
                double acc = 0;
                for (int j = 0; j < taps; j++) {
                    acc += v[i + j] * v[signal() + j];
                }
                for (int j = 0; j < taps; j++) {
                    gradient[i + j] += 2 * acc * v[signal() + j];
                    gradient[signal() + j] += 2 * acc * v[i + j];
                }
            }
            return gradient;
        }
    }

    @Test
    void aConvolutionOf64TapsIsOneKernel() {
        Convolution f = new Convolution(300, 64);
        double[] x = PlainSweep.gaussianPoint(f.inputs(), 64);
        Tape tape = PlainSweep.assertSameJacobian(f, x, f.toString());
        assertEquals(1, tape.compiledLoopCount(), "one loop over the outputs, its body the window's 129 instructions");
        PlainSweep.assertGradient(tape, x, f.gradient(x));
    }

    @Test
    void aWindowsReadsShareOneBaseParameter() {
        Convolution f = new Convolution(400, 32);
        List<Loop> loops = PlainSweep.programWithLoops(f.inputs(), f).loops();
        assertEquals(1, loops.size());
        // one base for the window's reads and the updates of their adjoints, not one per tap
        assertTrue(loops.get(0).params.length < f.taps() + 16,
                () -> loops.get(0).params.length + " parameters for " + f.taps() + " taps");
        PlainSweep.assertSameJacobian(f, PlainSweep.gaussianPoint(f.inputs(), 32), f.toString());
    }

    /**
     * Windows of 65 to 80 taps, each a loop over its taps, make points of at most 161 instructions: once two repeat,
     * every window is one iteration of a flat loop (a loop per window before). At 81 taps the flat loop's kernel, as
     * linking settles and lays it out, is too large for the JIT: sized as settled while recording, it is refused
     * there, and each window keeps its loop (sized unsettled, it was taken, and linking ran all the windows as
     * plain instructions).
     */
    @Test
    void windowsThatFitOneBodyAreOneFlatLoopUnlessItsKernelWouldBeTooLarge() {
        for (int taps : new int[] {65, 80}) {
            Convolution f = new Convolution(200, taps);
            double[] x = PlainSweep.gaussianPoint(f.inputs(), taps);
            Tape tape = PlainSweep.assertSameJacobian(f, x, f.toString());
            List<Loop> loops = PlainSweep.programWithLoops(f.inputs(), f).loops();
            Loop last = loops.get(loops.size() - 1);
            assertTrue(tape.compiledLoopCount() <= 3 && last.length == 2 * taps + 1 && last.count > 190,
                    () -> f + ": " + tape.compiledLoopCount() + " loops, the last " + last.count + " x " + last.length);
            PlainSweep.assertGradient(tape, x, f.gradient(x));
        }
        Convolution f = new Convolution(200, 81);
        double[] x = PlainSweep.gaussianPoint(f.inputs(), 81);
        Tape tape = PlainSweep.assertSameJacobian(f, x, f.toString());
        assertTrue(tape.compiledLoopCount() >= 199, () -> f + ": " + tape.compiledLoopCount() + " loops");
        PlainSweep.assertGradient(tape, x, f.gradient(x));
    }

    @Test
    void groupsOfOneArrayAndStrideFewerThanTheSpanApartShareABase() {
        int span = (int) GroupTable.SHARED_SPAN;
        GroupTable table = new GroupTable(new int[] {100, 100 + span - 1, 100 + span, 1000, 1000 + 2 * span - 1, 5, 6},
                new int[] {1, 1, 1, 2, 2, 0, 0}, new boolean[] {true, true, true, true, true, true, true});
        assertArrayEquals(new int[] {0, 0, 2, 3, 3, 5, 6}, table.leaders());
        GroupTable apart = new GroupTable(new int[] {100, 101}, new int[] {1, 1}, new boolean[] {true, false});
        assertArrayEquals(new int[] {0, 1}, apart.leaders(), "an input and a workspace group share no base");
    }
}
