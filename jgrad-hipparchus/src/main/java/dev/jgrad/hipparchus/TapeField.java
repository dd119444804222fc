package dev.jgrad.hipparchus;

import dev.jgrad.Op;
import dev.jgrad.Partials;
import java.util.Arrays;
import org.hipparchus.Field;
import org.hipparchus.util.MathArrays;

/**
 * A Hipparchus {@link Field} of {@link TapeNumber}s that records every operation on one Jacobian tape, so that a
 * field algorithm (a field ODE integrator, field special functions, {@code FieldMatrix} algebra) run on these numbers
 * is differentiated in reverse mode: one backward sweep, {@link #gradient}, gives the derivative of a result with
 * respect to every {@link #variable} at once, where Hipparchus's {@code Gradient} carries all n derivatives through
 * every operation.
 *
 * <p>The tape is flat arrays of primitives (the layout of Adept and CoDiPack): as each operation runs, its partial
 * derivatives are evaluated from jgrad's rule table ({@link Op} through {@link Partials}) and stored with the tape
 * positions of its operands. A number holds its value, the tape node it is a function of and its derivative with
 * respect to that node, so the numbers an algorithm drops are garbage at once and the tape holds no object per
 * operation. Only an operation with two or more recorded operands adds a node: one with a single recorded operand (a
 * product with a constant, {@code sin x}, a negation) multiplies that operand's derivative by its partial, the chain
 * rule applied on the spot, and one whose operands are all constants records nothing. On a Runge–Kutta integration
 * this halves the tape. The sweep is one loop over the arrays that skips nodes whose adjoint is 0.
 *
 * <p>A field is one recording, for one thread: numbers of different fields must not be mixed (that throws
 * {@link IllegalArgumentException}). {@link #reset()} empties the tape and keeps its memory for the next recording;
 * numbers recorded before it throw {@link IllegalStateException} when used again. Two fields are equal only if they
 * are the same object.
 */
public final class TapeField implements Field<TapeNumber> {

    /** The node of a constant: it is on no tape, and operations record no entry for it. */
    static final int CONSTANT = -1;

    private static final int INITIAL = 1024;

    private final Partials partials = new Partials();
    private final TapeNumber zero = new TapeNumber(this, 0, CONSTANT, 0, 0);
    private final TapeNumber one = new TapeNumber(this, 1, CONSTANT, 0, 0);

    /** Entry {@code e}: the partial derivative {@code weights[e]} of its node with respect to node {@code targets[e]}. */
    private double[] weights = new double[INITIAL];
    private int[] targets = new int[INITIAL];
    private int entries;
    /** Node {@code i}'s entries are {@code ends[i]} (inclusive) to {@code ends[i + 1]} (exclusive). */
    private int[] ends = new int[INITIAL + 1];
    private int nodes;
    private int[] variables = new int[16];
    private int variableCount;
    /** Counts {@link #reset()}s: a number recorded in an earlier generation points into a tape that is gone. */
    private int generation;
    private double[] adjoints = new double[0];

    /** An empty tape. */
    public TapeField() {
    }

    /**
     * A new independent variable: the gradients of {@link #gradient} have one entry per variable, in the order they
     * were made (since the last {@link #reset()}).
     *
     * @param value the variable's value
     * @return the variable, recorded on this tape
     */
    public TapeNumber variable(double value) {
        if (variableCount == variables.length) {
            variables = Arrays.copyOf(variables, grownLength(variableCount));
        }
        int node = open();
        close(node);
        variables[variableCount++] = node;
        return new TapeNumber(this, value, node, 1, generation);
    }

    /**
     * A constant of this field: its derivative with respect to every variable is 0.
     *
     * @param value the constant's value
     * @return the constant (not recorded: constants cost no tape)
     */
    public TapeNumber constant(double value) {
        return new TapeNumber(this, value, CONSTANT, 0, generation);
    }

    /**
     * The gradient of {@code output} with respect to every variable, by one reverse sweep over the tape up to
     * {@code output}. The tape is kept, so the gradients of several outputs of one recording can be taken one after
     * the other. Entries whose adjoint is 0 are skipped, so an infinite or NaN partial derivative of an operation that
     * does not reach {@code output} does not spread.
     *
     * @param output a number of this field (a constant gives zeros)
     * @return {@code ∂output/∂variable_k} for each variable {@code k}, in the order the variables were made
     * @throws IllegalArgumentException if {@code output} belongs to another field
     * @throws IllegalStateException    if {@code output} was recorded before the last {@link #reset()}
     */
    public double[] gradient(TapeNumber output) {
        check(output);
        double[] gradient = new double[variableCount];
        int top = output.node;
        if (top == CONSTANT) {
            return gradient;
        }
        if (adjoints.length <= top) {
            adjoints = new double[nodes];
        } else {
            Arrays.fill(adjoints, 0, top + 1, 0);
        }
        double[] adjoint = adjoints;
        double[] weight = weights;
        int[] target = targets;
        int[] end = ends;
        adjoint[top] = output.weight;
        for (int i = top; i >= 0; i--) {
            double a = adjoint[i];
            if (a != 0) {
                for (int e = end[i], last = end[i + 1]; e < last; e++) {
                    adjoint[target[e]] += weight[e] * a;
                }
            }
        }
        for (int k = 0; k < variableCount && variables[k] <= top; k++) {
            gradient[k] = adjoint[variables[k]];
        }
        return gradient;
    }

    /**
     * Empties the tape, forgetting its variables, and keeps its memory for the next recording. Numbers recorded
     * before throw {@link IllegalStateException} when used again; constants stay valid.
     */
    public void reset() {
        nodes = 0;
        entries = 0;
        variableCount = 0;
        generation++;
    }

    /**
     * The number of operations and variables on the tape: its length, which bounds the work of a {@link #gradient}.
     *
     * @return the number of recorded nodes
     */
    public int size() {
        return nodes;
    }

    /**
     * The number of variables made since the last {@link #reset()}.
     *
     * @return the length of the gradients
     */
    public int variableCount() {
        return variableCount;
    }

    @Override
    public TapeNumber getZero() {
        return zero;
    }

    @Override
    public TapeNumber getOne() {
        return one;
    }

    @Override
    public Class<TapeNumber> getRuntimeClass() {
        return TapeNumber.class;
    }

    // ---------------------------------------------------------------- recording, for TapeNumber

    /**
     * {@code rule(a)}, its partial from the table. The rules are {@link Op}'s, called through the enum rather than
     * the {@code Rule} interface: a cheaper call at a site that sees every operation.
     */
    TapeNumber apply(Op rule, TapeNumber a) {
        check(a);
        double value = rule.value(a.value, 0, 0);
        if (a.node == CONSTANT) {
            return constant(value);
        }
        return chained(value, a, partials.partial(rule, 0, a.value, 0, 0, value));
    }

    /** {@code rule(a, b)}, with an entry for each operand that is not a constant. */
    TapeNumber apply(Op rule, TapeNumber a, TapeNumber b) {
        check(a);
        check(b);
        double value = rule.value(a.value, b.value, 0);
        if (b.node == CONSTANT) {
            return a.node == CONSTANT ? constant(value)
                    : chained(value, a, partials.partial(rule, 0, a.value, b.value, 0, value));
        }
        double db = partials.partial(rule, 1, a.value, b.value, 0, value);
        if (a.node == CONSTANT) {
            return chained(value, b, db);
        }
        double da = partials.partial(rule, 0, a.value, b.value, 0, value);
        int node = open();
        entry(a.node, da * a.weight);
        entry(b.node, db * b.weight);
        return close(node, value);
    }

    /** {@code rule(a, b)} with a constant second operand, without making a number for it. */
    TapeNumber apply(Op rule, TapeNumber a, double b) {
        check(a);
        double value = rule.value(a.value, b, 0);
        if (a.node == CONSTANT) {
            return constant(value);
        }
        return chained(value, a, partials.partial(rule, 0, a.value, b, 0, value));
    }

    /** {@code rule(a, b)} with a constant first operand, without making a number for it. */
    TapeNumber apply(Op rule, double a, TapeNumber b) {
        check(b);
        double value = rule.value(a, b.value, 0);
        if (b.node == CONSTANT) {
            return constant(value);
        }
        return chained(value, b, partials.partial(rule, 1, a, b.value, 0, value));
    }

    /**
     * {@code Σ a_i b_i}, one node: the value as Hipparchus's {@code MathArrays.linearCombination} computes it (as its
     * {@code Gradient} does, to within an ulp), the partials the chain rule through the table's product and sum rules.
     * An empty combination is the constant 0 (where {@code MathArrays.linearCombination} fails on an index), and one
     * of constants only a constant, recording nothing.
     */
    TapeNumber linearCombination(TapeNumber[] a, TapeNumber[] b) {
        checkLengths(a.length, b.length);
        if (a.length == 0) {
            return zero;
        }
        double[] av = new double[a.length];
        double[] bv = new double[b.length];
        boolean recorded = false;
        for (int i = 0; i < a.length; i++) {
            check(a[i]);
            check(b[i]);
            av[i] = a[i].value;
            bv[i] = b[i].value;
            recorded |= a[i].node != CONSTANT || b[i].node != CONSTANT;
        }
        double value = MathArrays.linearCombination(av, bv);
        if (!recorded) {
            return constant(value);
        }
        int node = open();
        for (int i = 0; i < a.length; i++) {
            double product = Op.MUL.value(av[i], bv[i], 0);
            double outer = partials.partial(Op.SUM, 0, product, 0, 0, value);
            if (a[i].node != CONSTANT) {
                entry(a[i].node, outer * partials.partial(Op.MUL, 0, av[i], bv[i], 0, product) * a[i].weight);
            }
            if (b[i].node != CONSTANT) {
                entry(b[i].node, outer * partials.partial(Op.MUL, 1, av[i], bv[i], 0, product) * b[i].weight);
            }
        }
        return close(node, value);
    }

    /** {@code Σ a_i b_i} with constant {@code a_i}: one node, as {@link #linearCombination(TapeNumber[], TapeNumber[])}. */
    TapeNumber linearCombination(double[] a, TapeNumber[] b) {
        checkLengths(a.length, b.length);
        if (a.length == 0) {
            return zero;
        }
        double[] bv = new double[b.length];
        boolean recorded = false;
        for (int i = 0; i < b.length; i++) {
            check(b[i]);
            bv[i] = b[i].value;
            recorded |= b[i].node != CONSTANT;
        }
        double value = MathArrays.linearCombination(a, bv);
        if (!recorded) {
            return constant(value);
        }
        int node = open();
        for (int i = 0; i < b.length; i++) {
            if (b[i].node != CONSTANT) {
                double product = Op.MUL.value(a[i], bv[i], 0);
                double outer = partials.partial(Op.SUM, 0, product, 0, 0, value);
                entry(b[i].node, outer * partials.partial(Op.MUL, 1, a[i], bv[i], 0, product) * b[i].weight);
            }
        }
        return close(node, value);
    }

    /**
     * {@code x - k y} with the integer {@code k} held constant, with the exactly rounded {@code value} (an IEEE
     * remainder); the partials are those of the table's difference and product rules.
     */
    TapeNumber minusMultiple(double value, TapeNumber x, double k, TapeNumber y) {
        check(x);
        check(y);
        double product = Op.MUL.value(k, y.value, 0);
        if (x.node == CONSTANT && y.node == CONSTANT) {
            return constant(value);
        }
        int node = open();
        if (x.node != CONSTANT) {
            entry(x.node, partials.partial(Op.SUB, 0, x.value, product, 0, value) * x.weight);
        }
        if (y.node != CONSTANT) {
            entry(y.node, partials.partial(Op.SUB, 1, x.value, product, 0, value)
                    * partials.partial(Op.MUL, 1, k, y.value, 0, product) * y.weight);
        }
        return close(node, value);
    }

    /** Throws unless {@code x} is a current number of this field. */
    void check(TapeNumber x) {
        if (x.field != this) {
            throw new IllegalArgumentException("a TapeNumber of another TapeField (value " + x.value
                    + ") was combined with one of this field: a recording is one field");
        }
        if (x.node != CONSTANT && x.generation != generation) {
            throw new IllegalStateException("a TapeNumber (value " + x.value + ") recorded before TapeField.reset()"
                    + " was used again: its tape is gone");
        }
    }

    private static void checkLengths(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("linear combination of " + a + " factors with " + b + " factors");
        }
    }

    /**
     * The result of an operation with one recorded operand {@code x}: no tape entry, but the chain rule folded into
     * the number, whose derivative with respect to {@code x}'s node is {@code x}'s times the operation's partial.
     */
    private TapeNumber chained(double value, TapeNumber x, double partial) {
        return new TapeNumber(this, value, x.node, x.weight * partial, generation);
    }

    /** Starts node {@code nodes}; its entries follow until {@link #close}. */
    private int open() {
        if (nodes + 1 == ends.length) {
            if (nodes == Integer.MAX_VALUE - 2) {
                throw new IllegalStateException("tape full: " + nodes + " operations (reset() or a shorter recording)");
            }
            ends = Arrays.copyOf(ends, grownLength(ends.length));
        }
        return nodes;
    }

    private void close(int node) {
        ends[node + 1] = entries;
        nodes = node + 1;
    }

    private TapeNumber close(int node, double value) {
        close(node);
        return new TapeNumber(this, value, node, 1, generation);
    }

    private void entry(int target, double weight) {
        if (entries == weights.length) {
            int length = grownLength(entries);
            weights = Arrays.copyOf(weights, length);
            targets = Arrays.copyOf(targets, length);
        }
        weights[entries] = weight;
        targets[entries] = target;
        entries++;
    }

    private static int grownLength(int length) {
        if (length >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tape full: " + length + " entries (reset() or a shorter recording)");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8L, 2L * length);
    }
}
