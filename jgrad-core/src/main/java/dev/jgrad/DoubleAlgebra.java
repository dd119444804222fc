package dev.jgrad;

import java.util.Arrays;

/**
 * Evaluates derivative expressions in {@code double}s, in a register file reused from one partial to the next.
 * Registers 0 to 3 hold the operands {@code a, b, c} and the result of the operation being differentiated.
 *
 * <p>It also tracks which registers depend on those four, so a caller can tell a partial that is a constant (such as
 * a sum's 1) from one that varies with the operands, and evaluate a constant partial once per node, not per operand.
 */
final class DoubleAlgebra implements Algebra {

    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int OUT = 3;

    private double[] registers = new double[16];
    /** Whether each register's value depends on the operands or the result (registers 0 to 3). */
    private boolean[] varies = new boolean[16];
    private int size;
    private boolean lastVaries;

    /** The partial derivative of {@code rule} with respect to operand {@code arg} at the given point. */
    double partial(Rule rule, int arg, double a, double b, double c, double out) {
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
        int result = rule.partial(this, arg, A, arity >= 2 ? B : NONE, arity >= 3 ? C : NONE, OUT);
        lastVaries = varies[result];
        return registers[result];
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
