package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What the detector offers the finder for instructions whose shape carries an index (data inputs, custom rules): a
 * run of one index repeated is a period, a run of indices counting up is none, since no loop can hold it.
 */
class LoopDetectorTest {

    private static int firstPeriodOffered(int[] dataIndices) {
        Window w = new Window(100, true);
        for (int index : dataIndices) {
            w.emitData(index);
        }
        w.settle();
        return new LoopDetector(w).nextPeriod();
    }

    @Test
    void dataInputsDeclaredOneAfterAnotherOfferNoPeriod() {
        int[] indices = new int[4 * LoopDetector.KEEP];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        assertEquals(0, firstPeriodOffered(indices), "a batch declared element by element is no loop");
    }

    @Test
    void oneDataInputReadOverAndOverIsOfferedAsAPeriodOfOne() {
        int[] indices = new int[4 * LoopDetector.KEEP];
        Arrays.fill(indices, 17);
        assertEquals(1, firstPeriodOffered(indices));
    }

    @Test
    void dataInputsRepeatingWithABodyAreOfferedAtItsPeriod() {
        int[] indices = new int[4 * LoopDetector.KEEP];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = 1000 + 31 * (i % 3);
        }
        assertEquals(3, firstPeriodOffered(indices));
    }
}
