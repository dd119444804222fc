package dev.jgrad.tape.internal.link;

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
 * What a loop's reverse sweep recomputes and what it reads back from the forward sweep: a value a few cheap ops away
 * from the iteration's reads is recomputed; one that would take a long chain of them (a unit's dot product, which
 * its ReLU's partial reads) is read back. Either way the sweep gives the bits of the recording without loops.
 */
class LoopSettlementTest {

    /**
     * A layer of {@code units} units over {@code in} inputs, {@code relu(sum_i w_ui x_i)} each, summed: the weights
     * first, then {@code x}; one loop over the units, each iteration a dot product unrolled.
     */
    private record Layer(int in, int units) implements TracedVectorFunction {

        int inputs() {
            return units * in + in;
        }

        @Override
        public int[] apply(Algebra g, int[] v) {
            int total = g.constant(0);
            for (int u = 0; u < units; u++) {
                int dot = g.mul(v[u * in], v[units * in]);
                for (int i = 1; i < in; i++) {
                    dot = g.add(dot, g.mul(v[u * in + i], v[units * in + i]));
                }
                total = g.add(total, g.relu(dot));
            }
            return new int[] {total};
        }
    }

    /** {@code relu(a_i b_i + c_i)} over {@code n} triples (a, b, c interleaved), summed. */
    private record ShortChains(int n) implements TracedVectorFunction {

        @Override
        public int[] apply(Algebra g, int[] v) {
            int total = g.constant(0);
            for (int i = 0; i < n; i++) {
                total = g.add(total, g.relu(g.add(g.mul(v[3 * i], v[3 * i + 1]), v[3 * i + 2])));
            }
            return new int[] {total};
        }
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    @Test
    void aUnitsDotProductIsReadBackForItsReluNotRecomputed() {
        Layer layer = new Layer(24, 40);
        List<Loop> loops = PlainSweep.programWithLoops(layer.inputs(), layer).loops();
        Loop units = loops.stream().filter(l -> l.count == layer.units()).findFirst().orElseThrow(
                () -> new AssertionError("no loop over the units: " + loops.size() + " loops"));
        assertTrue(count(units.recomputed) <= LoopSettlement.LONGEST_RECOMPUTATION,
                () -> count(units.recomputed) + " of " + units.length + " positions recomputed");
        assertTrue(count(units.kept) >= 1, "the dot product is read back");

        double[] x = PlainSweep.gaussianPoint(layer.inputs(), 3);
        Tape looped = PlainSweep.assertSameJacobian(layer, x, layer.toString());
        assertTrue(looped.compiledLoopCount() >= 1);
        double[] gradient = new double[x.length];
        looped.newWorkspace().gradient(x, gradient);
        // by hand: d/dw_ui = x_i [s_u > 0], d/dx_i = sum_u w_ui [s_u > 0], s_u = sum_i w_ui x_i
        int in = layer.in();
        int xAt = layer.units() * in;
        double[] fromX = new double[in];
        for (int u = 0; u < layer.units(); u++) {
            double s = 0;
            for (int i = 0; i < in; i++) {
                s += x[u * in + i] * x[xAt + i];
            }
            double active = s > 0 ? 1 : 0;
            for (int i = 0; i < in; i++) {
                assertEquals(x[xAt + i] * active, gradient[u * in + i], 1e-12);
                fromX[i] += x[u * in + i] * active;
            }
        }
        for (int i = 0; i < in; i++) {
            assertEquals(fromX[i], gradient[xAt + i], 1e-12);
        }
    }

    @Test
    void aValueAFewCheapOpsAwayIsRecomputedNotReadBack() {
        ShortChains f = new ShortChains(400);
        List<Loop> loops = PlainSweep.programWithLoops(3 * f.n(), f).loops();
        assertEquals(1, loops.size());
        Loop loop = loops.get(0);
        assertEquals(0, count(loop.kept), "nothing read back");
        assertTrue(count(loop.recomputed) >= 1, "the sum the ReLU's partial reads is recomputed");

        PlainSweep.assertSameJacobian(f, PlainSweep.gaussianPoint(3 * f.n(), 5), f.toString());
    }
}
