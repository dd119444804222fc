package dev.jgrad.tape.internal.link;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.Piece;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns found loops back into the plain instructions they stand for, when the linker finds they cannot run as
 * kernels after all: a loop whose kernel would be too large for the JIT (whether its code fits is known for sure
 * only once its exports are: a long body whose every value is read afterwards writes all of them out, and a kernel
 * the JIT declines to compile would run interpreted, far slower than the plain sweep), or one whose references the
 * compact layout cannot express.
 */
public final class LoopExpansion {

    private LoopExpansion() {
    }

    /**
     * The parts with every loop that {@code expand} accepts replaced by a plain piece; {@code parts} itself if it
     * accepts none.
     *
     * @param parts  a recording's pieces and loops in slot order, the loops settled and exported
     * @param expand which loops to expand
     */
    static List<Object> expand(List<Object> parts, Predicate<Loop> expand) {
        List<Object> fitted = null;
        for (int i = 0; i < parts.size(); i++) {
            Object part = parts.get(i);
            if (part instanceof Loop && expand.test((Loop) part)) {
                if (fitted == null) {
                    fitted = new ArrayList<>(parts.subList(0, i));
                }
                fitted.add(expand((Loop) part));
            } else if (fitted != null) {
                fitted.add(part);
            }
        }
        return fitted == null ? parts : fitted;
    }

    /**
     * The loop's instructions, iteration after iteration, as the recorder would have stored them: each iteration's
     * instructions, then its edges in recording order (which the reverse sweep, last edge first, needs).
     */
    public static Piece expand(Loop loop) {
        int argsPerIteration = 0;
        for (Position p : loop.body) {
            argsPerIteration += Codes.fixedCount(p.code) + p.operands.length;
        }
        byte[] ops = new byte[Math.multiplyExact(loop.count, loop.length)];
        int[] args = new int[Math.multiplyExact(loop.count, argsPerIteration)];
        int[] edges = new int[Math.toIntExact(3 * loop.edgeCount())];
        int i = 0;
        int a = 0;
        int e = 0;
        for (int j = 0; j < loop.count; j++) {
            for (Position p : loop.body) {
                ops[i++] = p.code;
                a = writeFixed(p, j, args, a);
                for (Ref r : p.operands) {
                    args[a++] = loop.slotRead(r, j);
                }
            }
            for (int t = 0; t < loop.length; t++) {
                Position p = loop.body[t];
                for (int k = 0; k < p.edgeOperands.length; k++) {
                    if (j == 0 && loop.readsStart(p.edgeOperands[k])) {
                        // a constant or data input an accumulator starts from has no edge
                        continue;
                    }
                    edges[e++] = p.edgeOperands[k].slot(j);
                    edges[e++] = p.edgePartials[k].slot(j);
                    edges[e++] = loop.slot(t, j);
                }
            }
        }
        return new Piece(loop.firstSlot, ops, args, edges);
    }

    /** Writes the leading entries of position {@code p} in iteration {@code j} (see {@link Codes#fixedCount}). */
    private static int writeFixed(Position p, int j, int[] args, int a) {
        switch (p.code) {
            case Codes.CONST:
                args[a++] = p.constantIndex + j * p.constantStride;
                break;
            case Codes.CUSTOM1:
            case Codes.CUSTOM2:
            case Codes.CUSTOM3:
                args[a++] = p.rule;
                break;
            case Codes.SUMN:
                args[a++] = p.operands.length;
                break;
            case Codes.CUSTOMN:
                args[a++] = p.rule;
                args[a++] = p.operands.length;
                break;
            default:
                if (Codes.fixedCount(p.code) != 0) {
                    // data inputs are recorded in a piece of their own, never inside a loop
                    throw new IllegalStateException("op code " + p.code + " in a loop body");
                }
                break;
        }
        return a;
    }
}
