package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;

/**
 * Guesses the next loop of a loop of loops from the loops kept so far: where a traced program runs one inner loop per
 * point (the components of a mixture, the dimensions of a quadratic form), two loops in a row with one body differ by
 * a fixed shift of each slot, and the third is likely to differ from the second by the same shifts. Where it runs a
 * few loops of different bodies per point (a layer's units, then the next layer's), the loops repeat every few: the
 * next is guessed from the two of its kind before it. The
 * {@link LoopFinder} takes that loop as soon as its first iteration is recorded and predicts the rest, so the
 * detector's search (and storing the three iterations it needs to see) is not paid again for every point.
 *
 * <p>A forecast is only a guess: every instruction of that first iteration is compared with it exactly, edges
 * included, before the loop is taken, as the iterations of any loop the detector found are. The constants' indices
 * are not guessed but taken from that iteration.
 */
final class Forecast {

    /** The most loops one point (one iteration of the loop of loops) may hold for its loops to be guessed. */
    static final int LONGEST_PERIOD = 4;

    /** Scratch: the guessed body's reads of fixed slots, one reference per slot (as {@link LoopDetector} makes them). */
    private final FixedReads fixedReads = new FixedReads();
    /** The loops kept so far, the latest first: as many as two points of the longest period hold. */
    private final Loop[] kept = new Loop[2 * LONGEST_PERIOD];
    /** The loop that the last guess moved on (the one a period before it), or null if there was no guess. */
    private Loop movedOn;
    /** The loops per point of the last guess ({@code q} in {@link #next}); 0 if there was no guess. */
    private int perPoint;

    /**
     * The loop that the guess {@link #next} returned last moves on by one period (for a loop of loops, the loop of
     * the point before at the same place); null if it returned none.
     */
    Loop movedOn() {
        return movedOn;
    }

    /**
     * How many slots a point of the last guess spans, if the point's loops repeat the point before theirs exactly,
     * their counts included, so that one flat loop of this period could hold the points whole (a mixture's point
     * over a few dimensions: its components' loop and its log-sum-exp); 0 where there was no guess or a loop's count
     * differs from its counterpart's (a triangular product; a loop that lost its first iteration to the code before
     * it, which makes the distance a wrong period).
     */
    int pointSpan() {
        for (int i = 0; i < perPoint; i++) {
            if (kept[i].count != kept[i + perPoint].count) {
                return 0;
            }
        }
        return perPoint == 0 ? 0 : movedOn.firstSlot - kept[2 * perPoint - 1].firstSlot;
    }

    /**
     * The loop that the next call of {@link #next} no longer keeps, after which this forecaster never looks at it
     * again; null while fewer are kept.
     */
    Loop oldest() {
        return kept[kept.length - 1];
    }

    /**
     * Takes in {@code loop}, just kept (the latest loop that is not made plain instructions again), and guesses the
     * loop after it: at the fewest loops per point {@code q} for which the loops {@code q} and {@code 2q} back from
     * the next have one body and give a guess that starts after {@code loop} ends, and (for {@code q > 1}) the
     * latest loop lies as far from the one {@code q} before it as those two lie apart. Null if there is none.
     */
    Loop next(Loop loop) {
        System.arraycopy(kept, 0, kept, 1, kept.length - 1);
        kept[0] = loop;
        movedOn = null;
        perPoint = 0;
        for (int q = 1; q <= LONGEST_PERIOD && kept[2 * q - 1] != null; q++) {
            Loop last = kept[q - 1];
            Loop before = kept[2 * q - 1];
            int distance = last.firstSlot - before.firstSlot;
            if (q > 1 && (kept[q].length != loop.length || loop.firstSlot - kept[q].firstSlot != distance)) {
                continue;
            }
            Loop guess = after(before, last, loop.endSlot());
            if (guess != null) {
                movedOn = last;
                perPoint = q;
                return guess;
            }
        }
        return null;
    }

    /**
     * The loop that would follow {@code before} and {@code last} if every slot of its body moved on by what it moved
     * from {@code before} to {@code last}; null where the two differ in more than their slots, where the guess
     * would start before {@code earliest}, where a reference would move into or out of the iteration (the detector
     * would make it another kind), or where the detector would refuse the loop ({@link LoopDetector#consistent}: an
     * operand read at the loop's start or after). Its references are made and shared as the detector makes them; its
     * count is 0 and its constants' indices are yet to be set.
     */
    Loop after(Loop before, Loop last, int earliest) {
        int length = last.length;
        int firstSlot = 2 * last.firstSlot - before.firstSlot;
        if (before.length != length || firstSlot < Math.max(earliest, last.endSlot()) || !sameStarts(before, last)) {
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
        return LoopDetector.consistent(next) ? next : null;
    }

    /**
     * Operand (or, not {@code read}, an edge's operand) reference {@code r} of the last loop at body position
     * {@code position}, moved on as it moved from {@code earlier}, in the loop starting at {@code firstSlot}, made as
     * the detector builds it there; null where the two differ in kind, position or stride, or where the
     * moved one is of another kind.
     */
    private Ref movedOperand(Ref r, Ref earlier, int firstSlot, int position, Ref[] locals, boolean read) {
        if (!sameKind(r, earlier)) {
            return null;
        }
        int base = moved(r, earlier);
        Ref moved = read && r.stride == 0 ? fixedReads.at(base)
                : LoopDetector.operand(base, r.stride, 0, firstSlot, position, locals);
        return moved.kind == r.kind ? moved : null;
    }

    /** A partial's reference, moved on as {@link #movedOperand} moves an operand's. */
    private Ref movedPartial(Ref r, Ref earlier, int firstSlot, Ref[] locals) {
        if (!sameKind(r, earlier)) {
            return null;
        }
        int base = moved(r, earlier);
        Ref moved = r.stride == 0 ? fixedReads.at(base) : LoopDetector.partial(base, r.stride, 0, firstSlot, locals);
        return moved.kind == r.kind ? moved : null;
    }

    /** Whether two references of one body position in two loops have one kind, position and stride. */
    private static boolean sameKind(Ref r, Ref earlier) {
        return r.kind == earlier.kind && r.stride == earlier.stride && r.position == earlier.position;
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
