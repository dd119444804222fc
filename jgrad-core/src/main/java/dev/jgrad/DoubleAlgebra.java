package dev.jgrad;

import java.util.Arrays;

/**
 * Evaluates derivative expressions in {@code double}s, in a register file reused from one partial to the next.
 * Registers 0 to 3 hold the operands {@code a, b, c} and the result of the operation being differentiated.
 *
 * <p>It also tracks which registers depend on those four, so a caller can tell a partial that is a constant (such as
 * a sum's 1) from one that varies with the operands, and evaluate a constant partial once per node, not per operand.
 *
 * <p>Two shapes of {@link Op}'s partials are recognised once, from the table itself, when this class is initialised,
 * and then read without calling the rule: constants (the partials of +, -, negation, sum, sign, a select's condition)
 * and partials that are an operand or the result ({@code d(ab)/da = b}, {@code d(e^a)/da = e^a}). A partial cannot
 * read the values behind its handles, so its shape is the same at every point.
 */
final class DoubleAlgebra implements Algebra {

    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int OUT = 3;

    /** In {@link #SHAPE}: the partial must be built and evaluated. */
    private static final int GENERAL = -2;
    /** In {@link #SHAPE}: the partial is the constant in {@link #CONSTANT}. */
    private static final int CONSTANT_PARTIAL = -1;
    /** Per op (by ordinal) and operand: {@link #GENERAL}, {@link #CONSTANT_PARTIAL}, or the register it returns. */
    private static final int[][] SHAPE = new int[Op.values().length][3];
    private static final double[][] CONSTANT = new double[Op.values().length][3];

    static {
        DoubleAlgebra probe = new DoubleAlgebra();
        for (Op op : Op.values()) {
            for (int arg = 0; arg < Math.max(1, op.arity()); arg++) {
                int result = probe.build(op, arg, 0, 0, 0, 0);
                SHAPE[op.ordinal()][arg] = result <= OUT ? result : probe.varies[result] ? GENERAL : CONSTANT_PARTIAL;
                CONSTANT[op.ordinal()][arg] = probe.registers[result];
            }
        }
    }

    private double[] registers = new double[16];
    /** Whether each register's value depends on the operands or the result (registers 0 to 3). */
    private boolean[] varies = new boolean[16];
    private int size;
    private boolean lastVaries;

    /** The partial derivative of {@code rule} with respect to operand {@code arg} at the given point. */
    double partial(Rule rule, int arg, double a, double b, double c, double out) {
        int shape = rule instanceof Op op ? SHAPE[op.ordinal()][arg] : GENERAL;
        lastVaries = shape != CONSTANT_PARTIAL;
        switch (shape) {
            case CONSTANT_PARTIAL:
                return CONSTANT[((Op) rule).ordinal()][arg];
            case A:
                return a;
            case B:
                return b;
            case C:
                return c;
            case OUT:
                return out;
            default:
                int result = build(rule, arg, a, b, c, out);
                lastVaries = varies[result];
                return registers[result];
        }
    }

    /** Builds the partial with the operands and the result in registers 0 to 3; returns the partial's register. */
    private int build(Rule rule, int arg, double a, double b, double c, double out) {
        registers[A] = a;
        registers[B] = b;
        registers[C] = c;
        registers[OUT] = out;
        varies[A] = true;
        varies[B] = true;
        varies[C] = true;
        varies[OUT] = true;
        size = OUT + 1;
        int arity = rule.arity();
        return rule.partial(this, arg, A, arity >= 2 ? B : NONE, arity >= 3 ? C : NONE, OUT);
    }

    /** Whether the latest {@link #partial} depended on the operands or the result; if not, it is a constant. */
    boolean lastPartialVaries() {
        return lastVaries;
    }

    @Override
    public int constant(double value) {
        return push(value, false);
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        double value = rule.value(registers[a], b == NONE ? 0 : registers[b], c == NONE ? 0 : registers[c]);
        return push(value, varies[a] || b != NONE && varies[b] || c != NONE && varies[c]);
    }

    private int push(double value, boolean dependsOnOperands) {
        if (size == registers.length) {
            registers = Arrays.copyOf(registers, size * 2);
            varies = Arrays.copyOf(varies, size * 2);
        }
        registers[size] = value;
        varies[size] = dependsOnOperands;
        return size++;
    }
}
