package dev.jgrad.commonsmath;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.MultivariateDifferentiableFunction;

/**
 * A jgrad {@link ScalarFunction} as a Commons Math {@link MultivariateDifferentiableFunction}, so that it can be
 * given to anything in Commons Math that takes one (such as
 * {@link org.apache.commons.math3.analysis.differentiation.GradientFunction} for the gradient-based optimizers).
 *
 * <p>The arguments {@code t_i(p)} are {@link DerivativeStructure}s: functions of some free parameters {@code p}
 * known through their derivatives up to some order {@code K}. The result is {@code f(t(p))} with its derivatives
 * with respect to {@code p} up to the same order, by the chain rule in Taylor form: with {@code x = t(p₀)} and
 * {@code δ_i = t_i - x_i} (a structure whose value is 0),
 * <pre>
 *   f(t) = Σ_{k=0..K} Σ_{i_1 ≤ ... ≤ i_k} ∂^k f/∂x_{i_1}...∂x_{i_k} (x) · δ_{i_1}···δ_{i_k} / Π_j m_j!
 * </pre>
 * where {@code m_j} counts how often index {@code j} occurs in {@code (i_1, ..., i_k)}; terms of order above
 * {@code K} do not change derivatives up to order {@code K}, so the sum is exact for every derivative the structure
 * holds. The partial derivatives of {@code f} come from jgrad's rule table: order 1 is one reverse sweep over the
 * graph of {@code f}; each higher order differentiates the graphs of the previous order's derivatives again
 * ({@link Grad#gradient(Value, List, boolean)}), one reverse sweep per distinct partial derivative, so order
 * {@code K} with {@code n} arguments takes {@code C(n + K - 1, K - 1)} sweeps. Every order is given; orders above 2
 * with many arguments are costly. The value of the result is exactly {@code f(x)}.
 *
 * <p>Each call builds a fresh graph, so one instance may be used by several threads at once when {@code f} builds
 * its result from its arguments only.
 */
public final class JgradDifferentiableFunction implements MultivariateDifferentiableFunction {

    private final ScalarFunction f;

    /**
     * Wraps a jgrad function.
     *
     * @param f the function, called with one leaf per argument
     * @throws NullPointerException if {@code f} is null
     */
    public JgradDifferentiableFunction(ScalarFunction f) {
        this.f = Objects.requireNonNull(f, "f");
    }

    /**
     * The value {@code f(x)}, without differentiating.
     *
     * @param x the point
     * @return {@code f(x)}
     * @throws NullPointerException if {@code x} is null or {@code f} returns null
     */
    @Override
    public double value(double[] x) {
        Objects.requireNonNull(x, "x");
        Value[] leaves = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            leaves[i] = Value.of(x[i]);
        }
        return Objects.requireNonNull(f.apply(leaves), "f returned null").data();
    }

    /**
     * The value {@code f(t)} and its derivatives with respect to the free parameters of {@code t}, up to the order of
     * {@code t} (see the class comment).
     *
     * @param t the arguments, at least one, all with the same number of free parameters and the same order
     * @return {@code f(t)} as a structure with the free parameters and order of {@code t}
     * @throws IllegalArgumentException if {@code t} is empty (the result's parameters and order would be unknown)
     *                                  or its structures differ in free parameters or order, naming the position
     * @throws NullPointerException     if {@code t} or one of its entries is null, or {@code f} returns null
     */
    @Override
    public DerivativeStructure value(DerivativeStructure[] t) {
        Objects.requireNonNull(t, "t");
        if (t.length == 0) {
            throw new IllegalArgumentException("t is empty: the result's free parameters and order come from t[0]");
        }
        int parameters = Objects.requireNonNull(t[0], "t[0]").getFreeParameters();
        int order = t[0].getOrder();
        Value[] x = new Value[t.length];
        DerivativeStructure[] delta = new DerivativeStructure[t.length];
        for (int i = 0; i < t.length; i++) {
            DerivativeStructure ti = Objects.requireNonNull(t[i], "t[" + i + "]");
            if (ti.getFreeParameters() != parameters || ti.getOrder() != order) {
                throw new IllegalArgumentException("t[" + i + "] has " + ti.getFreeParameters()
                        + " free parameters and order " + ti.getOrder() + " but t[0] has " + parameters
                        + " and order " + order);
            }
            x[i] = Value.of(ti.getValue());
            delta[i] = ti.subtract(ti.getValue());
        }
        Value y = Objects.requireNonNull(f.apply(x.clone()), "f returned null");
        Taylor sum = new Taylor(Arrays.asList(x), delta, new DerivativeStructure(parameters, order, 0.0));
        sum.addTermsAbove(y, new DerivativeStructure(parameters, order, 1.0), 0, 0, 1.0, order);
        // the value is set, not summed: a term whose partial is infinite would otherwise turn it into NaN (∞ · 0)
        double[] all = sum.total.getAllDerivatives();
        all[0] = y.data();
        return new DerivativeStructure(parameters, order, all);
    }

    /** The running sum of the Taylor terms of order 1 and above, over nondecreasing index sequences. */
    private static final class Taylor {

        private final List<Value> x;
        private final DerivativeStructure[] delta;
        private DerivativeStructure total;

        Taylor(List<Value> x, DerivativeStructure[] delta, DerivativeStructure zero) {
            this.x = x;
            this.delta = delta;
            this.total = zero;
        }

        /**
         * Adds the terms that extend an index sequence by one index {@code >= last}, and recursively theirs, up to
         * {@code remaining} more orders.
         *
         * @param d         the partial derivative of {@code f} for the sequence, as a graph
         * @param product   {@code δ_{i_1}···δ_{i_k}} for the sequence
         * @param last      the sequence's last index ({@code 0} for the empty sequence)
         * @param run       how many times {@code last} ends the sequence ({@code 0} for the empty sequence)
         * @param weight    {@code 1 / Π_j m_j!} for the sequence
         * @param remaining how many more orders to add
         */
        void addTermsAbove(Value d, DerivativeStructure product, int last, int run, double weight, int remaining) {
            if (remaining == 0) {
                return;
            }
            // the last order's partials are only read as numbers, so their graphs are not built
            List<Value> partials = Grad.gradient(d, x, remaining > 1);
            for (int i = last; i < x.size(); i++) {
                int count = i == last ? run + 1 : 1;
                Value partial = partials.get(i);
                DerivativeStructure extended = product.multiply(delta[i]);
                total = total.add(extended.multiply(partial.data() * (weight / count)));
                addTermsAbove(partial, extended, i, count, weight / count, remaining - 1);
            }
        }
    }
}
