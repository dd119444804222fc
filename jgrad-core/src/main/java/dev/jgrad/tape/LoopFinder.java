package dev.jgrad.tape;

import dev.jgrad.tape.Loop.Kind;
import dev.jgrad.tape.Loop.Position;
import dev.jgrad.tape.Loop.Ref;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds loops while a tape is being recorded: runs of instructions that repeat one body with every slot an affine
 * function of the iteration, which is what a traced Java loop over arrays records. Once a loop is found, each new
 * instruction is checked against its body and, if it matches, is not stored at all: the loop just counts one more
 * iteration. Everything else is committed to the tape as plain {@link Window.Piece}s.
 *
 * <p>Nothing is guessed: an instruction joins a loop only if its op code, rule and every operand and edge slot are
 * exactly those the body predicts, so the loop is the same program as the instructions it stands for, and its
 * kernel performs the same floating-point operations on every value and adjoint in the same order.
 */
final class LoopFinder {

    /** The longest body tried: longer bodies would make kernels the JIT declines to compile. */
    static final int MAX_BODY = 48;
    private static final int MIN_COUNT = 4;
    /**
     * Loops shorter than this stay plain instructions: a kernel (its code, its call, its compilation) would not pay
     * for itself. It is at least {@code MIN_COUNT * MAX_BODY}, so it is also the extent every period needs before a
     * loop is recognized.
     */
    private static final int MIN_INSTRUCTIONS = 256;
    /** Instructions with more slot entries than this (long sums) are never part of a loop. */
    private static final int MAX_ENTRIES = 32;

    private final Window w;
    private final List<Object> pieces;
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

    /** The loop being extended: the window holds the part of its current iteration recorded so far. */
    private Loop active;
    /** The window's first instructions, already matched against the active loop's current iteration. */
    private int matched;
    /**
     * Whether the active loop predicts the recording: the window is empty, and each instruction and edge recorded
     * is compared with the body as it comes ({@link #expect}) instead of being stored.
     */
    boolean predicting;
    /** While predicting: the next body position, and how many of the iteration's edges have come. */
    private int next;
    private int edgesSeen;
    /** While predicting: the active loop's current iteration. */
    private int iteration;
    /**
     * While predicting, per position, {@value #PLAN} ints for {@link #expectWithEdges}: its op code, operand
     * constness and whether it qualifies (one int, compared at once; 0 if it does not), both operands' base and
     * stride, its number of edges and its first edge (in recording order).
     */
    private int[] plan;
    private static final int PLAN = 7;
    private static final int PLAIN_BINARY = 1 << 16;
    /**
     * While predicting, the body flattened for quick comparison: per position its op code, rule and where its
     * operands start in {@code operandBase}; per edge (in recording order) its position; and every expected slot
     * as {@code base + j * stride} in iteration {@code j}.
     */
    private byte[] codes;
    private int[] rules;
    private int[] operandStart;
    private int[] operandBase;
    private int[] operandStride;
    private int[] edgeOwner;
    private int[] edgeBase;
    private int[] edgeStride;
    /** While predicting: the constant index of each constant position recorded in this iteration. */
    private final int[] constantIndex = new int[MAX_BODY];
    /** Window instructions before this one cannot start a loop. */
    private int searchFrom;
    /** Set by {@link #loopAt}: one past the last window instruction known to follow the loop found. */
    private int foundEnd;

    /**
     * @param window the recording's window
     * @param pieces where committed plain pieces and loops go, in order
     */
    LoopFinder(Window window, List<Object> pieces) {
        this.w = window;
        this.pieces = pieces;
    }

    /** Takes in the window's newly settled instructions; with {@code finishing}, commits everything. */
    void advance(boolean finishing) {
        if (predicting) {
            if (!finishing) {
                return;
            }
            mispredicted();
        }
        if (active != null) {
            extend();
        }
        if (active == null || finishing) {
            active = null;
            search(finishing);
        }
        if (finishing) {
            commit(w.count);
        }
    }

    /** Commits the window's first {@code n} instructions as plain code. */
    private void commit(int n) {
        if (n > 0) {
            pieces.add(w.copy(n));
            drop(n);
            searchFrom = Math.max(0, searchFrom - n);
        }
    }

    /** Drops the window's first {@code n} instructions, and their shapes. */
    private void drop(int n) {
        w.drop(n);
        int kept = Math.max(0, shaped - n);
        if (kept > 0) {
            System.arraycopy(shapes, n, shapes, 0, kept);
            System.arraycopy(periods, n, periods, 0, kept);
        }
        shaped = kept;
    }

    /** Extends {@link #shapes} and {@link #periods} to the window's settled instructions. */
    private void shape() {
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
            if (code != Tape.CONST && Window.fixedCount(code) > 0) {
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

    /** Matches the window's new instructions against the active loop's body, dropping each completed iteration. */
    private void extend() {
        Loop loop = active;
        for (int i = matched; i < w.count; i++) {
            if (!matches(loop, loop.count, i, i)) {
                active = null;
                searchFrom = 0;
                return;
            }
            if (i == loop.length - 1) {
                loop.count++;
                drop(loop.length);
                i = -1;
            }
        }
        matched = w.count;
        if (w.count == 0) {
            startPredicting();
        }
    }

    // ---------------------------------------------------------------- prediction

    private void startPredicting() {
        Loop loop = active;
        int operands = 0;
        int edges = 0;
        for (Position p : loop.body) {
            operands += p.operands.length;
            edges += p.edgeOperands.length;
        }
        codes = new byte[loop.length];
        rules = new int[loop.length];
        operandStart = new int[loop.length + 1];
        operandBase = new int[operands];
        operandStride = new int[operands];
        edgeOwner = new int[edges];
        edgeBase = new int[3 * edges];
        edgeStride = new int[3 * edges];
        int o = 0;
        int e = 0;
        for (int t = 0; t < loop.length; t++) {
            Position p = loop.body[t];
            codes[t] = p.code;
            rules[t] = p.rule;
            operandStart[t] = o;
            for (Ref r : p.operands) {
                operandBase[o] = r.base;
                operandStride[o++] = r.stride;
            }
            for (int i = 0; i < p.edgeOperands.length; i++, e++) {
                edgeOwner[e] = t;
                edgeBase[3 * e] = p.edgeOperands[i].base;
                edgeStride[3 * e] = p.edgeOperands[i].stride;
                edgeBase[3 * e + 1] = p.edgePartials[i].base;
                edgeStride[3 * e + 1] = p.edgePartials[i].stride;
                edgeBase[3 * e + 2] = loop.slot(t, 0);
                edgeStride[3 * e + 2] = loop.length;
            }
        }
        operandStart[loop.length] = o;
        plan = new int[PLAN * loop.length];
        int firstEdge = 0;
        for (int t = 0; t < loop.length; t++) {
            Position p = loop.body[t];
            int mask = constantMask(p);
            if (mask >= 0 && p.rule == -1) {
                plan[PLAN * t] = p.code & 0xFF | mask << 8 | PLAIN_BINARY;
                plan[PLAN * t + 1] = p.operands[0].base;
                plan[PLAN * t + 2] = p.operands[0].stride;
                plan[PLAN * t + 3] = p.operands[1].base;
                plan[PLAN * t + 4] = p.operands[1].stride;
                plan[PLAN * t + 5] = p.edgeOperands.length;
                plan[PLAN * t + 6] = firstEdge;
            }
            firstEdge += p.edgeOperands.length;
        }
        iteration = loop.count;
        next = 0;
        edgesSeen = 0;
        predicting = true;
    }

    /**
     * The slot of the next instruction if it is the one the loop predicts: op code {@code code}, rule index
     * {@code rule} (-1 for none) and {@code operands[0 .. count-1]}; otherwise -1, after the iteration so far has
     * been written to the window (the instruction is then to be stored as usual).
     */
    int expect(byte code, int rule, int[] operands, int count) {
        Tape.checkSlot(w.firstSlot);
        int t = next;
        int o = operandStart[t];
        if (codes[t] != code || rules[t] != rule || operandStart[t + 1] - o != count) {
            return mispredicted();
        }
        int j = iteration;
        for (int i = 0; i < count; i++) {
            if (operandBase[o + i] + j * operandStride[o + i] != operands[i]) {
                return mispredicted();
            }
        }
        return predicted();
    }

    /**
     * The slot of the next instruction if the loop predicts it, for a binary operation whose partial derivatives
     * record no instruction (each is an operand, the result or an existing constant): then its edges are those the
     * body predicts whenever its operand handles are, since a partial depends only on handles, and the caller need
     * not build them. {@code constants} has bit {@code i} set if operand {@code i} is a constant (which has no edge).
     * Returns -1, with nothing changed, if the operation or its edges differ: the caller then records it as usual.
     */
    int expectWithEdges(byte code, int a, int b, int constants) {
        Tape.checkSlot(w.firstSlot);
        int p = next * PLAN;
        int j = iteration;
        if (plan[p] != (code & 0xFF | constants << 8 | PLAIN_BINARY) || plan[p + 1] + j * plan[p + 2] != a
                || plan[p + 3] + j * plan[p + 4] != b || plan[p + 6] != edgesSeen) {
            return -1;
        }
        edgesSeen += plan[p + 5];
        return predicted();
    }

    /** {@link #expect} for a new constant, whose index is {@code index}. */
    int expectConstant(int index) {
        Tape.checkSlot(w.firstSlot);
        if (codes[next] != Tape.CONST) {
            return mispredicted();
        }
        constantIndex[next] = index;
        return predicted();
    }

    /** Whether the next edge is the one the loop predicts; if not, the iteration so far goes to the window. */
    boolean expectEdge(int operand, int partial, int out) {
        int e = edgesSeen;
        int j = iteration;
        if (e < edgeOwner.length && edgeOwner[e] < next && edgeBase[3 * e] + j * edgeStride[3 * e] == operand
                && edgeBase[3 * e + 1] + j * edgeStride[3 * e + 1] == partial
                && edgeBase[3 * e + 2] + j * edgeStride[3 * e + 2] == out) {
            edgesSeen = e + 1;
            if (next == codes.length && e + 1 == edgeOwner.length) {
                completeIteration();
            }
            return true;
        }
        mispredicted();
        return false;
    }

    private int predicted() {
        int slot = w.firstSlot++;
        if (++next == codes.length && edgesSeen == edgeOwner.length) {
            completeIteration();
        }
        return slot;
    }

    private void completeIteration() {
        active.count++;
        iteration++;
        next = 0;
        edgesSeen = 0;
    }

    /**
     * For a binary position whose edges go, last operand first, to exactly its non-constant operands (as the
     * recorder makes them): a bit per operand that had none. Otherwise -1.
     */
    private static int constantMask(Position p) {
        if (p.operands.length != 2 || p.edgeOperands.length > 2) {
            return -1;
        }
        int mask = 3;
        int e = 0;
        for (int i = 1; i >= 0; i--) {
            if (e < p.edgeOperands.length && p.edgeOperands[e].base == p.operands[i].base
                    && p.edgeOperands[e].stride == p.operands[i].stride) {
                mask &= ~(1 << i);
                e++;
            }
        }
        return e == p.edgeOperands.length ? mask : -1;
    }

    /** Ends the prediction: writes the current iteration's instructions and edges so far into the window. */
    private int mispredicted() {
        Loop loop = active;
        int j = loop.count;
        predicting = false;
        active = null;
        searchFrom = 0;
        w.firstSlot = loop.slot(0, j);
        for (int t = 0; t < next; t++) {
            Position p = loop.body[t];
            if (p.code == Tape.CONST) {
                w.emitConstant(constantIndex[t]);
            } else {
                for (int i = 0; i < p.operands.length; i++) {
                    entriesA[i] = p.operands[i].slot(j);
                }
                w.emit(p.code, p.rule, entriesA, p.operands.length);
            }
        }
        for (int e = 0; e < edgesSeen; e++) {
            w.edge(edgeBase[3 * e] + j * edgeStride[3 * e], edgeBase[3 * e + 1] + j * edgeStride[3 * e + 1],
                    edgeBase[3 * e + 2] + j * edgeStride[3 * e + 2]);
        }
        return -1;
    }

    private void search(boolean finishing) {
        shape();
        int k = searchFrom;
        while (w.count - k >= MIN_INSTRUCTIONS) {
            Loop loop = loopAt(k);
            if (loop == null) {
                k++;
                continue;
            }
            int first = w.index(loop.firstSlot);
            boolean reachesEnd = foundEnd == w.count;
            commit(first);
            loop.count = (foundEnd - first) / loop.length;
            pieces.add(loop);
            drop(loop.count * loop.length);
            k = 0;
            if (reachesEnd && !finishing) {
                active = loop;
                matched = 0;
                searchFrom = 0;
                return;
            }
        }
        searchFrom = k;
        if (k >= Tape.PIECE) {
            commit(k);
        }
    }

    // ---------------------------------------------------------------- window access

    private int operandCount(int k) {
        return w.operandEntries(k) - Window.fixedCount(w.ops[k]);
    }

    /** The slot entries of instruction {@code k}: its operands, then each edge's operand and partial; or -1. */
    private int entries(int k, int[] out) {
        int operands = operandCount(k);
        int edges = w.edgeCount(k);
        if (operands + 2 * edges > MAX_ENTRIES) {
            return -1;
        }
        int p = w.argStart[k] + Window.fixedCount(w.ops[k]);
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
        if (code == Tape.CONST) {
            return true;
        }
        for (int i = 0; i < Window.fixedCount(code); i++) {
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

    /** Whether window instruction {@code i} is body position {@code t} of {@code loop} in iteration {@code j}. */
    private boolean matches(Loop loop, int j, int t, int i) {
        Position p = loop.body[t];
        byte code = w.ops[i];
        if (code != p.code || operandCount(i) != p.operands.length
                || w.edgeCount(i) != p.edgeOperands.length) {
            return false;
        }
        int a = w.argStart[i];
        if (p.rule >= 0 && w.args[a] != p.rule) {
            return false;
        }
        a += Window.fixedCount(code);
        for (int e = 0; e < p.operands.length; e++) {
            if (w.args[a + e] != p.operands[e].slot(j)) {
                return false;
            }
        }
        int s = w.edgeStart[i];
        for (int e = 0; e < p.edgeOperands.length; e++, s += 3) {
            if (w.edges[s] != p.edgeOperands[e].slot(j) || w.edges[s + 1] != p.edgePartials[e].slot(j)) {
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
    private Loop loopAt(int k) {
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
            int operands = operandCount(k);
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
            int rule = code >= Tape.CUSTOM1 && code <= Tape.CUSTOM3 || code == Tape.CUSTOMN
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

    /**
     * Settles, once the loop's count is final, which positions are carried in locals and which the reverse sweep
     * recomputes. A carried adjoint must not also be updated in the workspace by the loop itself, or its
     * contributions would be summed in another order (or lost): such carries go through the workspace instead.
     */
    static void settle(Loop loop) {
        boolean[] updatedInMemory = new boolean[loop.length];
        List<Ref> memoryAdjoints = new ArrayList<>();
        int last = loop.count - 1;
        for (Position p : loop.body) {
            for (Ref r : p.edgeOperands) {
                if (r.kind != Kind.MEMORY) {
                    continue;
                }
                memoryAdjoints.add(r);
                int lo = Math.min(r.slot(0), r.slot(last));
                int hi = Math.max(r.slot(0), r.slot(last));
                if (hi < loop.firstSlot || lo >= loop.slot(0, loop.count)) {
                    continue;
                }
                if (r.stride % loop.length == 0) {
                    updatedInMemory[Math.floorMod(r.base - loop.firstSlot, loop.length)] = true;
                } else {
                    Arrays.fill(updatedInMemory, true);
                }
            }
        }
        for (Position p : loop.body) {
            for (Ref[] refs : new Ref[][] {p.operands, p.edgeOperands}) {
                for (Ref r : refs) {
                    if (r.kind == Kind.CARRY
                            && (updatedInMemory[r.position] || reaches(memoryAdjoints, r.base, loop.count))) {
                        r.kind = Kind.MEMORY;
                    }
                }
            }
        }
        for (Position p : loop.body) {
            for (Ref r : p.operands) {
                if (r.kind == Kind.CARRY) {
                    loop.carried[r.position] = true;
                }
            }
        }
        for (Position p : loop.body) {
            for (Ref r : p.edgeOperands) {
                if (r.kind == Kind.CARRY && !loop.carried[r.position]) {
                    r.kind = Kind.MEMORY;
                }
            }
        }
        markRecomputed(loop);
    }

    /** Whether any of the references reaches {@code slot} in one of the loop's iterations. */
    private static boolean reaches(List<Ref> refs, int slot, int count) {
        for (Ref r : refs) {
            if (Loop.meet(r.base, r.stride, slot, 0, count)) {
                return true;
            }
        }
        return false;
    }

    /** The positions whose values the reverse sweep recomputes: partials and what they are computed from. */
    private static void markRecomputed(Loop loop) {
        for (Position p : loop.body) {
            for (Ref r : p.edgePartials) {
                if (r.kind == Kind.LOCAL) {
                    loop.recomputed[r.position] = true;
                }
            }
        }
        for (int t = loop.length - 1; t >= 0; t--) {
            if (loop.recomputed[t]) {
                for (Ref r : loop.body[t].operands) {
                    if (r.kind == Kind.LOCAL) {
                        loop.recomputed[r.position] = true;
                    }
                }
            }
        }
    }
}
