package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/** Counts from the command line are checked before anything is allocated, and histories stay bounded. */
class CountLimitsTest {

    private static void assertRefusedQuickly(String expected, String... args) {
        Cli.Result result = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run(args));
        assertEquals(2, result.status(), result.err());
        assertEquals(expected, result.err());
    }

    @Test
    void hugeStepAndVariableCountsAreInputErrors() {
        assertRefusedQuickly("jgrad: --steps must be at most 1000000, got 2000000000\n",
                "demo", "--steps", "2000000000");
        assertRefusedQuickly("jgrad: --steps must be at most 1000000, got 1000001\n",
                "demo", "--steps", "1000001", "--compiled");
        assertRefusedQuickly("jgrad: --n must be at most 10000000, got 2147483647\n",
                "bench", "rosenbrock", "--n", "2147483647");
        assertRefusedQuickly("jgrad: --steps must be at most 1000000, got 2147483647\n",
                "bench", "moons", "--steps", "2147483647");
        assertTrue(Cli.run("demo", "--help").out().contains("1 to 1000000"));
        assertTrue(Cli.run("bench", "--help").out().contains("2 to 10000000"));
    }

    @Test
    void aHistoryKeepsEveryStepUpToItsCapacity() {
        History history = new History();
        for (int k = 1; k <= History.CAPACITY; k++) {
            history.add(k, -k);
        }
        assertEquals(History.CAPACITY, history.steps().length);
        assertEquals(History.CAPACITY, history.losses()[History.CAPACITY - 1]);
        assertEquals(-1, history.accuracies()[0]);
    }

    @Test
    void aLongHistoryIsEvenlyThinnedAndBounded() {
        History history = new History();
        int steps = 10 * History.CAPACITY + 5;
        for (int k = 1; k <= steps; k++) {
            history.add(k, k / 2.0);
        }
        double[] kept = history.steps();
        assertTrue(kept.length <= History.CAPACITY && kept.length > History.CAPACITY / 4, kept.length + " kept");
        // 10 C + 5 steps: the stride grew to 16, so steps 1, 17, 33, ... are kept
        assertEquals(1, kept[0]);
        double stride = kept[1] - kept[0];
        assertEquals(16, stride);
        for (int i = 1; i < kept.length; i++) {
            assertEquals(stride, kept[i] - kept[i - 1]);
        }
        assertTrue(kept[kept.length - 1] > steps - stride);
        assertArrayEquals(kept, history.losses());
        for (int i = 0; i < kept.length; i++) {
            assertEquals(kept[i] / 2, history.accuracies()[i]);
        }
    }
}
