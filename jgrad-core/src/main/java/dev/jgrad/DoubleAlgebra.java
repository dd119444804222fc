package dev.jgrad;

import java.util.Arrays;

/**
 * Evaluates derivative expressions in {@code double}s, in a register file reused from one partial to the next.
 * Registers 0 to 3 hold the operands {@code a, b, c} and the result of the operation being differentiated; for a
 * variadic rule, the terms follow from register 4. Every handle a rule passes or returns is checked against the
 * registers in use (an operand the rule does not have is not one), so a faulty rule is named, never read out of
 * bounds or from a stale register.
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
    /** The first register of a variadic node's terms (see {@link #termPartial}) or of values built by a partial. */
    private static final int TERMS = 4;

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
    /** How many of registers {@code A, B, C} hold operands of the partial being built (0 for a variadic rule). */
    private int operands;
    private boolean lastVaries;
    /** The terms whose values are in the registers from {@link #TERMS} on, for {@link #termPartial}; null if none. */
    private Value[] loadedTerms;
    /** The handles of the loaded terms: {@code TERMS, TERMS + 1, ...}. */
    private int[] termHandles = new int[0];

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
                int result = checkPartial(rule, arg, build(rule, arg, a, b, c, out));
                lastVaries = varies[result];
                return registers[result];
        }
    }

    /**
     * The partial derivative of the variadic {@code rule} with respect to term {@code arg} of a node whose terms are
     * {@code terms} and whose value is {@code out}. The terms' values are loaded once for all the terms of a node
     * (recognised by the array's identity): within one sweep the nodes' values do not change.
     */
    double termPartial(Rule rule, int arg, Value[] terms, double out) {
        if (rule instanceof Op) {
            return partial(rule, 0, terms[arg].data(), 0, 0, out);
        }
        if (terms != loadedTerms) {
            loadTerms(terms, out);
        }
        size = TERMS + terms.length;
        int result = checkPartial(rule, arg, rule.termPartial(this, arg, termHandles, OUT));
        lastVaries = varies[result];
        return registers[result];
    }

    /**
     * The partial derivatives of the variadic {@code rule} with respect to each of the terms {@code terms[0 ..
     * count-1]} of a node whose value is {@code out}, into {@code into[0 .. count-1]}: the terms are loaded once.
     */
    void termPartials(Rule rule, double[] terms, int count, double out, double[] into) {
        if (rule instanceof Op) {
            for (int i = 0; i < count; i++) {
                into[i] = partial(rule, 0, terms[i], 0, 0, out);
            }
            return;
        }
        operands = 0;
        size = TERMS;
        registers[OUT] = out;
        varies[OUT] = true;
        if (termHandles.length != count) {
            termHandles = new int[count];
        }
        for (int i = 0; i < count; i++) {
            termHandles[i] = push(terms[i], true);
        }
        loadedTerms = null;
        int loaded = size;
        for (int i = 0; i < count; i++) {
            size = loaded;
            int result = checkPartial(rule, i, rule.termPartial(this, i, termHandles, OUT));
            into[i] = registers[result];
        }
    }

    private void loadTerms(Value[] terms, double out) {
        operands = 0;
        size = TERMS;
        registers[OUT] = out;
        varies[OUT] = true;
        if (termHandles.length != terms.length) {
            termHandles = new int[terms.length];
        }
        for (int i = 0; i < terms.length; i++) {
            termHandles[i] = push(terms[i].data(), true);
        }
        loadedTerms = terms;
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
        size = TERMS;
        loadedTerms = null;
        int arity = rule.arity();
        operands = arity == -1 ? 1 : arity;
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
        int arity = Handles.arity(rule);
        checkOperand(rule, 0, a);
        if (arity == -1) {
            return sum(rule, a, b, c);
        }
        if (arity >= 2) {
            checkOperand(rule, 1, b);
        }
        if (arity >= 3) {
            checkOperand(rule, 2, c);
        }
        double value = rule.value(registers[a], arity >= 2 ? registers[b] : 0, arity >= 3 ? registers[c] : 0);
        return push(value, varies[a] || arity >= 2 && varies[b] || arity >= 3 && varies[c]);
    }

    /** A variadic rule applied to the terms that are not {@link #NONE}, its value as {@link Value} takes it. */
    private int sum(Rule rule, int a, int b, int c) {
        double[] terms = new double[3];
        int count = 1;
        terms[0] = registers[a];
        boolean depends = varies[a];
        if (b != NONE) {
            checkOperand(rule, 1, b);
            terms[count++] = registers[b];
            depends |= varies[b];
            if (c != NONE) {
                checkOperand(rule, 2, c);
                terms[count++] = registers[c];
                depends |= varies[c];
            }
        }
        return push(rule.variadicValue(terms, count), depends);
    }

    /**
     * Whether {@code h} names a register of the expression being built: an operand the rule has, its result, or a
     * value built since.
     */
    private boolean isHandle(int h) {
        return h >= OUT ? h < size : h >= 0 && h < operands;
    }

    private void checkOperand(Rule rule, int position, int h) {
        if (!isHandle(h)) {
            throw Handles.badOperand(rule, position, h, size);
        }
    }

    private int checkPartial(Rule rule, int arg, int h) {
        if (!isHandle(h)) {
            throw Handles.badPartial(rule, arg, h);
        }
        return h;
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
