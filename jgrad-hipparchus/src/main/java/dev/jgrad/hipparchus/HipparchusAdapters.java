package dev.jgrad.hipparchus;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.VectorFunction;
import java.util.Objects;
import org.hipparchus.analysis.MultivariateVectorFunction;
import org.hipparchus.analysis.differentiation.DSCompiler;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.MultivariateDifferentiableFunction;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * A jgrad function handed to Hipparchus: each adapter differentiates it by jgrad's reverse mode ({@link Grad}), on a
 * fresh graph per call, so Hipparchus's optimizers get exact derivatives without finite differences or
 * hand-written Jacobians.
 */
public final class HipparchusAdapters {

    private HipparchusAdapters() {
    }

    /**
     * {@code f} as a Hipparchus {@link MultivariateDifferentiableFunction}, for code that differentiates through
     * {@link DerivativeStructure}s (such as {@code GradientFunction}, whose gradient then feeds
     * {@code ObjectiveFunctionGradient}). At a point given as structures {@code t_i} of order {@code K} (any order)
     * the result is {@code f}'s Taylor expansion at the structures' values {@code x_i} composed with
     * {@code δ_i = t_i - x_i} ({@link Grad#taylorTerms}; {@code t_i} with its value set to 0, so that an infinite or
     * NaN {@code x_i} does not make the higher orders NaN): exact for every derivative of the structures' parameters
     * up to order {@code K}; a term of order {@code k} adds nothing to derivatives of lower order, so an infinite
     * higher-order partial of {@code f} (that of {@code x^1.5} at 0) leaves them finite. Order 1 costs one reverse
     * sweep; order {@code K} with {@code n} coordinates {@code C(n + K - 1, K - 1)}. The result's value is exactly
     * {@code f(x)}. The structures must be at least one,
     * all with the same free parameters and order; {@code value(DerivativeStructure[])} otherwise throws
     * {@link IllegalArgumentException} naming the first position at fault ({@link NullPointerException} for a null
     * array or entry).
     *
     * @param f the function, over {@code Value}s
     * @return the adapter; {@code value(double[])} is {@code f}'s value
     * @throws NullPointerException if {@code f} is null
     */
    public static MultivariateDifferentiableFunction differentiable(ScalarFunction f) {
        Objects.requireNonNull(f, "f");
        return new MultivariateDifferentiableFunction() {
            @Override
            public double value(double[] point) {
                return Grad.valueAndGrad(f, point).value();
            }

            @Override
            public DerivativeStructure value(DerivativeStructure[] point) {
                Objects.requireNonNull(point, "point");
                if (point.length == 0) {
                    throw new IllegalArgumentException("a point of no coordinates: the structures' factory is unknown");
                }
                DSFactory factory = Objects.requireNonNull(point[0], "point[0]").getFactory();
                int parameters = point[0].getFreeParameters();
                int order = point[0].getOrder();
                double[] x = new double[point.length];
                DerivativeStructure[] offsets = new DerivativeStructure[point.length];
                for (int i = 0; i < point.length; i++) {
                    DerivativeStructure p = Objects.requireNonNull(point[i], "point[" + i + "]");
                    if (p.getFreeParameters() != parameters || p.getOrder() != order) {
                        throw new IllegalArgumentException("point[" + i + "] has " + p.getFreeParameters()
                                + " free parameters and order " + p.getOrder() + " but point[0] has " + parameters
                                + " and order " + order);
                    }
                    x[i] = p.getValue();
                    // not p.subtract(x[i]): ∞ - ∞ is NaN, and the products of the offsets would carry it to every
                    // higher order
                    double[] offset = p.getAllDerivatives();
                    offset[0] = 0;
                    offsets[i] = factory.build(offset);
                }
                DSCompiler compiler = factory.getCompiler();
                double[] total = new double[compiler.getSize()];
                double value = Grad.taylorTerms(f, x, order, (indices, coefficient) -> {
                    DerivativeStructure product = offsets[indices[0]];
                    for (int k = 1; k < indices.length; k++) {
                        product = product.multiply(offsets[indices[k]]);
                    }
                    // a product of k offsets, each 0 at the point, has no derivative of order below k: those are left
                    // out, or an infinite coefficient would turn them into NaN (∞ · 0), the value among them
                    double[] terms = product.getAllDerivatives();
                    for (int j = 1; j < total.length; j++) {
                        if (compiler.getPartialDerivativeOrdersSum(j) >= indices.length) {
                            total[j] += terms[j] * coefficient;
                        }
                    }
                });
                total[0] = value;
                return factory.build(total);
            }
        };
    }

    /**
     * The gradient of {@code f} as a Hipparchus {@link MultivariateVectorFunction}, for
     * {@code ObjectiveFunctionGradient} (the nonlinear conjugate gradient optimizer) without going through
     * derivative structures.
     *
     * @param f the function, over {@code Value}s
     * @return {@code x -> ∇f(x)}, by one reverse sweep per call
     * @throws NullPointerException if {@code f} is null
     */
    public static MultivariateVectorFunction gradient(ScalarFunction f) {
        Objects.requireNonNull(f, "f");
        return point -> Grad.grad(f, point);
    }

    /**
     * A model {@code f: R^n → R^m} as the {@link MultivariateJacobianFunction} of Hipparchus's least-squares
     * problems ({@code LeastSquaresBuilder.model}), solved by its Levenberg–Marquardt and Gauss–Newton optimizers:
     * at a point, the model's values and its m×n Jacobian {@code J[i][j] = ∂f_i/∂x_j}, from
     * {@link Grad#valueAndJacobian} (one graph per call; a forward sweep carrying n tangents when there are no more
     * parameters than observations, as in a curve fit, else one reverse sweep per output).
     *
     * @param f the model, over {@code Value}s: the predicted observations at the parameters
     * @return the adapter
     * @throws NullPointerException if {@code f} is null
     */
    public static MultivariateJacobianFunction model(VectorFunction f) {
        Objects.requireNonNull(f, "f");
        return point -> {
            Grad.ValueAndJacobian vj = Grad.valueAndJacobian(f, point.toArray());
            RealVector value = new ArrayRealVector(vj.value(), false);
            RealMatrix jacobian = new Array2DRowRealMatrix(vj.jacobian(), false);
            return new Pair<>(value, jacobian);
        };
    }
}
