package dev.jgrad.tape;

import dev.jgrad.tape.Loop.Kind;
import dev.jgrad.tape.Loop.Position;
import dev.jgrad.tape.Loop.Ref;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the loops of a recorded tape: runs of instructions that repeat one body with every slot an affine function
 * of the iteration (a Java loop over an array, traced, records exactly that). The tape is cut into
 * {@link Segment}s: each loop that {@link KernelGenerator} can compile becomes one, the instructions between them
 * are swept one by one as before.
 *
 * <p>Nothing is guessed: a loop is accepted only if every instruction of every iteration matches the body, so the
 * loop is the same program as the instructions it stands for, and its kernel performs the same floating-point
 * operations on every value and adjoint in the same order (results equal the plain sweep's to the last bit).
 */
final class LoopFinder {

    /** The longest body tried; longer bodies would make kernels the JIT declines to compile. */
    static final int MAX_BODY = 48;
    private static final int MIN_COUNT = 4;
    /** Loops shorter than this stay plain instructions: a kernel call would not pay for itself. */
    private static final int MIN_INSTRUCTIONS = 64;
    /** Instructions with more slot entries than this (long sums) are never part of a loop. */
    private static final int MAX_ENTRIES = 32;

    private final Tape tape;
    private final int instructions;
    /** Per instruction, where its operands start in its block's {@code args}. */
    private final int[] argStart;
    /** Per instruction (and one past the last), the index of its first reverse-sweep edge. */
    private final int[] edgeStart;
    private final int[][] strides = new int[MAX_BODY][MAX_ENTRIES];
    private final int[] entriesA = new int[MAX_ENTRIES];
    private final int[] entriesB = new int[MAX_ENTRIES];

    private LoopFinder(Tape tape) {
        this.tape = tape;
        this.instructions = tape.instructions;
        this.argStart = new int[instructions];
        int k = 0;
        for (int b = 0; b < tape.ops.length; b++) {
            int p = 0;
            for (int i = 0; i < tape.ops[b].length; i++, k++) {
                argStart[k] = p;
                p += argCount(tape.ops[b][i], tape.args[b], p);
            }
        }
        this.edgeStart = new int[instructions + 1];
        long edges = tape.edgeCount / 3;
        int e = 0;
        for (k = 0; k <= instructions; k++) {
            int slot = tape.inputs + k;
            while (e < edges && edgeOut(e) < slot) {
                e++;
            }
            edgeStart[k] = e;
        }
    }

    /** The tape cut into segments, loops compiled; without loops, one segment per block of instructions. */
    static Segment[] segments(Tape tape, boolean findLoops) {
        LoopFinder finder = new LoopFinder(tape);
        List<Loop> loops = findLoops ? finder.findLoops() : List.of();
        List<Segment> segments = new ArrayList<>();
        int k = 0;
        for (Loop loop : loops) {
            finder.addStraight(segments, k, loop.firstInstruction);
            segments.add(new Segment.Looped(loop));
            k = loop.firstInstruction + loop.length * loop.count;
        }
        finder.addStraight(segments, k, tape.instructions);
        if (loops.isEmpty()) {
            return segments.toArray(new Segment[0]);
        }
        finder.export(loops, segments);
        // a loop whose kernel cannot be made (too large for the JIT) is swept as plain instructions: what it exports
        // stays marked, which costs a few stores and changes no result
        List<Segment> compiled = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment instanceof Segment.Looped && !KernelGenerator.compile(((Segment.Looped) segment).loop)) {
                Loop loop = ((Segment.Looped) segment).loop;
                finder.addStraight(compiled, loop.firstInstruction, loop.firstInstruction + loop.length * loop.count);
            } else {
                compiled.add(segment);
            }
        }
        return compiled.toArray(new Segment[0]);
    }

    /** The operand entries of an instruction with op code {@code code} whose operands start at {@code args[p]}. */
    static int argCount(byte code, int[] args, int p) {
        switch (code) {
            case Tape.NEG: case Tape.EXP: case Tape.LOG: case Tape.SQRT: case Tape.TANH: case Tape.SIGMOID:
            case Tape.RELU: case Tape.SIN: case Tape.COS: case Tape.ABS: case Tape.SIGN: case Tape.CONST:
                return 1;
            case Tape.WHERE: case Tape.CUSTOM2:
                return 3;
            case Tape.CUSTOM1:
                return 2;
            case Tape.CUSTOM3:
                return 4;
            case Tape.SUMN:
                return 1 + args[p];
            case Tape.CUSTOMN:
                return 2 + args[p + 1];
            default:
                return 2;
        }
    }

    /** Leading operand entries that are not slots: a rule's index, a term count. */
    private static int fixedCount(byte code) {
        switch (code) {
            case Tape.CUSTOM1: case Tape.CUSTOM2: case Tape.CUSTOM3: case Tape.SUMN: return 1;
            case Tape.CUSTOMN: return 2;
            case Tape.CONST: return 1;
            default: return 0;
        }
    }

    private void addStraight(List<Segment> segments, int from, int to) {
        while (from < to) {
            int block = from >>> Tape.BLOCK_SHIFT;
            int end = Math.min(to, (block + 1) << Tape.BLOCK_SHIFT);
            segments.add(new Segment.Straight(tape, from, end, argStart[from], edgeStart[from], edgeStart[end]));
            from = end;
        }
    }

    // ---------------------------------------------------------------- flat access

    private byte op(int k) {
        return tape.ops[k >>> Tape.BLOCK_SHIFT][k & (Tape.BLOCK - 1)];
    }

    private int[] args(int k) {
        return tape.args[k >>> Tape.BLOCK_SHIFT];
    }

    private int edgeEntry(int e, int field) {
        return tape.edges[e >>> 16][(e & 0xFFFF) * 3 + field];
    }

    private int edgeOut(int e) {
        return edgeEntry(e, 2);
    }

    private int operandCount(int k) {
        byte code = op(k);
        return code == Tape.CONST ? 0 : argCount(code, args(k), argStart[k]) - fixedCount(code);
    }

    private int edgeCount(int k) {
        return edgeStart[k + 1] - edgeStart[k];
    }

    /** The slot entries of instruction {@code k}: its operands, then each edge's operand and partial; or -1. */
    private int entries(int k, int[] out) {
        int operands = operandCount(k);
        int edges = edgeCount(k);
        if (operands + 2 * edges > MAX_ENTRIES) {
            return -1;
        }
        int[] a = args(k);
        int p = argStart[k] + fixedCount(op(k));
        for (int i = 0; i < operands; i++) {
            out[i] = a[p + i];
        }
        for (int i = 0; i < edges; i++) {
            out[operands + 2 * i] = edgeEntry(edgeStart[k] + i, 0);
            out[operands + 2 * i + 1] = edgeEntry(edgeStart[k] + i, 1);
        }
        return operands + 2 * edges;
    }

    /** Whether two instructions do the same thing to (possibly) different slots. */
    private boolean sameShape(int k, int q) {
        byte code = op(k);
        if (code != op(q) || edgeCount(k) != edgeCount(q) || operandCount(k) != operandCount(q)) {
            return false;
        }
        if (code == Tape.CONST) {
            return true;
        }
        int[] a = args(k);
        int[] b = args(q);
        for (int i = 0; i < fixedCount(code); i++) {
            if (a[argStart[k] + i] != b[argStart[q] + i]) {
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

    private List<Loop> findLoops() {
        List<Loop> loops = new ArrayList<>();
        int k = 0;
        while (k + MIN_INSTRUCTIONS <= instructions) {
            Loop loop = loopAt(k);
            if (loop == null) {
                k++;
            } else {
                loops.add(loop);
                k = loop.firstInstruction + loop.length * loop.count;
            }
        }
        return loops;
    }

    /** The loop with the shortest body that starts at {@code k} (or a few instructions later), or null. */
    private Loop loopAt(int k) {
        for (int length = 1; length <= MAX_BODY && k + MIN_COUNT * length <= instructions; length++) {
            if (op(k + length) != op(k) || !periodStrides(k, length)) {
                continue;
            }
            int end = k + 2 * length;
            while (end < instructions && follows(end, length, strides[(end - k) % length])) {
                end++;
            }
            int extent = end - k;
            if (extent < MIN_COUNT * length || extent < MIN_INSTRUCTIONS) {
                continue;
            }
            int phase = bestPhase(k, length, extent);
            Loop loop = build(k + phase, length, (extent - phase) / length);
            if (loop != null) {
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
            int firstSlot = tape.inputs + k + phase;
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

    /** The loop of {@code count} iterations of {@code length} instructions from {@code first}, or null. */
    private Loop build(int first, int length, int count) {
        int firstSlot = tape.inputs + first;
        Position[] body = new Position[length];
        for (int t = 0; t < length; t++) {
            int k = first + t;
            int n = entries(k, entriesA);
            entries(k + length, entriesB);
            int[] stride = new int[n];
            for (int i = 0; i < n; i++) {
                stride[i] = entriesB[i] - entriesA[i];
            }
            byte code = op(k);
            int operands = operandCount(k);
            int edges = edgeCount(k);
            Ref[] ops = new Ref[operands];
            for (int i = 0; i < operands; i++) {
                ops[i] = operand(entriesA[i], stride[i], firstSlot, t, length);
            }
            Ref[] edgeOperands = new Ref[edges];
            Ref[] edgePartials = new Ref[edges];
            for (int i = 0; i < edges; i++) {
                int o = operands + 2 * i;
                edgeOperands[i] = operand(entriesA[o], stride[o], firstSlot, t, length);
                edgePartials[i] = partial(entriesA[o + 1], stride[o + 1], firstSlot, length);
            }
            int rule = code >= Tape.CUSTOM1 && code <= Tape.CUSTOM3 || code == Tape.CUSTOMN
                    ? args(k)[argStart[k]] : -1;
            body[t] = new Position(code, rule, ops, edgeOperands, edgePartials);
        }
        Loop loop = new Loop(first, firstSlot, length, count, body);
        return consistent(loop) ? loop : null;
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
     * Checks that reading memory keeps the program's order and settles which positions are carried in locals.
     * An operand read from memory must have been written by an earlier iteration (or before the loop). A carried
     * adjoint must not also be updated in memory by the loop, or the two sums would be added in another order.
     */
    private static boolean consistent(Loop loop) {
        boolean[] updatedInMemory = new boolean[loop.length];
        List<Ref> memoryAdjoints = new ArrayList<>();
        for (Position p : loop.body) {
            for (Ref r : p.operands) {
                if (r.kind == Kind.MEMORY && !beforeIteration(loop, r)) {
                    return false;
                }
            }
            for (Ref r : p.edgeOperands) {
                if (r.kind == Kind.MEMORY) {
                    memoryAdjoints.add(r);
                    hitPositions(loop, r, updatedInMemory);
                }
            }
        }
        for (Position p : loop.body) {
            for (Ref[] refs : new Ref[][] {p.operands, p.edgeOperands}) {
                for (Ref r : refs) {
                    if (r.kind == Kind.CARRY
                            && (updatedInMemory[r.position] || hitsSlot(loop, memoryAdjoints, r.base))) {
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
        return true;
    }

    /** Whether a memory operand reads, in every iteration, a slot written before that iteration began. */
    private static boolean beforeIteration(Loop loop, Ref r) {
        int last = loop.count - 1;
        return r.slot(0) < loop.firstSlot && r.slot(last) < loop.firstSlot + last * loop.length;
    }

    /** Marks the loop's positions that a memory reference can reach. */
    private static void hitPositions(Loop loop, Ref r, boolean[] hit) {
        int lo = Math.min(r.slot(0), r.slot(loop.count - 1));
        int hi = Math.max(r.slot(0), r.slot(loop.count - 1));
        if (hi < loop.firstSlot || lo >= loop.endSlot()) {
            return;
        }
        if (r.stride % loop.length == 0) {
            hit[Math.floorMod(r.base - loop.firstSlot, loop.length)] = true;
        } else {
            Arrays.fill(hit, true);
        }
    }

    /** Whether any of the loop's memory references reaches {@code slot} in some iteration. */
    private static boolean hitsSlot(Loop loop, List<Ref> refs, int slot) {
        for (Ref r : refs) {
            long distance = (long) slot - r.base;
            if (r.stride == 0 ? distance == 0
                    : distance % r.stride == 0 && distance / r.stride >= 0 && distance / r.stride < loop.count) {
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

    // ---------------------------------------------------------------- what leaves an iteration

    /**
     * Records, for every loop position, the iterations whose value or adjoint something outside the iteration reads:
     * the plain instructions, the other loops, memory references of the loop itself, and the outputs.
     */
    private void export(List<Loop> loops, List<Segment> segments) {
        Loop[] sorted = loops.toArray(new Loop[0]);
        for (Loop loop : sorted) {
            for (Position p : loop.body) {
                for (Ref r : p.operands) {
                    exportRef(sorted, loop, r, true, false);
                }
                for (Ref r : p.edgeOperands) {
                    exportRef(sorted, loop, r, false, true);
                }
                for (Ref r : p.edgePartials) {
                    exportRef(sorted, loop, r, true, false);
                }
            }
            for (int t = 0; t < loop.length; t++) {
                if (loop.recomputed[t] && loop.count > 1) {
                    for (Ref r : loop.body[t].operands) {
                        if (r.kind == Kind.CARRY) {
                            loop.export(r.position, 0, loop.count - 2, true, false);
                        }
                    }
                }
            }
        }
        for (Segment segment : segments) {
            if (segment instanceof Segment.Straight) {
                Segment.Straight s = (Segment.Straight) segment;
                for (int k = s.firstInstruction; k < s.endInstruction; k++) {
                    int n = op(k) == Tape.CONST ? 0 : operandCount(k);
                    int p = argStart[k] + fixedCount(op(k));
                    for (int i = 0; i < n; i++) {
                        exportSlot(sorted, args(k)[p + i], true, false);
                    }
                    for (int e = edgeStart[k]; e < edgeStart[k + 1]; e++) {
                        exportSlot(sorted, edgeEntry(e, 0), false, true);
                        exportSlot(sorted, edgeEntry(e, 1), true, false);
                    }
                }
            }
        }
        for (int output : tape.outputs) {
            exportSlot(sorted, output, true, true);
        }
    }

    private static void exportRef(Loop[] loops, Loop owner, Ref r, boolean value, boolean adjoint) {
        if (r.kind == Kind.CARRY) {
            exportSlot(loops, r.base, true, true);
            return;
        }
        if (r.kind != Kind.MEMORY) {
            return;
        }
        int last = owner.count - 1;
        int lo = Math.min(r.slot(0), r.slot(last));
        int hi = Math.max(r.slot(0), r.slot(last));
        for (int i = loopIndex(loops, lo); i < loops.length && loops[i].firstSlot <= hi; i++) {
            Loop target = loops[i];
            int from = Math.max(lo, target.firstSlot);
            int to = Math.min(hi, target.endSlot() - 1);
            if (from > to) {
                continue;
            }
            int jLo = (from - target.firstSlot) / target.length;
            int jHi = (to - target.firstSlot) / target.length;
            if (r.stride % target.length == 0) {
                target.export(Math.floorMod(r.base - target.firstSlot, target.length), jLo, jHi, value, adjoint);
            } else {
                for (int t = 0; t < target.length; t++) {
                    target.export(t, jLo, jHi, value, adjoint);
                }
            }
        }
    }

    private static void exportSlot(Loop[] loops, int slot, boolean value, boolean adjoint) {
        int i = loopIndex(loops, slot);
        if (i < loops.length && loops[i].firstSlot <= slot && slot < loops[i].endSlot()) {
            Loop loop = loops[i];
            int j = (slot - loop.firstSlot) / loop.length;
            loop.export((slot - loop.firstSlot) % loop.length, j, j, value, adjoint);
        }
    }

    /** The first loop that ends after {@code slot}. */
    private static int loopIndex(Loop[] loops, int slot) {
        int lo = 0;
        int hi = loops.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (loops[mid].endSlot() <= slot) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
