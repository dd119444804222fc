package dev.jgrad.tape.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A program lets go of its loops as linked once it is kept for replay ({@link Program#releaseLoops}, which every
 * tape does): their bodies were some 40 bytes per instruction of each loop that no repetition folds (an MLP step's
 * loop per example, 60 bytes per instruction of the tape in all where 11 remain).
 */
class ReleasedLoopsTest {

    /**
     * Per example, a layer of 6 units over 30 inputs (one loop of 6 iterations) and a loss that reads the unit of the
     * example's label, drawn at random, so that runs of examples that repeat are short and not folded.
     */
    private static final int IN = 30;
    private static final int UNITS = 6;
    private static final int EXAMPLES = 40;
    private static final int[] LABELS = new Random(3).ints(EXAMPLES, 0, UNITS).toArray();

    private static int[] loss(Algebra g, int[] x) {
        int loss = g.constant(0);
        int[] h = new int[UNITS];
        for (int b = 0; b < EXAMPLES; b++) {
            int row = UNITS * IN + b * IN;
            for (int u = 0; u < UNITS; u++) {
                int acc = x[u * IN];
                for (int i = 1; i < IN; i++) {
                    acc = g.add(acc, g.mul(x[u * IN + i], x[row + i]));
                }
                h[u] = g.tanh(acc);
            }
            loss = g.add(loss, g.sub(g.logsumexp(h), h[LABELS[b]]));
        }
        return new int[] {loss};
    }

    @Test
    void aProgramLetsGoOfItsLoopsAndItsTapeReplaysWithoutThem() {
        TracedVectorFunction f = ReleasedLoopsTest::loss;
        int n = UNITS * IN + EXAMPLES * IN;
        Program program = PlainSweep.programWithLoops(n, f);
        List<Loop> loops = program.loops();
        assertTrue(loops.size() >= EXAMPLES / 2, () -> loops.size() + " loops over " + EXAMPLES + " examples");
        WeakReference<Loop> first = new WeakReference<>(loops.get(0));
        long bytes = program.programBytes();
        int compiled = program.compiledLoopCount();
        loops.clear();

        program.releaseLoops();

        assertEquals(List.of(), program.loops());
        assertEquals(bytes, program.programBytes(), "the bytes counted are those replay keeps");
        assertEquals(compiled, program.compiledLoopCount());
        for (int i = 0; i < 20 && first.get() != null; i++) {
            System.gc();
        }
        assertNull(first.get(), "the first example's loop is still reachable");
        Tape tape = PlainSweep.assertSameJacobian(f, PlainSweep.gaussianPoint(n, 5), "after release");
        assertEquals(compiled, tape.compiledLoopCount());
    }
}
