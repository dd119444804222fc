package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.Rule;
import dev.jgrad.TestRules;
import dev.jgrad.testing.Parallel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A workspace replays for one thread at a time: a replay that starts while another runs in it throws instead of
 * mixing the two into wrong numbers, and a replay that throws leaves it usable.
 */
class WorkspaceOwnerTest {

    /**
     * f(x) = hold(x) * x, where hold is the identity whose value, while {@code inReplay} is not null, signals it and
     * waits for {@code release}: a replay paused in the middle, deterministically.
     */
    static final class Pausing {
        volatile CountDownLatch inReplay;
        volatile CountDownLatch release;
        volatile Runnable during;

        final Rule hold = new TestRules.TestRule("hold", 1) {
            @Override
            public double value(double a, double b, double c) {
                if (during != null) {
                    during.run();
                }
                if (inReplay != null) {
                    inReplay.countDown();
                    try {
                        release.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (a > 100) {
                    throw new ArithmeticException("hold is defined up to 100, not at " + a);
                }
                return a;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return g.constant(1);
            }
        };

        final Tape tape = Tape.trace(1, (g, x) -> g.mul(g.apply(hold, x[0], Algebra.NONE, Algebra.NONE), x[0]));
    }

    /** Every replay method of {@code w} at x = 3. */
    static List<Executable> replays(Workspace w) {
        double[] x = {3};
        return List.of(() -> w.value(x), () -> w.values(x, new double[1]), () -> w.gradient(x, new double[1]),
                () -> w.vjp(x, new double[] {1}, new double[1]),
                () -> w.jacobian(x, new double[][] {new double[1]}));
    }

    @Test
    void aReplayStartingOnAnotherThreadWhileOneRunsThrows() throws Exception {
        Pausing p = new Pausing();
        Workspace w = p.tape.newWorkspace();
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "replayer"));
        try {
            for (Executable concurrent : replays(w)) {
                p.inReplay = new CountDownLatch(1);
                p.release = new CountDownLatch(1);
                double[] grad = new double[1];
                Future<Double> first = other.submit(() -> w.gradient(new double[] {3}, grad));
                assertTrue(p.inReplay.await(1, TimeUnit.MINUTES));
                p.inReplay = null;
                IllegalStateException e = assertThrows(IllegalStateException.class, concurrent);
                assertTrue(e.getMessage().contains("in use by thread 'replayer'"), e.getMessage());
                assertTrue(e.getMessage().contains("one thread at a time"), e.getMessage());
                p.release.countDown();
                assertEquals(9, first.get(1, TimeUnit.MINUTES));
                assertEquals(6, grad[0]);
            }
        } finally {
            other.shutdownNow();
        }
        double[] grad = new double[1];
        assertEquals(16, w.gradient(new double[] {4}, grad));
        assertEquals(8, grad[0]);
    }

    @Test
    void aReplayStartedFromInsideAReplayOfTheSameWorkspaceThrows() {
        Pausing p = new Pausing();
        Workspace w = p.tape.newWorkspace();
        Consumer<Executable> reenter = replay -> p.during = () -> {
            p.during = null;
            IllegalStateException e = assertThrows(IllegalStateException.class, replay);
            assertTrue(e.getMessage().contains("same thread"), e.getMessage());
        };
        for (Executable replay : replays(w)) {
            reenter.accept(replay);
            double[] grad = new double[1];
            assertEquals(9, w.gradient(new double[] {3}, grad));
            assertArrayEquals(new double[] {6}, grad);
        }
    }

    @Test
    void aReplayThatThrowsLeavesTheWorkspaceUsable() {
        Pausing p = new Pausing();
        Workspace w = p.tape.newWorkspace();
        double[] grad = new double[1];
        double[] far = {200};
        for (Executable failing : List.<Executable>of(() -> w.value(far), () -> w.gradient(far, grad),
                () -> w.values(far, new double[1]), () -> w.vjp(far, new double[] {1}, grad),
                () -> w.jacobian(far, new double[][] {grad}))) {
            assertThrows(ArithmeticException.class, failing);
            assertEquals(25, w.gradient(new double[] {5}, grad));
            assertEquals(10, grad[0]);
        }
    }

    @Test
    void aCompiledLoopWhoseRuleThrowsLeavesTheWorkspaceUsable() {
        Pausing p = new Pausing();
        int n = 2000;
        Tape tape = Tape.trace(n, (g, x) -> {
            int sum = g.constant(0);
            for (int i = 0; i < n; i++) {
                sum = g.add(sum, g.mul(g.apply(p.hold, x[i], Algebra.NONE, Algebra.NONE), x[i]));
            }
            return sum;
        });
        assertTrue(tape.compiledLoopCount() > 0);
        Workspace w = tape.newWorkspace();
        double[] x = new double[n];
        Arrays.fill(x, 2);
        x[1500] = 200;
        double[] grad = new double[n];
        assertThrows(ArithmeticException.class, () -> w.gradient(x, grad));
        x[1500] = 3;
        assertEquals(4 * (n - 1) + 9, w.gradient(x, grad));
        assertEquals(4, grad[0]);
        assertEquals(6, grad[1500]);
    }

    @Test
    void workspacesOfOneTapeOnManyThreadsDoNotInterfere() throws Exception {
        Tape tape = Tape.trace(2, (g, x) -> g.mul(g.sin(x[0]), x[1]));
        Parallel.run(4, thread -> {
            Workspace w = tape.newWorkspace();
            double[] grad = new double[2];
            for (int i = 0; i < 20_000; i++) {
                double a = thread + i * 1e-4;
                assertEquals(Math.sin(a) * 2, w.gradient(new double[] {a, 2}, grad));
                assertEquals(Math.cos(a) * 2, grad[0]);
            }
        });
    }
}
