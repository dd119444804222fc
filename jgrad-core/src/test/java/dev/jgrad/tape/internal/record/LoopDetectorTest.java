package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the detector offers the finder: for instructions whose shape carries an index (data inputs, custom rules), a
 * run of one index repeated is a period, a run of indices counting up is none, since no loop can hold it; a loop after
 * instructions without any is offered where its extent ends, wherever it starts among the batches sampled quietly; a
 * loop whose body repeats a shorter period inside is offered at its own; a run that ended short of a loop is none; a
 * loop among short runs is offered where its extent ends.
 */
class LoopDetectorTest {

    /** The slots below it are inputs in the windows made here. */
    private static final int INPUTS = 100_000;

    private static int firstPeriodOffered(int[] dataIndices) {
        Window w = new Window(100, true);
        for (int index : dataIndices) {
            w.emitData(index);
        }
        w.settle();
        return new LoopDetector(w, (lo, hi, stride) -> true).nextPeriod();
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
                assertOfferedAtItsExtent(w, random, period, start);
            }
        }
    }

    /**
     * Nine output units of 50 products over 50 hidden values: a run of period 100 and 900 instructions, offered
     * whatever its phase. Periods over 96 were sampled every 256 instructions, which needed 968 of them before a run
     * of period 100 was offered: an MLP step's output layer of ten such units made no loop once its first was left
     * out.
     */
    @Test
    void nineUnitsOf100InstructionsAreOfferedWhateverTheirPhase() {
        for (int shift = 0; shift < 256; shift += 7) {
            Window w = new Window(INPUTS, true);
            Random random = new Random(shift);
            emitNoise(w, random, 2 * LoopDetector.MAX_BODY + shift);
            emitUnits(w, 9, 50);
            emitNoise(w, random, 700);
            w.settle();
            LoopDetector detector = new LoopDetector(w, (lo, hi, stride) -> true);
            int offered = detector.nextPeriod();
            assertEquals(100, offered, "nine units after " + shift + " more instructions of noise");
            Loop loop = detector.loopAt(detector.candidateStart(offered), offered);
            assertTrue(loop != null && loop.length == 100, "a loop of the units' length");
        }
    }

    /**
     * Four units of 25 to 63 products (periods 50 to 126) between stretches of noise: four iterations are a loop
     * ({@code MIN_COUNT}) whatever the body's length over 48 (with more products, a unit's pairs make a loop of their
     * own first). Periods from 49 were sampled every 128 instructions and
     * needed a run of twice the period plus three samples, 516 instructions at period 66: a mixture's four to seven
     * components over 16 dimensions were no loop.
     */
    @Test
    void fourUnitsOfAnyBodyOver48InstructionsAreOfferedWhateverTheirPhase() {
        for (int m : new int[] {25, 33, 40, 48, 49, 60, 63}) {
            for (int shift = 0; shift < 256; shift += 11) {
                Window w = new Window(INPUTS, true);
                Random random = new Random(31L * m + shift);
                int start = 2 * LoopDetector.MAX_BODY + shift;
                emitNoise(w, random, start);
                emitUnits(w, 4, m);
                emitNoise(w, random, 700);
                w.settle();
                LoopDetector detector = new LoopDetector(w, (lo, hi, stride) -> true);
                int offered = detector.nextPeriod();
                String what = "four units of " + m + " products after " + shift + " more instructions of noise";
                assertEquals(2 * m, offered, what);
                Loop loop = detector.loopAt(detector.candidateStart(offered), offered);
                assertNotNull(loop, what);
                assertEquals(start + 8 * m, detector.foundEnd(), what + ": the loop's end");
            }
        }
    }

    @Test
    void unitsOfDotProductsAreOfferedAtTheUnitsLengthThoughTheirPairsRepeatInside() {
        // a layer's units: m products summed onto a bias each, so runs of period 2 end at every unit, too short for
        // a loop of pairs, and the units repeat at 2m; a multiple of 2 is not followed beside the pairs' run, and the
        // units' period must still be found where that run ends
        for (int m : new int[] {8, 20, 33, 50, 62}) {
            int length = 2 * m;
            Window w = new Window(INPUTS, true);
            Random random = new Random(m);
            int start = 2 * LoopDetector.MAX_BODY + random.nextInt(256);
            emitNoise(w, random, start);
            int units = LoopDetector.minExtent(length) / m + 3;
            emitUnits(w, units, m);
            emitNoise(w, random, 700);
            w.settle();
            LoopDetector detector = new LoopDetector(w, (lo, hi, stride) -> true);
            int offered = detector.nextPeriod();
            assertEquals(length, offered, m + " products per unit");
            Loop loop = detector.loopAt(detector.candidateStart(offered), offered);
            assertNotNull(loop, m + " products per unit");
            assertEquals(start + units * length, detector.foundEnd(), m + " products per unit: the loop's end");
        }
    }

    @Test
    void aRunEndedShortOfALoopsExtentInWholeIterationsGivesNoLoop() {
        // units of 50 products end before, near and after the extent a loop of 100 needs
        int length = 100;
        int extent = LoopDetector.minExtent(length);
        int taken = 0;
        for (int units = extent / length - 2; units <= extent / length + 3; units++) {
            Window w = new Window(INPUTS, true);
            Random random = new Random(units);
            emitNoise(w, random, 2 * LoopDetector.MAX_BODY + random.nextInt(256));
            emitUnits(w, units, length / 2);
            emitNoise(w, random, 700);
            w.settle();
            LoopDetector detector = new LoopDetector(w, (lo, hi, stride) -> true);
            for (int p = detector.nextPeriod(); p > 0; p = detector.nextPeriod()) {
                Loop loop = detector.loopAt(detector.candidateStart(p), p);
                if (loop != null) {
                    int iterations = (detector.foundEnd() - w.index(loop.firstSlot)) / p;
                    assertTrue(iterations * p >= LoopDetector.minExtent(p), units + " units: a loop of " + iterations
                            + " iterations of " + p + " ended short of " + LoopDetector.minExtent(p));
                    taken++;
                }
            }
        }
        assertTrue(taken > 0, "the longer layers are loops");
    }

    @Test
    void aLoopAmongShortRunsIsOfferedAtItsExtentWhateverItsPhase() {
        // quadratic forms of twelve dimensions (period 4, too short to be loops) trigger the samples of several
        // periods every few dozen instructions, so stretches sampled quietly stop at them; a loop among them must
        // still be offered where its extent ends, as if every instruction had been looked at
        for (int period : new int[] {3, 4, 16, 40, 64, 120}) {
            for (int shift = 0; shift < 256; shift += 7) {
                Random random = new Random(17L * period + shift);
                Window w = new Window(INPUTS, true);
                emitNoise(w, random, 2 * LoopDetector.MAX_BODY);
                int forms = 0;
                while (w.count < 2 * LoopDetector.MAX_BODY + 600 + shift) {
                    emitQuadraticForm(w, 12, 40_000 + 64 * forms++);
                    emitNoise(w, random, 3);
                }
                int start = w.count;
                int extent = LoopDetector.minExtent(period);
                for (int i = 0; i < extent + 3 * period; i++) {
                    int t = i % period;
                    int k = i / period;
                    w.emitBinary(t % 3 == 0 ? Codes.MUL : Codes.ADD, 3 * t + k * (t + 1), 70_000 + t + k * period);
                }
                assertOfferedAtItsExtent(w, random, period, start);
            }
        }
    }

    @Test
    void theDetectorIdlesAmongShortRunsThatMakeNoLoopAndNotAmongInstructionsWithoutRuns() {
        Random random = new Random(5);
        Window noise = new Window(INPUTS, true);
        emitNoise(noise, random, 200_000);
        noise.settle();
        LoopDetector quiet = new LoopDetector(noise, (lo, hi, stride) -> true);
        assertEquals(0, quiet.nextPeriod());
        assertFalse(quiet.idles(), "instructions without runs count no run back");

        Window forms = new Window(INPUTS, true);
        emitNoise(forms, random, 2 * LoopDetector.MAX_BODY);
        emitQuadraticForms(forms, random, 200_000);
        forms.settle();
        LoopDetector busy = new LoopDetector(forms, (lo, hi, stride) -> true);
        assertEquals(0, busy.nextPeriod(), "quadratic forms over 24 dimensions are too short for loops");
        assertTrue(busy.idles(), "short runs counted back every few dozen instructions");
        busy.reset();
        assertFalse(busy.idles(), "a loop taken ends the idling");
    }

    @Test
    void aLongLoopAfterShortRunsIsFoundWholeThoughTheDetectorIdles() {
        // after 200,000 instructions of runs too short for loops the detector looks at one stretch in several; a
        // loop longer than the stretches it skips is still found, from its first iteration on, in whatever phase
        for (int shift = 0; shift < 8192; shift += 997) {
            Random random = new Random(shift);
            Window w = new Window(INPUTS, true);
            emitNoise(w, random, 2 * LoopDetector.MAX_BODY + shift);
            emitQuadraticForms(w, random, 200_000);
            emitNoise(w, random, 5);
            int start = w.count;
            int period = 3;
            int iterations = 6000;
            for (int k = 0; k < iterations; k++) {
                w.emitBinary(Codes.MUL, 2 * k, 70_000 + k);
                w.emitBinary(Codes.ADD, 3 * k + 1, 80_000);
                w.emitBinary(Codes.SUB, 4 * k + 1, 90_000 + 2 * k);
            }
            emitNoise(w, random, 700);
            w.settle();
            LoopDetector detector = new LoopDetector(w, (lo, hi, stride) -> true);
            int offered = detector.nextPeriod();
            assertTrue(detector.idles(), "shift " + shift + ": the short runs before the loop make it idle");
            assertEquals(period, offered, "shift " + shift);
            Loop loop = detector.loopAt(detector.candidateStart(offered), offered);
            assertNotNull(loop, "shift " + shift);
            assertEquals(w.slot(start), loop.firstSlot, "shift " + shift + ": the loop's first slot");
            assertEquals(start + period * iterations, detector.foundEnd(), "shift " + shift + ": the loop's end");
        }
    }

    @Test
    void followingRunsQuietlyOffersWhatLookingAtEachInstructionOffers() {
        // random mixes of noise, quadratic forms, layers of units and loops of every length, short of their extent
        // or past it; fewer instructions than decide whether to idle, where the two count runs back differently
        for (int seed = 0; seed < 150; seed++) {
            Random random = new Random(seed);
            Window w = new Window(INPUTS, true);
            emitNoise(w, random, 2 * LoopDetector.MAX_BODY);
            while (w.count < 25_000) {
                switch (random.nextInt(4)) {
                    case 0 -> emitNoise(w, random, random.nextInt(300));
                    case 1 -> {
                        int d = 2 + random.nextInt(40);
                        for (int forms = 1 + random.nextInt(12); forms > 0; forms--) {
                            emitQuadraticForm(w, d, 40_000 + 64 * random.nextInt(20));
                            emitNoise(w, random, random.nextInt(4));
                        }
                    }
                    case 2 -> emitUnits(w, 1 + random.nextInt(12), 2 + random.nextInt(60));
                    default -> {
                        int period = 1 + random.nextInt(LoopDetector.MAX_BODY);
                        int iterations = 1 + random.nextInt(2 * LoopDetector.minExtent(period) / period + 2);
                        int base = random.nextInt(1 << 16);
                        for (int k = 0; k < iterations; k++) {
                            for (int t = 0; t < period; t++) {
                                w.emitBinary(t % 3 == 0 ? Codes.MUL : Codes.ADD, base + 3 * t + k * (t % 5 + 1),
                                        70_000 + t + k * period);
                            }
                        }
                    }
                }
            }
            w.settle();
            assertEquals(offers(new LoopDetector(w, (lo, hi, stride) -> true).followingOneAtATime()),
                    offers(new LoopDetector(w, (lo, hi, stride) -> true)), "seed " + seed);
        }
    }

    /**
     * Each period the detector offers over the whole window, with where its loop would start and the counts it
     * keeps then, and the counts it keeps at the end.
     */
    private static List<String> offers(LoopDetector detector) {
        List<String> offers = new ArrayList<>();
        for (int p = detector.nextPeriod(); p > 0; p = detector.nextPeriod()) {
            offers.add(p + " from " + detector.candidateStart(p) + ": " + detector.counts());
        }
        offers.add(detector.counts());
        return offers;
    }

    @Test
    void aBodyTooLargeForAKernelIsRefusedAgainButAnotherOfItsLengthIsFound() {
        // entries sum_k b_kj * c_kj (or b_kj / c_kj) over 94 terms, for each column j of two arrays whose rows lie
        // 100 slots apart: no entry a loop, a row of them a body too large for a kernel (every term reads two groups
        // too far apart to share a parameter; a row of a matrix product reads one group a term, the other operand
        // fixed), refused at every row in whatever phase; then a body of the same length with other operations,
        // which fits
        Random random = new Random(11);
        Window w = new Window(INPUTS, true);
        emitNoise(w, random, 2 * LoopDetector.MAX_BODY);
        int n = 94;
        int one = 60_004;
        // a product or a quotient per term, drawn once: an entry's terms make no run long enough to be a loop
        byte[] termCodes = new byte[n];
        for (int k = 0; k < n; k++) {
            termCodes[k] = random.nextBoolean() ? Codes.MUL : Codes.DIV;
        }
        int total = w.emitBinary(Codes.MUL, 60_000, 60_001);
        for (int row = 0; row < 3; row++) {
            for (int j = 0; j < n; j++) {
                int entry = w.emitBinary(Codes.MUL, 60_002, 60_003);
                for (int k = 0; k < n; k++) {
                    int b = 10_000 + k * 100 + j;
                    int c = 30_000 + k * 100 + j;
                    int product = w.emitBinary(termCodes[k], b, c);
                    w.edge(c, b, product);
                    w.edge(b, c, product);
                    int sum = w.emitBinary(Codes.ADD, entry, product);
                    w.edge(product, one, sum);
                    w.edge(entry, one, sum);
                    entry = sum;
                }
                int sum = w.emitBinary(Codes.ADD, total, entry);
                w.edge(entry, one, sum);
                w.edge(total, one, sum);
                total = sum;
            }
            emitNoise(w, random, 7 + row);
        }
        int length = 2 * n + 2;
        byte[] codes = new byte[length];
        for (int t = 0; t < length; t++) {
            codes[t] = new byte[] {Codes.ADD, Codes.SUB, Codes.MUL, Codes.DIV}[random.nextInt(4)];
        }
        int start = w.count;
        for (int j = 0; j < 3 * LoopDetector.minExtent(length) / length; j++) {
            int acc = w.emitBinary(Codes.SUB, 60_002, 60_003);
            for (int t = 1; t < length; t++) {
                acc = w.emitBinary(codes[t], acc, 20_000 + j);
            }
        }
        emitNoise(w, random, 700);
        w.settle();
        LoopDetector detector = new LoopDetector(w, (lo, hi, stride) -> true);
        int rowsRefused = 0;
        for (int p = detector.nextPeriod(); p > 0; p = detector.nextPeriod()) {
            Loop loop = detector.loopAt(detector.candidateStart(p), p);
            if (loop == null) {
                assertEquals(length, p, "only the rows are refused");
                rowsRefused++;
            } else {
                assertTrue(rowsRefused > 0, "the rows' body is too large for a kernel");
                assertEquals(length, loop.length, "the body of the rows' length that fits");
                assertEquals(w.slot(start), loop.firstSlot);
                return;
            }
        }
        throw new AssertionError("the body that fits was not found after " + rowsRefused + " rows refused");
    }

    /** Quadratic forms over 24 dimensions, a few other instructions after each, up to {@code count} instructions. */
    private static void emitQuadraticForms(Window w, Random random, int count) {
        for (int forms = 0, end = w.count + count; w.count < end; forms++) {
            emitQuadraticForm(w, 24, 40_000 + 32 * (forms % 8));
            emitNoise(w, random, 4);
        }
    }

    /** A sum of {@code d} squared differences, {@code q = q + (x_e - mu_e)^2}, as a mixture's component records it. */
    private static void emitQuadraticForm(Window w, int d, int mu) {
        int q = w.emitBinary(Codes.MUL, 60_000, 60_001);
        for (int e = 0; e < d; e++) {
            int z = w.emitBinary(Codes.SUB, 61_000 + e, mu + e);
            int square = w.emitBinary(Codes.MUL, z, z);
            q = w.emitBinary(Codes.ADD, q, square);
        }
    }

    /**
     * Asserts that a loop of {@code period} starting at window instruction {@code start}, the last instructions of
     * {@code w}, is the first period offered once noise follows it, and where its extent ends.
     */
    private static void assertOfferedAtItsExtent(Window w, Random random, int period, int start) {
        emitNoise(w, random, 700);
        w.settle();
        LoopDetector detector = new LoopDetector(w, (lo, hi, stride) -> true);
        int offered = detector.nextPeriod();
        assertEquals(period, offered, "period " + period + " after " + start + " instructions");
        assertEquals(start, detector.candidateStart(offered),
                "period " + period + " after " + start + " instructions: offered where its extent ends");
    }

    /** {@code units} sums of {@code m} products each onto a bias, weights and biases counting up, one row of data. */
    private static void emitUnits(Window w, int units, int m) {
        int weights = 1000;
        int biases = 50_000;
        int row = 60_000;
        for (int u = 0; u < units; u++) {
            int acc = biases + u;
            for (int i = 0; i < m; i++) {
                int product = w.emitBinary(Codes.MUL, weights + u * m + i, row + i);
                acc = w.emitBinary(Codes.ADD, acc, product);
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
