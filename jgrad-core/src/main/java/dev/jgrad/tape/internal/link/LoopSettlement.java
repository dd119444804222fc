package dev.jgrad.tape.internal.link;

import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.codegen.KernelGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last decisions about a found loop, made when linking, once its count is final: which body positions are
 * carried from one iteration to the next in locals, and which values the reverse sweep recomputes or reads back.
 */
public final class LoopSettlement {

    /**
     * The most cheap ops a reverse sweep recomputes to get back one value it needs. A value read back costs a store in
     * the forward sweep and a load in the reverse one (and 16 bytes of workspace per iteration); a few dependent
     * additions or multiplications cost about as much.
     */
    static final int LONGEST_RECOMPUTATION = 8;

    private LoopSettlement() {
    }

    /**
     * Settles, once the loop's count is final, which positions are carried in locals and which the reverse sweep
     * recomputes. A carried adjoint must not also be updated in the workspace by the loop itself, or its
     * contributions would be summed in another order (or lost): such carries go through the workspace instead.
     */
    static void settle(Loop loop) {
        boolean[] updatedInMemory = new boolean[loop.length];
        List<Ref> memoryAdjoints = new ArrayList<>();
        for (Position p : loop.body) {
            for (Ref r : p.edgeOperands) {
                if (r.kind != Kind.MEMORY) {
                    continue;
                }
                memoryAdjoints.add(r);
                int lo = r.lowestSlot(loop.count);
                int hi = r.highestSlot(loop.count);
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
        // per carried position, whether the loop updates the slot it starts from in the workspace: asked once
        byte[] startUpdated = new byte[loop.length];
        for (Position p : loop.body) {
            settleCarries(loop, p.operands, updatedInMemory, startUpdated, memoryAdjoints);
            settleCarries(loop, p.edgeOperands, updatedInMemory, startUpdated, memoryAdjoints);
        }
        markCarried(loop);
        for (Position p : loop.body) {
            for (Ref r : p.edgeOperands) {
                if (r.kind == Kind.CARRY && !loop.carried[r.position]) {
                    r.kind = Kind.MEMORY;
                }
            }
        }
        markRecomputed(loop);
    }

    /**
     * Whether {@code loop}, just found and not yet settled, can be compiled once it is: sized ({@link
     * KernelGenerator#fits}) with the values its reverse sweep will recompute or read back marked as settling marks
     * them, which take code that the loop sized unsettled does not show (a mixture's point as one flat loop: its
     * reverse method 40 % larger; a convolution's window of 81 taps as one: past the JIT's limit, and linking then
     * made the loop over all the windows plain instructions), then unmarked.
     */
    public static boolean fitsOnceSettled(Loop loop) {
        markRecomputed(loop);
        markCarried(loop);
        for (int t = 0; t < loop.length; t++) {
            if (loop.carried[t]) {
                // an accumulator, whose last value is read after the loop
                loop.export(t, 0, 0, true, true);
            }
        }
        boolean fits = KernelGenerator.fits(loop);
        Arrays.fill(loop.recomputed, false);
        Arrays.fill(loop.kept, false);
        Arrays.fill(loop.carried, false);
        loop.clearExports();
        return fits;
    }

    /** Marks the positions that operands read as {@link Kind#CARRY} carried ({@link Loop#carried}). */
    private static void markCarried(Loop loop) {
        for (Position p : loop.body) {
            for (Ref r : p.operands) {
                if (r.kind == Kind.CARRY) {
                    loop.carried[r.position] = true;
                }
            }
        }
    }

    /**
     * Sends the carried references among {@code refs} through the workspace where the loop also updates their
     * adjoints there: in every iteration ({@code updatedInMemory}) or at the slot they start from.
     */
    private static void settleCarries(Loop loop, Ref[] refs, boolean[] updatedInMemory, byte[] startUpdated,
            List<Ref> memoryAdjoints) {
        for (Ref r : refs) {
            if (r.kind != Kind.CARRY) {
                continue;
            }
            int t = r.position;
            if (startUpdated[t] == 0) {
                startUpdated[t] = reaches(memoryAdjoints, loop.startSlot(t), loop.count) ? (byte) 1 : (byte) -1;
            }
            if (updatedInMemory[t] || startUpdated[t] > 0) {
                if (loop.readsStart(r)) {
                    // a reference to the workspace reads one slot pattern in every iteration, the start slot in
                    // none: the loop runs as plain instructions (LoopExpansion reads it as carried)
                    loop.plainOnly = true;
                } else {
                    r.kind = Kind.MEMORY;
                }
            }
        }
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

    /**
     * The positions whose values the reverse sweep needs (partials and what they are computed from) and how it gets
     * them: recomputed from their operands when that is cheap, else kept from the forward sweep, which ends the
     * recomputation there. Cheap is an op of a few cycles ({@link KernelGenerator#keepsValue}) whose value takes at
     * most {@link #LONGEST_RECOMPUTATION} such ops to recompute: a unit's ReLU reads its dot product, and
     * recomputing that sum of products of 64 terms for its partial doubled the reverse sweep of every unit.
     */
    private static void markRecomputed(Loop loop) {
        boolean[] readBack = readBack(loop);
        boolean[] needed = new boolean[loop.length];
        for (Position p : loop.body) {
            for (Ref r : p.edgePartials) {
                if (r.kind == Kind.LOCAL) {
                    needed[r.position] = true;
                }
            }
        }
        for (int t = loop.length - 1; t >= 0; t--) {
            if (!needed[t]) {
                continue;
            }
            if (readBack[t]) {
                loop.kept[t] = true;
                loop.export(t, 0, loop.count - 1, true, false);
                continue;
            }
            loop.recomputed[t] = true;
            for (Ref r : loop.body[t].operands) {
                if (r.kind == Kind.LOCAL) {
                    needed[r.position] = true;
                }
            }
        }
    }

    /**
     * Per position, whether the reverse sweep reads its value back if it needs it, rather than recomputing it: its op
     * is not cheap, or recomputing it would take more than {@link #LONGEST_RECOMPUTATION} cheap ops, counting its
     * operands computed in the iteration that are recomputed too (an operand shared by two of them counted twice, so
     * that the count only errs towards reading back, which gives the same bits).
     */
    private static boolean[] readBack(Loop loop) {
        boolean[] readBack = new boolean[loop.length];
        int[] ops = new int[loop.length];
        for (int t = 0; t < loop.length; t++) {
            Position p = loop.body[t];
            int n = 1;
            for (Ref r : p.operands) {
                if (r.kind == Kind.LOCAL) {
                    n += ops[r.position];
                }
            }
            if (KernelGenerator.keepsValue(p.code) || n > LONGEST_RECOMPUTATION) {
                readBack[t] = true;
            } else {
                ops[t] = n;
            }
        }
        return readBack;
    }
}
