package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A recording long enough for the loop detector to idle: a mixture's log-likelihood over points whose quadratic forms
 * (24 dimensions) are too short to be loops, then sums long enough to be. The loops after the idling are still found
 * and compiled, and every tape gives the values and gradients of the tape recorded without loops, to the bit, at
 * points and data other than those it was recorded at.
 */
class IdleDetectorTest {

    private static final int D = 24;
    private static final int K = 3;
    private static final int POINTS = 600;
    private static final int TAIL = 3000;

    /** Inputs: means ({@code K x D}), log precisions, then {@code TAIL} more; data: the points. */
    private static int trace(Algebra g, int[] x, int[] z, int tailRepeats) {
        int total = g.constant(0);
        int[] terms = new int[K];
        for (int p = 0; p < POINTS; p++) {
            for (int c = 0; c < K; c++) {
                int q = g.constant(0);
                for (int e = 0; e < D; e++) {
                    int diff = g.mul(g.sub(z[p * D + e], x[c * D + e]), g.exp(x[K * D + c]));
                    q = g.add(q, g.mul(diff, diff));
                }
                terms[c] = g.mul(q, -0.5);
            }
            total = g.add(total, g.logsumexp(terms));
        }
        int tail = 2 * K * D;
        for (int r = 0; r < tailRepeats; r++) {
            int sum = g.constant(0);
            for (int i = 0; i + 1 < TAIL; i++) {
                int d = g.sub(x[tail + i + 1], g.mul(x[tail + i], x[tail + i]));
                sum = g.add(sum, g.mul(d, d));
            }
            total = g.add(total, g.mul(sum, 1.0 / (r + 1)));
        }
        return total;
    }

    @Test
    void loopsAfterTheDetectorIdledAreCompiledAndEqualTheSweepWithoutLoops() {
        int inputs = 2 * K * D + TAIL;
        for (int tailRepeats : new int[] {1, 3}) {
            Tape looped = Tape.traceData(inputs, POINTS * D, (g, x, z) -> new int[] {trace(g, x, z, tailRepeats)});
            Tape plain = Tape.traceData(inputs, POINTS * D, (g, x, z) -> new int[] {trace(g, x, z, tailRepeats)},
                    false);
            assertTrue(looped.instructionCount() > 200_000, "long enough to idle: " + looped.instructionCount());
            assertTrue(looped.compiledLoopCount() >= tailRepeats,
                    tailRepeats + " sums after the short runs: " + looped.compiledLoopCount() + " loops");
            Random random = new Random(tailRepeats);
            for (int trial = 0; trial < 2; trial++) {
                double[] x = CompiledLoopTest.point(random, inputs);
                for (int i = 0; i < inputs; i++) {
                    x[i] *= 0.3;
                }
                double[] z = CompiledLoopTest.point(random, POINTS * D);
                Workspace w = looped.newWorkspace();
                Workspace v = plain.newWorkspace();
                w.setData(z);
                v.setData(z);
                double[] grad = new double[inputs];
                double[] plainGrad = new double[inputs];
                assertEquals(v.gradient(x, plainGrad), w.gradient(x, grad), "trial " + trial);
                assertArrayEquals(plainGrad, grad, "trial " + trial);
            }
        }
    }
}
