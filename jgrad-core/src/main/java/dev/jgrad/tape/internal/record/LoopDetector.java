package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.codegen.KernelGenerator;
import dev.jgrad.tape.internal.link.LoopSettlement;
import java.util.Arrays;

/**
 * Finds where a loop starts in the window of a recording, at a bounded cost per instruction whatever the program.
 *
 * <p>Each instruction gets one hash, linear in its slot entries: {@code H = shape * M + sum_i W_i e_i}. If the
 * instructions {@code i - 2p}, {@code i - p} and {@code i} have one shape and slots that advance by the same strides
 * (what a loop of period {@code p} records), the second difference {@code H_i - 2 H_{i-p} + H_{i-2p}} is exactly 0;
 * otherwise it is almost never 0. Per period {@code p <= MAX_BODY} the detector knows how many instructions in a row
 * have that difference 0, and offers the period to the {@link LoopFinder} the moment its run spans
 * {@link #minExtent} instructions. Only then are slots compared exactly ({@link #loopAt}); a run offers its period
 * once, so each check of {@code O(minExtent(p))} is paid for by the run of instructions that led to it.
 *
 * <p>Periods are bits in sets of {@value #WORDS} words. A run must reach {@code minExtent(p) - 2p} to be offered, so
 * runs are not followed instruction by instruction until they are long: each period is sampled at one instruction in
 * {@link #sampleInterval} (32 for bodies up to 96 instructions, 64 for the longer, whose runs are longer too: about
 * three periods per instruction, staggered), and only once {@link #TRIGGER} samples in a row are 0 is its run counted
 * back exactly and, if those samples all lie in it, followed at every instruction until it breaks. A run long enough to
 * be offered always passes through the trigger first, so loops are offered at the same instructions as if every period
 * were followed throughout. While no run is followed, the samples of {@value #SAMPLE} instructions are taken period by
 * period, each a loop of fixed length ({@link #sampleQuietly}, every other sample first where no count is under way),
 * and only the instruction at which a period's run is to be followed, and those while it is, are looked at one by one:
 * a program without loops costs one hash (made as the window appends the instruction, {@link #hash}, and one addition
 * per edge) and about one second difference per instruction. (A run whose first sample ends such a batch may so
 * trigger one sample later, which its extent allows.) After a loop is found, its body length is followed from the
 * start and offered as soon as three of its iterations are seen ({@link #expectRepeat}): a program of many loops of
 * one body (a mixture's components, a layer's units) finds each of them that soon.
 *
 * <p>While runs are followed, their instructions are checked a stretch at a time, up to where one ends or is offered,
 * and the other periods' samples counted over that stretch as quiet sampling counts them ({@link #followQuietly}). A
 * program whose short runs never make a loop would still keep the detector comparing instructions throughout; where
 * it has compared one instruction in {@value #IDLE_COMPARED} over {@value #IDLE_DECIDED} without finding a loop, it
 * idles ({@link #skipIdle}) until the next loop.
 */
final class LoopDetector {

    /**
     * The longest body tried. A body as long as the innermost two loops of a traced program (a quadratic form per
     * mixture component, say) makes one kernel of them; {@link KernelGenerator#fits} turns down bodies whose code
     * the JIT would decline to compile.
     */
    static final int MAX_BODY = 191;
    /** How many words a set of periods {@code 0 .. MAX_BODY} takes. */
    private static final int WORDS = MAX_BODY / 64 + 1;
    /**
     * The periods {@link #sampleInterval} samples every {@code GROUP_INTERVAL[g]} instructions:
     * {@code GROUP_FIRST[g] .. GROUP_FIRST[g+1] - 1}. (Before every constant made from them.) Dense enough that a run
     * of {@link #MIN_COUNT} iterations of any body over 48 instructions holds the three samples it needs
     * ({@link #minExtent}): sampled every 128, periods from 49 needed a run of {@code 2p + 384} instructions, and a
     * mixture's four to seven components over 12 to 32 dimensions (50 to 130 instructions each) made no loop at all,
     * its gradient replayed interpreted in 12 to 27 times the plain function's time (3.0 to 3.4 with a loop per
     * point); so did an MLP step's hidden layer of four to six units over 24 to 40 inputs (16 times; 3.6 to 4.6).
     */
    private static final int[] GROUP_FIRST = {1, 97, MAX_BODY + 1};
    private static final int[] GROUP_INTERVAL = {32, 64};
    private static final int MIN_COUNT = 4;
    /**
     * Loops shorter than this stay plain instructions: a kernel's call would not pay for itself (its code is shared
     * by every loop of its shape, so its compilation is paid once). An inner loop of 32 four-instruction iterations
     * (a quadratic form over 33 dimensions per mixture component, whose first iteration differs) is just long
     * enough; over fewer dimensions, a whole component is one body that fits a kernel (up to 32 with the points as
     * data inputs, 28 with them as differentiable inputs, whose adjoints take code too).
     */
    static final int MIN_INSTRUCTIONS = 128;
    /** How many of the latest instructions the window must keep for the detector: a loop's extent and look-back. */
    static final int KEEP = minExtent(MAX_BODY) + 2 * MAX_BODY;
    /**
     * Instructions with more slot entries than this (operands, and each edge's operand and partial) are never part of
     * a loop: a sum of more than 42 active terms. At 32 (ten terms) a row's dot product written as {@code g.sum} of
     * 40 products made no loop (7.2 times the plain function, 1.9 as one loop over the rows), and neither did a point
     * of a mixture of 12 components over 2 dimensions, whose log-sum-exp has 12 terms (6.6; 1.5 as one loop).
     */
    static final int MAX_ENTRIES = 128;
    /** The longest {@link #sampleInterval}: the samples' pattern repeats every this many instructions. */
    private static final int SAMPLE = 256;
    /** How many instructions are looked at in one go while they are not sampled quietly ({@link #batch}). */
    private static final int BUSY_BATCH = 64;
    /** The fewest instructions looked at in one go while a repeat is expected ({@link #batch}). */
    private static final int REPEAT_BATCH = 8;
    /**
     * How many instructions looked at since the last loop decide whether the detector {@link #idles}: those looked at
     * in full, once this many have been.
     */
    private static final int IDLE_DECIDED = 32_768;
    /**
     * The detector idles where it compared at least one instruction per this many looked at in full, counting runs
     * back ({@link #triggered}, {@link #follow}) or following offered ones ({@link #loopAt}), and found no loop: a
     * program whose short runs never make a loop compares one or more per instruction (a mixture's quadratic forms
     * over 12 or 24 dimensions, 48 or 96 instructions each), a program without repeats one in several thousand.
     */
    private static final int IDLE_COMPARED = 4;
    /** While idling, the detector looks at the first of every {@link #IDLE_EVERY} stretches of this many slots. */
    private static final int IDLE_STRETCH = 1024;
    private static final int IDLE_EVERY = 8;
    /**
     * Per period {@code p}, the run at which it is offered, {@code minExtent(p) - 2p}: a table, since followed runs
     * compare against it at every instruction.
     */
    private static final int[] OFFERED = offered();
    /**
     * How many samples in a row must be 0 before a period's run is followed exactly. The shortest run that is offered
     * ({@link #OFFERED}) holds at least one sample more ({@link #offered} checks it), so it triggers while still short
     * of that.
     */
    private static final int TRIGGER = 2;
    /** Per instruction slot modulo {@value #SAMPLE}: the periods sampled there, {@value #WORDS} words each. */
    private static final long[][] SAMPLED = sampled();
    /** {@link Codes#fixedCount} by op code (as an unsigned byte): a load instead of a switch in the hash. */
    private static final byte[] FIXED = fixedCounts();
    /** The multipliers of the operand slots in the hash (odd, so that no slot's bits are lost). */
    private static final int[] WEIGHTS = weights();
    /** The first two {@link #WEIGHTS}, constants to the JIT in the hash of a unary or binary operation. */
    private static final int W0 = WEIGHTS[0];
    private static final int W1 = WEIGHTS[1];
    /** The multiplier of the shape in the hash, and of an instruction's edge entries. */
    private static final int SHAPE_WEIGHT = 0x9E3779B1;
    private static final int EDGE_WEIGHT = 0x2545F491;
    /**
     * {@code MULTIPLES[p][m]}: the periods {@code 2p .. mp}, {@value #WORDS} words from {@code m * WORDS}. A run of
     * {@code r} of period {@code p} makes the hashes linear in the iteration, per body position, over
     * {@code r + 2p} instructions, which holds the three instructions {@code kp} apart that {@code kp}'s difference
     * reads once {@code r > 2(k-1)p}: those multiples' runs then advance without being checked.
     */
    private static final long[][] MULTIPLES = multiples();
    /** Per period {@code p}: the last row of {@code MULTIPLES[p]}. */
    private static final int[] MOST_MULTIPLE = mostMultiples();

    private final Window w;
    /**
     * Per body position of the period last compared ({@link #periodStrides}), each slot entry's stride; a row grows to
     * the entries it needs, so that a recording does not start by clearing room for {@link #MAX_ENTRIES} in each.
     */
    private final int[][] strides = new int[MAX_BODY][4];
    private final int[] entriesA = new int[MAX_ENTRIES];
    private final int[] entriesB = new int[MAX_ENTRIES];
    /** Scratch of {@link #build}: the body's reads of fixed slots, one reference per slot. */
    private final FixedReads fixedReads = new FixedReads();
    /** Scratch of {@link #bestPhase}: per phase, a difference of crossing counts. */
    private final int[] phaseCounts = new int[MAX_BODY + 1];
    /** The window instructions {@code 0 .. looked-1} have advanced the runs and given their samples. */
    private int looked;
    /** The periods whose runs are followed at every instruction. */
    private final long[] followed = new long[WORDS];
    /** Whether {@link #followed} has any period. */
    private boolean following;
    /** Scratch of {@link #look}: the periods implied by a shorter one's run. */
    private final long[] implied = new long[WORDS];
    /**
     * Per followed period {@code p}: how many instructions in a row, up to the latest one, are the instruction
     * {@code p} before shifted by the same strides as that one is from the instruction {@code 2p} before.
     */
    private final int[] runs = new int[MAX_BODY + 1];
    /**
     * Per followed period {@code p}: the largest {@code m} (at most {@link #MOST_MULTIPLE}) with
     * {@code runs[p] > 2 (m - 1) p}, the row of {@link #MULTIPLES} its run implies; kept as the run grows, since a
     * division per followed period at every instruction cost a period-1 product's recording a fifth of its time.
     */
    private final int[] multiple = new int[MAX_BODY + 1];
    /** Per period not followed: how many of its samples in a row were 0. */
    private final int[] samples = new int[MAX_BODY + 1];
    /** Whether every entry of {@link #samples} is 0 (it may be so and this false). */
    private boolean samplesClear = true;
    /** Scratch of {@link #sampleQuietly}: {@link #samples} after its instructions. */
    private final int[] quietSamples = new int[MAX_BODY + 1];
    /**
     * Scratch of {@link #followQuietly}: per period, the instruction before which its samples are counted, none for
     * a period followed, or for a multiple of one from where that run implies it; between calls, every one.
     */
    private final int[] sampledBefore = everySample();
    /** Set by {@link #countSamples}: whether a sample it took was 0. */
    private boolean sampledZero;
    /** Whether runs followed are {@link #followQuietly followed quietly}; see {@link #followingOneAtATime}. */
    private boolean followsQuietly = true;
    /**
     * The end of the stretch of {@value #SAMPLE} instructions being sampled quietly ({@link #sampleQuietly}): where a
     * period's run is to be followed inside it, that instruction is looked at alone (and the run, one by one), and the
     * rest of the stretch is sampled quietly again.
     */
    private int quietUntil;
    /** A bit per period whose run has just become long enough for a loop (each run offers its period once). */
    private final long[] ready = new long[WORDS];
    /** The body length {@link #expectRepeat} expects again (0 for none), and for how many more instructions. */
    private int repeat;
    private int repeatLeft;
    /** Whether {@link #repeat} is ready because three of its iterations were seen, not its full extent. */
    private boolean repeatOffered;
    /** Whether the period {@link #nextPeriod} returned last was offered so (see {@link #candidateStart}). */
    private boolean offeredEarly;
    /** Set by {@link #loopAt}: one past the last window instruction known to follow the loop found. */
    private int foundEnd;
    /** The last loop found that {@link KernelGenerator#fits}, or null: see {@link #fits}. */
    private Loop lastFitting;
    /** The body length and {@link #bodySignature} of the last loop found too large for a kernel; 0 for none. */
    private int tooLargeLength;
    private long tooLargeSignature;
    /**
     * Whether the detector idles: looks at one stretch of {@link #IDLE_STRETCH} slots in {@link #IDLE_EVERY} and
     * skips the others, as if they ended every run. Decided from {@link #fullyLooked} and {@link #compared} since the
     * last loop, or since the last decision, and ended by the next loop.
     */
    private boolean idles;
    /** Instructions looked at in full since the last loop or the last decision whether to {@link #idles idle}. */
    private int fullyLooked;
    /**
     * Instructions compared, counting runs back or following offered ones, since the last loop or the last decision
     * whether to {@link #idles idle}.
     */
    private long compared;

    /** Where a loop may read values computed before it at a step longer than its body. */
    private final ReadRanges ranges;

    /**
     * Whether slots {@code lo .. hi}, read at {@code stride}, lie where a loop can read them (see
     * {@link LoopFinder}): asked of a candidate's reads that step past its body before its run is followed further.
     */
    @FunctionalInterface
    interface ReadRanges {
        /**
         * @param lo     the lowest slot read
         * @param hi     the highest slot read
         * @param stride the step between two reads
         * @return whether a loop can read those slots
         */
        boolean addressable(int lo, int hi, int stride);
    }

    /**
     * @param window the recording's window, whose instructions this detector hashes and reads
     * @param ranges where loops may read at a step longer than their body
     */
    LoopDetector(Window window, ReadRanges ranges) {
        this.w = window;
        this.ranges = ranges;
    }

    /**
     * The extent a loop of body length {@code p} must span to be taken: {@link #MIN_INSTRUCTIONS}, at least
     * {@code MIN_COUNT} iterations, and long enough that the run offering it holds three of its samples.
     */
    static int minExtent(int p) {
        return Math.max(Math.max(MIN_INSTRUCTIONS, MIN_COUNT * p), 2 * p + 3 * sampleInterval(p));
    }

    /** Whether {@code iterations} of a body of {@code length} span the {@link #minExtent} a loop of it needs. */
    static boolean spansExtent(long iterations, int length) {
        return iterations * length >= minExtent(length);
    }

    /**
     * One instruction in this many (a power of two dividing {@value #SAMPLE}) samples period {@code p}. Sparser
     * samples of the short periods (64, triggering at the first) saved little once quiet batches made a sample cheap,
     * and followed many more short runs in programs with loops.
     */
    private static int sampleInterval(int p) {
        return p < GROUP_FIRST[1] ? GROUP_INTERVAL[0] : GROUP_INTERVAL[1];
    }

    private static int[] offered() {
        int[] offered = new int[MAX_BODY + 1];
        for (int p = 1; p <= MAX_BODY; p++) {
            offered[p] = minExtent(p) - 2 * p;
            if (offered[p] < (TRIGGER + 1) * sampleInterval(p)) {
                // sampleQuietly's first pass takes every other sample, which holds one of any two zeros in a row
                throw new AssertionError("period " + p + " is offered at a run of " + offered[p]
                        + ", which holds fewer than " + (TRIGGER + 1) + " samples");
            }
        }
        return offered;
    }

    private static long[][] sampled() {
        long[][] sampled = new long[SAMPLE][WORDS];
        for (int p = 1; p <= MAX_BODY; p++) {
            for (int r = p % sampleInterval(p); r < SAMPLE; r += sampleInterval(p)) {
                sampled[r][p >>> 6] |= 1L << p;
            }
        }
        return sampled;
    }

    private static long[][] multiples() {
        long[][] multiples = new long[MAX_BODY + 1][];
        for (int p = 1; p <= MAX_BODY; p++) {
            int most = Math.max(1, MAX_BODY / p);
            multiples[p] = new long[(most + 1) * WORDS];
            for (int m = 2; m <= most; m++) {
                System.arraycopy(multiples[p], (m - 1) * WORDS, multiples[p], m * WORDS, WORDS);
                multiples[p][m * WORDS + (m * p >>> 6)] |= 1L << (m * p);
            }
        }
        return multiples;
    }

    private static int[] mostMultiples() {
        int[] most = new int[MAX_BODY + 1];
        for (int p = 1; p <= MAX_BODY; p++) {
            most[p] = MULTIPLES[p].length / WORDS - 1;
        }
        return most;
    }

    /** The row of {@link #MULTIPLES} a run of {@code run} instructions of period {@code p} implies. */
    private static int multipleOf(int p, int run) {
        return Math.min((run - 1) / (2 * p) + 1, MOST_MULTIPLE[p]);
    }

    private static byte[] fixedCounts() {
        byte[] fixed = new byte[256];
        for (int code = 0; code < 256; code++) {
            fixed[code] = (byte) Codes.fixedCount((byte) code);
        }
        return fixed;
    }

    private static int[] weights() {
        int[] weights = new int[MAX_ENTRIES];
        long state = 0x5DEECE66DL;
        for (int i = 0; i < MAX_ENTRIES; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            weights[i] = (int) (state >>> 32) | 1;
        }
        return weights;
    }

    /** Forgets the window's first {@code n} instructions, which the window is dropping; the runs go on. */
    void drop(int n) {
        looked = Math.max(0, looked - n);
        quietUntil = Math.max(0, quietUntil - n);
    }

    /** Starts afresh from the window's first instruction: after a loop took the instructions before it. */
    void reset() {
        looked = 0;
        repeat = 0;
        repeatOffered = false;
        forgetRuns();
        idles = false;
        fullyLooked = 0;
        compared = 0;
    }

    /** Forgets every run followed or sampled, as if the instruction before {@link #looked} ended them all. */
    private void forgetRuns() {
        quietUntil = looked;
        Arrays.fill(runs, 0);
        Arrays.fill(samples, 0);
        samplesClear = true;
        Arrays.fill(followed, 0);
        following = false;
        Arrays.fill(ready, 0);
    }

    /**
     * The counts the detector keeps per period (for tests): of zero samples in a row, for each period not followed,
     * then the runs of those followed, then the multiple each run implies.
     */
    String counts() {
        return Arrays.toString(samples) + Arrays.toString(runs) + Arrays.toString(multiple);
    }

    /** Whether the detector {@link #idles idles} now (for tests). */
    boolean idles() {
        return idles;
    }

    /**
     * Decides whether to {@link #idles idle}, once enough instructions were looked at in full; skips the instructions
     * from {@link #looked} to the next stretch looked at, if idling; returns whether it did.
     *
     * <p>A program of short runs that never make a loop keeps the detector following runs most of the time, which
     * took a third of the recording of such mixtures (the 1.3 times loops off that recording with loops on may take
     * was 1.6 to 2.1 times). Idling bounds that cost to an eighth. A loop that runs on through a stretch skipped is
     * found in the next stretch looked at, from its start if the window still holds it; one that lies within
     * skipped stretches, in a program that has found no loop in the last {@value #IDLE_DECIDED} instructions looked
     * at, stays plain instructions.
     */
    private boolean skipIdle() {
        if (fullyLooked >= IDLE_DECIDED) {
            idles = compared * IDLE_COMPARED >= fullyLooked;
            fullyLooked = 0;
            compared = 0;
        }
        if (!idles || repeat > 0) {
            return false;
        }
        int stretch = Math.floorDiv(w.slot(looked), IDLE_STRETCH);
        int skipped = Math.floorMod(stretch, IDLE_EVERY);
        if (skipped == 0) {
            return false;
        }
        long next = (long) (stretch + IDLE_EVERY - skipped) * IDLE_STRETCH;
        looked = (int) Math.min(w.count, next - w.firstSlot);
        forgetRuns();
        return true;
    }

    /**
     * Expects the loop just found to be followed, after a few other instructions, by another of its body length (the
     * next component's quadratic form, the next unit's dot product): that length is followed from the window's
     * start for a while, and offered once three iterations in a row are seen instead of at its full extent. The
     * finder takes such a loop while it goes on, and makes it plain instructions again if it ends short.
     */
    void expectRepeat(int length) {
        repeat = length;
        repeatLeft = 2 * minExtent(length) + 2 * MAX_BODY;
        runs[length] = 0;
        multiple[length] = 1;
        followed[length >>> 6] |= 1L << length;
        following = true;
    }

    /** Stops expecting a repeat ({@link #expectRepeat}); a run of its length already followed goes on. */
    void forgetRepeat() {
        if (repeat > 0 && runs[repeat] == 0) {
            followed[repeat >>> 6] &= ~(1L << repeat);
        }
        repeat = 0;
        repeatOffered = false;
        following = false;
        for (long word : followed) {
            following |= word != 0;
        }
    }

    /**
     * Whether a shorter period followed has run at least as long as {@code p}: the instructions are then that period's
     * loop (offered first at its own extent), not a repeat of {@code p}'s.
     */
    private boolean explainedByShorter(int p) {
        for (int k = 0; k <= p >>> 6; k++) {
            for (long f = followed[k]; f != 0; f &= f - 1) {
                int q = k << 6 | Long.numberOfTrailingZeros(f);
                if (q < p && runs[q] >= runs[p]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One past the last window instruction known to follow the loop {@link #loopAt} found last. */
    int foundEnd() {
        return foundEnd;
    }

    /**
     * Looks at the window's settled instructions until a period becomes ready; returns it, the shortest first, or 0
     * if none is ready once all are looked at. A loop of that period {@code p} may span the {@code minExtent(p)}
     * instructions that end at the latest one, {@link #candidateStart}.
     */
    int nextPeriod() {
        int word = readyWord();
        while (word < 0 && looked < w.count) {
            if (looked >= 2 * MAX_BODY && skipIdle()) {
                continue;
            }
            int start = looked;
            lookFurther();
            fullyLooked += looked - start;
            word = readyWord();
        }
        if (word < 0) {
            return 0;
        }
        int p = word << 6 | Long.numberOfTrailingZeros(ready[word]);
        ready[word] &= ready[word] - 1;
        offeredEarly = p == repeat && repeatOffered;
        repeatOffered &= !offeredEarly;
        return p;
    }

    /**
     * Looks at the next instructions: a stretch sampled quietly, or followed quietly up to an instruction that is
     * then looked at alone, or one instruction alone.
     */
    private void lookFurther() {
        if (samplesQuietlyNext()) {
            if (looked >= quietUntil && w.count - looked >= SAMPLE) {
                quietUntil = looked + SAMPLE;
            }
            if (looked < quietUntil) {
                looked = sampleQuietly(looked, quietUntil);
                if (looked == quietUntil) {
                    return;
                }
            }
        } else if (followsQuietlyNext()) {
            looked = followQuietly(looked, w.count);
            if (looked == w.count) {
                return;
            }
        }
        look(looked++);
    }

    /** The first word of {@link #ready} with a period in it, or -1. */
    private int readyWord() {
        for (int k = 0; k < WORDS; k++) {
            if (ready[k] != 0) {
                return k;
            }
        }
        return -1;
    }

    /**
     * How many unseen instructions are worth looking at in one go: {@value #SAMPLE} when they would be sampled
     * quietly, which takes that many, or else {@value #BUSY_BATCH}, so that a loop found while runs are followed is
     * found within that many instructions of its extent and predicted from there. While a repeat is expected
     * ({@link #expectRepeat}) and not yet offered, one body length (at least {@value #REPEAT_BATCH}): a repeat is
     * offered once three of its iterations are seen, and every instruction recorded after that until it is taken
     * is stored, hashed and compared again rather than predicted (a d = 64 mixture's quadratic forms were taken
     * after 14 of their 65 iterations, 9 with this).
     */
    int batch() {
        if (repeat > 0 && !repeatOffered) {
            return Math.min(BUSY_BATCH, Math.max(repeat, REPEAT_BATCH));
        }
        return samplesQuietlyNext() ? SAMPLE : BUSY_BATCH;
    }

    /** Whether the next instructions looked at can be sampled quietly: no run is followed. */
    private boolean samplesQuietlyNext() {
        return !following && looked >= 2 * MAX_BODY;
    }

    /** Whether the next instructions looked at can be {@link #followQuietly followed quietly}. */
    private boolean followsQuietlyNext() {
        return following && repeat == 0 && looked >= 2 * MAX_BODY && followsQuietly;
    }

    /**
     * Has this detector look at each instruction alone while runs are followed, as it did before
     * {@link #followQuietly}: what a test compares the quiet following with.
     *
     * @return this detector
     */
    LoopDetector followingOneAtATime() {
        followsQuietly = false;
        return this;
    }

    /** How many of the window's settled instructions the detector has not looked at yet. */
    int unseen() {
        return w.count - looked;
    }

    /** Where a loop of the period {@code p} that {@link #nextPeriod} returned would start. */
    int candidateStart(int p) {
        return looked - (offeredEarly ? 3 * p : minExtent(p));
    }

    /**
     * Takes the samples of the instructions {@code from .. end-1} (at most {@value #SAMPLE}) period by period, as
     * {@link #look} would take them one instruction at a time with no run followed, up to the first instruction at
     * which a period's run is to be followed ({@link #follow}); returns that instruction, which {@link #look} is then
     * to take, or {@code end}. Here every period's samples are a loop of a fixed length instead of a varying set of
     * bits per instruction. A period whose samples reach its {@link #TRIGGER} where its run counted back holds fewer
     * samples goes on counting from those, as {@link #follow} has it: a program whose short runs trigger every few
     * dozen instructions (a mixture's quadratic forms of twelve dimensions, too short to be loops) would otherwise be
     * looked at instruction by instruction nearly throughout.
     *
     * <p>While every period's count of zero samples is 0 ({@link #samplesClear}), only every other sample of each
     * period is taken first ({@link #anyZero}) over a whole stretch: with a {@link #TRIGGER} of 2, two zero samples
     * in a row always include one of those, so if none is 0 no period triggers here and every count is 0 after these
     * instructions, but where a period's last sample here is a skipped one and 0. That count of 1 is lost; a run
     * holding that sample then triggers one sample later, which its run still allows ({@link #TRIGGER} is at least
     * one sample short of the fewest a run to be offered holds, and the run's next sample, which is taken, sends it
     * to be counted exactly from there). A program without loops, where nearly every sample is non-zero, so takes about
     * one second difference per instruction instead of two. Where some count is not 0, the stretch is counted at once:
     * such a stretch follows one with zero samples, and in a program of short runs (a 12-4 mixture's quadratic forms)
     * it held a zero sample too every time, so looking for one first cost a second pass over it.
     */
    private int sampleQuietly(int from, int end) {
        if (samplesClear && end - from == SAMPLE && !anyZero(from)) {
            return end;
        }
        int first = countSamples(from, end);
        if (first < end) {
            // the periods counted before the one that is followed there counted past it
            countSamples(from, first);
        }
        int anyCounted = 0;
        for (int p = 1; p <= MAX_BODY; p++) {
            anyCounted |= quietSamples[p];
        }
        System.arraycopy(quietSamples, 1, samples, 1, MAX_BODY);
        samplesClear = anyCounted == 0;
        return first;
    }

    /**
     * Counts every period's zero samples over the instructions {@code from .. end-1} into {@link #quietSamples}, from
     * {@link #samples}, as {@link #sampleQuietly} describes, but stops at the first instruction found so far where a
     * run is to be followed; returns that instruction, or {@code end}. The samples are taken per stretch of one
     * interval in runs of periods, as {@link #anyZero} takes them, each period's in order.
     */
    private int countSamples(int from, int end) {
        return countSamples(from, end, null);
    }

    /**
     * {@link #countSamples(int, int)}, taking the samples of each period {@code q} only at instructions before
     * {@code before[q]} (all if {@code before} is null).
     */
    private int countSamples(int from, int end, int[] before) {
        int[] h = w.hashes;
        int[] counts = quietSamples;
        System.arraycopy(samples, 1, counts, 1, MAX_BODY);
        int phase = w.slot(from);
        int first = end;
        int anyZero = 0;
        for (int group = 0; group < GROUP_FIRST.length - 1; group++) {
            int interval = GROUP_INTERVAL[group];
            for (int start = from; start < first; start += interval) {
                for (int p = GROUP_FIRST[group], stop = GROUP_FIRST[group + 1]; p < stop; ) {
                    int offset = (p - phase) & (interval - 1);
                    int wrap = Math.min(stop, p + interval - offset);
                    int last = Math.min(wrap, p + Math.min(interval, first - start) - offset);
                    // in a stretch's last interval, a run may take no sample before the end
                    if (p < last) {
                        int c = start + offset - p;
                        int reached = before == null ? count(h, counts, c, p, last)
                                : countBefore(h, counts, before, c, p, last);
                        anyZero |= reached;
                        // the trigger is 2, which a count reaches at most
                        if ((reached & 2) != 0) {
                            first = triggered(c, p, last, first);
                        }
                    }
                    p = wrap;
                }
            }
        }
        sampledZero = anyZero != 0;
        return first;
    }

    /**
     * Counts the samples of periods {@code from .. to-1} at instructions {@code c + q}, each period's into
     * {@code counts}; returns the counts or-ed together. A loop of its own, without a test per period, where no
     * period is left out (the quiet sampling of a program without loops).
     */
    private static int count(int[] h, int[] counts, int c, int from, int to) {
        int twice = 2 * h[c];
        int reached = 0;
        for (int q = from; q < to; q++) {
            int count = h[c + q] + h[c - q] == twice ? counts[q] + 1 : 0;
            counts[q] = count;
            reached |= count;
        }
        return reached;
    }

    /** {@link #count}, leaving out each period {@code q} whose instruction is not before {@code before[q]}. */
    private static int countBefore(int[] h, int[] counts, int[] before, int c, int from, int to) {
        int twice = 2 * h[c];
        int reached = 0;
        for (int q = from; q < to; q++) {
            if (c + q < before[q]) {
                int count = h[c + q] + h[c - q] == twice ? counts[q] + 1 : 0;
                counts[q] = count;
                reached |= count;
            }
        }
        return reached;
    }

    /**
     * For {@link #countSamples}: the periods {@code from .. to-1} whose samples at {@code c + p} have reached their
     * {@link #TRIGGER} go on counting from the samples their runs counted back hold, as {@link #follow} has it, up to
     * the first whose run is to be followed; returns its instruction, or {@code first} if it is not earlier.
     */
    private int triggered(int c, int from, int to, int first) {
        for (int p = from; p < to; p++) {
            if (quietSamples[p] == TRIGGER) {
                // counted back only as far as decides whether it holds its trigger's samples: most such runs do not
                int run = runBack(c + p, p, (TRIGGER - 1) * sampleInterval(p) + 1);
                compared += run;
                int held = heldSamples(run, p);
                if (held >= TRIGGER) {
                    return Math.min(first, c + p);
                }
                quietSamples[p] = held;
            }
        }
        return first;
    }

    /**
     * Takes the instructions {@code from .. end-1} while runs are followed, as {@link #look} would one at a time, up
     * to the first at which a followed run ends or is offered, or another period's run is to be followed; returns
     * that instruction, which {@link #look} is then to take, or {@code end}. Until there every followed run advances
     * by one per instruction, checked period by period in a loop of its own, and the other periods' samples are
     * counted as {@link #sampleQuietly} counts them, but for those {@link #look} leaves out: the periods followed, and
     * each multiple of one from the instruction at which its run implies it ({@link #multipleOf}), whose heldByShorter
     * check a sample there would otherwise pass. A program of short runs that are never offered (a mixture's
     * quadratic forms over 24 dimensions, 96 instructions each) follows runs most of the time, and looking at its
     * instructions one at a time took a third of its recording.
     */
    private int followQuietly(int from, int end) {
        int limit = end;
        for (int k = 0; k < WORDS; k++) {
            for (long f = followed[k]; f != 0; f &= f - 1) {
                int p = k << 6 | Long.numberOfTrailingZeros(f);
                if (runs[p] < OFFERED[p]) {
                    limit = Math.min(limit, from + OFFERED[p] - 1 - runs[p]);
                }
                // a period implied by a shorter run is periodic while that run lasts, so checking it changes nothing
                for (int i = from; i < limit; i++) {
                    if (!periodic(i, p)) {
                        limit = i;
                    }
                }
            }
        }
        if (limit <= from) {
            return from;
        }
        for (int k = 0; k < WORDS; k++) {
            for (long f = followed[k]; f != 0; f &= f - 1) {
                int p = k << 6 | Long.numberOfTrailingZeros(f);
                sampledBefore[p] = Integer.MIN_VALUE;
                for (int m = 2; m <= MOST_MULTIPLE[p]; m++) {
                    int at = m <= multiple[p] ? Integer.MIN_VALUE : from + 2 * (m - 1) * p - runs[p];
                    sampledBefore[m * p] = Math.min(sampledBefore[m * p], at);
                }
            }
        }
        int first = countSamples(from, limit, sampledBefore);
        if (first < limit) {
            countSamples(from, first, sampledBefore);
        }
        Arrays.fill(sampledBefore, Integer.MAX_VALUE);
        System.arraycopy(quietSamples, 1, samples, 1, MAX_BODY);
        samplesClear &= !sampledZero;
        for (int k = 0; k < WORDS; k++) {
            for (long f = followed[k]; f != 0; f &= f - 1) {
                int p = k << 6 | Long.numberOfTrailingZeros(f);
                runs[p] += first - from;
                while (multiple[p] < MOST_MULTIPLE[p] && runs[p] - 1 >= 2 * p * multiple[p]) {
                    multiple[p]++;
                }
            }
        }
        return first;
    }

    private static int[] everySample() {
        int[] before = new int[MAX_BODY + 1];
        Arrays.fill(before, Integer.MAX_VALUE);
        return before;
    }

    /**
     * Whether any second difference is 0 among every other sample ({@link #SAMPLED}) of each period over the
     * {@value #SAMPLE} instructions from {@code from}: those of period {@code p} at slots {@code p + (2k + 1) interval}.
     * The samples are taken per stretch of two intervals and runs of periods that sample it at {@code i = c + p}: there
     * {@code H(i) - 2 H(i-p) + H(i-2p)} is {@code H(c+p) - 2 H(c) + H(c-p)}, whose indices step by one, so the JIT
     * checks their bounds once per run rather than three times per sample (a program without loops takes these
     * samples throughout).
     */
    private boolean anyZero(int from) {
        int[] h = w.hashes;
        int phase = w.slot(from);
        boolean anyZero = false;
        for (int group = 0; group < GROUP_FIRST.length - 1; group++) {
            int interval = GROUP_INTERVAL[group];
            int step = 2 * interval;
            for (int start = from; start < from + SAMPLE; start += step) {
                // two of the longest interval pass the stretch's end, leaving some periods no sample here
                int room = Math.min(step, from + SAMPLE - start);
                for (int p = GROUP_FIRST[group], end = GROUP_FIRST[group + 1]; p < end; ) {
                    int offset = (p + interval - phase) & (step - 1);
                    int wrap = Math.min(end, p + step - offset);
                    int last = Math.min(wrap, p + room - offset);
                    if (p < last) {
                        int c = start + offset - p;
                        int twice = 2 * h[c];
                        for (; p < last; p++) {
                            anyZero |= h[c + p] + h[c - p] == twice;
                        }
                    }
                    p = wrap;
                }
            }
        }
        return anyZero;
    }

    /**
     * Advances the followed runs at instruction {@code i} and takes its samples, but those of the periods the runs
     * show periodic there (see {@link #follow}).
     */
    private void look(int i) {
        // implied is this instruction's only if the runs were advanced at it
        boolean advanced = following;
        if (following) {
            advanceFollowed(i);
        }
        long[] sampled = SAMPLED[w.slot(i) & (SAMPLE - 1)];
        if (i >= 2 * MAX_BODY) {
            for (int k = 0; k < WORDS; k++) {
                sample(i, k, sampled[k] & ~followed[k] & ~(advanced ? implied[k] : 0));
            }
            return;
        }
        // near the window's start only the periods p <= i / 2 have the instructions their difference reads
        int longest = i / 2;
        for (int k = 0; k <= longest >>> 6; k++) {
            long valid = k < longest >>> 6 ? -1L : -1L >>> (63 - (longest & 63));
            sample(i, k, sampled[k] & valid & ~followed[k] & ~(advanced ? implied[k] : 0));
        }
    }

    /** Takes the samples at instruction {@code i} of the periods in word {@code k} of {@code periods}. */
    private void sample(int i, int k, long periods) {
        for (long s = periods; s != 0; s &= s - 1) {
            int p = k << 6 | Long.numberOfTrailingZeros(s);
            if (!periodic(i, p)) {
                samples[p] = 0;
            } else {
                samplesClear = false;
                if (++samples[p] == TRIGGER) {
                    follow(i, p);
                }
            }
        }
    }

    /** Advances the followed runs at instruction {@code i}, shortest period first, or ends them. */
    private void advanceFollowed(int i) {
        Arrays.fill(implied, 0);
        for (int k = 0; k < WORDS; k++) {
            for (long f = followed[k]; f != 0; f &= f - 1) {
                int p = k << 6 | Long.numberOfTrailingZeros(f);
                boolean repeating = p == repeat;
                if (repeating && i < 2 * p) {
                    continue;
                }
                if ((implied[k] & 1L << p) != 0 || periodic(i, p)) {
                    if (++runs[p] == OFFERED[p]) {
                        ready[k] |= 1L << p;
                    }
                    if (repeating && runs[p] == p && !explainedByShorter(p)) {
                        // three iterations of the body the last loop had: offered now, not at its full extent
                        ready[k] |= 1L << p;
                        repeatOffered = true;
                    }
                    // the run has just passed 2 m p: one more multiple advances with it
                    if (runs[p] - 1 == 2 * p * multiple[p] && multiple[p] < MOST_MULTIPLE[p]) {
                        multiple[p]++;
                    }
                    int m = multiple[p];
                    for (int b = 0; b < WORDS; b++) {
                        implied[b] |= MULTIPLES[p][m * WORDS + b];
                    }
                } else {
                    runs[p] = 0;
                    multiple[p] = 1;
                    if (!repeating) {
                        followed[k] &= ~(1L << p);
                    }
                }
            }
        }
        if (repeat > 0 && --repeatLeft == 0) {
            forgetRepeat();
            return;
        }
        following = false;
        for (long word : followed) {
            following |= word != 0;
        }
    }

    /**
     * Counts the run of period {@code p} back from instruction {@code i}, where {@link #TRIGGER} samples in a row are
     * 0, and follows it if those samples all lie in it. They may not: samples miss the instructions between them, so
     * they can span the end of one run and the start of the next. Such a run is not followed (it would mostly be
     * followed only until it soon ends); its samples are counted again from the ones it holds, so a run long enough
     * to be offered is still followed once it holds {@code TRIGGER} samples, before it is offered.
     *
     * <p>A multiple of a followed period whose run shows it periodic is neither sampled there ({@link #look} leaves
     * out the periods the runs imply) nor, where it triggers at the instruction that run began to be followed
     * ({@link #heldByShorter}), counted back and followed, but left one sample short of its trigger: beside that run
     * it would be advanced at every instruction for nothing the run does not show (in a 100-50-10 MLP step's output
     * layer, dot products of 50 per unit, every even period up to 48 was counted back and followed at each unit,
     * 14,000 times per step, and ended with the unit), and if it goes on where that run ends, its samples there
     * follow it.
     */
    private void follow(int i, int p) {
        if (heldByShorter(p)) {
            samples[p] = TRIGGER - 1;
            return;
        }
        int run = runBack(i, p);
        compared += run;
        int held = heldSamples(run, p);
        if (held < TRIGGER) {
            samples[p] = held;
            return;
        }
        samples[p] = 0;
        if (run >= OFFERED[p]) {
            // long enough when first counted back (the detector idled through its start): the run of its shortest
            // divisor that is as long is the loop's, which following every run would have offered first
            for (int d = 1; d < p; d++) {
                int divisorRun = p % d == 0 ? runBack(i, d) : 0;
                if (divisorRun >= OFFERED[d]) {
                    p = d;
                    run = divisorRun;
                    samples[p] = 0;
                    break;
                }
            }
            ready[p >>> 6] |= 1L << p;
        }
        runs[p] = run;
        multiple[p] = multipleOf(p, run);
        followed[p >>> 6] |= 1L << p;
        following = true;
    }

    /** How many instructions in a row, up to {@code i} and at most {@code minExtent(p)}, have period {@code p}. */
    private int runBack(int i, int p) {
        return runBack(i, p, minExtent(p));
    }

    /** How many instructions in a row, up to {@code i} and at most {@code most}, have period {@code p}. */
    private int runBack(int i, int p, int most) {
        int run = 0;
        while (run < most && i - run >= 2 * p && periodic(i - run, p)) {
            run++;
        }
        return run;
    }

    /** How many samples of period {@code p} a run of {@code run} instructions holds at least. */
    private static int heldSamples(int run, int p) {
        return (run - 1) / sampleInterval(p) + 1;
    }

    /**
     * Whether the run of a followed divisor of {@code p} shows the latest instruction to have second difference 0 at
     * period {@code p} (see {@link #MULTIPLES}).
     */
    private boolean heldByShorter(int p) {
        for (int k = 0; k < WORDS; k++) {
            for (long f = followed[k]; f != 0; f &= f - 1) {
                int d = k << 6 | Long.numberOfTrailingZeros(f);
                if (d < p && p % d == 0 && runs[d] > 2 * (p - d)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether instruction {@code i} has second difference 0 at period {@code p} (see the class comment). */
    private boolean periodic(int i, int p) {
        int[] h = w.hashes;
        return h[i] - 2 * h[i - p] + h[i - 2 * p] == 0;
    }

    /**
     * The hash of an operation as the window appends it, before its edges: linear in its operand slots, plus its
     * shape (op code, number of operand slots and {@code salt}: {@link #salt} of a custom rule's index or a data
     * input's, 0 for the rest; a constant's index is not part of its shape, as a loop's constants may differ per iteration). Made
     * where the operands are at hand, so that a recording site with a known operand count pays a few multiplies
     * and no branch on the count (in a pass of its own over a mixed program, those branches cost more than the
     * multiplies).
     */
    static int hash(byte code, int salt, int[] operands, int count) {
        int h = shape(code, count, salt);
        if (count == 2) {
            return h + W0 * operands[0] + W1 * operands[1];
        }
        if (count == 1) {
            return h + W0 * operands[0];
        }
        for (int k = 0; k < Math.min(count, MAX_ENTRIES); k++) {
            h += WEIGHTS[k] * operands[k];
        }
        return h;
    }

    /** {@link #hash(byte, int, int[], int)} of an operation on the operand slot {@code a}, salt 0. */
    static int hash(byte code, int a) {
        return shape(code, 1, 0) + W0 * a;
    }

    /** {@link #hash(byte, int, int[], int)} of an operation on the operand slots {@code a} and {@code b}, salt 0. */
    static int hash(byte code, int a, int b) {
        return shape(code, 2, 0) + W0 * a + W1 * b;
    }

    private static int shape(byte code, int count, int salt) {
        return ((code & 0xFF | count << 8) * 31 + salt) * SHAPE_WEIGHT;
    }

    /**
     * The salt of {@link #hash} for a custom rule's or a data input's {@code index}, mixed so that indices in a row
     * hash to no pattern (the other instructions have salt 0 and pay nothing). Entered as it is, consecutive data
     * inputs (a batch declared one element after another: 64,000 for the mixture's points) made hashes linear in
     * the index, so every period up to {@link #MAX_BODY} ran through them and was followed at every instruction, and
     * offered, though no loop can hold them ({@link #sameShape} compares the index); such a run cost the d = 64
     * mixture's recording some 12 million steps of {@link #advanceFollowed}. A salt that repeats with a loop's body
     * (one rule or data input per body position) hashes the same in every iteration as before.
     */
    static int salt(int index) {
        int z = index * 0x9E3779B1;
        return z ^ z >>> 15;
    }

    /**
     * What each edge adds to its instruction's hash as the window records it: so an instruction's edges enter by their
     * number only. The recorder derives an edge's slots from the operation's, so they advance with the operands in a
     * loop (and {@link #loopAt} compares them anyway).
     */
    static final int EDGE_HASH = 3 * EDGE_WEIGHT;
    /**
     * Instructions with at most this many operand entries are not checked for size when they settle: they have as
     * many edges at most (one per operand that is not passive), so at most {@link #MAX_ENTRIES} slot entries. (An
     * instruction that settles with edges recorded late, after a loop, may have more; the detector compares slot
     * entries exactly before it takes a loop, so a hash left unscrambled only lets a run be followed further.)
     */
    static final int FEW_ENTRIES = MAX_ENTRIES / 3;

    /**
     * The hash of a settled instruction with more than {@link #FEW_ENTRIES} operand entries: {@code hash} as it is,
     * or a scramble of its slot if it has too many slot entries ({@link #MAX_ENTRIES}) to be part of a loop.
     */
    static int scrambledIfLarge(int hash, byte code, int entries, int edgeEntries, int slot) {
        // an edge is three entries (operand, partial, out), of which the detector compares two
        if (3 * (entries - FIXED[code & 0xFF]) + 2 * edgeEntries > 3 * MAX_ENTRIES) {
            long z = (slot + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
            return (int) (z ^ z >>> 31);
        }
        return hash;
    }

    // ---------------------------------------------------------------- window access

    /** The slot entries of instruction {@code k}: its operands, then each edge's operand and partial; or -1. */
    private int entries(int k, int[] out) {
        int operands = w.operandSlots(k);
        int edges = w.edgeCount(k);
        if (operands + 2 * edges > MAX_ENTRIES) {
            return -1;
        }
        int p = w.argStart[k] + Codes.fixedCount(w.ops[k]);
        System.arraycopy(w.args, p, out, 0, operands);
        int e = w.edgeStart[k];
        for (int i = 0; i < edges; i++, e += 3) {
            out[operands + 2 * i] = w.edges[e];
            out[operands + 2 * i + 1] = w.edges[e + 1];
        }
        return operands + 2 * edges;
    }

    /** Whether two instructions do the same thing to (possibly) different slots. */
    private boolean sameShape(int k, int q) {
        return w.edgeCount(k) == w.edgeCount(q) && sameOperation(k, q);
    }

    /**
     * Whether two instructions apply one operation (op code, operand entries, rule or data index) to possibly
     * different slots, whatever their edges: an iteration that starts an accumulator has one edge fewer.
     */
    private boolean sameOperation(int k, int q) {
        byte code = w.ops[k];
        if (code != w.ops[q] || w.operandEntries(k) != w.operandEntries(q)) {
            return false;
        }
        if (code == Codes.CONST) {
            return true;
        }
        for (int i = 0; i < Codes.fixedCount(code); i++) {
            if (w.args[w.argStart[k] + i] != w.args[w.argStart[q] + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether instruction {@code k} is instruction {@code k - length} shifted by {@code stride}. */
    private boolean follows(int k, int length, int[] stride) {
        int q = k - length;
        if (!sameShape(k, q)) {
            return false;
        }
        // the entries compared where they lie, in the order entries() lists them: this runs at every instruction of
        // a loop's known iterations
        int operands = w.operandSlots(k);
        int edges = w.edgeCount(k);
        if (operands + 2 * edges > MAX_ENTRIES) {
            return false;
        }
        int fixed = Codes.fixedCount(w.ops[k]);
        for (int i = 0, a = w.argStart[k] + fixed, b = w.argStart[q] + fixed; i < operands; i++) {
            if (w.args[a + i] - w.args[b + i] != stride[i]) {
                return false;
            }
        }
        for (int i = operands, e = w.edgeStart[k], f = w.edgeStart[q]; i < operands + 2 * edges; i += 2, e += 3,
                f += 3) {
            if (w.edges[e] - w.edges[f] != stride[i] || w.edges[e + 1] - w.edges[f + 1] != stride[i + 1]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- detection

    /**
     * The loop of body length {@code length} whose run holds window instruction {@code k}, extended back to where
     * the run begins and started at its best phase, slots compared exactly, with its known end (one past the last
     * instruction that follows it) in {@link #foundEnd}; or null, also where its kernel would not fit
     * ({@link KernelGenerator#fits}).
     */
    Loop loopAt(int k, int length) {
        if (k < 0 || !periodStrides(k, length) || readsAcross(k, length)) {
            return null;
        }
        if (length == tooLargeLength && bodySignature(k, length) == tooLargeSignature) {
            return null;
        }
        int end = k + 2 * length;
        while (end < w.count && follows(end, length, strides[(end - k) % length])) {
            end++;
        }
        compared += end - k;
        // a loop offered early must still be going on: the finder predicts the rest
        if (end - k < minExtent(length) && !(offeredEarly && end == w.count)) {
            return null;
        }
        // the run may have begun before the candidate's start: a loop that stops short of its first iterations
        // leaves them plain, and another loop reading all of them (every component's precision) then reads across
        // the boundary, which the compact layout cannot express
        int begin = k;
        while (begin > 0 && follows(begin - 1 + length, length, strides[Math.floorMod(begin - 1 - k, length)])) {
            begin--;
        }
        // where the strides were taken: the signature of a body too large is taken there
        int stridesAt = k;
        if (begin < k) {
            periodStrides(begin, length);
            stridesAt = begin;
        }
        // a run that reaches the window's end goes on (the loop will predict it), so any phase leaving two known
        // iterations will do; one that has ended must keep MIN_COUNT of them
        int first = begin + bestPhase(begin, length, end - begin, end == w.count ? 2 : MIN_COUNT);
        // a run that has ended short of a loop's extent in whole iterations from its phase would be made plain again
        // (LoopFinder.ended): an MLP's output layer, ten units of 100 instructions, once per example
        if (end < w.count && !spansExtent((end - first) / length, length)) {
            return null;
        }
        // built and sized once where the loop takes the iteration before in, as a mixture's every quadratic form does
        int[] startFrom = startsEarlier(first, length);
        Loop loop = startFrom != null ? build(first, length, 1, startFrom) : null;
        if (loop == null || !fits(loop)) {
            loop = build(first, length, 0, null);
            if (loop == null) {
                return null;
            }
            if (!fits(loop)) {
                tooLargeLength = length;
                tooLargeSignature = bodySignature(stridesAt, length);
                return null;
            }
        }
        foundEnd = end;
        return loop;
    }

    /**
     * A hash of the body of period {@code length} at window instruction {@code k}, as {@link #periodStrides} left it:
     * each instruction's op code and number of slot entries and the stride of each entry, summed over the body, so that
     * the body hashes alike whichever of its instructions comes first. A body too large for a kernel comes again where
     * the program repeats it (each row of entries whose dot products, too short to be loops, read four arrays each),
     * offered in any phase where the detector idles; one that hashes as the last too large one is
     * refused before its run is followed to its end, built and sized, which took a quarter of such a recording. Another
     * body that hashed alike (of the same length, op codes and strides, so of about the same size) would run as plain
     * instructions: a cost in replay, never a wrong sweep.
     */
    private long bodySignature(int k, int length) {
        long signature = 0;
        for (int t = 0; t < length; t++) {
            int n = entries(k + t, entriesA);
            long h = (w.ops[k + t] & 0xFF) * 31L + n;
            for (int i = 0; i < n; i++) {
                h = h * 0x9E3779B97F4A7C15L + strides[t][i];
            }
            signature += h * 0xBF58476D1CE4E5B9L ^ h >>> 29;
        }
        return signature;
    }

    /**
     * Whether {@code loop}'s kernel can be small enough once settled ({@link LoopSettlement#fitsOnceSettled}). A loop
     * whose body is the last fitting loop's but for where it reads (op codes, rules, and each reference's kind, body
     * position and stride alike) is taken to fit without being sized: the next point's quadratic forms, the next
     * unit's dot product, found ten thousand times in a recording. Only how its references share slots can differ,
     * which changes its kernel's size by a few parameters; if that were ever too much, linking would find it and run
     * the loop as plain instructions, so the shortcut can cost time but never a wrong sweep.
     */
    private boolean fits(Loop loop) {
        if (lastFitting != null && sameBody(lastFitting, loop)) {
            return true;
        }
        if (!LoopSettlement.fitsOnceSettled(loop)) {
            return false;
        }
        lastFitting = loop;
        return true;
    }

    /** Whether two loops have the same body but for their references' slots (see {@link #fits}). */
    private static boolean sameBody(Loop a, Loop b) {
        if (a.length != b.length) {
            return false;
        }
        for (int t = 0; t < a.length; t++) {
            Position p = a.body[t];
            Position q = b.body[t];
            if (p.code != q.code || p.rule != q.rule || !sameRefs(p.operands, q.operands)
                    || !sameRefs(p.edgeOperands, q.edgeOperands) || !sameRefs(p.edgePartials, q.edgePartials)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRefs(Ref[] a, Ref[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i].kind != b[i].kind || a[i].position != b[i].position || a[i].stride != b[i].stride) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the loop found at window instruction {@code first} may start one iteration earlier: the instructions
     * just before it are an iteration of its body but for carried operands that read a passive slot (a constant, a
     * data input or an operation on them, which the recorder gives no edge) instead, an accumulator's start,
     * {@code q = 0} then {@code q = q + z * z} per dimension. If so, the slot each carried position starts from
     * ({@link Loop#startFrom}; -1 for the others), else null. Every other operand, partial and edge must be the
     * body's one iteration back, so a partial that is the carried value (a product's) keeps that iteration plain.
     * Without this, each of a mixture's quadratic forms left its first dimension to the plain sweep, between every
     * two kernel calls. Read from the window, as {@link #build} reads the body, so that only the loop taken is made.
     */
    private int[] startsEarlier(int first, int length) {
        int k0 = first - length;
        if (k0 < 0) {
            return null;
        }
        int firstSlot = w.slot(first);
        // per carried position: the slot iteration -1 reads, and whether an edge goes to it
        int[] carriedFrom = new int[length];
        Arrays.fill(carriedFrom, -1);
        boolean[] edgeTo = new boolean[length];
        for (int t = 0; t < length; t++) {
            int k = k0 + t;
            int q = first + t;
            if (w.ops[q] == Codes.CONST || !sameOperation(k, q)) {
                return null;
            }
            int fixed = Codes.fixedCount(w.ops[q]);
            int body = w.argStart[q] + fixed;
            int next = w.argStart[q + length] + fixed;
            int before = w.argStart[k] + fixed;
            for (int i = 0; i < w.operandSlots(q); i++) {
                int base = w.args[body + i];
                int stride = w.args[next + i] - base;
                int slot = w.args[before + i];
                int carried = carriedPosition(base, stride, firstSlot, length);
                if (carried < 0) {
                    if (slot != base - stride) {
                        return null;
                    }
                } else if (slot >= w.slot(k0) || carriedFrom[carried] >= 0 && carriedFrom[carried] != slot) {
                    return null;
                } else {
                    carriedFrom[carried] = slot;
                }
            }
            int e = w.edgeStart[k];
            int end = w.edgeStart[k + 1];
            for (int i = 0, b = w.edgeStart[q], n = w.edgeStart[q + length]; i < w.edgeCount(q); i++, b += 3, n += 3) {
                int operandStride = w.edges[n] - w.edges[b];
                int carried = carriedPosition(w.edges[b], operandStride, firstSlot, length);
                int slot = carried >= 0 ? carriedFrom[carried] : w.edges[b] - operandStride;
                int partial = 2 * w.edges[b + 1] - w.edges[n + 1];
                boolean present = e < end && w.edges[e] == slot && w.edges[e + 1] == partial
                        && w.edges[e + 2] == w.slot(k);
                if (present) {
                    e += 3;
                    if (carried >= 0) {
                        edgeTo[carried] = true;
                    }
                } else if (carried < 0) {
                    return null;
                }
            }
            if (e != end) {
                return null;
            }
        }
        int[] startFrom = new int[length];
        Arrays.fill(startFrom, -1);
        boolean any = false;
        for (int t = 0; t < length; t++) {
            if (carriedFrom[t] < 0 || edgeTo[t] && carriedFrom[t] == firstSlot - 2 * length + t) {
                continue;
            }
            if (edgeTo[t]) {
                // an active value the accumulator starts from: its edges would have to go to the workspace
                return null;
            }
            startFrom[t] = carriedFrom[t];
            any = true;
        }
        return any ? startFrom : null;
    }

    /**
     * The body position whose previous iteration a reference of slot {@code base} and {@code stride} reads (a
     * {@link Kind#CARRY} reference of the loop starting at {@code firstSlot}), or -1 if it is no such reference.
     */
    private static int carriedPosition(int base, int stride, int firstSlot, int length) {
        int rel = base - firstSlot;
        return stride == length && rel >= -length && rel < 0 ? rel + length : -1;
    }

    /** Fills {@link #strides} from the first two periods at {@code k}; false if their shapes differ. */
    private boolean periodStrides(int k, int length) {
        for (int t = 0; t < length; t++) {
            if (!sameShape(k + t, k + length + t)) {
                return false;
            }
            int n = entries(k + length + t, entriesA);
            if (n < 0) {
                return false;
            }
            entries(k + t, entriesB);
            if (strides[t].length < n) {
                strides[t] = new int[n];
            }
            for (int i = 0; i < n; i++) {
                strides[t][i] = entriesA[i] - entriesB[i];
            }
        }
        return true;
    }

    /**
     * Where in the period the body should start: the phase at which the fewest references cross from one iteration
     * to another, since those go through the workspace's arrays (or a carried local) instead of a register.
     *
     * <p>A reference of stride {@code length} at slot {@code e} stays inside the body of phase {@code f} exactly when
     * {@code e - s0 - length < f <= e - s0} ({@code s0} the slot of instruction {@code k}), so each reference adds
     * to the counts of one or two ranges of phases: one pass over the instructions of all phases, not one per phase.
     */
    private int bestPhase(int k, int length, int extent, int minCount) {
        int phases = 0;
        while (phases < length && (extent - phases) / length >= minCount) {
            phases++;
        }
        if (phases <= 1) {
            return 0;
        }
        int[] crossings = phaseCounts;
        Arrays.fill(crossings, 0, phases + 1, 0);
        int s0 = w.slot(k);
        for (int q = k; q < k + phases - 1 + length; q++) {
            int lo = Math.max(0, q - k - length + 1);
            int hi = Math.min(phases - 1, q - k);
            int[] stride = strides[(q - k) % length];
            int n = entries(q, entriesA);
            for (int i = 0; i < n; i++) {
                if (stride[i] != length) {
                    continue;
                }
                crossings[lo]++;
                crossings[hi + 1]--;
                int insideLo = Math.max(lo, entriesA[i] - s0 - length + 1);
                int insideHi = Math.min(hi, entriesA[i] - s0);
                if (insideLo <= insideHi) {
                    crossings[insideLo]--;
                    crossings[insideHi + 1]++;
                }
            }
        }
        int best = 0;
        int bestCrossings = Integer.MAX_VALUE;
        for (int phase = 0, count = 0; phase < phases; phase++) {
            count += crossings[phase];
            if (count < bestCrossings) {
                bestCrossings = count;
                best = phase;
            }
        }
        return best;
    }

    /**
     * The loop whose body is window instructions {@code first .. first+length-1}, with the strides of the next
     * iteration, started {@code earlier} (0 or 1) iterations before them with carried positions starting from
     * {@code startFrom} (see {@link #startsEarlier}; null when {@code earlier} is 0); null if it reads the workspace
     * at or after its start ({@link #consistent}). Whether its kernel fits is left to {@link #loopAt}.
     */
    private Loop build(int first, int length, int earlier, int[] startFrom) {
        int firstSlot = w.slot(first) - earlier * length;
        Position[] body = new Position[length];
        // a value of the iteration is one reference wherever it is read (an operand, an edge's operand, a partial):
        // nothing changes such a reference once made, and a mixture's bodies read each of them about three times
        Ref[] locals = new Ref[length];
        fixedReads.clear();
        for (int t = 0; t < length; t++) {
            int k = first + t;
            entries(k, entriesA);
            entries(k + length, entriesB);
            int operands = w.operandSlots(k);
            int edges = w.edgeCount(k);
            Ref[] ops = new Ref[operands];
            for (int i = 0; i < operands; i++) {
                int stride = entriesB[i] - entriesA[i];
                ops[i] = stride == 0 ? fixedReads.at(entriesA[i])
                        : operand(entriesA[i], stride, earlier, firstSlot, t, locals);
            }
            Ref[] edgeOperands = new Ref[edges];
            Ref[] edgePartials = new Ref[edges];
            for (int i = 0; i < edges; i++) {
                int o = operands + 2 * i;
                edgeOperands[i] = operand(entriesA[o], entriesB[o] - entriesA[o], earlier, firstSlot, t, locals);
                int partialStride = entriesB[o + 1] - entriesA[o + 1];
                edgePartials[i] = partialStride == 0 ? fixedReads.at(entriesA[o + 1])
                        : partial(entriesA[o + 1], partialStride, earlier, firstSlot, locals);
            }
            byte code = w.ops[k];
            int rule = code >= Codes.CUSTOM1 && code <= Codes.CUSTOM3 || code == Codes.CUSTOMN
                    ? w.args[w.argStart[k]] : -1;
            body[t] = new Position(code, rule, ops, edgeOperands, edgePartials);
            if (code == Codes.CONST) {
                body[t].constantStride = w.args[w.argStart[k + length]] - w.args[w.argStart[k]];
                body[t].constantIndex = w.args[w.argStart[k]] - earlier * body[t].constantStride;
            }
        }
        Loop loop = new Loop(firstSlot, length, body);
        if (startFrom != null) {
            System.arraycopy(startFrom, 0, loop.startFrom, 0, length);
        }
        return consistent(loop) ? loop : null;
    }

    /**
     * The reference of a body position {@code position} to the slot {@code slotAt} in the window's instruction and
     * {@code stride}, the body started {@code earlier} iterations before that instruction at {@code firstSlot}; a
     * value of the iteration is taken from (or made into) {@code locals}, one per body position.
     */
    static Ref operand(int slotAt, int stride, int earlier, int firstSlot, int position, Ref[] locals) {
        int length = locals.length;
        int base = slotAt - earlier * stride;
        int rel = base - firstSlot;
        if (stride == length && rel >= 0 && rel < position) {
            return local(locals, base, rel);
        }
        int carried = carriedPosition(base, stride, firstSlot, length);
        return carried >= 0 ? new Ref(Kind.CARRY, base, stride, carried) : new Ref(Kind.MEMORY, base, stride, -1);
    }

    /** The reference of a partial, as {@link #operand} makes an operand's. */
    static Ref partial(int slotAt, int stride, int earlier, int firstSlot, Ref[] locals) {
        int base = slotAt - earlier * stride;
        int rel = base - firstSlot;
        if (stride == locals.length && rel >= 0 && rel < locals.length) {
            return local(locals, base, rel);
        }
        return new Ref(Kind.MEMORY, base, stride, -1);
    }

    /** The reference to body position {@code rel} (at slot {@code base} in iteration 0), made once per loop. */
    private static Ref local(Ref[] locals, int base, int rel) {
        if (locals[rel] == null) {
            locals[rel] = new Ref(Kind.LOCAL, base, locals.length, rel);
        }
        return locals[rel];
    }

    /**
     * Whether an operand of the period at {@code k} steps by more than {@code length} slots from one period to the
     * next ({@link #strides}, as {@link #periodStrides} filled them) over slots that its first {@link #MIN_COUNT}
     * iterations would read where no loop can ({@link ReadRanges}): refused before the run is followed, phased and
     * built. An MLP's output units read the hidden layer's values, one per unit, hundreds of slots apart; where each
     * unit is a loop of its own, reading them would make those loops plain, and the period was built and refused
     * for every output unit of every example.
     */
    private boolean readsAcross(int k, int length) {
        for (int t = 0; t < length; t++) {
            int at = w.argStart[k + t] + Codes.fixedCount(w.ops[k + t]);
            for (int i = 0, operands = w.operandSlots(k + t); i < operands; i++) {
                int stride = strides[t][i];
                int slot = w.args[at + i];
                if (stride > length && !ranges.addressable(slot, slot + (MIN_COUNT - 1) * stride, stride)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether reading memory keeps the program's order: an operand read from the workspace must have been written
     * before the loop began, at any stride. Later iterations read what the program recorded, each slot compared
     * exactly, so never a value not yet computed; one that reads the loop's own iterations (a step past its body
     * reaches them) is found reading across it when linked, and the loop runs plain.
     */
    static boolean consistent(Loop loop) {
        for (Position p : loop.body) {
            for (Ref r : p.operands) {
                if (r.kind == Kind.MEMORY && r.base >= loop.firstSlot) {
                    return false;
                }
            }
        }
        return true;
    }
}
