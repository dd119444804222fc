package dev.jgrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Univariate Taylor mode: the Taylor coefficients {@code f(x + t) = Σ_k c_k t^k}, {@code k <= degree}, of every node
 * of a graph with respect to one leaf, from the rules' partial derivatives alone.
 *
 * <p>For a node {@code u = φ(w_1, ..., w_n)}, {@code u' = Σ_i ∂φ/∂w_i · w_i'}; comparing coefficients of
 * {@code t^(k-1)} gives {@code u_k = (1/k) Σ_i Σ_{j=1..k} j · (w_i)_j · (∂φ/∂w_i)_{k-j}}. Each partial
 * {@code ∂φ/∂w_i} is built once, by {@link Rule#partial} in this algebra, as another series whose coefficients are
 * needed only to degree {@code k - 1}; identical nodes are shared, so the partial of {@code sin} ({@code cos}) and
 * its partial ({@code -sin}) close a cycle instead of growing with the degree. The cost is about
 * {@code degree²} multiply-adds per edge (times the length of the chain of partials a rule such as {@code div}
 * opens), where differentiating the derivative's graph again and again would grow geometrically with the degree.
 *
 * <p>Handles index series; a series is constant (all coefficients beyond the value are 0) when it does not depend on
 * the variable, and the partials of constant operands are never built.
 */
final class Taylor implements Algebra {

    private static final int[] NO_OPERANDS = new int[0];

    /** One truncated Taylor series, its coefficients computed on demand, lowest first. */
    private static final class Series {
        final Rule rule;
        final int[] operands;
        final boolean constant;
        final double[] coefficients;
        int known;
        int[] partials;

        Series(Rule rule, int[] operands, boolean constant, int degree) {
            this.rule = rule;
            this.operands = operands;
            this.constant = constant;
            this.coefficients = new double[degree + 1];
        }
    }

    /** A rule applied to operand handles: the key under which identical nodes are shared. */
    private record Key(Rule rule, List<Integer> operands) {
    }

    private final int degree;
    private final List<Series> series = new ArrayList<>();
    private final Map<Key, Integer> nodes = new HashMap<>();
    private final Map<Long, Integer> constants = new HashMap<>();

    private Taylor(int degree) {
        this.degree = degree;
    }

    /**
     * The Taylor coefficients of {@code output} in the leaf {@code variable} at its current value, to
     * {@code degree}: {@code result[k] = f^(k)(x) / k!}.
     */
    static double[] coefficients(Value output, Value variable, int degree) {
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
                handle[i] = t.node(node.rule, operands);
            }
            t.ensure(handle[i], degree);
        }
        return t.series.get(handle[order.size() - 1]).coefficients.clone();
    }

    private int variable(double x) {
        Series s = new Series(null, NO_OPERANDS, false, degree);
        s.coefficients[0] = x;
        if (degree >= 1) {
            s.coefficients[1] = 1;
        }
        s.known = degree + 1;
        series.add(s);
        return series.size() - 1;
    }

    @Override
    public int constant(double value) {
        return constants.computeIfAbsent(Double.doubleToRawLongBits(value), bits -> {
            Series s = new Series(null, NO_OPERANDS, true, degree);
            s.coefficients[0] = value;
            s.known = degree + 1;
            series.add(s);
            return series.size() - 1;
        });
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        int[] operands = b == NONE ? new int[] {a} : c == NONE ? new int[] {a, b} : new int[] {a, b, c};
        return node(rule, operands);
    }

    private int node(Rule rule, int[] operands) {
        Key key = new Key(rule, Arrays.stream(operands).boxed().toList());
        Integer existing = nodes.get(key);
        if (existing != null) {
            return existing;
        }
        boolean constant = true;
        for (int operand : operands) {
            constant &= series.get(operand).constant;
        }
        series.add(new Series(rule, operands, constant, degree));
        int h = series.size() - 1;
        nodes.put(key, h);
        return h;
    }

    /** Computes the coefficients of series {@code h} up to {@code k}. */
    private void ensure(int h, int k) {
        Series s = series.get(h);
        while (s.known <= k) {
            int m = s.known;
            s.coefficients[m] = m == 0 ? value(s) : s.constant ? 0 : coefficient(h, s, m);
            s.known = m + 1;
        }
    }

    private double value(Series s) {
        int[] in = s.operands;
        for (int operand : in) {
            ensure(operand, 0);
        }
        if (s.rule.arity() == -1) {
            double sum = coefficient0(in[0]);
            for (int i = 1; i < in.length; i++) {
                sum = s.rule.value(sum, coefficient0(in[i]), 0);
            }
            return sum;
        }
        return s.rule.value(coefficient0(in[0]), in.length > 1 ? coefficient0(in[1]) : 0,
                in.length > 2 ? coefficient0(in[2]) : 0);
    }

    private double coefficient0(int h) {
        return series.get(h).coefficients[0];
    }

    /** u_m = (1/m) Σ_i Σ_{j=1..m} j (w_i)_j (∂φ/∂w_i)_{m-j}. */
    private double coefficient(int h, Series s, int m) {
        int[] in = s.operands;
        if (s.partials == null) {
            s.partials = partials(h, s);
        }
        double sum = 0;
        for (int i = 0; i < in.length; i++) {
            if (s.partials[i] == NONE) {
                continue;
            }
            ensure(in[i], m);
            ensure(s.partials[i], m - 1);
            double[] w = series.get(in[i]).coefficients;
            double[] p = series.get(s.partials[i]).coefficients;
            for (int j = 1; j <= m; j++) {
                sum += j * w[j] * p[m - j];
            }
        }
        return sum / m;
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
                partials[i] = s.rule.partial(this, 0, in[i], NONE, NONE, h);
            } else {
                partials[i] = s.rule.partial(this, i, in[0], in.length > 1 ? in[1] : NONE,
                        in.length > 2 ? in[2] : NONE, h);
            }
        }
        return partials;
    }
}
