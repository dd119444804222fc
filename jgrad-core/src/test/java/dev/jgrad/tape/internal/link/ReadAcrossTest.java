package dev.jgrad.tape.internal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.PlainSweep;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A loop that later loops read across at a step within its body (a mixture's precisions: one loop over the
 * components computes {@code exp} and a running sum per dimension, and every point's loop over the dimensions reads
 * every other of its slots) runs as plain instructions, made plain while recording once the first loop reading
 * across it is done; the program equals its plain sweep to the bit, wherever that loop lies among the others. Loops
 * read one term each by a loop reading across many of them (a point's log-sum-exp partials over its components' loops)
 * stay compiled.
 */
class ReadAcrossTest {

    /**
     * Component {@code c}'s term at the point whose {@code d} values start at input {@code pointAt}, one loop over the
     * dimensions: {@code mu_c0 / 2 + sum_e ((x_e - mu_ce) * prec_ce)^2}, the means {@code mu} the first inputs, without
     * precisions where {@code precision} is null.
     */
    private static int quadraticForm(Algebra g, int[] x, int d, int c, int pointAt, int[] precision) {
        int q = g.mul(x[c * d], 0.5);
        for (int e = 0; e < d; e++) {
            int z = g.sub(x[pointAt + e], x[c * d + e]);
            if (precision != null) {
                z = g.mul(z, precision[c * d + e]);
            }
            q = g.add(q, g.mul(z, z));
        }
        return q;
    }

    /** A point of {@code n} small values drawn from {@code random}. */
    private static double[] point(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.3 * random.nextGaussian();
        }
        return x;
    }

    /**
     * Per component, {@code d} precisions {@code exp(s_ce)} interleaved with a running sum of the {@code s_ce}
     * (a mixture's log-determinant); then per point and
     * component a loop over the dimensions, {@code q += ((x_pe - mu_ce) * prec_ce)^2}; with {@code before} points
     * traced before the precisions (their loops read only inputs), and outputs the sums and every point's terms.
     */
    private record Precisions(int d, int components, int points, int before) implements TracedVectorFunction {

        int inputs() {
            return 2 * components * d + points * d;
        }

        private int[] point(Algebra g, int[] x, int p, int[] precision) {
            int[] terms = new int[components];
            for (int c = 0; c < components; c++) {
                terms[c] = g.tanh(quadraticForm(g, x, d, c, 2 * components * d + p * d, precision));
            }
            return terms;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            int[] outputs = new int[points * components + components];
            int at = 0;
            for (int p = 0; p < before; p++) {
                for (int term : point(g, x, p, null)) {
                    outputs[at++] = term;
                }
            }
            int[] precision = new int[components * d];
            for (int c = 0; c < components; c++) {
                int sum = x[components * d + c * d];
                for (int e = 0; e < d; e++) {
                    precision[c * d + e] = g.exp(x[components * d + c * d + e]);
                    sum = g.add(sum, x[components * d + c * d + e]);
                }
                outputs[at++] = sum;
            }
            for (int p = before; p < points; p++) {
                for (int term : point(g, x, p, precision)) {
                    outputs[at++] = term;
                }
            }
            return outputs;
        }
    }

    /**
     * Per point, {@code components} loops over {@code d} dimensions, {@code q += (x_pe - mu_ce)^2}, then the
     * log-sum-exp of the components' terms, whose partials {@code exp(q_c - out)} one per term are a loop of their
     * own reading one slot of each component's loop: the point's value, summed over the points.
     */
    private record LogSumExpOverLoops(int d, int components, int points) implements TracedVectorFunction {

        int inputs() {
            return components * d + points * d;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            int total = g.constant(0);
            for (int p = 0; p < points; p++) {
                int[] terms = new int[components];
                for (int c = 0; c < components; c++) {
                    terms[c] = quadraticForm(g, x, d, c, components * d + p * d, null);
                }
                total = g.add(total, g.logsumexp(terms));
            }
            return new int[] {total};
        }
    }

    @Test
    void loopsReadOneTermEachByALoopAcrossThemStayCompiled() {
        // ten points: from the fourth on, a point's component loops are a quarter of the recording or less, and
        // were made plain while recording once its log-sum-exp's loop was done; the workspace then had a position
        // for every slot
        LogSumExpOverLoops f = new LogSumExpOverLoops(64, 64, 10);
        double[] x = point(new Random(11), f.inputs());
        Tape looped = PlainSweep.assertSameJacobian(f, x, f.toString());
        assertEquals(f.points() * f.components(), looped.compiledLoopCount(), f::toString);
        assertTrue(looped.workspaceBytes() < 2L * looped.instructionCount(),
                () -> looped.workspaceBytes() + " workspace bytes for " + looped.instructionCount() + " instructions");
    }

    @Test
    void aLoopReadAcrossWhileRecordingRunsPlainAndEveryOtherLoopCompiles() {
        Random random = new Random(7);
        for (int before : new int[] {0, 3}) {
            for (int d : new int[] {64, 80}) {
                Precisions f = new Precisions(d, 10, 12, before);
                double[] x = point(random, f.inputs());
                Tape looped = PlainSweep.assertSameJacobian(f, x, f.toString());
                // every point's loops compiled; the precisions' loop plain
                assertEquals(f.points() * f.components(), looped.compiledLoopCount(), f::toString);
            }
        }
    }
}
