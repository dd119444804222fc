package dev.jgrad.tape.internal.codegen;

import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.LoopKernel;
import dev.jgrad.tape.internal.SlotNumbers;
import java.util.Arrays;
import java.util.List;

/**
 * The latest loop of one shape given a kernel (the one compiled, then each recognised after it), kept as what its
 * kernel depends on, in flat arrays, so that a later loop of the same
 * shape is recognised reference by reference and given the same kernel without numbering its groups in a table or
 * building and hashing its key ({@link KernelGenerator#shape}). Loops of one shape come in long series, each the one
 * before with its references moved (a mixture model's loop over components at every point, a layer's loop over
 * units for every example), and numbering and keying cost as much again as the rest of linking such a loop.
 *
 * <p>A loop has this shape when its length and positions' stride are these; every body position has the op, rule,
 * arity and flags ({@link KernelGenerator#flagWord}) of this one's; every reference has the kind, and the body
 * position or workspace stride, of this one's, with the references of one group here at one base there too; and
 * its groups relate as these do (which lie in the inputs, which compute their slots from which and at what offset,
 * which adjoint groups no other reaches). The generator would then number its groups as these and key it as this,
 * so it gets this kernel and parameters made as the generator makes them, from its own bases.
 */
final class CompiledShape {

    final LoopKernel kernel;
    /** The kernel's {@link KernelGenerator#shape}: what a loop this shape recognises would be keyed by. */
    final KernelGenerator.Key key;
    private final int length;
    private final int positionStride;
    /** The latest loop's count: relations between groups found for one count hold for another only if found anew. */
    private int count;
    /** Per body position, its {@link KernelGenerator#opWord}, {@link KernelGenerator#arityWord} and flag word. */
    private final int[] positions;
    /**
     * Per reference, in the generator's order (each position's operands, then its edges' partials, then its edges'
     * operands): its {@link KernelGenerator#refKey}, which for a workspace reference holds its group.
     */
    private final int[] refs;
    private final Groups values;
    private final Groups adjoints;

    /** One list of groups, and room to take the bases a loop being compared has for them. */
    private static final class Groups {
        final GroupTable table;
        final int[] leader;
        /** For adjoint groups, which are {@link GroupTable#kept}; null for value groups, which are never kept. */
        final boolean[] kept;
        /** For adjoint groups, the value group whose base each takes ({@link GroupTable#sharedBases}), or -1. */
        final int[] shared;
        /** For adjoint groups, room for the same there: every loop compared fills it, so it is made once. */
        final int[] sharedThere;
        final GroupTable there;
        /** Per group, the {@link #stamp} of the comparison that has taken its base there. */
        final int[] taken;

        /** The distances the groups moved by, and the ranges of slots each set moved alike comes near. */
        final Moves moves;

        /** The generator's groups, with the leaders and kept adjoints it found for them. */
        Groups(List<KernelGenerator.Group> groups, boolean adjoint) {
            this.table = GroupTable.of(groups);
            this.leader = new int[groups.size()];
            this.kept = adjoint ? new boolean[groups.size()] : null;
            this.shared = adjoint ? new int[groups.size()] : null;
            this.sharedThere = adjoint ? new int[groups.size()] : null;
            for (KernelGenerator.Group g : groups) {
                leader[g.index] = g.leader.index;
                if (adjoint) {
                    kept[g.index] = g.kept;
                    shared[g.index] = g.sharedValue;
                }
            }
            // value groups relate only to groups of their own stride: they are not kept, only led
            this.moves = new Moves(!adjoint);
            int size = table.size();
            this.there = new GroupTable(new int[size], table.stride, new boolean[size]);
            this.taken = new int[size];
        }

        /** Whether {@code r} is a workspace reference of group {@code g} here, at the base taken for it there. */
        boolean takes(Ref r, int g, int stamp) {
            if (r.memoryStride != table.stride[g]) {
                return false;
            }
            if (taken[g] != stamp) {
                taken[g] = stamp;
                there.base[g] = r.memoryBase;
            } else if (there.base[g] != r.memoryBase) {
                return false;
            }
            r.group = g;
            return true;
        }

        /**
         * Whether the groups there relate as here, over {@code count} iterations of which the first {@code inputs}
         * slots are inputs. Groups moved by one distance relate to one another as they did; groups moved by
         * different distances relate in neither loop if the slots each set of groups moved alike comes near lie
         * apart from every other set's, here and there ({@link Moves}: a mixture's means and precisions stay while
         * the point's values move on). Otherwise their relations are found anew, as the generator finds them.
         */
        boolean relateAsHere(int count, int inputs, boolean sameCount, SlotNumbers numbers) {
            moves.clear();
            for (int g = 0; g < table.size(); g++) {
                there.input[g] = GroupTable.inInputs(there.base[g], there.stride[g], count, inputs);
                if (there.input[g] != table.input[g]) {
                    return false;
                }
                if (sameCount) {
                    moves.add(there.base[g] - table.base[g], table.base[g], there.base[g], table.stride[g], count);
                }
            }
            if (sameCount && moves.apart()) {
                return true;
            }
            numbers.cleared();
            for (int g = 0; g < table.size(); g++) {
                if (numbers.number(there.base[g], there.stride[g]) != g) {
                    // two groups here are one there, which the generator would number as one
                    return false;
                }
            }
            int[] leaderThere = there.leaders();
            for (int g = 0; g < table.size(); g++) {
                int l = leader[g];
                if (leaderThere[g] != l || there.base[g] - there.base[l] != table.base[g] - table.base[l]) {
                    return false;
                }
            }
            return kept == null || Arrays.equals(there.kept(count), kept);
        }

        /** Takes the bases there as the bases here: the groups of the loop that has just been found to relate alike. */
        void adopt() {
            System.arraycopy(there.base, 0, table.base, 0, table.base.length);
        }

        /**
         * Appends the bases there of the groups that lead here, and take no value group's base, to {@code bases}
         * from {@code at}; returns the end.
         */
        int leaderBases(int[] bases, int at) {
            for (int g = 0; g < leader.length; g++) {
                if (leader[g] == g && (shared == null || shared[g] < 0)) {
                    bases[at++] = there.base[g];
                }
            }
            return at;
        }
    }

    /**
     * The distinct distances groups moved by from here to there, up to {@value #MOST}, each with the range of slots
     * its groups come near here and there: the slots they reach, widened by {@link GroupTable#SHARED_SPAN} strides
     * either way, so that groups whose ranges lie apart neither reach a common slot ({@link GroupTable#kept}) nor lie
     * near enough to share a base ({@link GroupTable#sharesBase}). Where only groups of one stride relate, a distance
     * is kept per stride, and only ranges of one stride need lie apart.
     */
    private static final class Moves {
        static final int MOST = 16;
        final boolean perStride;
        final int[] distance = new int[MOST];
        final int[] stride = new int[MOST];
        final long[] loHere = new long[MOST];
        final long[] hiHere = new long[MOST];
        final long[] loThere = new long[MOST];
        final long[] hiThere = new long[MOST];
        int size;
        /** Whether more than {@link #MOST} distances were met. */
        boolean many;

        Moves(boolean perStride) {
            this.perStride = perStride;
        }

        void clear() {
            size = 0;
            many = false;
        }

        void add(int moved, int baseHere, int baseThere, int stride, int count) {
            int key = perStride ? stride : 0;
            int m = 0;
            while (m < size && (distance[m] != moved || this.stride[m] != key)) {
                m++;
            }
            if (m == MOST) {
                many = true;
                return;
            }
            long reach = (long) stride * (count - 1);
            long width = GroupTable.SHARED_SPAN * Math.abs((long) stride);
            long lo = Math.min(0, reach) - width;
            long hi = Math.max(0, reach) + width;
            if (m == size) {
                size++;
                distance[m] = moved;
                this.stride[m] = key;
                loHere[m] = baseHere + lo;
                hiHere[m] = baseHere + hi;
                loThere[m] = baseThere + lo;
                hiThere[m] = baseThere + hi;
            } else {
                loHere[m] = Math.min(loHere[m], baseHere + lo);
                hiHere[m] = Math.max(hiHere[m], baseHere + hi);
                loThere[m] = Math.min(loThere[m], baseThere + lo);
                hiThere[m] = Math.max(hiThere[m], baseThere + hi);
            }
        }

        /** Whether the ranges of different distances lie apart from one another, here and there. */
        boolean apart() {
            if (many) {
                return false;
            }
            for (int a = 0; a < size; a++) {
                for (int b = a + 1; b < size; b++) {
                    if (stride[a] == stride[b] && (loHere[a] <= hiHere[b] && loHere[b] <= hiHere[a]
                            || loThere[a] <= hiThere[b] && loThere[b] <= hiThere[a])) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private int stamp;

    CompiledShape(LoopKernel kernel, KernelGenerator.Key key, Loop loop, List<KernelGenerator.Group> valueGroups,
            List<KernelGenerator.Group> adjointGroups) {
        this.kernel = kernel;
        this.key = key;
        this.length = loop.length;
        this.positionStride = loop.positionStride;
        this.count = loop.count;
        this.positions = new int[3 * length];
        int refCount = 0;
        for (int t = 0; t < length; t++) {
            Position p = loop.body[t];
            positions[3 * t] = KernelGenerator.opWord(p);
            positions[3 * t + 1] = KernelGenerator.arityWord(p);
            positions[3 * t + 2] = KernelGenerator.flagWord(loop, t);
            refCount += p.operands.length + 2 * p.edgeOperands.length;
        }
        this.refs = new int[refCount];
        int at = 0;
        for (Position p : loop.body) {
            for (Ref[] list : new Ref[][] {p.operands, p.edgePartials, p.edgeOperands}) {
                for (Ref r : list) {
                    refs[at++] = KernelGenerator.refKey(r);
                }
            }
        }
        this.values = new Groups(valueGroups, false);
        this.adjoints = new Groups(adjointGroups, true);
    }

    /**
     * The parameters of {@code loop} for this kernel, if it has this shape (see above); null if not. Sets the group
     * of each of its workspace references as the generator would, and, if it has this shape, takes its bases and
     * count as this shape's, so that the next loop is compared with it.
     *
     * @param loop    a loop whose exports and layout are settled
     * @param numbers room to number groups in
     */
    int[] paramsFor(Loop loop, SlotNumbers numbers) {
        if (loop.length != length || loop.positionStride != positionStride) {
            return null;
        }
        stamp++;
        int at = 0;
        for (int t = 0; t < length; t++) {
            Position p = loop.body[t];
            if (KernelGenerator.opWord(p) != positions[3 * t] || KernelGenerator.arityWord(p) != positions[3 * t + 1]
                    || KernelGenerator.flagWord(loop, t) != positions[3 * t + 2]) {
                return null;
            }
            for (Ref r : p.operands) {
                if (!same(r, refs[at++], values)) {
                    return null;
                }
            }
            for (Ref r : p.edgePartials) {
                if (!same(r, refs[at++], values)) {
                    return null;
                }
            }
            for (Ref r : p.edgeOperands) {
                if (!same(r, refs[at++], adjoints)) {
                    return null;
                }
            }
        }
        boolean sameCount = loop.count == count;
        if (!values.relateAsHere(loop.count, loop.inputs, sameCount, numbers)
                || !adjoints.relateAsHere(loop.count, loop.inputs, sameCount, numbers)
                || !Arrays.equals(adjoints.shared, adjoints.there.sharedBases(adjoints.leader, values.there,
                        values.leader, numbers, adjoints.sharedThere))) {
            return null;
        }
        int[] bases = new int[values.leader.length + adjoints.leader.length];
        int leaders = adjoints.leaderBases(bases, values.leaderBases(bases, 0));
        // the next loop of this shape is more like this loop than like the first: it is this one moved on once more
        values.adopt();
        adjoints.adopt();
        count = loop.count;
        return KernelGenerator.params(loop, bases, leaders);
    }

    private boolean same(Ref r, int key, Groups groups) {
        if (r.kind != Kind.MEMORY) {
            return KernelGenerator.refKey(r) == key;
        }
        return (key & 3) == Kind.MEMORY.ordinal() && groups.takes(r, (key >>> 2) - 1, stamp);
    }
}
