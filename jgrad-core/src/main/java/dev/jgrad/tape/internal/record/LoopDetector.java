package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.codegen.KernelGenerator;
import java.util.Arrays;

/**
 * Finds where a loop starts in the window of a recording, at a bounded cost per instruction whatever the program.
 *
 * <p>Each instruction gets one hash, linear in its slot entries: {@code H = shape * M + sum_i W_i e_i}. If the
 * instructions {@code i - 2p}, {@code i - p} and {@code i} have one shape and slots that advance by the same strides
 * (what a loop of period {@code p} records), the second difference {@code H_i - 2 H_{i-p} + H_{i-2p}} is exactly 0;
 * otherwise it is almost never 0. Per period {@code p <= MAX_BODY} the detector knows how many instructions in a row
 * have that difference 0, and offers the period to the {@link LoopFinder} the moment its run spans
 * {@link #MIN_INSTRUCTIONS} instructions. Only then are slots compared exactly ({@link #loopAt}); a run offers its
 * period once, so each check of {@code O(MIN_INSTRUCTIONS)} is paid for by the run of instructions that led to it.
 *
 * <p>A run must reach {@code MIN_INSTRUCTIONS - 2p} to be offered, so runs are not followed instruction by
 * instruction until they are long: each period is sampled every {@value #SAMPLE}th instruction (a few periods per
 * instruction, staggered), and only once {@link #TRIGGER} samples in a row are 0 is its run counted back exactly and,
 * if those samples all lie in it, followed at every instruction until it breaks. A run long enough to be offered
 * always passes through the trigger first, so loops are offered at the same instructions as if every period were
 * followed throughout; a program without loops costs one hash and three differences per instruction.
 */
final class LoopDetector {

    /** The longest body tried: longer bodies would make kernels the JIT declines to compile. */
    static final int MAX_BODY = 48;
    private static final int MIN_COUNT = 4;
    /**
     * Loops shorter than this stay plain instructions: a kernel (its code, its call, its compilation) would not pay
     * for itself. It is at least {@code MIN_COUNT * MAX_BODY}, so it is also the extent every period needs before a
     * loop is recognized.
     */
    static final int MIN_INSTRUCTIONS = 256;
    /** How many of the latest instructions the window must keep for the detector: a loop's extent and look-back. */
    static final int KEEP = MIN_INSTRUCTIONS + 2 * MAX_BODY;
    /** Instructions with more slot entries than this (long sums) are never part of a loop. */
    static final int MAX_ENTRIES = 32;
    /** Each period's difference is sampled at one instruction in this many (a power of two). */
    private static final int SAMPLE = 32;
    /**
     * How many samples in a row must be 0 before a period's run is followed exactly. The shortest run that is offered
     * ({@code MIN_INSTRUCTIONS - 2 * MAX_BODY}) holds one sample more, so it triggers while still short of that.
     */
    private static final int TRIGGER = (MIN_INSTRUCTIONS - 2 * MAX_BODY) / SAMPLE - 1;
    /** The bits of the periods {@code 1 .. MAX_BODY}. */
    private static final long PERIODS = -1L >>> (63 - MAX_BODY) & ~1L;
    /** Per instruction slot modulo {@link #SAMPLE}: the periods sampled there. */
    private static final long[] SAMPLED = sampled();
    /** {@link Codes#fixedCount} by op code (as an unsigned byte): a load instead of a switch in the hash. */
    private static final byte[] FIXED = fixedCounts();
    /** The multipliers of the slot entries in the hash (odd, so that no entry's bits are lost). */
    private static final int[] WEIGHTS = weights();
    /**
     * {@code MULTIPLES[p][r]}: the periods {@code kp} ({@code k >= 2}) whose second difference is 0 at an instruction
     * where period {@code p} has a run of {@code r}. Such a run makes the hashes linear in the iteration, per body
     * position, over {@code r + 2p} instructions, which holds the three instructions {@code kp} apart that
     * {@code kp}'s difference reads once {@code r > 2(k-1)p}. Their runs then advance without being checked.
     */
    private static final long[][] MULTIPLES = multiples();

    private final Window w;
    private final int[][] strides = new int[MAX_BODY][MAX_ENTRIES];
    private final int[] entriesA = new int[MAX_ENTRIES];
    private final int[] entriesB = new int[MAX_ENTRIES];
    /**
     * Per window instruction {@code 0 .. hashed-1}: its hash (see the class comment). An instruction's hash depends
     * on it alone, so it is computed once, in a pass of its own over each batch, and kept when the detector starts
     * afresh after a loop.
     */
    private int[] hashes = new int[256];
    private int hashed;
    /** The window instructions {@code 0 .. looked-1} have advanced the runs and given their samples. */
    private int looked;
    /** The periods whose runs are followed at every instruction. */
    private long followed;
    /**
     * Per followed period {@code p}: how many instructions in a row, up to the latest one, are the instruction
     * {@code p} before shifted by the same strides as that one is from the instruction {@code 2p} before.
     */
    private final int[] runs = new int[MAX_BODY + 1];
    /** Per period not followed: how many of its samples in a row were 0. */
    private final int[] samples = new int[MAX_BODY + 1];
    /** A bit per period whose run has just become long enough for a loop (each run offers its period once). */
    private long ready;
    /** Set by {@link #loopAt}: one past the last window instruction known to follow the loop found. */
    private int foundEnd;

    /** @param window the recording's window, whose instructions this detector hashes and reads */
    LoopDetector(Window window) {
        this.w = window;
    }

    private static long[] sampled() {
        long[] sampled = new long[SAMPLE];
        for (int p = 1; p <= MAX_BODY; p++) {
            sampled[p % SAMPLE] |= 1L << p;
        }
        return sampled;
    }

    private static long[][] multiples() {
        long[][] multiples = new long[MAX_BODY + 1][2 * MAX_BODY + 1];
        for (int p = 1; p <= MAX_BODY; p++) {
            for (int r = 0; r <= 2 * MAX_BODY; r++) {
                for (int k = 2; k * p <= MAX_BODY; k++) {
                    if (r > 2 * (k - 1) * p) {
                        multiples[p][r] |= 1L << (k * p);
                    }
                }
            }
        }
        return multiples;
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
        int kept = Math.max(0, hashed - n);
        if (kept > 0) {
            System.arraycopy(hashes, n, hashes, 0, kept);
        }
        hashed = kept;
        looked = Math.max(0, looked - n);
    }

    /** Starts afresh from the window's first instruction: after a loop took the instructions before it. */
    void reset() {
        looked = 0;
        Arrays.fill(runs, 0);
        Arrays.fill(samples, 0);
        followed = 0;
        ready = 0;
    }

    /** One past the last window instruction known to follow the loop {@link #loopAt} found last. */
    int foundEnd() {
        return foundEnd;
    }

    /**
     * Looks at the window's settled instructions until a period becomes ready; returns it, the shortest first, or 0
     * if none is ready once all are looked at. A loop of that period may span the {@link #MIN_INSTRUCTIONS}
     * instructions that end at the latest one, {@link #candidateStart}.
     */
    int nextPeriod() {
        if (hashed < w.count) {
            hashAll();
        }
        while (ready == 0 && looked < w.count) {
            look(looked++);
        }
        if (ready == 0) {
            return 0;
        }
        int p = Long.numberOfTrailingZeros(ready);
        ready &= ready - 1;
        return p;
    }

    /** How many of the window's settled instructions the detector has not looked at yet. */
    int unseen() {
        return w.count - looked;
    }

    /** Where the loop of the period {@link #nextPeriod} returned would start. */
    int candidateStart() {
        return looked - MIN_INSTRUCTIONS;
    }

    /** Hashes the window's instructions not hashed yet, reading each one's entries where the last one's end. */
    private void hashAll() {
        int count = w.count;
        if (count > hashes.length) {
            hashes = Arrays.copyOf(hashes, Math.max(2 * hashes.length, count));
        }
        byte[] ops = w.ops;
        int[] argStart = w.argStart;
        int[] edgeStart = w.edgeStart;
        int start = argStart[hashed];
        int edgesFrom = edgeStart[hashed];
        for (int i = hashed; i < count; i++) {
            int end = argStart[i + 1];
            int edgesTo = edgeStart[i + 1];
            hashes[i] = hashOf(i, ops[i], start, end - start, (edgesTo - edgesFrom) / 3);
            start = end;
            edgesFrom = edgesTo;
        }
        hashed = count;
    }

    /** Advances the followed runs at instruction {@code i} and takes its samples. */
    private void look(int i) {
        long implied = 0;
        for (long f = followed; f != 0; f &= f - 1) {
            int p = Long.numberOfTrailingZeros(f);
            if ((implied & 1L << p) != 0 || periodic(i, p)) {
                if (++runs[p] == MIN_INSTRUCTIONS - 2 * p) {
                    ready |= 1L << p;
                }
                implied |= MULTIPLES[p][Math.min(runs[p], 2 * MAX_BODY)];
            } else {
                runs[p] = 0;
                followed &= ~(1L << p);
            }
        }
        long valid = i >= 2 * MAX_BODY ? PERIODS : PERIODS & -1L >>> (63 - i / 2);
        for (long s = SAMPLED[w.slot(i) & (SAMPLE - 1)] & valid & ~followed; s != 0; s &= s - 1) {
            int p = Long.numberOfTrailingZeros(s);
            if (!periodic(i, p)) {
                samples[p] = 0;
            } else if (++samples[p] == TRIGGER) {
                follow(i, p);
            }
        }
    }

    /**
     * Counts the run of period {@code p} back from instruction {@code i}, where {@link #TRIGGER} samples in a row are
     * 0, and follows it if those samples all lie in it. They may not: samples miss the instructions between them, so
     * they can span the end of one run and the start of the next. Such a run is not followed (it would mostly be
     * followed only until it soon ends); its samples are counted again from the ones it holds, so a run long enough
     * to be offered is still followed once it holds {@code TRIGGER} samples, before it is offered.
     */
    private void follow(int i, int p) {
        int run = 0;
        while (run < MIN_INSTRUCTIONS && i - run >= 2 * p && periodic(i - run, p)) {
            run++;
        }
        int held = (run - 1) / SAMPLE + 1;
        if (held < TRIGGER) {
            samples[p] = held;
            return;
        }
        samples[p] = 0;
        runs[p] = run;
        followed |= 1L << p;
        if (run >= MIN_INSTRUCTIONS - 2 * p) {
            ready |= 1L << p;
        }
    }

    /** Whether instruction {@code i} has second difference 0 at period {@code p} (see the class comment). */
    private boolean periodic(int i, int p) {
        return hashes[i] - 2 * hashes[i - p] + hashes[i - 2 * p] == 0;
    }

    /**
     * The hash of instruction {@code i}: linear in its operand slots, or a scramble of its slot if it has too many
     * entries. Its edges enter by their number only: the recorder derives an edge's slots from the operation's, so
     * they advance with the operands in a loop (and {@link #loopAt} compares them anyway).
     */
    private int hashOf(int i, byte code, int start, int entries, int edges) {
        int fixed = FIXED[code & 0xFF];
        int operands = entries - fixed;
        if (operands + 2 * edges > MAX_ENTRIES) {
            long z = (w.slot(i) + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
            return (int) (z ^ z >>> 31);
        }
        int[] args = w.args;
        int shape = code | entries << 8 | edges << 20;
        if (fixed > 0 && code != Codes.CONST) {
            shape = 31 * shape + args[start];
        }
        int h = shape * 0x9E3779B1;
        int first = start + fixed;
        if (operands == 2) {
            // the commonest case, a binary operation, without the loop's branches
            return h + WEIGHTS[0] * args[first] + WEIGHTS[1] * args[first + 1];
        }
        for (int k = 0; k < operands; k++) {
            h += WEIGHTS[k] * args[first + k];
        }
        return h;
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
        byte code = w.ops[k];
        if (code != w.ops[q] || w.edgeCount(k) != w.edgeCount(q) || w.operandEntries(k) != w.operandEntries(q)) {
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
        if (!sameShape(k, k - length)) {
            return false;
        }
        int n = entries(k, entriesA);
        if (n < 0) {
            return false;
        }
        entries(k - length, entriesB);
        for (int i = 0; i < n; i++) {
            if (entriesA[i] - entriesB[i] != stride[i]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- detection

    /**
     * The loop of body length {@code length} that starts at window instruction {@code k} (or a few instructions
     * later), slots compared exactly, with its known end (one past the last instruction that follows it) in
     * {@link #foundEnd}; or null.
     */
    Loop loopAt(int k, int length) {
        if (k < 0 || !periodStrides(k, length)) {
            return null;
        }
        int end = k + 2 * length;
        while (end < w.count && follows(end, length, strides[(end - k) % length])) {
            end++;
        }
        if (end - k < MIN_INSTRUCTIONS) {
            return null;
        }
        int first = k + bestPhase(k, length, end - k);
        Loop loop = build(first, length);
        if (loop != null) {
            foundEnd = end;
        }
        return loop;
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
            for (int i = 0; i < n; i++) {
                strides[t][i] = entriesA[i] - entriesB[i];
            }
        }
        return true;
    }

    /**
     * Where in the period the body should start: the phase at which the fewest references cross from one iteration
     * to another, since those go through the workspace's arrays (or a carried local) instead of a register.
     */
    private int bestPhase(int k, int length, int extent) {
        int best = 0;
        int bestCrossings = Integer.MAX_VALUE;
        for (int phase = 0; phase < length && (extent - phase) / length >= MIN_COUNT; phase++) {
            int crossings = 0;
            int firstSlot = w.slot(k + phase);
            for (int t = 0; t < length; t++) {
                int n = entries(k + phase + t, entriesA);
                for (int i = 0; i < n; i++) {
                    int rel = entriesA[i] - firstSlot;
                    if (strides[(phase + t) % length][i] == length && (rel < 0 || rel >= length)) {
                        crossings++;
                    }
                }
            }
            if (crossings < bestCrossings) {
                bestCrossings = crossings;
                best = phase;
            }
        }
        return best;
    }

    /**
     * The loop whose body is window instructions {@code first .. first+length-1}, with the strides of the next
     * iteration; null if it cannot be run as a kernel.
     */
    private Loop build(int first, int length) {
        int firstSlot = w.slot(first);
        Position[] body = new Position[length];
        for (int t = 0; t < length; t++) {
            int k = first + t;
            entries(k, entriesA);
            entries(k + length, entriesB);
            int operands = w.operandSlots(k);
            int edges = w.edgeCount(k);
            Ref[] ops = new Ref[operands];
            for (int i = 0; i < operands; i++) {
                ops[i] = operand(entriesA[i], entriesB[i] - entriesA[i], firstSlot, t, length);
            }
            Ref[] edgeOperands = new Ref[edges];
            Ref[] edgePartials = new Ref[edges];
            for (int i = 0; i < edges; i++) {
                int o = operands + 2 * i;
                edgeOperands[i] = operand(entriesA[o], entriesB[o] - entriesA[o], firstSlot, t, length);
                edgePartials[i] = partial(entriesA[o + 1], entriesB[o + 1] - entriesA[o + 1], firstSlot, length);
            }
            byte code = w.ops[k];
            int rule = code >= Codes.CUSTOM1 && code <= Codes.CUSTOM3 || code == Codes.CUSTOMN
                    ? w.args[w.argStart[k]] : -1;
            body[t] = new Position(code, rule, ops, edgeOperands, edgePartials);
        }
        Loop loop = new Loop(firstSlot, length, body);
        return consistent(loop) && KernelGenerator.fits(loop) ? loop : null;
    }

    private static Ref operand(int base, int stride, int firstSlot, int position, int length) {
        int rel = base - firstSlot;
        if (stride == length && rel >= 0 && rel < position) {
            return new Ref(Kind.LOCAL, base, stride, rel);
        }
        if (stride == length && rel >= -length && rel < 0) {
            return new Ref(Kind.CARRY, base, stride, rel + length);
        }
        return new Ref(Kind.MEMORY, base, stride, -1);
    }

    private static Ref partial(int base, int stride, int firstSlot, int length) {
        int rel = base - firstSlot;
        if (stride == length && rel >= 0 && rel < length) {
            return new Ref(Kind.LOCAL, base, stride, rel);
        }
        return new Ref(Kind.MEMORY, base, stride, -1);
    }

    /**
     * Whether reading memory keeps the program's order, for any number of iterations: an operand read from the
     * workspace must have been written before the loop began, by a pattern that never overtakes the iterations.
     */
    private static boolean consistent(Loop loop) {
        for (Position p : loop.body) {
            for (Ref r : p.operands) {
                if (r.kind == Kind.MEMORY && (r.base >= loop.firstSlot || r.stride > loop.length)) {
                    return false;
                }
            }
        }
        return true;
    }
}
