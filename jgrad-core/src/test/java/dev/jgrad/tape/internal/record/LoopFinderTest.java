package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.PlainSweep;
import dev.jgrad.tape.internal.Program;
import dev.jgrad.tape.internal.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loop finder predicting a guessed loop ({@link Forecast}) from its first instruction on, once the instructions
 * before it repeat those before the loop it moves on: right guesses are compiled like loops the detector found, and
 * a guess that the first iteration leaves (at any instruction, or where the recording ends) leaves those
 * instructions as the program recorded them. Each program is compared with its plain sweep to the bit.
 */
class LoopFinderTest {

    /**
     * Loops of one body, one after another, each after the same three plain instructions: per loop {@code k} and
     * iteration {@code j}, {@code acc = acc + tanh(x[3 + j]) * w_k * c_kj} with a new constant {@code c_kj} below 1
     * (a constant position, whose index the prediction takes from iteration 0). Loop {@code differing} computes its
     * iteration 0 otherwise from body position {@code at} on (0: the tanh, 1: the product, 2: the sum, 3: a
     * constant that repeats an earlier one, so none is recorded). With {@code endAfter} 0 or 1, the recording
     * ends at the last loop's first instruction or right after it. Loop {@code shortLoop} has two iterations: too
     * few for a loop, it is recorded as plain instructions again.
     */
    private record Series(int loops, int n, int differing, int at, int endAfter, int shortLoop)
            implements TracedVectorFunction {

        Series(int loops, int n, int differing, int at, int endAfter) {
            this(loops, n, differing, at, endAfter, -1);
        }

        int inputs() {
            return 3 + n + loops;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            int acc = x[0];
            for (int k = 0; k < loops; k++) {
                acc = g.add(g.sin(g.mul(acc, x[1])), x[2]);
                boolean last = k == loops - 1;
                for (int j = 0; j < (k == shortLoop ? 2 : n); j++) {
                    boolean odd = k == differing && j == 0;
                    if (last && j == 0 && endAfter == 0) {
                        return new int[] {acc};
                    }
                    int t = odd && at == 0 ? g.cos(x[3 + j]) : g.tanh(x[3 + j]);
                    if (last && j == 0 && endAfter == 1) {
                        return new int[] {acc, t};
                    }
                    // 1 is among the constants every recording starts with
                    int c = g.constant(odd && at == 3 ? 1 : 0.25 + 1e-4 * (k * n + j + 1));
                    int p = odd && at == 1 ? g.div(t, x[3 + n + k]) : g.mul(t, x[3 + n + k]);
                    int q = g.mul(p, c);
                    acc = odd && at == 2 ? g.sub(acc, q) : g.add(acc, q);
                }
            }
            return new int[] {acc};
        }
    }

    private static double[] point(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * random.nextGaussian();
        }
        return x;
    }

    /** Asserts that {@code f} gives the Jacobian of its plain sweep with loops compiled, to the bit. */
    private static void assertSameAsPlainSweep(Series f, Random random) {
        PlainSweep.assertSameJacobian(f, point(random, f.inputs()), f.toString());
    }

    /** {@code f} recorded with loops compiled; asserts that no part of it is empty. */
    private static Program record(Series f) {
        Recorder recorder = new Recorder(f.inputs(), true);
        int[] x = new int[f.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        Program program = recorder.finish(f.apply(recorder, x));
        for (Segment segment : program.segments) {
            assertTrue(segment.slotCount() > 0, () -> "an empty segment in " + f);
        }
        return program;
    }

    @Test
    void loopsGuessedRightArePredictedFromTheirStartAndEqualThePlainSweep() {
        Random random = new Random(1);
        for (int n : new int[] {40, 97}) {
            Series f = new Series(12, n, -1, 0, -1);
            Program program = record(f);
            assertEquals(12, program.compiledLoopCount(), f::toString);
            // each loop's constant position holds, in iteration j, the constant that iteration recorded (the loops
            // the program keeps: a repetition keeps its first)
            List<Loop> loops = new ArrayList<>();
            for (Segment segment : program.segments) {
                segment.collectLoops(loops);
            }
            for (Loop loop : loops) {
                for (int t = 0; t < loop.length; t++) {
                    Position p = loop.body[t];
                    for (int j = 0; p.code == Codes.CONST && j < loop.count; j++) {
                        assertEquals(loop.positionBase[t] + j * loop.positionStride,
                                program.constantPositions[p.constantIndex + j * p.constantStride],
                                f + ", loop at slot " + loop.firstSlot + ", iteration " + j);
                    }
                }
            }
            assertSameAsPlainSweep(f, random);
        }
    }

    @Test
    void aGuessTheFirstIterationLeavesAtAnyInstructionLeavesThatIterationPlain() {
        Random random = new Random(2);
        for (int differing : new int[] {3, 6, 11}) {
            for (int at = 0; at < 4; at++) {
                Series f = new Series(12, 60, differing, at, -1);
                // the differing loop from its iteration 1 on, found by the detector: every loop is still compiled
                assertEquals(12, record(f).compiledLoopCount(), f::toString);
                assertSameAsPlainSweep(f, random);
            }
        }
    }

    @Test
    void aGuessedLoopTooShortToBeALoopIsRecordedAsItsPlainInstructionsConstantsIncluded() {
        Random random = new Random(4);
        for (int shortLoop : new int[] {4, 11}) {
            Series f = new Series(12, 50, -1, 0, -1, shortLoop);
            assertEquals(11, record(f).compiledLoopCount(), f::toString);
            assertSameAsPlainSweep(f, random);
        }
    }

    @Test
    void aRecordingThatEndsAtOrInAGuessedLoopsFirstIterationKeepsWhatWasRecorded() {
        Random random = new Random(3);
        for (int endAfter = 0; endAfter < 2; endAfter++) {
            Series f = new Series(12, 60, -1, 0, endAfter);
            assertEquals(11, record(f).compiledLoopCount(), f::toString);
            assertSameAsPlainSweep(f, random);
        }
    }
}
