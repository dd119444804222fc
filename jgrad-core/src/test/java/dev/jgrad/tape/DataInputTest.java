package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Data inputs: rebound at every replay, never differentiated, and free for the reverse sweep. Checked against
 * the same function with the data baked in as constants (which the tape has always treated as passive), against
 * {@link Value#backward()} with the data as {@link Value#constant} leaves, and against central finite differences.
 */
class DataInputTest {

    /** A function of 3 inputs and 4 data with active, passive (data only) and mixed operations. */
    private static int f(Algebra g, int[] x, int[] z) {
        int a = g.add(g.mul(x[0], g.exp(z[0])), g.sin(g.mul(x[1], z[1])));
        int b = g.add(g.tanh(g.mul(z[2], z[3])), g.mul(z[0], z[0]));
        int c = g.div(x[2], g.add(g.constant(1), g.mul(z[3], z[3])));
        return g.add(g.add(g.mul(a, b), c), g.pow(x[0], 2.0));
    }

    /** The same function over values: {@code x} leaves that require gradients, {@code z} whatever is given. */
    private static Value f(Value[] x, Value[] z) {
        Value a = x[0].mul(z[0].exp()).add(x[1].mul(z[1]).sin());
        Value b = z[2].mul(z[3]).tanh().add(z[0].mul(z[0]));
        Value c = x[2].div(Value.constant(1).add(z[3].mul(z[3])));
        return a.mul(b).add(c).add(x[0].pow(2.0));
    }

    private static Value[] values(double[] v, boolean requiresGrad) {
        Value[] out = new Value[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = requiresGrad ? Value.of(v[i]) : Value.constant(v[i]);
        }
        return out;
    }

    @Test
    void dataCostTheReverseSweepWhatConstantsCost() {
        Tape withData = Tape.traceData(3, 4, (g, x, z) -> new int[] {f(g, x, z)});
        Tape allInputs = Tape.traceAll(7, (g, x) -> new int[] {f(g, Arrays.copyOf(x, 3), Arrays.copyOfRange(x, 3, 7))});
        double[] z = {0.3, -1.2, 0.8, 2.0};
        Tape baked = Tape.traceAll(3, (g, x) -> {
            int[] constants = new int[z.length];
            for (int i = 0; i < z.length; i++) {
                constants[i] = g.constant(z[i]);
            }
            return new int[] {f(g, x, constants)};
        });
        assertEquals(3, withData.inputCount());
        assertEquals(4, withData.dataCount());
        assertEquals(baked.edgeCount(), withData.edgeCount(), "edges with data vs the data as constants");
        assertTrue(withData.edgeCount() < allInputs.edgeCount(),
                withData.edgeCount() + " edges with data, " + allInputs.edgeCount() + " with the data as inputs");

        Workspace w = withData.newWorkspace();
        w.setData(z);
        double[] x = {0.7, -0.4, 1.5};
        double[] grad = new double[3];
        double[] bakedGrad = new double[3];
        assertEquals(baked.newWorkspace().gradient(x, bakedGrad), w.gradient(x, grad));
        assertArrayEquals(bakedGrad, grad);
    }

    @Test
    void replaysWithNewDataEqualTheValueEngineAndFiniteDifferences() {
        Random random = new Random(12);
        for (boolean compileLoops : new boolean[] {true, false}) {
            Tape tape = Tape.traceData(3, 4, (g, x, z) -> new int[] {f(g, x, z)}, compileLoops);
            Workspace w = tape.newWorkspace();
            double previous = Double.NaN;
            double[] x = CompiledLoopTest.point(random, 3);
            for (int trial = 0; trial < 20; trial++) {
                double[] z = CompiledLoopTest.point(random, 4);
                w.setData(z);
                double[] grad = new double[3];
                double value = w.gradient(x, grad);
                assertNotEquals(previous, value, "a replay with new data changes the result");
                previous = value;

                Value[] xs = values(x, true);
                Value out = f(xs, values(z, false));
                out.backward();
                assertEquals(out.data(), value, 1e-12 * (1 + Math.abs(value)));
                for (int i = 0; i < 3; i++) {
                    assertEquals(xs[i].grad(), grad[i], 1e-12 * (1 + Math.abs(grad[i])), "d/dx" + i);
                    double h = 1e-6 * (1 + Math.abs(x[i]));
                    double[] up = x.clone();
                    double[] down = x.clone();
                    up[i] += h;
                    down[i] -= h;
                    double fd = (w.value(up) - w.value(down)) / (2 * h);
                    assertEquals(fd, grad[i], 1e-6 * (1 + Math.abs(fd)), "finite difference d/dx" + i);
                }
            }
        }
    }

    @Test
    void aRecordedGraphWithDataEqualsBackwardBitForBitAtEveryBinding() {
        Random random = new Random(3);
        double[] x = CompiledLoopTest.point(random, 3);
        double[] z0 = CompiledLoopTest.point(random, 4);
        Value[] xs = values(x, true);
        Value[] zs = values(z0, true);
        Tape tape = Tape.record(List.of(f(xs, zs)), List.of(xs), List.of(zs), true);
        Workspace w = tape.newWorkspace();
        for (int trial = 0; trial < 5; trial++) {
            double[] z = trial == 0 ? z0 : CompiledLoopTest.point(random, 4);
            if (trial > 0) {
                w.setData(z);
            }
            Value[] fresh = values(x, true);
            Value out = f(fresh, values(z, false));
            out.backward();
            double[] grad = new double[3];
            assertEquals(out.data(), w.gradient(x, grad), "trial " + trial);
            for (int i = 0; i < 3; i++) {
                assertEquals(fresh[i].grad(), grad[i], "d/dx" + i + " at trial " + trial);
            }
        }
    }

    @Test
    void aMonteCarloLoopOverDataIsCompiledAndEqualsThePlainSweep() {
        int paths = 2000;
        TracedDataFunction price = (g, p, z) -> {
            int s0 = p[0];
            int sigma = p[1];
            int drift = g.mul(g.mul(sigma, sigma), -0.5);
            int sum = g.constant(0);
            for (int i = 0; i < paths; i++) {
                int terminal = g.mul(s0, g.exp(g.add(g.mul(sigma, z[i]), drift)));
                sum = g.add(sum, g.relu(g.sub(terminal, 100.0)));
            }
            return new int[] {g.div(sum, (double) paths)};
        };
        Tape looped = Tape.traceData(2, paths, price, true);
        Tape plain = Tape.traceData(2, paths, price, false);
        assertTrue(looped.compiledLoopCount() > 0, "compiled loops: " + looped.compiledLoopCount());
        Random random = new Random(7);
        Workspace a = looped.newWorkspace();
        Workspace b = plain.newWorkspace();
        double[] p = {100, 0.2};
        for (int trial = 0; trial < 3; trial++) {
            double[] z = CompiledLoopTest.point(random, paths);
            a.setData(z);
            b.setData(z);
            double[] ga = new double[2];
            double[] gb = new double[2];
            assertEquals(b.gradient(p, gb), a.gradient(p, ga));
            assertArrayEquals(gb, ga);

            Value[] ps = values(p, true);
            Value sum = Value.constant(0);
            Value drift = ps[1].mul(ps[1]).mul(-0.5);
            for (int i = 0; i < paths; i++) {
                Value terminal = ps[0].mul(ps[1].mul(Value.constant(z[i])).add(drift).exp());
                sum = sum.add(terminal.sub(100.0).relu());
            }
            Value mean = sum.div(paths);
            mean.backward();
            assertEquals(mean.data(), a.output(0), 1e-12 * mean.data());
            assertEquals(ps[0].grad(), ga[0], 1e-12 * Math.abs(ga[0]));
            assertEquals(ps[1].grad(), ga[1], 1e-12 * Math.abs(ga[1]));
        }
    }

    @Test
    void anOperationOnDataAloneInsideALoopEndsTheLoopWithoutChangingResults() {
        int n = 600;
        int odd = 400;
        // u[odd] depends on data alone, so y[odd] = u[odd] z[odd] is an operation on the slots the loop predicts
        // that needs no edge: the loop must end there and start again after it
        TracedDataFunction f = (g, x, z) -> {
            int[] u = new int[n];
            for (int i = 0; i < n; i++) {
                u[i] = g.mul(i == odd ? z[i] : x[i], z[i]);
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = g.mul(u[i], z[i]);
            }
            return y;
        };
        Tape looped = Tape.traceData(n, n, f, true);
        Tape plain = Tape.traceData(n, n, f, false);
        assertTrue(looped.compiledLoopCount() > 0);
        Random random = new Random(5);
        double[] x = CompiledLoopTest.point(random, n);
        double[] z = CompiledLoopTest.point(random, n);
        double[] weights = CompiledLoopTest.point(random, n);
        Workspace a = looped.newWorkspace();
        Workspace b = plain.newWorkspace();
        a.setData(z);
        b.setData(z);
        double[] ga = new double[n];
        double[] gb = new double[n];
        a.vjp(x, weights, ga);
        b.vjp(x, weights, gb);
        assertArrayEquals(gb, ga);
        for (int i = 0; i < n; i++) {
            assertEquals(i == odd ? 0 : weights[i] * z[i] * z[i], ga[i], "d/dx" + i);
        }
        assertEquals(z[odd] * z[odd] * z[odd], a.output(odd));
    }

    @Test
    void dataAreCheckedAndANewWorkspaceStartsFromTheRecording() {
        Tape traced = Tape.traceData(1, 4, (g, x, z) -> new int[] {g.add(x[0], z[3])});
        Workspace w = traced.newWorkspace();
        assertEquals(2, w.value(new double[] {2}), "traced data start at 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.setData(new double[2]));
        assertEquals("data has length 2 but the tape has 4 data inputs", e.getMessage());
        w.setData(new double[] {0, 0, 0, 5});
        assertEquals(7, w.value(new double[] {2}));

        Value x = Value.of(1);
        Value d = Value.of(10);
        Tape recorded = Tape.record(List.of(x.mul(d)), List.of(x), List.of(d), true);
        assertEquals(10, recorded.newWorkspace().value(new double[] {1}), "recorded data start at their values");
        assertEquals(0, Tape.trace(1, (g, v) -> v[0]).dataCount());
        List<Value> twice = new ArrayList<>(List.of(x));
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> Tape.record(List.of(x.mul(d)), twice, List.of(x), true));
        assertEquals("data 0 is the same node as input 0", same.getMessage());
    }
}
