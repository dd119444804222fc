package dev.jgrad.tape.internal;

import dev.jgrad.Op;
import dev.jgrad.Rule;

/**
 * How a tape's instructions are encoded, shared by every stage: the op codes, the operand entries each code has, and
 * the limit on slots.
 */
public final class Codes {

    public static final byte ADD = 0;
    public static final byte SUB = 1;
    public static final byte MUL = 2;
    public static final byte DIV = 3;
    public static final byte POW = 4;
    public static final byte NEG = 5;
    public static final byte EXP = 6;
    public static final byte LOG = 7;
    public static final byte SQRT = 8;
    public static final byte TANH = 9;
    public static final byte SIGMOID = 10;
    public static final byte RELU = 11;
    public static final byte SIN = 12;
    public static final byte COS = 13;
    public static final byte ABS = 14;
    public static final byte SIGN = 15;
    public static final byte WHERE = 16;
    /** A rule without a built-in code, called through its interface; its index in {@link Program#rules} precedes operands. */
    public static final byte CUSTOM1 = 17;
    public static final byte CUSTOM2 = 18;
    public static final byte CUSTOM3 = 19;
    /** {@link Op#SUM} of {@code k} terms; operands {@code k, t_0 .. t_(k-1)}. */
    public static final byte SUMN = 20;
    /** A variadic rule without a built-in code: operands {@code rule, k, t_0 .. t_(k-1)}. */
    public static final byte CUSTOMN = 21;
    /** A constant: its operand is its index in {@link Program#constants}; the slot is filled once per workspace. */
    public static final byte CONST = 22;
    /**
     * A data input: its operand is its index among the tape's data inputs; the slot is filled when data are bound
     * and never differentiated.
     */
    public static final byte DATA = 23;
    /** Plain instructions are committed to the tape in pieces of about this many. */
    public static final int PIECE = 4096;
    /**
     * The most slots (inputs plus instructions, every iteration of a compiled loop counted) a tape can have: slots
     * are {@code int}s, and a workspace may need an array with a position per slot, whose length Java bounds just
     * below {@code 2^31}.
     */
    public static final int MAX_SLOTS = Integer.MAX_VALUE - 8;

    private Codes() {
    }

    /**
     * Returns {@code slot} if a tape can hold it, the slot numbers being given in order from 0.
     *
     * @throws IllegalStateException naming the limit otherwise
     */
    public static int checkSlot(int slot) {
        if (slot >= MAX_SLOTS) {
            throw new IllegalStateException("a tape holds at most " + MAX_SLOTS + " slots (inputs plus instructions,"
                    + " each iteration of a loop counted), and this recording needs more; split the computation");
        }
        return slot;
    }

    /** The op code of {@code rule} applied to {@code arity} (1 to 3) operands: a built-in code for fixed-arity ops. */
    public static byte code(Rule rule, int arity) {
        if (rule instanceof Op) {
            byte code = OP_CODES[((Op) rule).ordinal()];
            if (code >= 0) {
                return code;
            }
        }
        return (byte) (CUSTOM1 + arity - 1);
    }

    /** The built-in code of each constant of {@link Op}, by ordinal; -1 for those run as custom rules. */
    private static final byte[] OP_CODES = opCodes();

    private static byte[] opCodes() {
        byte[] codes = new byte[Op.values().length];
        for (Op op : Op.values()) {
            codes[op.ordinal()] = builtIn(op);
        }
        return codes;
    }

    private static byte builtIn(Op op) {
        switch (op) {
            case ADD: return ADD;
            case SUB: return SUB;
            case MUL: return MUL;
            case DIV: return DIV;
            case POW: return POW;
            case NEG: return NEG;
            case EXP: return EXP;
            case LOG: return LOG;
            case SQRT: return SQRT;
            case TANH: return TANH;
            case SIGMOID: return SIGMOID;
            case RELU: return RELU;
            case SIN: return SIN;
            case COS: return COS;
            case ABS: return ABS;
            case SIGN: return SIGN;
            case WHERE: return WHERE;
            default: return -1;
        }
    }

    /** The operand entries of an instruction with op code {@code code} whose operands start at {@code args[p]}. */
    public static int argCount(byte code, int[] args, int p) {
        switch (code) {
            case NEG: case EXP: case LOG: case SQRT: case TANH: case SIGMOID:
            case RELU: case SIN: case COS: case ABS: case SIGN: case CONST: case DATA:
                return 1;
            case WHERE: case CUSTOM2:
                return 3;
            case CUSTOM1:
                return 2;
            case CUSTOM3:
                return 4;
            case SUMN:
                return 1 + args[p];
            case CUSTOMN:
                return 2 + args[p + 1];
            default:
                return 2;
        }
    }

    /** Leading operand entries that are not slots: a rule's index, a term count, a constant's index. */
    public static int fixedCount(byte code) {
        switch (code) {
            case CUSTOM1: case CUSTOM2: case CUSTOM3: case SUMN: case CONST: case DATA: return 1;
            case CUSTOMN: return 2;
            default: return 0;
        }
    }
}
