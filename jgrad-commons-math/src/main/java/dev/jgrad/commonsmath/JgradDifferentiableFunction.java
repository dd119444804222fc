package dev.jgrad.commonsmath;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.analysis.differentiation.DSCompiler;
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
 * {@code δ_i = t_i - x_i} (the structure {@code t_i} with its value set to 0: not computed as a difference, which
 * is NaN where {@code x_i} is infinite or NaN and would make every derivative of order 2 and above NaN),
 * <pre>
 *   f(t) = Σ_{k=0..K} Σ_{i_1 ≤ ... ≤ i_k} ∂^k f/∂x_{i_1}...∂x_{i_k} (x) · δ_{i_1}···δ_{i_k} / Π_j m_j!
 * </pre>
 * where {@code m_j} counts how often index {@code j} occurs in {@code (i_1, ..., i_k)}; terms of order above
 * {@code K} do not change derivatives up to order {@code K}, so the sum is exact for every derivative the structure
 * holds. A term of order {@code k} has no derivative of order below {@code k}, and adds nothing there: an infinite
 * partial of {@code f} of a higher order (that of {@code x^1.5} at 0) leaves the lower orders finite. The partial
 * derivatives of {@code f} and the weights come from {@link Grad#taylorTerms} (jgrad's rule table; order {@code K}
 * with {@code n} arguments takes {@code C(n + K - 1, K - 1)} reverse sweeps). Every order is given;
 * orders above 2 with many arguments are costly. The value of the result is exactly {@code f(x)}.
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
        double[] x = new double[t.length];
        DerivativeStructure[] delta = new DerivativeStructure[t.length];
        for (int i = 0; i < t.length; i++) {
            DerivativeStructure ti = Objects.requireNonNull(t[i], "t[" + i + "]");
            if (ti.getFreeParameters() != parameters || ti.getOrder() != order) {
                throw new IllegalArgumentException("t[" + i + "] has " + ti.getFreeParameters()
                        + " free parameters and order " + ti.getOrder() + " but t[0] has " + parameters
                        + " and order " + order);
            }
            x[i] = ti.getValue();
            // not ti.subtract(x[i]): ∞ - ∞ is NaN, and the products of the δs would carry it to every higher order
            double[] offset = ti.getAllDerivatives();
            offset[0] = 0;
            delta[i] = new DerivativeStructure(parameters, order, offset);
        }
        DSCompiler compiler = DSCompiler.getCompiler(parameters, order);
        int[] degree = new int[compiler.getSize()];
        for (int j = 0; j < degree.length; j++) {
            degree[j] = Arrays.stream(compiler.getPartialDerivativeOrders(j)).sum();
        }
        double[] total = new double[degree.length];
        double value = Grad.taylorTerms(f, x, order, (indices, coefficient) -> {
            DerivativeStructure product = delta[indices[0]];
            for (int k = 1; k < indices.length; k++) {
                product = product.multiply(delta[indices[k]]);
            }
            // a product of k deltas, each 0 at the point, has no derivative of order below k: those are left out, or
            // an infinite coefficient would turn them into NaN (∞ · 0), the value among them
            double[] terms = product.getAllDerivatives();
            for (int j = 1; j < total.length; j++) {
                if (degree[j] >= indices.length) {
                    total[j] += terms[j] * coefficient;
                }
            }
        });
        total[0] = value;
        return new DerivativeStructure(parameters, order, total);
    }
}
