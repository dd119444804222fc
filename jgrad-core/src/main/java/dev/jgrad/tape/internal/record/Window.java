package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Piece;
import java.util.Arrays;

/**
 * The most recent instructions of a recording, not yet committed to the tape: the {@link Recorder} appends to it and
 * the {@link LoopFinder} reads it. Instruction {@code i} has slot {@code firstSlot + i}; its operands are
 * {@code args[argStart[i] .. argStart[i+1])} and, once settled, its reverse-sweep edges (triples {@code operand,
 * partial, out}) are {@code edges[edgeStart[i] .. edgeStart[i+1])}.
 *
 * <p>An instruction's operand entries are its fixed entries ({@link #fixedCount}: a custom rule's index, a variadic
 * operation's term count, a constant's index) and then its operand slots; {@link #emit(byte, int, int[], int)} writes
 * them and {@link #argCount} reads them back, here and in {@link Piece}s.
 */
final class Window {

    int firstSlot;
    byte[] ops = new byte[256];
    int[] argStart = new int[257];
    int[] args = new int[1024];
    int count;
    int argCount;
    int[] edges = new int[768];
    int edgeEntries;
    int[] edgeStart = new int[257];
    /** Instructions whose edges are all recorded and indexed in {@link #edgeStart}. */
    int settled;
    /** Whether each instruction gets its {@link #hashes} entry, for a {@link LoopDetector}. */
    private final boolean hashing;
    /**
     * With {@link #hashing}, per instruction: its hash ({@link LoopDetector#hash}), made when it is appended, with
     * {@link LoopDetector#EDGE_HASH} added per edge recorded and checked for size when it settles
     * ({@link LoopDetector#scrambledIfLarge}); the detector compares them instead of reading the instructions.
     */
    int[] hashes;
    private static final int[] NO_OPERANDS = {};

    /**
     * @param firstSlot the slot of the first instruction
     * @param hashing   whether instructions are hashed for a loop detector
     */
    Window(int firstSlot, boolean hashing) {
        this.firstSlot = firstSlot;
        this.hashing = hashing;
        this.hashes = hashing ? new int[ops.length] : null;
    }

    /** Appends an op code with room for {@code maxArgs} operand entries; returns its slot. */
    int emit(byte code, int maxArgs) {
        Codes.checkSlot(firstSlot + count);
        if (count + 1 == ops.length) {
            ops = Arrays.copyOf(ops, ops.length * 2);
            argStart = Arrays.copyOf(argStart, ops.length + 1);
            edgeStart = Arrays.copyOf(edgeStart, ops.length + 1);
            if (hashing) {
                hashes = Arrays.copyOf(hashes, ops.length);
            }
        }
        if (argCount + maxArgs > args.length) {
            args = Arrays.copyOf(args, Math.max(args.length * 2, argCount + maxArgs));
        }
        ops[count] = code;
        argStart[count] = argCount;
        return firstSlot + count++;
    }

    void arg(int value) {
        args[argCount++] = value;
    }

    /**
     * Appends an operation: its op code, the index of its rule if it has one ({@code rule >= 0}), its term count if it
     * is variadic, and its operand slots {@code operands[0 .. count-1]}; returns its slot.
     */
    int emit(byte code, int rule, int[] operands, int count) {
        int slot = emit(code, count + 2);
        if (rule >= 0) {
            arg(rule);
        }
        if (code == Codes.SUMN || code == Codes.CUSTOMN) {
            arg(count);
        }
        for (int i = 0; i < count; i++) {
            arg(operands[i]);
        }
        if (hashing) {
            hashes[this.count - 1] = LoopDetector.hash(code, rule >= 0 ? LoopDetector.salt(rule) : 0, operands, count);
        }
        return slot;
    }

    /**
     * {@link #emit(byte, int, int[], int)} of an operation of one operand slot and no rule, with the operand at hand
     * (as {@link #emitBinary}).
     */
    int emitUnary(byte code, int a) {
        int slot = emit(code, 1);
        args[argCount++] = a;
        if (hashing) {
            hashes[count - 1] = LoopDetector.hash(code, a);
        }
        return slot;
    }

    /**
     * {@link #emit(byte, int, int[], int)} of an operation of two operand slots and no rule, with the operands at
     * hand: the commonest instruction, written without the general case's loop and branches.
     */
    int emitBinary(byte code, int a, int b) {
        int slot = emit(code, 2);
        args[argCount++] = a;
        args[argCount++] = b;
        if (hashing) {
            hashes[count - 1] = LoopDetector.hash(code, a, b);
        }
        return slot;
    }

    /** Appends data input {@code index}; returns its slot. */
    int emitData(int index) {
        int slot = emit(Codes.DATA, 1);
        arg(index);
        if (hashing) {
            hashes[count - 1] = LoopDetector.hash(Codes.DATA, LoopDetector.salt(index), NO_OPERANDS, 0);
        }
        return slot;
    }

    /** Appends the constant with index {@code index} in the tape's constants; returns its slot. */
    int emitConstant(int index) {
        int slot = emit(Codes.CONST, 1);
        arg(index);
        if (hashing) {
            hashes[count - 1] = LoopDetector.hash(Codes.CONST, 0, NO_OPERANDS, 0);
        }
        return slot;
    }

    void edge(int operand, int partial, int out) {
        if (edgeEntries + 3 > edges.length) {
            edges = Arrays.copyOf(edges, edges.length * 2);
        }
        edges[edgeEntries++] = operand;
        edges[edgeEntries++] = partial;
        edges[edgeEntries++] = out;
        int i = out - firstSlot;
        // an edge recorded after its instruction settled (after a loop it belongs to) enters no hash: the detector
        // may have read that one, and compares edges exactly anyway
        if (hashing && i >= settled && i < count) {
            hashes[i] += LoopDetector.EDGE_HASH;
        }
    }

    /** Indexes the edges of every instruction appended so far: call when all their edges are recorded. */
    void settle() {
        argStart[count] = argCount;
        int e = edgeStart[settled];
        for (int i = settled; i < count; i++) {
            edgeStart[i] = e;
            int next = firstSlot + i + 1;
            while (e < edgeEntries && edges[e + 2] < next) {
                e += 3;
            }
            if (hashing && argStart[i + 1] - argStart[i] > LoopDetector.FEW_ENTRIES) {
                hashes[i] = LoopDetector.scrambledIfLarge(hashes[i], ops[i], argStart[i + 1] - argStart[i],
                        e - edgeStart[i], firstSlot + i);
            }
        }
        edgeStart[count] = e;
        settled = count;
    }

    int slot(int i) {
        return firstSlot + i;
    }

    int index(int slot) {
        return slot - firstSlot;
    }

    int operandEntries(int i) {
        return argStart[i + 1] - argStart[i];
    }

    /** The operand slots of instruction {@code i}: its operand entries but the fixed ones. */
    int operandSlots(int i) {
        return operandEntries(i) - Codes.fixedCount(ops[i]);
    }

    int edgeCount(int i) {
        return (edgeStart[i + 1] - edgeStart[i]) / 3;
    }

    /** Removes the first {@code n} settled instructions and their edges; the rest move to the front. */
    void drop(int n) {
        if (n == 0) {
            return;
        }
        int argShift = argStart[n];
        int edgeShift = edgeStart[n];
        System.arraycopy(ops, n, ops, 0, count - n);
        if (hashing) {
            System.arraycopy(hashes, n, hashes, 0, count - n);
        }
        for (int i = n; i <= count; i++) {
            argStart[i - n] = argStart[i] - argShift;
        }
        for (int i = n; i <= settled; i++) {
            edgeStart[i - n] = edgeStart[i] - edgeShift;
        }
        System.arraycopy(args, argShift, args, 0, argCount - argShift);
        System.arraycopy(edges, edgeShift, edges, 0, edgeEntries - edgeShift);
        argCount -= argShift;
        edgeEntries -= edgeShift;
        count -= n;
        settled -= n;
        firstSlot += n;
    }

    /** Instructions {@code 0 .. n-1} as a piece of straight code of the tape (copied). */
    Piece copy(int n) {
        return new Piece(firstSlot, Arrays.copyOf(ops, n), Arrays.copyOf(args, argStart[n]),
                Arrays.copyOf(edges, edgeStart[n]));
    }
}
