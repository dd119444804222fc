package dev.jgrad.tape.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Loop#meet}, which decides how a kernel writes the adjoints two references may share, against trying every
 * iteration.
 */
class LoopMeetTest {

    @Test
    void twoProgressionsMeetExactlyWhenSomeIterationGivesBothTheSameSlot() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200_000; trial++) {
            int baseA = random.nextInt(60) - 30;
            int baseB = random.nextInt(60) - 30;
            int strideA = random.nextInt(13) - 6;
            int strideB = random.nextInt(13) - 6;
            int count = random.nextInt(8);
            boolean meets = false;
            for (int j = 0; j < count; j++) {
                meets |= baseA + j * strideA == baseB + j * strideB;
            }
            boolean sameProgression = baseA == baseB && strideA == strideB;
            // the same progression meets itself even with no iterations: callers never ask, and it always did
            assertEquals(meets || sameProgression, Loop.meet(baseA, strideA, baseB, strideB, count),
                    () -> baseA + " + j " + strideA + " and " + baseB + " + j " + strideB + ", " + count
                            + " iterations");
        }
    }
}
