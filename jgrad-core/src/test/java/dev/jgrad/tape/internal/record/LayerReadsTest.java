package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.PlainSweep;
import org.junit.jupiter.api.Test;

/**
 * A layer's dot products read the layer before one value per unit, at a step longer than their own body: where those
 * units are one loop (a narrow input, so each unit is one iteration of a loop over units), the dot products are loops
 * too; where each unit is a loop of its own, with its value between two of them, the dot products stay plain and the
 * units stay loops (reading across them would make them plain at link time). Each program is compared with its plain
 * sweep to the bit.
 */
class LayerReadsTest {

    /**
     * Two dense layers over each of {@code examples} rows: {@code h_j = relu(b_j + sum_i w_ji x_i)}, then per output
     * {@code y_k = sum_j v_kj h_j}, every product recorded one by one. Inputs: {@code w}, {@code b}, {@code v}, then
     * the rows.
     */
    private record Layers(int in, int hidden, int out, int examples) implements TracedVectorFunction {

        int inputs() {
            return hidden * in + hidden + out * hidden + examples * in;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            int b = hidden * in;
            int v = b + hidden;
            int[] y = new int[examples * out];
            for (int e = 0; e < examples; e++) {
                int row = v + out * hidden + e * in;
                int[] h = new int[hidden];
                for (int j = 0; j < hidden; j++) {
                    int acc = x[b + j];
                    for (int i = 0; i < in; i++) {
                        acc = g.add(acc, g.mul(x[j * in + i], x[row + i]));
                    }
                    h[j] = g.relu(acc);
                }
                for (int k = 0; k < out; k++) {
                    int acc = g.mul(x[v + k * hidden], h[0]);
                    for (int j = 1; j < hidden; j++) {
                        acc = g.add(acc, g.mul(x[v + k * hidden + j], h[j]));
                    }
                    y[e * out + k] = acc;
                }
            }
            return y;
        }
    }

    @Test
    void dotProductsOverTheUnitsOfOneLoopAreLoops() {
        for (int hidden : new int[] {100, 200}) {
            Layers f = new Layers(10, hidden, 10, 3);
            Tape tape = PlainSweep.assertSameJacobian(f, PlainSweep.gaussianPoint(f.inputs(), hidden), f.toString());
            assertEquals(f.examples() * (1 + f.out()), tape.compiledLoopCount(),
                    f + ": per example the units' loop and one per output");
        }
    }

    /**
     * Six examples: linking makes the loops a loop reads across plain while recording once they hold at most a
     * quarter of the instructions so far, which one example's units do from the fourth on.
     */
    @Test
    void dotProductsAcrossUnitsThatAreLoopsLeaveThemLoops() {
        Layers f = new Layers(300, 100, 10, 6);
        Tape tape = PlainSweep.assertSameJacobian(f, PlainSweep.gaussianPoint(f.inputs(), 3), f.toString());
        assertEquals(f.examples() * f.hidden(), tape.compiledLoopCount(),
                f + ": per example one loop per unit, the outputs plain");
    }
}
