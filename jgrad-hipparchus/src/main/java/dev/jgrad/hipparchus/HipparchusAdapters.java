package dev.jgrad.hipparchus;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.VectorFunction;
import java.util.Objects;
import org.hipparchus.analysis.MultivariateVectorFunction;
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
     * {@code ObjectiveFunctionGradient}). At a point given as structures {@code t_i} of order 1 the result is the
     * first-order chain rule {@code f(x) + Σ ∂f/∂x_i (t_i - x_i)}, {@code x_i} the values of the {@code t_i}, with
     * {@code ∂f/∂x} from one reverse sweep: exact for every first derivative of the structures' parameters.
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
                if (point.length == 0) {
                    throw new IllegalArgumentException("a point of no coordinates: the structures' factory is unknown");
                }
                int order = point[0].getOrder();
                if (order > 1) {
                    throw new IllegalArgumentException("derivative structures of order " + order
                            + ": the jgrad adapter gives first derivatives (order 0 or 1)");
                }
                double[] x = new double[point.length];
                DerivativeStructure[] offsets = new DerivativeStructure[point.length];
                for (int i = 0; i < point.length; i++) {
                    x[i] = point[i].getValue();
                    offsets[i] = point[i].subtract(x[i]);
                }
                Grad.ValueAndGrad vg = Grad.valueAndGrad(f, x);
                return point[0].linearCombination(vg.gradient(), offsets).add(vg.value());
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
