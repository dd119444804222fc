package dev.jgrad.tape.internal.codegen;

import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.SlotNumbers;
import java.util.Arrays;
import java.util.List;

/**
 * A kernel's value groups or adjoint groups as arrays (each group's workspace base and stride, and whether every slot
 * it reaches is an input), with the relations between groups that shape the kernel's code: which group's base each
 * computes its slots from ({@link #leaders}), and which adjoint groups no other group reaches ({@link #kept}).
 */
final class GroupTable {

    /**
     * How many strides apart two groups of one array and stride may lie and still share a base parameter
     * ({@link #leaders}). A window of 24 to 63 taps slid over an array took a parameter and a local per tap for its
     * reads and as many for its adjoints' updates, and replayed at 2.9 to 5.1 times the plain Java convolution (a
     * window of 64, its body 129 instructions, made a kernel too large for the JIT, and ran interpreted at 24);
     * sharing one base, 2.2 to 2.5 and 2.7.
     */
    static final long SHARED_SPAN = 64;

    final int[] base;
    final int[] stride;
    final boolean[] input;

    GroupTable(int[] base, int[] stride, boolean[] input) {
        this.base = base;
        this.stride = stride;
        this.input = input;
    }

    /** The table of a generator's groups, in their order. */
    static GroupTable of(List<KernelGenerator.Group> groups) {
        int size = groups.size();
        GroupTable table = new GroupTable(new int[size], new int[size], new boolean[size]);
        for (KernelGenerator.Group g : groups) {
            table.base[g.index] = g.base;
            table.stride[g.index] = g.stride;
            table.input[g.index] = g.input;
        }
        return table;
    }

    int size() {
        return base.length;
    }

    /**
     * Whether every slot a group of {@code base} and {@code stride} reaches over {@code count} iterations is one of
     * the first {@code inputs} slots: then the kernel reads it from the caller's inputs and sums its adjoint into
     * the caller's gradient.
     */
    static boolean inInputs(int base, int stride, int count, int inputs) {
        long last = base + (long) stride * (count - 1);
        return Math.max(base, last) < inputs && Math.min(base, last) >= 0;
    }

    /**
     * Per group, the first group it may compute its slots from: the same array and stride, and a base fewer than
     * {@link #SHARED_SPAN} strides away, as the fields of one record an iteration reads are (a mixture component's
     * mean and precision per dimension) and the reads of a sliding window (a convolution's {@code x[i + j]} over its
     * taps {@code j}); itself if none. Their slots then differ by a constant, so the kernel loads one base parameter
     * and the JIT keeps one induction variable for them all instead of one per group. Groups further apart (rows of
     * two matrices) keep their own base: how far apart they lie differs from loop to loop, and would make kernels of
     * one shape differ.
     */
    int[] leaders() {
        int[] leader = new int[size()];
        for (int g = 0; g < leader.length; g++) {
            leader[g] = g;
            for (int k = 0; k < g && stride[g] != 0; k++) {
                if (leader[k] == k && input[k] == input[g] && sharesBase(base[k], stride[k], base[g], stride[g])) {
                    leader[g] = k;
                    break;
                }
            }
        }
        return leader;
    }

    /**
     * Whether a group of {@code base} and {@code stride} may compute its slots from a leader's (see
     * {@link #leaders}).
     */
    static boolean sharesBase(int leaderBase, int leaderStride, int base, int stride) {
        return stride != 0 && stride == leaderStride
                && Math.abs((long) base - leaderBase) < SHARED_SPAN * Math.abs((long) stride);
    }

    /**
     * Per group of this table of adjoint groups, the value group whose base parameter it takes, or -1: a leading
     * adjoint group at a leading value group's base and stride (an operand whose adjoint the body also updates, as
     * every operand of a product or a sum is) computes its slots from that group's base, so that the kernel loads
     * one parameter for both. A matrix product's row, whose dot product reads and updates each entry of a row and a
     * column of the two matrices, took twice the parameters it needed, which made its kernel too large for the JIT
     * from rows of 54 entries on.
     *
     * @param leader       this table's {@link #leaders}
     * @param values       the value groups
     * @param valueLeader  their {@link #leaders}
     * @param room         a numbering to use, cleared first
     * @param shared       receives the result, one entry per group of this table
     * @return {@code shared}
     */
    int[] sharedBases(int[] leader, GroupTable values, int[] valueLeader, SlotNumbers room, int[] shared) {
        room.cleared();
        for (int v = 0; v < values.size(); v++) {
            room.number(values.base[v], values.stride[v]);
        }
        for (int a = 0; a < size(); a++) {
            int v = leader[a] == a ? room.find(base[a], stride[a]) : -1;
            shared[a] = v >= 0 && v < values.size() && valueLeader[v] == v ? v : -1;
        }
        return shared;
    }

    /**
     * Per adjoint group, whether no other group reaches any slot it reaches in {@code count} iterations: only then
     * may its sum be kept in a local. The updates of the others go to the workspace one by one, so that every
     * adjoint still receives its contributions in the recorded order.
     */
    boolean[] kept(int count) {
        boolean[] kept = new boolean[size()];
        Arrays.fill(kept, true);
        for (int i = 0; i < kept.length; i++) {
            for (int k = i + 1; k < kept.length; k++) {
                if (Loop.meet(base[i], stride[i], base[k], stride[k], count)) {
                    kept[i] = false;
                    kept[k] = false;
                }
            }
        }
        return kept;
    }
}
