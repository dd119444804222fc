package dev.jgrad.tape;

/**
 * A run of a tape's instructions that repeats one body of {@code length} instructions {@code count} times, found by
 * {@link LoopFinder}: in iteration {@code j} every operand slot is {@code base + j * stride}, with the same op codes
 * and rules as the first iteration. It is the same program as the instructions it replaces, written once; a
 * {@link LoopKernel} runs it with the body's temporaries in registers instead of the workspace's arrays.
 */
final class Loop {

    /** Where an operand of the body lives; see {@link Ref}. */
    enum Kind {
        /** An earlier instruction of the same iteration: its value and adjoint are locals of the kernel. */
        LOCAL,
        /** The same body position in the previous iteration: carried from one iteration to the next in a local. */
        CARRY,
        /** Any other slot, read and written in the workspace's arrays at {@code base + j * stride}. */
        MEMORY
    }

    /** One operand reference of the body. */
    static final class Ref {
        Kind kind;
        /** The slot at iteration 0. */
        final int base;
        final int stride;
        /** The body position referred to, for {@link Kind#LOCAL} and {@link Kind#CARRY}. */
        final int position;
        /** Where a {@link Kind#MEMORY} reference reads in the workspace: {@code memoryBase + j * memoryStride}. */
        int memoryBase;
        int memoryStride;

        Ref(Kind kind, int base, int stride, int position) {
            this.kind = kind;
            this.base = base;
            this.stride = stride;
            this.position = position;
        }

        /** The slot referred to in iteration {@code j}. */
        int slot(int j) {
            return base + j * stride;
        }
    }

    /** One instruction of the body. */
    static final class Position {
        final byte code;
        /** The rule's index for custom rules, else -1. */
        final int rule;
        final Ref[] operands;
        /** The reverse-sweep edges of this instruction, in recording order: operand and partial derivative. */
        final Ref[] edgeOperands;
        final Ref[] edgePartials;

        Position(byte code, int rule, Ref[] operands, Ref[] edgeOperands, Ref[] edgePartials) {
            this.code = code;
            this.rule = rule;
            this.operands = operands;
            this.edgeOperands = edgeOperands;
            this.edgePartials = edgePartials;
        }
    }

    final int firstSlot;
    final int length;
    /** The tape's number of inputs: positions below it are the caller's {@code x} and gradient. */
    int inputs;
    /** The iterations recorded so far; final once the recording is finished. */
    int count;
    final Position[] body;
    /**
     * Per body position, the iterations whose value (or adjoint) must be in the workspace's arrays because something
     * outside the iteration reads it: {@code lo > hi} when none.
     */
    final int[] valueLo;
    final int[] valueHi;
    final int[] adjointLo;
    final int[] adjointHi;
    /** Positions whose value needs recomputing in the reverse sweep (for partial derivatives). */
    final boolean[] recomputed;
    /** Positions read by a {@link Kind#CARRY} reference. */
    final boolean[] carried;
    /**
     * Where each position's value and adjoint live in the workspace, for the iterations exported:
     * {@code positionBase[t] + j * positionStride}.
     */
    final int[] positionBase;
    int positionStride;
    /** For each carried position, where the value it starts from (its slot just before the loop) lives. */
    final int[] before;
    LoopKernel kernel;
    int[] params;

    Loop(int firstSlot, int length, Position[] body) {
        this.firstSlot = firstSlot;
        this.length = length;
        this.body = body;
        this.valueLo = empty(length);
        this.valueHi = new int[length];
        this.adjointLo = empty(length);
        this.adjointHi = new int[length];
        this.recomputed = new boolean[length];
        this.carried = new boolean[length];
        this.positionBase = new int[length];
        this.before = new int[length];
    }

    private static int[] empty(int length) {
        int[] lo = new int[length];
        java.util.Arrays.fill(lo, Integer.MAX_VALUE);
        return lo;
    }

    /** The slots after the loop's last instruction. */
    int endSlot() {
        return firstSlot + length * count;
    }

    /** Marks that iterations {@code lo..hi} of {@code position} are read from outside their iteration. */
    void export(int position, int lo, int hi, boolean value, boolean adjoint) {
        if (value) {
            valueLo[position] = Math.min(valueLo[position], lo);
            valueHi[position] = Math.max(valueHi[position], hi);
        }
        if (adjoint) {
            adjointLo[position] = Math.min(adjointLo[position], lo);
            adjointHi[position] = Math.max(adjointHi[position], hi);
        }
    }

    boolean valueExported(int position) {
        return valueLo[position] <= valueHi[position];
    }

    boolean adjointExported(int position) {
        return adjointLo[position] <= adjointHi[position];
    }

    /** The first and last iteration of {@code position} in the workspace: the union of both intervals. */
    int storedLo(int position) {
        return Math.min(valueLo[position], adjointLo[position]);
    }

    int storedHi(int position) {
        return Math.max(valueExported(position) ? valueHi[position] : Integer.MIN_VALUE,
                adjointExported(position) ? adjointHi[position] : Integer.MIN_VALUE);
    }

    /** Whether {@code baseA + j * strideA == baseB + j * strideB} for some iteration {@code 0 <= j < count}. */
    static boolean meet(long baseA, long strideA, long baseB, long strideB, int count) {
        long distance = baseB - baseA;
        long step = strideA - strideB;
        return step == 0 ? distance == 0 : distance % step == 0 && distance / step >= 0 && distance / step < count;
    }

    /** The slot of {@code position} in iteration {@code j}. */
    int slot(int position, int j) {
        return firstSlot + j * length + position;
    }
}
