package dev.jgrad.tape.internal;

/**
 * A run of a tape's instructions that repeats one body of {@code length} instructions {@code count} times, found by
 * {@link dev.jgrad.tape.internal.record.LoopFinder}: in iteration {@code j} every operand slot is {@code base + j * stride}, with the same op codes
 * and rules as the first iteration. It is the same program as the instructions it replaces, written once; a
 * {@link LoopKernel} runs it with the body's temporaries in registers instead of the workspace's arrays.
 */
public final class Loop {

    /** Where an operand of the body lives; see {@link Ref}. */
    public enum Kind {
        /** An earlier instruction of the same iteration: its value and adjoint are locals of the kernel. */
        LOCAL,
        /** The same body position in the previous iteration: carried from one iteration to the next in a local. */
        CARRY,
        /** Any other slot, read and written in the workspace's arrays at {@code base + j * stride}. */
        MEMORY
    }

    /**
     * One operand reference of the body. One object may stand for several reads in one loop where nothing that
     * linking sets on it can differ between them: a {@link Kind#LOCAL} reference (never changed once made) for every
     * read of its body position, and a {@link Kind#MEMORY} reference of stride 0 for every read of its slot's value
     * as an operand or a partial (all in value groups). An edge's operand updates an adjoint, in an adjoint group,
     * and a carried reference may become a workspace one: those belong to one array of one position.
     */
    public static final class Ref {
        public Kind kind;
        /** The slot at iteration 0. */
        public final int base;
        public final int stride;
        /** The body position referred to, for {@link Kind#LOCAL} and {@link Kind#CARRY}. */
        public final int position;
        /** Where a {@link Kind#MEMORY} reference reads in the workspace: {@code memoryBase + j * memoryStride}. */
        public int memoryBase;
        public int memoryStride;
        /**
         * Set by the kernel generator for a {@link Kind#MEMORY} reference: the index of its group among the kernel's
         * value groups (for an operand or a partial) or its adjoint groups (for an edge's operand). A reference is
         * read as values only or updated as an adjoint only (see above), so one number serves.
         */
        public int group;

        public Ref(Kind kind, int base, int stride, int position) {
            this.kind = kind;
            this.base = base;
            this.stride = stride;
            this.position = position;
        }

        /** The slot referred to in iteration {@code j}. */
        public int slot(int j) {
            return base + j * stride;
        }

        /**
         * The lowest slot referred to in iterations {@code 0 .. count-1} ({@code count >= 1}), whatever the stride's
         * sign.
         */
        public int lowestSlot(int count) {
            return Math.min(base, slot(count - 1));
        }

        /** The highest slot referred to in iterations {@code 0 .. count-1} ({@code count >= 1}). */
        public int highestSlot(int count) {
            return Math.max(base, slot(count - 1));
        }
    }

    /** One instruction of the body. */
    public static final class Position {
        public final byte code;
        /** The rule's index for custom rules, else -1. */
        public final int rule;
        public final Ref[] operands;
        /** The reverse-sweep edges of this instruction, in recording order: operand and partial derivative. */
        public final Ref[] edgeOperands;
        public final Ref[] edgePartials;
        /**
         * For a {@link dev.jgrad.tape.internal.Codes#CONST} position, its constant's index in iteration {@code j}:
         * {@code constantIndex + j * constantStride} (each iteration records its constants anew, in one order).
         */
        public int constantIndex;
        public int constantStride;

        public Position(byte code, int rule, Ref[] operands, Ref[] edgeOperands, Ref[] edgePartials) {
            this.code = code;
            this.rule = rule;
            this.operands = operands;
            this.edgeOperands = edgeOperands;
            this.edgePartials = edgePartials;
        }
    }

    public final int firstSlot;
    public final int length;
    /** The tape's number of inputs: positions below it are the caller's {@code x} and gradient. */
    public int inputs;
    /** The iterations recorded so far; final once the recording is finished. */
    public int count;
    public final Position[] body;
    /**
     * Per body position, the iterations whose value (or adjoint) must be in the workspace's arrays because something
     * outside the iteration reads it: {@code lo > hi} when none.
     */
    public final int[] valueLo;
    public final int[] valueHi;
    public final int[] adjointLo;
    public final int[] adjointHi;
    /** Positions whose value needs recomputing in the reverse sweep (for partial derivatives). */
    public final boolean[] recomputed;
    /**
     * Positions whose value the reverse sweep needs but does not recompute: the forward sweep stores it in the
     * workspace in every iteration (exported for all of them) and the reverse sweep reads it back.
     */
    public final boolean[] kept;
    /** Positions read by a {@link Kind#CARRY} reference. */
    public final boolean[] carried;
    /**
     * Where each position's value and adjoint live in the workspace, for the iterations exported:
     * {@code positionBase[t] + j * positionStride}.
     */
    public final int[] positionBase;
    public int positionStride;
    /** For each carried position, where the value it starts from ({@link #startSlot}) lives. */
    public final int[] before;
    /**
     * For each carried position whose first iteration reads another slot than its own just before the loop: that
     * slot, a passive one (a constant, a data input or an operation on them only), which has no edge and whose
     * adjoint nothing reads (an accumulator's start, {@code q = 0} then {@code q = q + ...}, found by the detector);
     * -1 for the others. A kernel sums the carry's adjoint into that slot like into any other start.
     */
    public final int[] startFrom;
    /**
     * Set when linking finds that a carried position with a {@link #startFrom} must go through the workspace: the
     * loop then runs as the plain instructions it stands for.
     */
    public boolean plainOnly;
    public LoopKernel kernel;
    public int[] params;
    /**
     * With a kernel that {@link LoopKernel#fuses}: the inputs whose adjoints its fused sweep stores without reading
     * them, as {@code [from, to)} pairs, which a workspace need not clear before it; else null.
     */
    public int[] fusedStores;

    public Loop(int firstSlot, int length, Position[] body) {
        this.firstSlot = firstSlot;
        this.length = length;
        this.body = body;
        this.valueLo = empty(length);
        this.valueHi = new int[length];
        this.adjointLo = empty(length);
        this.adjointHi = new int[length];
        this.recomputed = new boolean[length];
        this.kept = new boolean[length];
        this.carried = new boolean[length];
        this.positionBase = new int[length];
        this.before = new int[length];
        this.startFrom = new int[length];
        java.util.Arrays.fill(startFrom, -1);
    }

    /** The slot carried position {@code t} starts from: its {@link #startFrom}, or its slot just before the loop. */
    public int startSlot(int t) {
        return startFrom[t] >= 0 ? startFrom[t] : slot(t, -1);
    }

    /** Whether {@code r}, an operand or edge operand, is read in iteration 0 from a {@link #startFrom} slot. */
    public boolean readsStart(Ref r) {
        return r.kind == Kind.CARRY && startFrom[r.position] >= 0;
    }

    /** The slot {@code r}, an operand, reads in iteration {@code j}: its {@link #startFrom} slot where it starts from one. */
    public int slotRead(Ref r, int j) {
        return j == 0 && readsStart(r) ? startFrom[r.position] : r.slot(j);
    }

    /** The edges of all iterations: the body's in each, but iteration 0's to {@link #startFrom} slots. */
    public long edgeCount() {
        long edges = 0;
        for (Position p : body) {
            edges += (long) count * p.edgeOperands.length;
            for (Ref r : p.edgeOperands) {
                edges -= readsStart(r) ? 1 : 0;
            }
        }
        return edges;
    }

    private static int[] empty(int length) {
        int[] lo = new int[length];
        java.util.Arrays.fill(lo, Integer.MAX_VALUE);
        return lo;
    }

    /** The slots after the loop's last instruction. */
    public int endSlot() {
        return firstSlot + length * count;
    }

    /**
     * Forgets every export: each pass of the linker makes them anew, from what reads the loop in that pass (a loop
     * read by another that a later pass expands is read by the plain instructions only where they do).
     */
    public void clearExports() {
        java.util.Arrays.fill(valueLo, Integer.MAX_VALUE);
        java.util.Arrays.fill(valueHi, 0);
        java.util.Arrays.fill(adjointLo, Integer.MAX_VALUE);
        java.util.Arrays.fill(adjointHi, 0);
    }

    /** Marks that iterations {@code lo..hi} of {@code position} are read from outside their iteration. */
    public void export(int position, int lo, int hi, boolean value, boolean adjoint) {
        if (value) {
            valueLo[position] = Math.min(valueLo[position], lo);
            valueHi[position] = Math.max(valueHi[position], hi);
        }
        if (adjoint) {
            adjointLo[position] = Math.min(adjointLo[position], lo);
            adjointHi[position] = Math.max(adjointHi[position], hi);
        }
    }

    public boolean valueExported(int position) {
        return valueLo[position] <= valueHi[position];
    }

    public boolean adjointExported(int position) {
        return adjointLo[position] <= adjointHi[position];
    }

    /** The first and last iteration of {@code position} in the workspace: the union of both intervals. */
    public int storedLo(int position) {
        return Math.min(valueLo[position], adjointLo[position]);
    }

    public int storedHi(int position) {
        return Math.max(valueExported(position) ? valueHi[position] : Integer.MIN_VALUE,
                adjointExported(position) ? adjointHi[position] : Integer.MIN_VALUE);
    }

    /** Whether {@code baseA + j * strideA == baseB + j * strideB} for some iteration {@code 0 <= j < count}. */
    public static boolean meet(long baseA, long strideA, long baseB, long strideB, int count) {
        long distance = baseB - baseA;
        long step = strideA - strideB;
        if (step == 0) {
            return distance == 0;
        }
        if (distance == 0) {
            return count > 0;
        }
        // the iteration would be distance / step: first whether it is in range at all, which needs no division
        boolean ahead = (distance ^ step) >= 0;
        return ahead && Math.abs(distance) <= (count - 1) * Math.abs(step) && distance % step == 0;
    }

    /** The slot of {@code position} in iteration {@code j}. */
    public int slot(int position, int j) {
        return firstSlot + j * length + position;
    }
}
