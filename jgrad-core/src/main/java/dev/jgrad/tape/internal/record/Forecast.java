package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;

/**
 * Guesses the next loop of a loop of loops from the last two: where a traced program runs one inner loop per point
 * (the components of a mixture, the dimensions of a quadratic form), two loops in a row with one body differ by a
 * fixed shift of each slot, and the third is likely to differ from the second by the same shifts. The
 * {@link LoopFinder} takes that loop as soon as its first iteration is recorded and predicts the rest, so the
 * detector's search (and storing the three iterations it needs to see) is not paid again for every point.
 *
 * <p>A forecast is only a guess: every instruction of that first iteration is compared with it exactly, edges
 * included, before the loop is taken, as the iterations of any loop the detector found are. The constants' indices
 * are not guessed but taken from that iteration.
 */
final class Forecast {

    /** Scratch: the guessed body's reads of fixed slots, one reference per slot (as {@link LoopDetector} makes them). */
    private final FixedReads fixedReads = new FixedReads();

    /**
     * The loop that would follow {@code before} and {@code last} if every slot of its body moved on by what it moved
     * from {@code before} to {@code last}; null where the two differ in more than their slots, where the guess
     * would overlap {@code last}, or where a workspace reference would move into the iteration (the detector would
     * have made it another kind) or an operand's to the loop's start or after (it would read what the loop has not
     * written yet). Its references are shared as the detector shares them; its count is 0 and its constants'
     * indices are yet to be set. One pass over the references: it is made for every loop of a loop of loops.
     */
    Loop after(Loop before, Loop last) {
        int length = last.length;
        int firstSlot = 2 * last.firstSlot - before.firstSlot;
        if (before.length != length || firstSlot < last.endSlot() || !sameStarts(before, last)) {
            return null;
        }
        Position[] body = new Position[length];
        Ref[] locals = new Ref[length];
        fixedReads.clear();
        for (int t = 0; t < length; t++) {
            Position p = last.body[t];
            Position q = before.body[t];
            int edges = p.edgeOperands.length;
            if (p.code != q.code || p.rule != q.rule || p.operands.length != q.operands.length
                    || edges != q.edgeOperands.length
                    || p.code == Codes.CONST && p.constantStride != q.constantStride) {
                return null;
            }
            Ref[] operands = new Ref[p.operands.length];
            for (int i = 0; i < operands.length; i++) {
                operands[i] = movedOperand(p.operands[i], q.operands[i], firstSlot, t, locals, true);
                if (operands[i] == null) {
                    return null;
                }
            }
            Ref[] edgeOperands = new Ref[edges];
            Ref[] edgePartials = new Ref[edges];
            for (int i = 0; i < edges; i++) {
                edgeOperands[i] = movedOperand(p.edgeOperands[i], q.edgeOperands[i], firstSlot, t, locals, false);
                edgePartials[i] = movedPartial(p.edgePartials[i], q.edgePartials[i], firstSlot, locals);
                if (edgeOperands[i] == null || edgePartials[i] == null) {
                    return null;
                }
            }
            body[t] = new Position(p.code, p.rule, operands, edgeOperands, edgePartials);
            body[t].constantStride = p.constantStride;
        }
        Loop next = new Loop(firstSlot, length, body);
        for (int t = 0; t < length; t++) {
            if (last.startFrom[t] >= 0) {
                next.startFrom[t] = 2 * last.startFrom[t] - before.startFrom[t];
                if (next.startFrom[t] < 0) {
                    return null;
                }
            }
        }
        return next;
    }

    /**
     * Operand (or, not {@code read}, an edge's operand) reference {@code r} of the last loop at body position
     * {@code position}, moved on as it moved from {@code earlier}, in the loop starting at {@code firstSlot}; null
     * where the two differ in kind, position or stride, or where the moved one would not be of the same kind.
     */
    private Ref movedOperand(Ref r, Ref earlier, int firstSlot, int position, Ref[] locals, boolean read) {
        if (r.kind != earlier.kind || r.stride != earlier.stride || r.position != earlier.position) {
            return null;
        }
        int length = locals.length;
        switch (r.kind) {
            case LOCAL:
                return LoopDetector.local(locals, firstSlot + r.position, r.position);
            case CARRY:
                return new Ref(Kind.CARRY, firstSlot - length + r.position, r.stride, r.position);
            default:
                int base = moved(r, earlier);
                int rel = base - firstSlot;
                if (r.stride == length && rel >= -length && rel < position
                        || read && (base >= firstSlot || r.stride > length)) {
                    return null;
                }
                return read && r.stride == 0 ? fixedReads.at(base) : new Ref(Kind.MEMORY, base, r.stride, -1);
        }
    }

    /** A partial's reference, moved on as {@link #movedOperand} moves an operand's. */
    private Ref movedPartial(Ref r, Ref earlier, int firstSlot, Ref[] locals) {
        if (r.kind != earlier.kind || r.stride != earlier.stride || r.position != earlier.position) {
            return null;
        }
        if (r.kind == Kind.LOCAL) {
            return LoopDetector.local(locals, firstSlot + r.position, r.position);
        }
        int base = moved(r, earlier);
        int rel = base - firstSlot;
        if (r.stride == locals.length && rel >= 0 && rel < locals.length) {
            return null;
        }
        return r.stride == 0 ? fixedReads.at(base) : new Ref(Kind.MEMORY, base, r.stride, -1);
    }

    /** Where reference {@code r} of the last loop reads in the next, moved on as it moved from {@code earlier}. */
    private static int moved(Ref r, Ref earlier) {
        return 2 * r.base - earlier.base;
    }

    /** Whether the same positions of the two loops start from a passive slot ({@link Loop#startFrom}). */
    private static boolean sameStarts(Loop a, Loop b) {
        for (int t = 0; t < a.length; t++) {
            if (a.startFrom[t] >= 0 != b.startFrom[t] >= 0) {
                return false;
            }
        }
        return true;
    }
}
