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
}
