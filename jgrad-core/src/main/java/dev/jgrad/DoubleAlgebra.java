package dev.jgrad;

/**
 * Evaluates derivative expressions in {@code double}s, in a register file reused from one partial to the next.
 * Registers 0 to 3 hold the operands {@code a, b, c} and the result of the operation being differentiated.
 */
final class DoubleAlgebra implements Algebra {

    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int OUT = 3;

    private double[] registers = new double[16];
    private int size;

    /** The partial derivative of {@code rule} with respect to operand {@code arg} at the given point. */
    double partial(Rule rule, int arg, double a, double b, double c, double out) {
        registers[A] = a;
        registers[B] = b;
        registers[C] = c;
        registers[OUT] = out;
        size = OUT + 1;
        int arity = rule.arity();
        return registers[rule.partial(this, arg, A, arity >= 2 ? B : NONE, arity >= 3 ? C : NONE, OUT)];
    }

    @Override
    public int constant(double value) {
        return push(value);
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        return push(rule.value(registers[a], b == NONE ? 0 : registers[b], c == NONE ? 0 : registers[c]));
    }

    private int push(double value) {
        if (size == registers.length) {
            registers = java.util.Arrays.copyOf(registers, size * 2);
        }
        registers[size] = value;
        return size++;
    }
}
