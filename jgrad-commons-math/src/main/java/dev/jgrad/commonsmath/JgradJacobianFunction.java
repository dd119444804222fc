package dev.jgrad.commonsmath;

import dev.jgrad.Grad;
import dev.jgrad.VectorFunction;
import java.util.Objects;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * A jgrad {@link VectorFunction} as the model of a Commons Math least-squares problem
 * ({@link org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder#model(MultivariateJacobianFunction)}),
 * for the {@link org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer} and the
 * {@link org.apache.commons.math3.fitting.leastsquares.GaussNewtonOptimizer}:
 * <pre>{@code
 * // y = a·exp(-b·t) at each observation time t[k]
 * MultivariateJacobianFunction model = new JgradJacobianFunction(p -> {
 *     Value[] y = new Value[t.length];
 *     for (int k = 0; k < t.length; k++) {
 *         y[k] = p[0].mul(p[1].mul(-t[k]).exp());
 *     }
 *     return y;
 * });
 * }</pre>
 * The function maps the parameters {@code p} to the model's predictions, one output per observation; the optimizer
 * compares them with the observations it was given as the target. Each call returns the predictions and their
 * Jacobian {@code J[k][j] = ∂y_k/∂p_j} from one evaluation of the function ({@link Grad#valueAndJacobian}: one
 * forward sweep carrying a tangent per parameter when there are no more parameters than observations, as in every
 * fit that has a unique solution). Each call builds a fresh graph, so one instance may be used from several
 * threads when the function builds its result from its arguments.
 */
public final class JgradJacobianFunction implements MultivariateJacobianFunction {

    private final VectorFunction model;

    /**
     * Wraps a jgrad vector function.
     *
     * @param model the parameters to the predictions
     * @throws NullPointerException if {@code model} is null
     */
    public JgradJacobianFunction(VectorFunction model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * The predictions and their Jacobian at a point.
     *
     * @param point the parameters
     * @return the {@code m} predictions and the {@code m × n} Jacobian, {@code ∂y_k/∂p_j} in row {@code k}, column
     *         {@code j}
     * @throws NullPointerException if {@code point} is null or the model returns null
     */
    @Override
    public Pair<RealVector, RealMatrix> value(RealVector point) {
        Objects.requireNonNull(point, "point");
        Grad.ValueAndJacobian result = Grad.valueAndJacobian(model, point.toArray());
        return new Pair<>(new ArrayRealVector(result.value(), false),
                new Array2DRowRealMatrix(result.jacobian(), false));
    }
}
