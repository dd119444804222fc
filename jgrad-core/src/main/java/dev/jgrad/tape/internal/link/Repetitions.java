package dev.jgrad.tape.internal.link;

import dev.jgrad.tape.internal.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds runs of segments that repeat into {@link Segment.Repeated} segments: where the same few segments (a compiled
 * loop and the plain instructions after it) recur with every slot moved by the same step each time, as they do for
 * each component of each point of a mixture model or each unit of a layer. Folding is repeated on its own result,
 * so a repetition of repetitions (components within points) becomes one nested segment.
 *
 * <p>Only exact repetitions are folded: each repetition's slots must equal the first's plus its index times the step,
 * for every slot, so the folded program does what the segments did, instruction for instruction. Runs are looked for
 * by a hash of each segment's slots, linear in them, so that a repetition is checked in one comparison per segment
 * and its slots only once the run is long enough to fold.
 */
public final class Repetitions {

    /** The most segments one repetition may have. */
    static final int LONGEST_PERIOD = 8;
    /**
     * The most slots one repetition may have. A sweep makes each repetition's slots before running it, which costs
     * about what reading them costs; segments with more (a layer's plain instructions for one sample) do enough work
     * that walking them one by one costs nothing noticeable, so folding them would only slow the sweeps.
     */
    static final int LARGEST_REPETITION = 4096;
    /**
     * The fewest repetitions folded. A repeated segment's sweep moves every moving slot of its first repetition once
     * per repetition, and keeps two ints per slot beside the first repetition's segments: two repetitions of a plain
     * piece replayed slower folded than not (an MLP step's examples, which repeat only while their labels do, mostly
     * twice: a 6-12-3 step's gradient took 1.3 times as long as with no loop compiled).
     */
    static final int FEWEST_REPETITIONS = 3;
    /**
     * The fewest repetitions folded where one repetition's plain instructions have more than {@link #FEW_PLAIN_SLOTS}
     * slots. A repeated segment's sweep copies its first repetition's slots, then moves every moving one once per
     * repetition: for plain instructions about as many slots as they read, where a loop moves only its kernel's few
     * bases. An MLP step's examples, each a loop over the hidden units and the output layer's plain instructions,
     * repeat while their labels do, and runs of 3 to 7 of them were folded: unfolded, such steps replay up to 1.7
     * times faster (7-9-4 over 1,000 examples 10.0 → 6.5 times the plain function, 4-32-2 over 512 8.4 → 5.4,
     * 5-20-3 over 500 9.3 → 5.5, 16-16-4 over 512 7.9 → 5.0), their programs 5 % smaller to 23 % larger. A mixture's
     * components over 64 dimensions, five loops and a few plain instructions per point, still fold from 3 on, then
     * the points (4.7 times the plain function; 6.5 with every run of fewer than 8 left unfolded), and so do a few
     * points of a mixture whose log-sum-exp and first component are plain.
     */
    static final int FEWEST_LONG_REPETITIONS = 8;
    /** The most slots of plain instructions one repetition may have to be folded from {@link #FEWEST_REPETITIONS}. */
    static final int FEW_PLAIN_SLOTS = 128;
    /** Per slot index, a weight for {@link Segment#slotHash}: a segment in a repetition has at most as many slots. */
    private static final int[] WEIGHTS = weights();

    /** The segments as folded so far. */
    private Segment[] segments;
    /**
     * Per segment, a number shared by exactly the segments of its shape ({@link Segment#sameShape}): runs are looked
     * for at every segment and period, and the shapes of an MLP step's examples, one like the next, were compared
     * over and over.
     */
    private int[] shapes;
    /** Each segment's {@link Segment#slots}, made when first needed. */
    private int[][] slots;
    /**
     * Each segment's {@link Segment#slotHash}, where {@link #hashed}: linear in the slots, so a repetition's slots
     * {@code first + j * step} hash to {@code hash(first) + j * hash(step)}, in int arithmetic, exactly.
     */
    private int[] hashes;
    private boolean[] hashed;
    /**
     * The first segment of each shape numbered so far, with its number, by {@link Segment#shapeHash}. Kept from one
     * pass to the next with the numbers, hashes and slots of the segments a pass leaves as they are: the pass that
     * finds nothing more to fold (an MLP step's second) made them all again: a fifth to two fifths of the folding.
     */
    private final Map<Integer, List<Numbered>> byShapeHash = new HashMap<>();
    /** The number the next shape gets. */
    private int nextShape;

    /** The first segment numbered with a shape, and the number. */
    private record Numbered(Segment first, int number) {
    }

    private Repetitions(Segment[] segments) {
        this.segments = segments;
        this.shapes = new int[segments.length];
        for (int i = 0; i < segments.length; i++) {
            shapes[i] = shapeNumber(segments[i]);
        }
        this.slots = new int[segments.length][];
        this.hashes = new int[segments.length];
        this.hashed = new boolean[segments.length];
    }

    /** The number of {@code segment}'s shape: that of the first segment numbered with its shape, or a new one. */
    private int shapeNumber(Segment segment) {
        if (segment.slotCount() > LARGEST_REPETITION) {
            // never in a repetition: a number of its own, without hashing a program's worth of op codes
            return nextShape++;
        }
        List<Numbered> alike = byShapeHash.computeIfAbsent(segment.shapeHash(), h -> new ArrayList<>());
        for (Numbered numbered : alike) {
            if (numbered.first().sameShape(segment)) {
                return numbered.number();
            }
        }
        alike.add(new Numbered(segment, nextShape));
        return nextShape++;
    }

    private static int[] weights() {
        int[] weights = new int[LARGEST_REPETITION];
        long state = 0x9E3779B97F4A7C15L;
        for (int k = 0; k < weights.length; k++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            weights[k] = (int) (state >>> 32) | 1;
        }
        return weights;
    }

    /**
     * Folds the repeating runs of {@code segments}, then those of the result, until nothing more folds.
     *
     * @param segments a program's segments, in order
     * @return the same program with repeating runs folded (the array itself when none repeats)
     */
    public static Segment[] fold(Segment[] segments) {
        Repetitions repetitions = new Repetitions(segments);
        while (repetitions.foldOnce()) {
            // each pass folds the runs of what the last one made: repetitions of repetitions
        }
        return repetitions.segments;
    }

    /** Folds the repeating runs of the segments, once; returns whether any was folded. */
    private boolean foldOnce() {
        List<Segment> out = new ArrayList<>();
        // per segment of out: its index among the segments, or -1 for one this pass made
        int[] origins = new int[segments.length];
        int i = 0;
        while (i < segments.length) {
            int bestPeriod = 0;
            int bestCount = 1;
            for (int period = 1; period <= LONGEST_PERIOD && i + FEWEST_REPETITIONS * period <= segments.length;
                    period++) {
                int best = bestCount * Math.max(bestPeriod, 1);
                if (!mayCover(i, period, Math.max(best, (FEWEST_REPETITIONS - 1) * period))) {
                    continue;
                }
                int count = repetitions(i, period);
                if (count >= fewestRepetitions(i, period) && count * period > best) {
                    bestPeriod = period;
                    bestCount = count;
                }
            }
            origins[out.size()] = bestPeriod == 0 ? i : -1;
            if (bestPeriod == 0) {
                out.add(segments[i++]);
            } else {
                out.add(repeated(i, bestPeriod, bestCount));
                i += bestPeriod * bestCount;
            }
        }
        if (out.size() == segments.length) {
            return false;
        }
        takeFolded(out.toArray(new Segment[0]), origins);
        return true;
    }

    /**
     * Takes {@code folded}, the segments after a pass, as the segments: those the pass left as they were keep their
     * shape numbers, hashes and slots ({@code origins} gives where each was); one it made is numbered.
     */
    private void takeFolded(Segment[] folded, int[] origins) {
        int[] foldedShapes = new int[folded.length];
        int[][] foldedSlots = new int[folded.length][];
        int[] foldedHashes = new int[folded.length];
        boolean[] foldedHashed = new boolean[folded.length];
        for (int k = 0; k < folded.length; k++) {
            int from = origins[k];
            if (from < 0) {
                foldedShapes[k] = shapeNumber(folded[k]);
            } else {
                foldedShapes[k] = shapes[from];
                foldedSlots[k] = slots[from];
                foldedHashes[k] = hashes[from];
                foldedHashed[k] = hashed[from];
            }
        }
        segments = folded;
        shapes = foldedShapes;
        slots = foldedSlots;
        hashes = foldedHashes;
        hashed = foldedHashed;
    }

    /**
     * Whether the {@code period} segments from {@code start} recur with their shapes often enough to cover more than
     * {@code best} segments, their slots not compared: segments of other shapes end a run before any slot is (a
     * mixture's loops, one per component, repeat at every period, and the plain instructions after each point's
     * end every run), which makes comparing slots at periods that cannot cover more than the best so far useless.
     */
    private boolean mayCover(int start, int period, int best) {
        int count = 1;
        while (count * period <= best) {
            if (start + (count + 1) * period > segments.length) {
                return false;
            }
            for (int t = 0; t < period; t++) {
                if (shapes[start + t] != shapes[start + count * period + t]) {
                    return false;
                }
            }
            count++;
        }
        return true;
    }

    /**
     * The fewest repetitions of the {@code period} segments from {@code start} worth folding: {@link
     * #FEWEST_LONG_REPETITIONS} where their plain instructions have more than {@link #FEW_PLAIN_SLOTS} slots, else
     * {@link #FEWEST_REPETITIONS}.
     */
    private int fewestRepetitions(int start, int period) {
        int plainSlots = 0;
        for (int t = 0; t < period; t++) {
            if (segments[start + t] instanceof Segment.Straight) {
                plainSlots += segments[start + t].slotCount();
            }
        }
        return plainSlots > FEW_PLAIN_SLOTS ? FEWEST_LONG_REPETITIONS : FEWEST_REPETITIONS;
    }

    /**
     * How many times the {@code period} segments from {@code start} repeat, themselves counted, or 1 if fewer than
     * {@link #FEWEST_REPETITIONS}: counted by their shapes and slot hashes, then checked slot by slot. Asked where
     * {@link #mayCover} found the next two repetitions of the first's shapes.
     */
    private int repetitions(int start, int period) {
        int length = 0;
        for (int t = 0; t < period; t++) {
            length += segments[start + t].slotCount();
        }
        if (length > LARGEST_REPETITION) {
            return 1;
        }
        int count = 2;
        while (start + (count + 1) * period <= segments.length && hashesRepeat(start, period, count)) {
            count++;
        }
        if (count < FEWEST_REPETITIONS) {
            return 1;
        }
        int[][] step = new int[period][];
        for (int t = 0; t < period; t++) {
            step[t] = difference(slots(start + period + t), slots(start + t));
        }
        for (int j = 2; j < count; j++) {
            if (!repeats(start, period, step, j)) {
                return j < FEWEST_REPETITIONS ? 1 : j;
            }
        }
        return count;
    }

    /**
     * Whether repetition {@code j} of the run from {@code start} has the first's shapes, and slot hashes as if its
     * slots were the first's moved {@code j} steps: necessary for {@link #repeats}, and almost always sufficient.
     */
    private boolean hashesRepeat(int start, int period, int j) {
        for (int t = 0; t < period; t++) {
            if (shapes[start + t] != shapes[start + j * period + t]) {
                return false;
            }
            int first = slotHash(start + t);
            int step = slotHash(start + period + t) - first;
            if (slotHash(start + j * period + t) != first + j * step) {
                return false;
            }
        }
        return true;
    }

    /** Whether repetition {@code j} of the run from {@code start} is the first moved {@code j} steps, slot by slot. */
    private boolean repeats(int start, int period, int[][] step, int j) {
        for (int t = 0; t < period; t++) {
            int[] first = slots(start + t);
            int[] here = slots(start + j * period + t);
            for (int k = 0; k < first.length; k++) {
                if (here[k] != first[k] + j * step[t][k]) {
                    return false;
                }
            }
        }
        return true;
    }

    private Segment repeated(int start, int period, int count) {
        Segment[] templates = Arrays.copyOfRange(segments, start, start + period);
        int length = 0;
        for (int t = 0; t < period; t++) {
            length += segments[start + t].slotCount();
        }
        int[] first = new int[length];
        int[] step = new int[length];
        for (int t = 0, at = 0; t < period; t++) {
            int[] a = slots(start + t);
            int[] b = slots(start + period + t);
            for (int k = 0; k < a.length; k++, at++) {
                first[at] = a[k];
                step[at] = b[k] - a[k];
            }
        }
        return new Segment.Repeated(templates, first, step, count);
    }

    private int[] slots(int i) {
        if (slots[i] == null) {
            slots[i] = segments[i].slots();
        }
        return slots[i];
    }

    /** Segment {@code i}'s {@link Segment#slotHash}, made once. */
    private int slotHash(int i) {
        if (!hashed[i]) {
            hashes[i] = segments[i].slotHash(WEIGHTS);
            hashed[i] = true;
        }
        return hashes[i];
    }

    private static int[] difference(int[] b, int[] a) {
        int[] d = new int[a.length];
        for (int k = 0; k < a.length; k++) {
            d[k] = b[k] - a[k];
        }
        return d;
    }
}
