package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.testing.Parallel;
import org.junit.jupiter.api.Test;

/** Deep graphs on the default thread stack, and independent graphs differentiated on several threads at once. */
class ScaleAndThreadsTest {

    private static final int MILLION = 1_000_000;

    @Test
    void millionNodeChainOnTheDefaultStack() {
        Value x = Value.of(0.5);
        Value y = x;
        for (int i = 0; i < MILLION; i++) {
            y = y.add(x);
        }
        y.backward();
        assertEquals(MILLION + 1.0, x.grad());
        assertEquals(0.5 * (MILLION + 1), y.data());
        y.zeroGrad();
        assertEquals(0.0, x.grad());
        assertEquals(MILLION + 1, y.topologicalOrder().size());
    }

    @Test
    void millionNodeChainOfMixedOpsWithExactGradient() {
        // y ← -(y · 1) + 0: each step flips the sign, so after an even number of steps dy/dx = 1 exactly.
        Value x = Value.of(3);
        Value y = x;
        for (int i = 0; i < MILLION / 4; i++) {
            y = y.mul(1).neg().add(0).neg();
        }
        y.backward();
        assertEquals(1.0, x.grad());
        assertEquals(3.0, y.data());
    }

    /** The seed's second expression at {@code (a, b)}: returns {@code {g, dg/da, dg/db}}. */
    private static double[] seedExpression(double a0, double b0) {
        Value a = Value.of(a0);
        Value b = Value.of(b0);
        Value c = a.add(b);
        Value d = a.mul(b).add(b.pow(3));
        c = c.add(c).add(1);
        c = c.add(1).add(c).add(a.neg());
        d = d.add(d.mul(2)).add(b.add(a).relu());
        d = d.add(d.mul(3)).add(b.sub(a).relu());
        Value g = c.sub(d).pow(2).div(2);
        g = g.add(Value.of(10).div(c.sub(d).pow(2)));
        g.backward();
        return new double[] {g.data(), a.grad(), b.grad()};
    }

    /** A chain that mixes the seed's result into a deep graph, so each thread traverses many nodes. */
    private static double[] deepWork(int thread, int round) {
        double[] seed = seedExpression(-4 - thread, 2 + round % 3);
        Value x = Value.of(seed[0] / 1000);
        Value y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.add(x.mul(x)).tanh().add(x);
        }
        y.backward();
        return new double[] {seed[0], seed[1], seed[2], y.data(), x.grad()};
    }

    @Test
    void independentGraphsOnSeveralThreadsGiveTheSingleThreadedResults() throws Exception {
        int threads = 4;
        int rounds = 5;
        double[][][] expected = new double[threads][rounds][];
        for (int t = 0; t < threads; t++) {
            for (int r = 0; r < rounds; r++) {
                expected[t][r] = deepWork(t, r);
            }
        }
        Parallel.run(threads, t -> {
            for (int r = 0; r < rounds; r++) {
                double[] actual = deepWork(t, r);
                for (int k = 0; k < expected[t][r].length; k++) {
                    assertEquals(expected[t][r][k], actual[k], "thread " + t + " round " + r + " value " + k);
                }
            }
        });
        assertEquals(24.70408163265306, expected[0][0][0], 1e-9);
        assertEquals(138.83381924198252, expected[0][0][1], 1e-9);
        assertEquals(645.5772594752186, expected[0][0][2], 1e-9);
    }
}
