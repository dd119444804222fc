package dev.jgrad.tensor;

import dev.jgrad.Algebra;
import dev.jgrad.Op;
import dev.jgrad.Rule;
import java.util.Arrays;

/**
 * A straight-line program of rules over whole tensors, recorded through the {@link Algebra} interface and run
 * element by element in blocks: how an elementwise op's value, and the first-order partial derivatives that
 * {@link Rule#partial} writes, become one fast loop without a tensor per intermediate.
 *
 * <p>Registers {@code 0 .. inputs-1} are the operand tensors (all of one shape); the others are constants or the
 * results of instructions. An instruction whose operands are all constants is folded, so a constant partial (the 1
 * of {@code d(a+b)/da}) is recognised as one. A rule that has an {@link Rule#expression} is recorded as that
 * expression, so its value runs through the loops of the operations it is written with.
 */
final class Program implements Algebra {

    /** Whether {@link Op#WHERE} runs as {@link SelectVector} (the JVM has the Vector API and its path is on). */
    private static final boolean VECTOR_SELECT = Gemm.path().equals("vector");

    private final int inputs;
    /** Per register: its value, if it is a constant. */
    private double[] values = new double[8];
    private boolean[] constant = new boolean[8];
    private int registers;

    private Rule[] rules = new Rule[4];
    /** Per instruction: the destination and the three operand registers ({@link Algebra#NONE} if absent). */
    private int[] code = new int[16];
    private int instructions;

    Program(int inputs) {
        this.inputs = inputs;
        registers = inputs;
        grow(inputs);
    }

    /** Whether register {@code r} holds the constant {@code value}. */
    boolean isConstant(int r, double value) {
        return r >= inputs && constant[r] && Double.compare(values[r], value) == 0;
    }

    @Override
    public int constant(double value) {
        grow(registers + 1);
        values[registers] = value;
        constant[registers] = true;
        return registers++;
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        if (isFixed(a) && isFixed(b) && isFixed(c)) {
            return constant(rule.value(values[a], b == NONE ? 0 : values[b], c == NONE ? 0 : values[c]));
        }
        int expression = rule.expression(this, a, b, c);
        if (expression != NONE) {
            return expression;
        }
        grow(registers + 1);
        if (instructions == rules.length) {
            rules = Arrays.copyOf(rules, instructions * 2);
            code = Arrays.copyOf(code, instructions * 8);
        }
        rules[instructions] = rule;
        code[4 * instructions] = registers;
        code[4 * instructions + 1] = a;
        code[4 * instructions + 2] = b;
        code[4 * instructions + 3] = c;
        instructions++;
        return registers++;
    }

    private boolean isFixed(int r) {
        return r == NONE || r >= inputs && constant[r];
    }

    private void grow(int size) {
        if (size > values.length) {
            values = Arrays.copyOf(values, Math.max(size, values.length * 2));
            constant = Arrays.copyOf(constant, values.length);
        }
    }

    /**
     * Runs the program over every element: register {@code result} of each, in a new contiguous tensor.
     *
     * @param in    the operand tensor of each input register (same shape), {@code null} for operands not read
     * @param dtype the result's element type
     */
    Tensor run(Tensor[] in, int result, DType dtype, int[] shape) {
        Tensor out = Tensor.allocate(dtype, shape);
        int n = out.numel();
        if (n == 0) {
            return out;
        }
        int width = Math.min(Kernels.BLOCK, n);
        boolean[] read = new boolean[inputs];
        for (int i = 0; i < instructions; i++) {
            for (int k = 1; k <= 3; k++) {
                int r = code[4 * i + k];
                if (r >= 0 && r < inputs) {
                    read[r] = true;
                }
            }
        }
        if (result < inputs) {
            read[result] = true;
        }
        Scratch scratch = Scratch.take();
        double[][] block = new double[registers][];
        int used = 0;
        for (int r = 0; r < registers; r++) {
            if (r >= inputs || read[r]) {
                block[r] = scratch.block(used++);
            }
            if (r >= inputs && constant[r]) {
                Arrays.fill(block[r], 0, width, values[r]);
            }
        }
        for (int start = 0; start < n; start += width) {
            int len = Math.min(width, n - start);
            for (int r = 0; r < inputs; r++) {
                if (read[r]) {
                    Kernels.read(in[r], start, len, block[r], scratch.positions);
                }
            }
            for (int i = 0; i < instructions; i++) {
                int b = code[4 * i + 2];
                int c = code[4 * i + 3];
                execute(rules[i], block[code[4 * i + 1]], b == NONE ? scratch.zeros : block[b],
                        c == NONE ? scratch.zeros : block[c], block[code[4 * i]], len);
            }
            Kernels.write(block[result], len, out, start);
        }
        scratch.release();
        return out;
    }

    /**
     * {@code r[i] = rule.value(x[i], y[i], z[i])}. For the cheapest rules of the table the loop names the rule's
     * constant, so the JIT inlines its {@code value} and can vectorize the loop; any other rule is called through
     * the interface. {@link Op#WHERE}, the select that rules written as an {@link Rule#expression} (such as
     * {@link Op#RELU}) and many partials (a ReLU's) come down to, runs as a vector compare and blend when the JVM
     * has the Vector API ({@link SelectVector}): a branch per element would be mispredicted on data of random sign.
     * Either way the value is the table's.
     */
    private static void execute(Rule rule, double[] x, double[] y, double[] z, double[] r, int n) {
        if (rule == Op.ADD) {
            for (int i = 0; i < n; i++) {
                r[i] = Op.ADD.value(x[i], y[i], 0);
            }
        } else if (rule == Op.SUB) {
            for (int i = 0; i < n; i++) {
                r[i] = Op.SUB.value(x[i], y[i], 0);
            }
        } else if (rule == Op.MUL) {
            for (int i = 0; i < n; i++) {
                r[i] = Op.MUL.value(x[i], y[i], 0);
            }
        } else if (rule == Op.DIV) {
            for (int i = 0; i < n; i++) {
                r[i] = Op.DIV.value(x[i], y[i], 0);
            }
        } else if (rule == Op.NEG) {
            for (int i = 0; i < n; i++) {
                r[i] = Op.NEG.value(x[i], 0, 0);
            }
        } else if (rule == Op.WHERE) {
            if (VECTOR_SELECT) {
                SelectVector.where(x, y, z, r, n);
            } else {
                for (int i = 0; i < n; i++) {
                    r[i] = Op.WHERE.value(x[i], y[i], z[i]);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                r[i] = rule.value(x[i], y[i], z[i]);
            }
        }
    }
}
