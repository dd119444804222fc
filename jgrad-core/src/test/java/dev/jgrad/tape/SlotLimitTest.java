package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tape.internal.record.Recorder;
import org.junit.jupiter.api.Test;

/**
 * A tape's slots are {@code int}s: recording past {@link Tape#MAX_SLOTS} must say so, not wrap around. The limit is
 * reached cheaply by giving the recorder almost that many inputs (an input costs the recorder nothing).
 */
class SlotLimitTest {

    /** Records {@code sum += x[i] * x[i]} over the inputs from {@code first} on until the recorder refuses. */
    private static IllegalStateException recordPastTheLimit(Recorder g, int first) {
        return assertThrows(IllegalStateException.class, () -> {
            int sum = g.constant(0);
            for (int i = first; ; i++) {
                sum = g.add(sum, g.mul(i, i));
            }
        });
    }

    @Test
    void recordingPastTheLimitThrowsNamingIt() {
        for (boolean compileLoops : new boolean[] {true, false}) {
            // 3000 slots left: a found loop predicts most of the 2 instructions per iteration when the limit comes
            Recorder g = new Recorder(Tape.MAX_SLOTS - 3000, compileLoops);
            IllegalStateException e = recordPastTheLimit(g, 0);
            assertTrue(e.getMessage().contains("at most 2147483639 slots"), e.getMessage());
        }
    }

    @Test
    void theLimitIsJustBelowTwoToThe31() {
        assertEquals(Integer.MAX_VALUE - 8, Tape.MAX_SLOTS);
    }

    @Test
    void theRecordingStaysConsistentAtTheLimit() {
        // nothing is recorded by the operation refused: handles issued before it are still valid operands
        Recorder g = new Recorder(Tape.MAX_SLOTS - 300, true);
        recordPastTheLimit(g, 5);
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> g.mul(0, 1));
        assertTrue(again.getMessage().contains("at most 2147483639 slots"), again.getMessage());
    }

    @Test
    void moreInputsThanSlotsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tape.trace(Integer.MAX_VALUE, (g, x) -> x[0]));
        assertTrue(e.getMessage().contains("at most 2147483639"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Recorder(1, Tape.MAX_SLOTS, false));
        assertEquals("number of data inputs (2147483639) must be >= 0 and at most 2147483638 beside 1 input",
                e.getMessage());
    }
}
