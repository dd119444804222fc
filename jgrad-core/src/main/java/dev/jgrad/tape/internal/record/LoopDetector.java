package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.codegen.KernelGenerator;
import java.util.Arrays;

/**
 * Finds where a loop starts in the window of a recording: for each instruction it keeps a hash of its shape and the
 * periods over which the instructions before it repeat that shape, so a loop is looked for only where some period
 * holds, and only then are slots compared. The {@link LoopFinder} decides when to look and what to do with a loop
 * found.
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
    /** Instructions with more slot entries than this (long sums) are never part of a loop. */
    static final int MAX_ENTRIES = 32;

    private final Window w;
    private final int[][] strides = new int[MAX_BODY][MAX_ENTRIES];
    private final int[] entriesA = new int[MAX_ENTRIES];
    private final int[] entriesB = new int[MAX_ENTRIES];
    /**
     * Per window instruction: a hash of its shape (op code, rule, operand and edge counts), and a bit per period
     * {@code p} set if the {@link #MIN_INSTRUCTIONS} instructions up to it each have the shape of the one {@code p}
     * before. A loop with period {@code p} can start at {@code k} only if bit {@code p} is set at
     * {@code k + MIN_INSTRUCTIONS - 1}, which is checked before any slot is compared.
     */
    private int[] shapes = new int[256];
    private long[] periods = new long[256];
    /** For the latest shaped instruction: per period, how many instructions in a row match the one a period back. */
    private final int[] runs = new int[MAX_BODY + 1];
    private int shaped;
    /** Set by {@link #loopAt}: one past the last window instruction known to follow the loop found. */
    private int foundEnd;

    /** @param window the recording's window, whose instructions this detector shapes and reads */
    LoopDetector(Window window) {
        this.w = window;
    }

    /** Forgets the shapes of the window's first {@code n} instructions, which the window is dropping. */
    void drop(int n) {
        int kept = Math.max(0, shaped - n);
        if (kept > 0) {
            System.arraycopy(shapes, n, shapes, 0, kept);
            System.arraycopy(periods, n, periods, 0, kept);
        }
        shaped = kept;
    }

    /** One past the last window instruction known to follow the loop {@link #loopAt} found last. */
    int foundEnd() {
        return foundEnd;
    }

    /** Extends {@link #shapes} and {@link #periods} to the window's settled instructions. */
    void shape() {
        if (w.count > shapes.length) {
            int capacity = Math.max(w.count, 2 * shapes.length);
            shapes = Arrays.copyOf(shapes, capacity);
            periods = Arrays.copyOf(periods, capacity);
        }
        if (shaped == 0) {
            Arrays.fill(runs, 0);
        }
        for (int i = shaped; i < w.count; i++) {
            byte code = w.ops[i];
            int h = code | w.operandEntries(i) << 8 | w.edgeCount(i) << 20;
            if (code != Codes.CONST && Codes.fixedCount(code) > 0) {
                h = 31 * h + w.args[w.argStart[i]];
            }
            shapes[i] = h;
            long mask = 0;
            for (int p = 1; p <= MAX_BODY; p++) {
                runs[p] = i >= p && shapes[i - p] == h ? runs[p] + 1 : 0;
                if (runs[p] >= MIN_INSTRUCTIONS - p) {
                    mask |= 1L << p;
                }
            }
            periods[i] = mask;
        }
        shaped = w.count;
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
     * The loop with the shortest body that starts at window instruction {@code k} (or a few instructions later), its
     * known end (one past the last instruction that follows it) in {@link #foundEnd}; or null.
     */
    Loop loopAt(int k) {
        if (k + MIN_INSTRUCTIONS > w.count) {
            return null;
        }
        long candidates = periods[k + MIN_INSTRUCTIONS - 1];
        while (candidates != 0) {
            int length = Long.numberOfTrailingZeros(candidates);
            candidates &= candidates - 1;
            if (!periodStrides(k, length)) {
                continue;
            }
            int end = k + 2 * length;
            while (end < w.count && follows(end, length, strides[(end - k) % length])) {
                end++;
            }
            if (end - k < MIN_INSTRUCTIONS) {
                continue;
            }
            int first = k + bestPhase(k, length, end - k);
            Loop loop = build(first, length);
            if (loop != null) {
                foundEnd = end;
                return loop;
            }
        }
        return null;
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
