package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;

/**
 * Guesses the next loop of a loop of loops from the last two: where a traced program runs one inner loop per point
 * (the components of a mixture, the dimensions of a quadratic form), two loops in a row with one body differ by a
 * fixed shift of each slot, and the third is likely to differ from the second by the same shifts. The
 * {@link LoopFinder} then predicts that loop from its first instruction, so neither the detector's search nor
 * storing its first iterations is paid again for every point.
 *
 * <p>A forecast is only a guess: every instruction of its first iteration is compared exactly, edges included,
 * before the loop counts one, as for any loop the detector found. The constants' indices are not guessed but taken
 * from that iteration.
 */
final class Forecast {

    /** Scratch: the guessed body's reads of fixed slots, one reference per slot (as {@link LoopDetector} makes them). */
    private final FixedReads fixedReads = new FixedReads();

    /**
     * The loop that would follow {@code before} and {@code last} if every slot of its body moved on by what it moved
     * from {@code before} to {@code last}; null where the two differ in more than their slots, where the guess
     * would overlap {@code last}, or where its references would not be of the same kinds (a slot moved into or out of
     * the iteration). Its count is 0 and its constants' indices are yet to be set.
     */
    Loop after(Loop before, Loop last) {
        if (!LoopDetector.sameBody(before, last) || !sameStarts(before, last)) {
            return null;
        }
        int firstSlot = 2 * last.firstSlot - before.firstSlot;
        if (firstSlot < last.endSlot()) {
            return null;
        }
        int length = last.length;
        Position[] body = new Position[length];
        Ref[] locals = new Ref[length];
        fixedReads.clear();
        for (int t = 0; t < length; t++) {
            Position p = last.body[t];
            Position q = before.body[t];
            Ref[] operands = new Ref[p.operands.length];
            for (int i = 0; i < operands.length; i++) {
                int base = moved(p.operands[i], q.operands[i]);
                int stride = p.operands[i].stride;
                operands[i] = stride == 0 ? fixedReads.at(base)
                        : LoopDetector.operand(base, stride, 0, firstSlot, t, locals);
            }
            Ref[] edgeOperands = new Ref[p.edgeOperands.length];
            Ref[] edgePartials = new Ref[p.edgeOperands.length];
            for (int i = 0; i < edgeOperands.length; i++) {
                edgeOperands[i] = LoopDetector.operand(moved(p.edgeOperands[i], q.edgeOperands[i]),
                        p.edgeOperands[i].stride, 0, firstSlot, t, locals);
                int base = moved(p.edgePartials[i], q.edgePartials[i]);
                int stride = p.edgePartials[i].stride;
                edgePartials[i] = stride == 0 ? fixedReads.at(base)
                        : LoopDetector.partial(base, stride, 0, firstSlot, locals);
            }
            body[t] = new Position(p.code, p.rule, operands, edgeOperands, edgePartials);
            if (p.code == Codes.CONST) {
                if (p.constantStride != q.constantStride) {
                    return null;
                }
                body[t].constantStride = p.constantStride;
            }
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
        return LoopDetector.sameBody(last, next) && LoopDetector.consistent(next) ? next : null;
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
