package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.testing.Parallel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@code loss.zeroGrad(); loss.backward()}, the shape of a ported micrograd training step: the backward pass reuses
 * the use counts its {@code zeroGrad} left rather than counting again, so these tests check that the results are
 * those of a graph that was never zeroed, and that counts are never reused where they no longer hold (another
 * root, a traversal in between, a second backward).
 */
class ZeroGradThenBackwardTest {

    /** Every node's gradient after one backward pass, in topological order. */
    private static double[] gradients(Value out) {
        return out.topologicalOrder().stream().mapToDouble(Value::grad).toArray();
    }

    @Property(tries = 300)
    void backwardAfterZeroGradGivesExactlyTheGradientsOfAFreshGraph(@ForAll long seed) {
        RandomGraphPropertyTest.Program program = RandomGraphPropertyTest.Program.random(seed);
        double[] x = new Random(seed).doubles(program.leaves(), -2, 2).toArray();
        Value fresh = program.run(Arrays.stream(x).mapToObj(Value::of).toArray(Value[]::new));
        Assume.that(Double.isFinite(fresh.data()));
        fresh.backward();
        double[] expected = gradients(fresh);

        Value zeroed = program.run(Arrays.stream(x).mapToObj(Value::of).toArray(Value[]::new));
        zeroed.backward();
        zeroed.zeroGrad();
        zeroed.backward();
        double[] actual = gradients(zeroed);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], "node " + i + " in topological order");
        }
    }

    @Test
    void aSecondBackwardCountsAgainAndLeavesAccumulate() {
        Value x = Value.of(3);
        Value square = x.mul(x);
        Value y = square.add(square);
        y.zeroGrad();
        y.backward();
        assertEquals(12.0, x.grad());
        y.backward();
        assertEquals(24.0, x.grad(), "d(2x²)/dx = 12, added twice");
        assertEquals(2.0, square.grad(), "interior gradients are recomputed, not added to");
    }

    @Test
    void countsOfAnEnclosingGraphAreNotTakenForANodeInsideIt() {
        Value x = Value.of(3);
        Value square = x.mul(x);
        Value inner = square.add(1);
        Value outer = inner.add(square);
        outer.zeroGrad();
        inner.backward();
        assertEquals(6.0, x.grad(), "d(x² + 1)/dx; the enclosing graph counted two uses of x², inner has one");
        assertEquals(1.0, square.grad());
    }

    @Test
    void aTraversalInBetweenMakesBackwardCountAgain() {
        Value w = Value.of(2);
        Value square = w.mul(w);
        Value y = square.add(square.mul(3));
        Value other = square.add(1);
        y.zeroGrad();
        other.backward();
        y.backward();
        assertEquals(4.0 + 16.0, w.grad(), "d(w² + 1)/dw, then d(4w²)/dw added to it");

        w.zeroGrad();
        y.zeroGrad();
        List<Value> order = y.topologicalOrder();
        assertEquals(y, order.get(order.size() - 1));
        y.backward();
        assertEquals(16.0, w.grad());
    }

    @Test
    void zeroGradAndBackwardOnSeveralThreadsAtOnceGiveTheSingleThreadedGradients() throws Exception {
        int threads = 4;
        double[] expected = new double[threads];
        for (int t = 0; t < threads; t++) {
            expected[t] = trainingSteps(t);
        }
        Parallel.run(threads, t -> assertEquals(expected[t], trainingSteps(t), "thread " + t));
    }

    /** A few hundred zeroGrad-then-backward steps on a small graph of this thread's own; returns the final weight. */
    private static double trainingSteps(int thread) {
        Value w = Value.of(0.1 * (thread + 1));
        for (int step = 0; step < 300; step++) {
            Value loss = Value.of(0);
            for (int i = 0; i < 20; i++) {
                Value error = w.mul(i / 20.0).sub(0.5 * i / 20.0);
                loss = loss.add(error.mul(error));
            }
            loss.zeroGrad();
            loss.backward();
            w.setData(w.data() - 0.1 * w.grad());
        }
        return w.data();
    }
}
