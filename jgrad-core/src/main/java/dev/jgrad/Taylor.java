package dev.jgrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Univariate Taylor mode: the derivatives {@code f^(k)(x)}, {@code k <= degree}, of every node of a graph with
 * respect to one leaf, from the rules' partial derivatives alone.
 *
 * <p>For a node {@code u = φ(w_1, ..., w_n)}, {@code u' = Σ_i ∂φ/∂w_i · w_i'}; differentiating {@code m - 1} times by
 * Leibniz's rule gives {@code u^(m) = Σ_i Σ_{j=1..m} C(m-1, j-1) · w_i^(j) · (∂φ/∂w_i)^(m-j)}. Each partial
 * {@code ∂φ/∂w_i} is built once, by {@link Rule#partial} in this algebra, as another series whose derivatives are
 * needed only to order {@code m - 1}; identical nodes are shared, so the partial of {@code sin} ({@code cos}) and
 * its partial ({@code -sin}) close a cycle instead of growing with the order. The cost is about {@code degree²}
 * multiply-adds per edge (times the length of the chain of partials a rule such as {@code div} opens), where
 * differentiating the derivative's graph again and again would grow geometrically with the order. Memory is
 * {@code degree + 1} numbers per series, plus the first halves of Pascal's rows to {@code degree}, about
 * {@code degree² / 4} numbers.
 *
 * <p>The series hold the derivatives themselves, not the Taylor coefficients {@code f^(k)(x) / k!}: those underflow
 * to 0 for large {@code k} ({@code e^x / 200!}), and scaling them back by {@code k!}, which overflows from 171 on,
 * would give {@code 0 · ∞ = NaN}. Each term of the sum above is the coefficients' term times {@code m!}, so the
 * rounding is the same; what overflows is a derivative beyond {@code Double.MAX_VALUE}, never a factorial. From
 * order 2 on, a term with a factor exactly 0 is 0, even where the other factor is infinite: at high order an infinite
 * derivative is almost always a finite one that overflowed ({@code (1/x)^(200)} at 2 inside the unselected branch of
 * {@link Op#POW}'s partial, multiplied by its constant 0), and a zero one is structural (beyond a polynomial's degree,
 * or a constant's); this also keeps the binomials, infinite beyond order 1029, from meeting a 0. The sum is taken
 * plainly first and again without the zero terms only where it came out NaN, so the common case pays nothing.
 *
 * <p>The first derivative of each node of the function's graph is the plain sum {@code Σ_i w_i' · ∂φ/∂w_i}, forward
 * mode's, so {@code f'} is reverse mode's (and PyTorch's): where an operand's derivative is infinite and the partial 0
 * or the other way round, as in {@code atan(1/x)} at 0 ({@code atan'(±∞) = 0} times {@code (1/x)' = -∞}), it is NaN,
 * not 0. Once a derivative of order 1 or more of such a node is NaN, every higher one is NaN: a derivative undefined
 * at the point has no derivative there (the zero rule above would otherwise make the next order 0). The series of the
 * partials' expressions keep the zero rule at every order, so that, for instance, the second derivative of
 * {@code x^0} at 0 is 0 (the unselected branch of {@link Op#POW}'s partial, {@code 0 · 0^(-1)}, times 0).
 *
 * <p>Handles index series; a series is constant (all derivatives beyond the value are 0) when it does not depend on
 * the variable, and the partials of constant operands are never built.
 */
final class Taylor implements Algebra {

    private static final int[] NO_OPERANDS = new int[0];

    /** One truncated Taylor series as derivatives, computed on demand, lowest order first. */
    private static final class Series {
        final Rule rule;
        final int[] operands;
        final boolean constant;
        /** Whether this is a node of the function's own graph, not of a partial derivative's expression. */
        final boolean ofGraph;
        final double[] derivatives;
        int known;
        int[] partials;

        Series(Rule rule, int[] operands, boolean constant, boolean ofGraph, int degree) {
            this.rule = rule;
            this.operands = operands;
            this.constant = constant;
            this.ofGraph = ofGraph;
            this.derivatives = new double[degree + 1];
        }
    }

    /**
     * A rule applied to operand handles: the key under which identical nodes are shared. A node of the function's
     * graph is not shared with one of a partial's expression, since their first derivatives are summed differently.
     */
    private record Key(Rule rule, List<Integer> operands, boolean ofGraph) {
    }

    private final int degree;
    /** The rows of Pascal's triangle built so far, by {@link #binomialRow}. */
    private final List<double[]> pascal = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private final Map<Key, Integer> nodes = new HashMap<>();
    private final Map<Long, Integer> constants = new HashMap<>();

    private Taylor(int degree) {
        this.degree = degree;
    }

    /**
     * The derivatives of {@code output} with respect to the leaf {@code variable} at its current value, to
     * {@code degree}: {@code result[k] = f^(k)(x)}.
     */
    static double[] derivatives(Value output, Value variable, int degree) {
        Taylor t = new Taylor(degree);
        List<Value> order = output.topologicalOrder();
        int[] handle = new int[order.size()];
        for (int i = 0; i < order.size(); i++) {
            Value node = order.get(i);
            node.slot = i;
            if (node == variable) {
                handle[i] = t.variable(node.data());
            } else if (node.rule == null) {
                handle[i] = t.constant(node.data());
            } else {
                int[] operands = new int[node.inputs.length];
                for (int j = 0; j < operands.length; j++) {
                    operands[j] = handle[node.inputs[j].slot];
                }
                handle[i] = t.node(node.rule, operands, true);
            }
            t.ensure(handle[i], degree);
        }
        return t.series.get(handle[order.size() - 1]).derivatives.clone();
    }

    private int variable(double x) {
        Series s = new Series(null, NO_OPERANDS, false, true, degree);
        s.derivatives[0] = x;
        if (degree >= 1) {
            s.derivatives[1] = 1;
        }
        s.known = degree + 1;
        series.add(s);
        return series.size() - 1;
    }

    @Override
    public int constant(double value) {
        return constants.computeIfAbsent(Double.doubleToRawLongBits(value), bits -> {
            Series s = new Series(null, NO_OPERANDS, true, false, degree);
            s.derivatives[0] = value;
            s.known = degree + 1;
            series.add(s);
            return series.size() - 1;
        });
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        int arity = Handles.arity(rule);
        checkOperand(rule, 0, a);
        int count = arity == -1 ? (b == NONE ? 1 : c == NONE ? 2 : 3) : arity;
        if (count >= 2) {
            checkOperand(rule, 1, b);
        }
        if (count >= 3) {
            checkOperand(rule, 2, c);
        }
        if (arity == -1 && count == 1) {
            return a;
        }
        int[] operands = count == 1 ? new int[] {a} : count == 2 ? new int[] {a, b} : new int[] {a, b, c};
        return node(rule, operands, false);
    }

    private void checkOperand(Rule rule, int position, int h) {
        if (h < 0 || h >= series.size()) {
            throw Handles.badOperand(rule, position, h, series.size());
        }
    }

    private int node(Rule rule, int[] operands, boolean ofGraph) {
        Key key = new Key(rule, Arrays.stream(operands).boxed().toList(), ofGraph);
        Integer existing = nodes.get(key);
        if (existing != null) {
            return existing;
        }
        boolean constant = true;
        for (int operand : operands) {
            constant &= series.get(operand).constant;
        }
        series.add(new Series(rule, operands, constant, ofGraph, degree));
        int h = series.size() - 1;
        nodes.put(key, h);
        return h;
    }

    /** Computes the derivatives of series {@code h} up to order {@code k}. */
    private void ensure(int h, int k) {
        Series s = series.get(h);
        while (s.known <= k) {
            int m = s.known;
            boolean undefined = s.ofGraph && m >= 2 && Double.isNaN(s.derivatives[m - 1]);
            s.derivatives[m] = m == 0 ? value(s) : s.constant ? 0 : undefined ? Double.NaN : derivative(h, s, m);
            s.known = m + 1;
        }
    }

    private double value(Series s) {
        int[] in = s.operands;
        for (int operand : in) {
            ensure(operand, 0);
        }
        if (s.rule.arity() == -1) {
            double[] terms = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                terms[i] = value0(in[i]);
            }
            return s.rule.variadicValue(terms, terms.length);
        }
        return s.rule.value(value0(in[0]), in.length > 1 ? value0(in[1]) : 0,
                in.length > 2 ? value0(in[2]) : 0);
    }

    private double value0(int h) {
        return series.get(h).derivatives[0];
    }

    /** u^(m) = Σ_i Σ_{j=1..m} C(m-1, j-1) w_i^(j) (∂φ/∂w_i)^(m-j). */
    private double derivative(int h, Series s, int m) {
        int[] in = s.operands;
        if (s.partials == null) {
            s.partials = partials(h, s);
        }
        for (int i = 0; i < in.length; i++) {
            if (s.partials[i] != NONE) {
                ensure(in[i], m);
                ensure(s.partials[i], m - 1);
            }
        }
        double[] binomial = binomialRow(m - 1);
        double sum = 0;
        for (int i = 0; i < in.length; i++) {
            if (s.partials[i] != NONE) {
                sum += leibniz(binomial, series.get(in[i]).derivatives, series.get(s.partials[i]).derivatives, m,
                        s.ofGraph);
            }
        }
        return sum;
    }

    /**
     * {@code Σ_{j=1..m} C(m-1, j-1) w^(j) p^(m-j)}, {@code binomial} being the first half of row {@code m - 1} of
     * Pascal's triangle. Only where that gives NaN (an infinity met a 0, or an operand is NaN) is it summed again
     * leaving out the terms with a factor exactly 0, which are 0; but not for the first derivative of a node of the
     * function's graph ({@code plainFirst}), which is the plain product {@code w' p}, as forward mode takes it.
     */
    private static double leibniz(double[] binomial, double[] w, double[] p, int m, boolean plainFirst) {
        int half = (m + 1) / 2;
        double sum = 0;
        for (int j = 1; j <= half; j++) {
            sum += binomial[j - 1] * w[j] * p[m - j];
        }
        for (int j = half + 1; j <= m; j++) {
            sum += binomial[m - j] * w[j] * p[m - j];
        }
        if (m == 1 && plainFirst || !Double.isNaN(sum)) {
            return sum;
        }
        sum = 0;
        for (int j = 1; j <= m; j++) {
            if (w[j] != 0 && p[m - j] != 0) {
                sum += binomial[Math.min(j - 1, m - j)] * w[j] * p[m - j];
            }
        }
        return sum;
    }

    /**
     * The first half of row {@code n} of Pascal's triangle, {@code C(n, k)} for {@code k <= n/2} (the rest by
     * symmetry). Rows are built once per call of {@link #derivatives}, each from the one before by addition, so the
     * binomials of the terms that matter at high order ({@code C(n, 0) = 1}, {@code C(n, 1) = n}) are exact.
     */
    private double[] binomialRow(int n) {
        for (int r = pascal.size(); r <= n; r++) {
            double[] row = new double[r / 2 + 1];
            row[0] = 1;
            if (r > 0) {
                double[] above = pascal.get(r - 1);
                for (int k = 1; k <= r / 2; k++) {
                    row[k] = above[k - 1] + above[Math.min(k, r - 1 - k)];
                }
            }
            pascal.add(row);
        }
        return pascal.get(n);
    }

    /** The handle of each operand's partial derivative, or NONE for a constant operand. */
    private int[] partials(int h, Series s) {
        int[] in = s.operands;
        int[] partials = new int[in.length];
        boolean variadic = s.rule.arity() == -1;
        for (int i = 0; i < in.length; i++) {
            if (series.get(in[i]).constant) {
                partials[i] = NONE;
            } else if (variadic) {
                partials[i] = checkPartial(s.rule, i, s.rule.termPartial(this, i, in, h));
            } else {
                partials[i] = checkPartial(s.rule, i, s.rule.partial(this, i, in[0], in.length > 1 ? in[1] : NONE,
                        in.length > 2 ? in[2] : NONE, h));
            }
        }
        return partials;
    }

    private int checkPartial(Rule rule, int arg, int h) {
        if (h < 0 || h >= series.size()) {
            throw Handles.badPartial(rule, arg, h);
        }
        return h;
    }
}
