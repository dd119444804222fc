package dev.jgrad.tape.internal;

import dev.jgrad.Op;
import dev.jgrad.Rule;
import java.util.Arrays;
import java.util.List;

/**
 * A part of a tape as a workspace replays it: plain instructions, swept one by one ({@link Straight}); a
 * {@link Loop} run by its generated kernel ({@link Looped}); or a run of such segments that repeats with shifted
 * positions, kept once ({@link Repeated}). The segments cover the instructions in order.
 */
public abstract class Segment {

    /**
     * Computes this segment's values; {@code x} holds the inputs, {@code terms} has room for the terms of its
     * largest variadic instruction ({@link #variadicTerms}) and {@code scratch} for the slots of its repetitions
     * ({@link #scratchNeed}).
     */
    public abstract void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch);

    /**
     * Propagates adjoints backwards through this segment: into {@code adj}, and into {@code gradient} for inputs
     * (which may be {@code adj} itself when inputs are not kept apart).
     */
    public abstract void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient,
            int[] scratch);

    /** Zeroes the adjoints that {@link #reverse} sums in the workspace. */
    public abstract void clearAdjoints(double[] adj, int[] scratch);

    /** The bytes this segment keeps; see {@link dev.jgrad.tape.Tape#programBytes()}. */
    public abstract long bytes();

    /** The compiled loops this segment runs, each repetition of one counted; none for plain instructions. */
    public long loopCount() {
        return 0;
    }

    /**
     * Adds the loops this segment holds to {@code into}: a repeated segment's once, as its first repetition has them;
     * none for plain instructions.
     */
    public void collectLoops(List<Loop> into) {
    }

    /**
     * Lets go of the loops this segment holds, which replay does not read (their bodies, as recorded and linked:
     * some 40 bytes per instruction of a loop's body, kept per loop where loops are not folded); {@link #collectLoops}
     * then adds none.
     */
    public void releaseLoops() {
    }

    /** The most terms any variadic instruction of this segment that is not a sum has: the room its forward needs. */
    public int variadicTerms() {
        return 0;
    }

    /** The room in a workspace's {@code scratch} this segment's sweeps use. */
    public int scratchNeed() {
        return 0;
    }

    // ------------------------------------------------------------------ as one repetition of a Repeated

    /**
     * Where this segment reads and writes, as the ints that another segment of the same shape ({@link #sameShape})
     * has elsewhere: it does exactly what this one does with its own slots in place of these. The array is the
     * segment's own or new; callers must not change it.
     */
    public abstract int[] slots();

    /** The length of {@link #slots}, without making them. */
    public abstract int slotCount();

    /**
     * {@code sum_k weights[k] * slots()[k]} in int arithmetic, without making the slots where they are not at hand.
     *
     * @param weights at least {@link #slotCount} weights
     */
    public int slotHash(int[] weights) {
        return weightedSum(weights, 0, slots(), 0, slotCount());
    }

    /** {@code sum weights[at + k] * values[from + k]} over {@code k < count}, in int arithmetic. */
    static int weightedSum(int[] weights, int at, int[] values, int from, int count) {
        int sum = 0;
        for (int k = 0; k < count; k++) {
            sum += weights[at + k] * values[from + k];
        }
        return sum;
    }

    /** Whether {@code other} does what this segment does, given its {@link #slots} in place of this one's. */
    public abstract boolean sameShape(Segment other);

    /** A hash of what {@link #sameShape} compares: equal for two segments of one shape. */
    public abstract int shapeHash();

    /** The sweeps of a replay, for {@link #slotsRead}. */
    public enum Sweep { FORWARD, REVERSE, CLEAR }

    /**
     * The parts of {@link #slots} that {@code sweep} reads, as runs {@code [from, to)} one after the other: a
     * repetition's slots are made only where they are read (a forward sweep reads no edges).
     */
    public abstract int[] slotsRead(Sweep sweep);

    /**
     * {@link #forward} as a segment of this shape whose {@link #slots} are {@code slots[at ..]}; {@code scratch} is
     * free from {@code free} on.
     */
    public abstract void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch, int free,
            int[] slots, int at);

    /** {@link #reverse} as a segment of this shape whose {@link #slots} are {@code slots[at ..]}. */
    public abstract void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient,
            int[] scratch, int free, int[] slots, int at);

    /** {@link #clearAdjoints} as a segment of this shape whose {@link #slots} are {@code slots[at ..]}. */
    public abstract void clearAdjoints(double[] adj, int[] scratch, int free, int[] slots, int at);

    /**
     * Plain instructions and their reverse-sweep edges, swept with a switch over op codes. Its {@link #slots} are
     * the position of its first instruction, then its operand entries, its edges and its edges into inputs.
     */
    public static final class Straight extends Segment {
        private final Piece piece;
        /** The position of the piece's first instruction; the others follow it. */
        private final int base;
        /** The piece's edges (but those into inputs kept apart); null when they are in {@link #narrowEdges}. */
        private final int[] edges;
        /**
         * The same edges as {@code char}s, when every position of the workspace fits in one: half the bytes, which
         * keeps the reverse sweep of a mid-sized tape (micrograd's demo step) within a core's L2 cache.
         */
        private final char[] narrowEdges;
        private final int edgeCount;
        private final int variadicTerms;

        /**
         * @param narrow whether every workspace position is at most {@link Character#MAX_VALUE}
         */
        public Straight(Piece piece, int base, boolean narrow) {
            this.piece = piece;
            this.base = base;
            edgeCount = piece.edges.length;
            if (narrow) {
                narrowEdges = new char[piece.edges.length];
                for (int i = 0; i < narrowEdges.length; i++) {
                    narrowEdges[i] = (char) piece.edges[i];
                }
                edges = null;
            } else {
                narrowEdges = null;
                edges = piece.edges;
            }
            piece.edges = null;
            int most = 0;
            for (int i = 0, p = 0; i < piece.ops.length; p += Codes.argCount(piece.ops[i], piece.args, p), i++) {
                if (piece.ops[i] == Codes.CUSTOMN) {
                    most = Math.max(most, piece.args[p + 1]);
                }
            }
            variadicTerms = most;
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch) {
            run(piece.ops, piece.args, 0, rules, val, base, terms);
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch, int free,
                int[] slots, int at) {
            run(piece.ops, slots, at + 1, rules, val, slots[at], terms);
        }

        @Override
        public int variadicTerms() {
            return variadicTerms;
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch) {
            if (narrowEdges != null) {
                sweep(narrowEdges, val, adj);
            } else {
                sweep(edges, 0, edges.length, val, adj);
            }
            sweepInto(piece.inputEdges, 0, piece.inputEdges.length, val, adj, gradient);
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch,
                int free, int[] slots, int at) {
            int from = at + 1 + piece.args.length;
            sweep(slots, from, from + edgeCount, val, adj);
            sweepInto(slots, from + edgeCount, from + edgeCount + piece.inputEdges.length, val, adj, gradient);
        }

        /** The edges in {@code e[from .. to)}, last first: {@code adj[operand] += val[partial] * adj[out]}. */
        private static void sweep(int[] e, int from, int to, double[] val, double[] adj) {
            for (int k = to - 3; k >= from; k -= 3) {
                adj[e[k]] += val[e[k + 1]] * adj[e[k + 2]];
            }
        }

        /** {@link #sweep(int[], int, int, double[], double[])} over all edges stored as {@code char}s. */
        private static void sweep(char[] e, double[] val, double[] adj) {
            for (int k = e.length - 3; k >= 0; k -= 3) {
                adj[e[k]] += val[e[k + 1]] * adj[e[k + 2]];
            }
        }

        /**
         * Edges into inputs in {@code e[from .. to)}, last first: {@code gradient[operand] += val[partial] * adj[out]}.
         */
        private static void sweepInto(int[] e, int from, int to, double[] val, double[] adj, double[] gradient) {
            for (int k = to - 3; k >= from; k -= 3) {
                gradient[e[k]] += val[e[k + 1]] * adj[e[k + 2]];
            }
        }

        @Override
        public void clearAdjoints(double[] adj, int[] scratch) {
            Arrays.fill(adj, base, base + piece.ops.length, 0);
        }

        @Override
        public void clearAdjoints(double[] adj, int[] scratch, int free, int[] slots, int at) {
            Arrays.fill(adj, slots[at], slots[at] + piece.ops.length, 0);
        }

        @Override
        public long bytes() {
            long edgeBytes = narrowEdges != null ? 2L * narrowEdges.length : 4L * edges.length;
            return piece.ops.length + 4L * piece.args.length + edgeBytes + 4L * piece.inputEdges.length;
        }

        @Override
        public int slotCount() {
            return 1 + piece.args.length + edgeCount + piece.inputEdges.length;
        }

        @Override
        public int[] slots() {
            int[] slots = new int[slotCount()];
            slots[0] = base;
            System.arraycopy(piece.args, 0, slots, 1, piece.args.length);
            int at = 1 + piece.args.length;
            for (int i = 0; i < edgeCount; i++) {
                slots[at + i] = narrowEdges != null ? narrowEdges[i] : edges[i];
            }
            System.arraycopy(piece.inputEdges, 0, slots, at + edgeCount, piece.inputEdges.length);
            return slots;
        }

        @Override
        public int slotHash(int[] weights) {
            int hash = weights[0] * base + weightedSum(weights, 1, piece.args, 0, piece.args.length);
            int at = 1 + piece.args.length;
            if (narrowEdges != null) {
                for (int i = 0; i < edgeCount; i++) {
                    hash += weights[at + i] * narrowEdges[i];
                }
            } else {
                hash += weightedSum(weights, at, edges, 0, edgeCount);
            }
            return hash + weightedSum(weights, at + edgeCount, piece.inputEdges, 0, piece.inputEdges.length);
        }

        @Override
        public int[] slotsRead(Sweep sweep) {
            int args = 1 + piece.args.length;
            switch (sweep) {
                case FORWARD: return new int[] {0, args};
                case REVERSE: return new int[] {args, args + edgeCount + piece.inputEdges.length};
                default: return new int[] {0, 1};
            }
        }

        @Override
        public boolean sameShape(Segment other) {
            if (!(other instanceof Straight)) {
                return false;
            }
            Straight o = (Straight) other;
            return Arrays.equals(piece.ops, o.piece.ops) && piece.args.length == o.piece.args.length
                    && edgeCount == o.edgeCount && piece.inputEdges.length == o.piece.inputEdges.length
                    && variadicTerms == o.variadicTerms;
        }

        @Override
        public int shapeHash() {
            return Arrays.hashCode(piece.ops) * 31 + piece.args.length + 961 * edgeCount;
        }

        /**
         * The forward sweep. Each case calls a constant of {@link Op}, so the JIT inlines the rule table's formula;
         * rules without a code are called through their interface. A variadic rule's value is its
         * {@link Rule#variadicValue} of the terms gathered into {@code terms} (a sum's is folded here, as that
         * method's default does), as {@link dev.jgrad.Value#apply} takes it. The operand entries start at
         * {@code args[firstArg]}.
         */
        static void run(byte[] ops, int[] args, int firstArg, Rule[] rules, double[] v, int first,
                double[] terms) {
            int p = firstArg;
            int s = first;
            for (int i = 0; i < ops.length; i++, s++) {
                double r;
                switch (ops[i]) {
                    case Codes.ADD: r = Op.ADD.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.SUB: r = Op.SUB.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.MUL: r = Op.MUL.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.DIV: r = Op.DIV.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.POW: r = Op.POW.value(v[args[p]], v[args[p + 1]], 0); p += 2; break;
                    case Codes.NEG: r = Op.NEG.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.EXP: r = Op.EXP.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.LOG: r = Op.LOG.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SQRT: r = Op.SQRT.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.TANH: r = Op.TANH.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SIGMOID: r = Op.SIGMOID.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.RELU: r = Op.RELU.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SIN: r = Op.SIN.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.COS: r = Op.COS.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.ABS: r = Op.ABS.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.SIGN: r = Op.SIGN.value(v[args[p]], 0, 0); p += 1; break;
                    case Codes.WHERE: r = Op.WHERE.value(v[args[p]], v[args[p + 1]], v[args[p + 2]]); p += 3; break;
                    case Codes.CUSTOM1: r = rules[args[p]].value(v[args[p + 1]], 0, 0); p += 2; break;
                    case Codes.CUSTOM2: r = rules[args[p]].value(v[args[p + 1]], v[args[p + 2]], 0); p += 3; break;
                    case Codes.CUSTOM3:
                        r = rules[args[p]].value(v[args[p + 1]], v[args[p + 2]], v[args[p + 3]]);
                        p += 4;
                        break;
                    case Codes.SUMN: {
                        int k = args[p];
                        r = v[args[p + 1]];
                        for (int j = 2; j <= k; j++) {
                            r = Op.SUM.value(r, v[args[p + j]], 0);
                        }
                        p += k + 1;
                        break;
                    }
                    case Codes.CUSTOMN: {
                        int k = args[p + 1];
                        for (int j = 0; j < k; j++) {
                            terms[j] = v[args[p + 2 + j]];
                        }
                        r = rules[args[p]].variadicValue(terms, k);
                        p += k + 2;
                        break;
                    }
                    case Codes.CONST: case Codes.DATA: p += 1; continue;
                    default: throw new IllegalStateException("corrupt tape: op code " + ops[i] + " at instruction " + i);
                }
                v[s] = r;
            }
        }
    }

    /** A loop run by its generated kernel. Its {@link #slots} are its parameters, then its runs' first slots. */
    public static final class Looped extends Segment {
        /** The loop as linked, until {@link #releaseLoops}; null after. */
        private Loop loop;
        private final LoopKernel kernel;
        private final int[] params;
        private final int positionStride;
        /** The loop's {@link Loop#fusedStores}, or null. */
        private final int[] fusedStores;
        /**
         * Where the body's edges sum into workspace adjoints, per edge operand that is a workspace reference: its
         * first position and its step per iteration, over {@link #count} iterations.
         */
        private final int[] updatedBases;
        private final int[] updatedStrides;
        private final int count;
        /**
         * The workspace adjoints the kernel sums into, as runs: run {@code r} is {@code clearCount[r]} slots from
         * {@code clearFirst[r]}, {@code positionStride} apart. Only a few body positions have any (those read after
         * the loop), so the runs are listed once rather than found among all positions at every replay.
         */
        private final int[] clearFirst;
        private final int[] clearCount;
        private final int variadicTerms;

        public Looped(Loop loop) {
            this.loop = loop;
            this.kernel = loop.kernel;
            this.params = loop.params;
            this.positionStride = loop.positionStride;
            this.fusedStores = loop.fusedStores;
            int runs = 0;
            for (int t = 0; t < loop.length; t++) {
                if (loop.adjointLo[t] <= loop.adjointHi[t]) {
                    runs++;
                }
            }
            clearFirst = new int[runs];
            clearCount = new int[runs];
            for (int t = 0, r = 0; t < loop.length; t++) {
                if (loop.adjointLo[t] <= loop.adjointHi[t]) {
                    clearFirst[r] = loop.positionBase[t] + loop.adjointLo[t] * loop.positionStride;
                    clearCount[r++] = loop.adjointHi[t] - loop.adjointLo[t] + 1;
                }
            }
            int most = 0;
            int updated = 0;
            int[] bases = new int[16];
            int[] strides = new int[16];
            for (Loop.Position p : loop.body) {
                if (p.code == Codes.CUSTOMN) {
                    most = Math.max(most, p.operands.length);
                }
                for (Loop.Ref r : p.edgeOperands) {
                    if (r.kind == Loop.Kind.MEMORY) {
                        if (updated == bases.length) {
                            bases = Arrays.copyOf(bases, 2 * updated);
                            strides = Arrays.copyOf(strides, 2 * updated);
                        }
                        bases[updated] = r.memoryBase;
                        strides[updated++] = r.memoryStride;
                    }
                }
            }
            variadicTerms = most;
            updatedBases = Arrays.copyOf(bases, updated);
            updatedStrides = Arrays.copyOf(strides, updated);
            count = loop.count;
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch) {
            kernel.forward(val, terms, x, null, rules, params, 0);
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch, int free,
                int[] slots, int at) {
            kernel.forward(val, terms, x, null, rules, slots, at);
        }

        @Override
        public int variadicTerms() {
            return variadicTerms;
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch) {
            kernel.reverse(val, adj, x, gradient, rules, params, 0);
        }

        /**
         * Whether the kernel can run this loop's forward and reverse sweeps as one pass ({@link LoopKernel#fused}),
         * which a program whose last segment this is uses.
         *
         * @return whether {@link #fused} may be called
         */
        public boolean fuses() {
            return kernel.fuses();
        }

        /**
         * Whether the loop's edges add to the adjoint of workspace {@code slot}: a fused pass assumes that no
         * output's seed lies there.
         *
         * @param slot a workspace position
         * @return whether some iteration's edge adds to its adjoint
         */
        public boolean updatesAdjointOf(int slot) {
            for (int i = 0; i < updatedBases.length; i++) {
                if (Loop.meet(updatedBases[i], updatedStrides[i], slot, 0, count)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The inputs whose adjoints the fused pass stores without reading them first, as {@code [from, to)} pairs
         * (see {@link Loop#fusedStores}).
         *
         * @return the ranges, disjoint
         */
        public int[] fusedStores() {
            return fusedStores.clone();
        }

        /**
         * The forward and reverse sweeps in one pass, after the adjoints are cleared and seeded; see
         * {@link LoopKernel#fused}.
         *
         * @param rules    the tape's rules
         * @param val      the workspace's values
         * @param adj      the workspace's adjoints
         * @param x        the inputs
         * @param gradient the inputs' adjoints, summed into
         */
        public void fused(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient) {
            kernel.fused(val, adj, x, gradient, rules, params, 0);
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch,
                int free, int[] slots, int at) {
            kernel.reverse(val, adj, x, gradient, rules, slots, at);
        }

        @Override
        public long bytes() {
            return 4L * (params.length + 2 * clearFirst.length + 2 * updatedBases.length);
        }

        @Override
        public long loopCount() {
            return 1;
        }

        @Override
        public void collectLoops(List<Loop> into) {
            if (loop != null) {
                into.add(loop);
            }
        }

        @Override
        public void releaseLoops() {
            loop = null;
        }

        @Override
        public void clearAdjoints(double[] adj, int[] scratch) {
            clear(adj, clearFirst, 0);
        }

        @Override
        public void clearAdjoints(double[] adj, int[] scratch, int free, int[] slots, int at) {
            clear(adj, slots, at + params.length);
        }

        /** Zeroes the runs whose first slots are {@code first[from ..]}. */
        private void clear(double[] adj, int[] first, int from) {
            int stride = positionStride;
            for (int r = 0; r < clearCount.length; r++) {
                for (int j = 0, slot = first[from + r]; j < clearCount[r]; j++, slot += stride) {
                    adj[slot] = 0;
                }
            }
        }

        @Override
        public int slotCount() {
            return params.length + clearFirst.length;
        }

        @Override
        public int[] slots() {
            int[] slots = Arrays.copyOf(params, slotCount());
            System.arraycopy(clearFirst, 0, slots, params.length, clearFirst.length);
            return slots;
        }

        @Override
        public int[] slotsRead(Sweep sweep) {
            int n = params.length;
            return sweep == Sweep.CLEAR ? new int[] {n, n + clearFirst.length} : new int[] {0, n};
        }

        @Override
        public boolean sameShape(Segment other) {
            if (!(other instanceof Looped)) {
                return false;
            }
            Looped o = (Looped) other;
            return kernel == o.kernel && params.length == o.params.length
                    && positionStride == o.positionStride && Arrays.equals(clearCount, o.clearCount)
                    && variadicTerms == o.variadicTerms;
        }

        @Override
        public int shapeHash() {
            return System.identityHashCode(kernel) * 31 + params.length + 961 * positionStride;
        }
    }

    /**
     * A run of segments that repeats: {@code count} times the segments of {@link #templates}, each repetition doing
     * what the first does with slots that move by a fixed step per repetition (a loop per component of each point of
     * a mixture model, each followed by the same few plain instructions). Only the first repetition is kept; the
     * others' slots are made from it as the sweeps reach them, in a workspace's scratch, and only those the sweep
     * reads, so a program of a hundred thousand small loops replays as one compact loop over them rather than
     * walking as many objects. Its {@link #slots} are its templates', which is how repetitions nest.
     */
    public static final class Repeated extends Segment {
        private final Segment[] templates;
        /** The templates' slots, one after the other: the first repetition's. */
        private final int[] first;
        /** How far each of {@link #first} moves from one repetition to the next. */
        private final int[] step;
        /** Where each template's slots start in {@link #first}. */
        private final int[] offsets;
        private final int count;
        /** Per {@link Sweep}, by ordinal: the runs of {@link #first} the templates read in that sweep. */
        private final int[][] read;
        /** The same runs without the slots that stay where they are (a step of 0): those a repetition moves. */
        private final int[][] moving;

        /**
         * @param templates the first repetition's segments
         * @param first     their slots, one after the other
         * @param step      how far each slot moves per repetition
         * @param count     the number of repetitions, at least 1
         */
        public Repeated(Segment[] templates, int[] first, int[] step, int count) {
            this.templates = templates;
            this.first = first;
            this.step = step;
            this.count = count;
            this.offsets = new int[templates.length];
            for (int t = 1; t < templates.length; t++) {
                offsets[t] = offsets[t - 1] + templates[t - 1].slotCount();
            }
            this.read = new int[Sweep.values().length][];
            this.moving = new int[Sweep.values().length][];
            for (Sweep sweep : Sweep.values()) {
                read[sweep.ordinal()] = runsRead(sweep);
                moving[sweep.ordinal()] = moving(read[sweep.ordinal()]);
            }
        }

        /** The parts of {@code runs} whose slots have a step other than 0. */
        private int[] moving(int[] runs) {
            // counted, then made: an array of room for every slot was most of folding an MLP step's examples
            int[] parts = new int[movingParts(runs, null)];
            movingParts(runs, parts);
            return parts;
        }

        /**
         * Writes the parts of {@code runs} whose slots move into {@code parts} (unless null), as runs, touching ones
         * joined; returns how many ints they take.
         */
        private int movingParts(int[] runs, int[] parts) {
            int n = 0;
            int lastEnd = -1;
            for (int r = 0; r < runs.length; r += 2) {
                int i = runs[r];
                int to = runs[r + 1];
                while (i < to) {
                    while (i < to && step[i] == 0) {
                        i++;
                    }
                    int from = i;
                    while (i < to && step[i] != 0) {
                        i++;
                    }
                    if (from == i) {
                        continue;
                    }
                    if (lastEnd == from) {
                        if (parts != null) {
                            parts[n - 1] = i;
                        }
                    } else {
                        if (parts != null) {
                            parts[n] = from;
                            parts[n + 1] = i;
                        }
                        n += 2;
                    }
                    lastEnd = i;
                }
            }
            return n;
        }

        /**
         * The templates' runs read by {@code sweep}, moved to where their slots lie in {@link #first}; touching ones
         * joined.
         */
        private int[] runsRead(Sweep sweep) {
            int[][] own = new int[templates.length][];
            int most = 0;
            for (int t = 0; t < templates.length; t++) {
                own[t] = templates[t].slotsRead(sweep);
                most += own[t].length;
            }
            // sized once, as in moving
            int[] runs = new int[most];
            int n = 0;
            for (int t = 0; t < templates.length; t++) {
                for (int r = 0; r < own[t].length; r += 2) {
                    int from = offsets[t] + own[t][r];
                    int to = offsets[t] + own[t][r + 1];
                    if (from == to) {
                        continue;
                    }
                    if (n > 0 && runs[n - 1] == from) {
                        runs[n - 1] = to;
                    } else {
                        runs[n++] = from;
                        runs[n++] = to;
                    }
                }
            }
            return Arrays.copyOf(runs, n);
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch) {
            forward(rules, val, x, terms, scratch, 0, first, 0);
        }

        @Override
        public void forward(Rule[] rules, double[] val, double[] x, double[] terms, int[] scratch, int free,
                int[] slots, int at) {
            int next = free + first.length;
            start(read[Sweep.FORWARD.ordinal()], scratch, free, slots, at, 0);
            int[] runs = moving[Sweep.FORWARD.ordinal()];
            for (int j = 0; j < count; j++) {
                if (j > 0) {
                    advance(runs, scratch, free);
                }
                for (int t = 0; t < templates.length; t++) {
                    templates[t].forward(rules, val, x, terms, scratch, next, scratch, free + offsets[t]);
                }
            }
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch) {
            reverse(rules, val, adj, x, gradient, scratch, 0, first, 0);
        }

        @Override
        public void reverse(Rule[] rules, double[] val, double[] adj, double[] x, double[] gradient, int[] scratch,
                int free, int[] slots, int at) {
            int next = free + first.length;
            start(read[Sweep.REVERSE.ordinal()], scratch, free, slots, at, count - 1);
            int[] runs = moving[Sweep.REVERSE.ordinal()];
            for (int j = count - 1; j >= 0; j--) {
                for (int t = templates.length - 1; t >= 0; t--) {
                    templates[t].reverse(rules, val, adj, x, gradient, scratch, next, scratch, free + offsets[t]);
                }
                if (j > 0) {
                    back(runs, scratch, free);
                }
            }
        }

        @Override
        public void clearAdjoints(double[] adj, int[] scratch) {
            clearAdjoints(adj, scratch, 0, first, 0);
        }

        @Override
        public void clearAdjoints(double[] adj, int[] scratch, int free, int[] slots, int at) {
            int next = free + first.length;
            start(read[Sweep.CLEAR.ordinal()], scratch, free, slots, at, 0);
            int[] runs = moving[Sweep.CLEAR.ordinal()];
            for (int j = 0; j < count; j++) {
                if (j > 0) {
                    advance(runs, scratch, free);
                }
                for (int t = 0; t < templates.length; t++) {
                    templates[t].clearAdjoints(adj, scratch, next, scratch, free + offsets[t]);
                }
            }
        }

        /**
         * Puts repetition {@code j}'s slots of {@code runs} into {@code scratch[free ..]}, given the first's at
         * {@code slots[at ..]}.
         */
        private void start(int[] runs, int[] scratch, int free, int[] slots, int at, int j) {
            for (int r = 0; r < runs.length; r += 2) {
                for (int i = runs[r]; i < runs[r + 1]; i++) {
                    scratch[free + i] = slots[at + i] + j * step[i];
                }
            }
        }

        /** Moves the slots of {@code runs} in {@code scratch[free ..]} one repetition on. */
        private void advance(int[] runs, int[] scratch, int free) {
            for (int r = 0; r < runs.length; r += 2) {
                for (int i = runs[r]; i < runs[r + 1]; i++) {
                    scratch[free + i] += step[i];
                }
            }
        }

        /** Moves the slots of {@code runs} in {@code scratch[free ..]} one repetition back. */
        private void back(int[] runs, int[] scratch, int free) {
            for (int r = 0; r < runs.length; r += 2) {
                for (int i = runs[r]; i < runs[r + 1]; i++) {
                    scratch[free + i] -= step[i];
                }
            }
        }

        @Override
        public int[] slotsRead(Sweep sweep) {
            return read[sweep.ordinal()];
        }

        @Override
        public int variadicTerms() {
            int most = 0;
            for (Segment t : templates) {
                most = Math.max(most, t.variadicTerms());
            }
            return most;
        }

        @Override
        public int scratchNeed() {
            int most = 0;
            for (Segment t : templates) {
                most = Math.max(most, t.scratchNeed());
            }
            return first.length + most;
        }

        @Override
        public long bytes() {
            long bytes = 8L * first.length + 4L * offsets.length;
            for (int sweep = 0; sweep < read.length; sweep++) {
                bytes += 4L * (read[sweep].length + moving[sweep].length);
            }
            for (Segment t : templates) {
                bytes += t.bytes();
            }
            return bytes;
        }

        @Override
        public long loopCount() {
            long loops = 0;
            for (Segment t : templates) {
                loops += t.loopCount();
            }
            return count * loops;
        }

        @Override
        public void collectLoops(List<Loop> into) {
            for (Segment t : templates) {
                t.collectLoops(into);
            }
        }

        @Override
        public void releaseLoops() {
            for (Segment t : templates) {
                t.releaseLoops();
            }
        }

        @Override
        public int slotCount() {
            return first.length;
        }

        @Override
        public int[] slots() {
            return first;
        }

        @Override
        public boolean sameShape(Segment other) {
            if (!(other instanceof Repeated)) {
                return false;
            }
            Repeated o = (Repeated) other;
            if (count != o.count || templates.length != o.templates.length || !Arrays.equals(step, o.step)) {
                return false;
            }
            for (int t = 0; t < templates.length; t++) {
                if (!templates[t].sameShape(o.templates[t])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int shapeHash() {
            int hash = count;
            for (Segment t : templates) {
                hash = 31 * hash + t.shapeHash();
            }
            return hash;
        }
    }
}
