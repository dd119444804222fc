package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.tape.internal.Codes;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the detector offers the finder: for instructions whose shape carries an index (data inputs, custom rules), a
 * run of one index repeated is a period, a run of indices counting up is none, since no loop can hold it; a loop after
 * instructions without any is offered where its extent ends, wherever it starts among the batches sampled quietly.
 */
class LoopDetectorTest {

    private static int firstPeriodOffered(int[] dataIndices) {
        Window w = new Window(100, true);
        for (int index : dataIndices) {
            w.emitData(index);
        }
        w.settle();
        return new LoopDetector(w, 100).nextPeriod();
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

    @Test
    void aLoopAfterQuietInstructionsIsOfferedAtItsExtentWhateverItsPhase() {
        for (int period : new int[] {1, 2, 5, 16, 31, 48, 49, 64, 96, 97, 150, LoopDetector.MAX_BODY}) {
            for (int shift = 0; shift < 2 * 256; shift += period % 2 == 0 ? 3 : 1) {
                Random random = new Random(31L * period + shift);
                Window w = new Window(100, true);
                int start = 2 * LoopDetector.MAX_BODY + shift;
                emitNoise(w, random, start);
                int extent = LoopDetector.minExtent(period);
                int[] bases = new int[period];
                int[] strides = new int[period];
                byte[] codes = new byte[period];
                for (int t = 0; t < period; t++) {
                    bases[t] = random.nextInt(50);
                    strides[t] = 1 + random.nextInt(4);
                    codes[t] = random.nextBoolean() ? Codes.ADD : Codes.MUL;
                }
                for (int i = 0; i < extent + 3 * period; i++) {
                    int t = i % period;
                    int k = i / period;
                    w.emitBinary(codes[t], bases[t] + k * strides[t], bases[t] + 7 + k * strides[t]);
                }
                emitNoise(w, random, 700);
                w.settle();
                LoopDetector detector = new LoopDetector(w, 100);
                int offered = detector.nextPeriod();
                assertEquals(period, offered, "period " + period + " after " + start + " instructions");
                assertEquals(start, detector.candidateStart(offered),
                        "period " + period + " after " + start + " instructions: offered where its extent ends");
            }
        }
    }

    /** Instructions on random slots, whose hashes make no run. */
    private static void emitNoise(Window w, Random random, int count) {
        for (int i = 0; i < count; i++) {
            w.emitBinary(Codes.SUB, random.nextInt(1 << 20), random.nextInt(1 << 20));
        }
    }
}
