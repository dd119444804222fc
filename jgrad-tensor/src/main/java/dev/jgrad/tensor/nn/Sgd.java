package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with momentum and weight decay, as PyTorch's {@code torch.optim.SGD} (no dampening,
 * not Nesterov): with {@code g = grad + weightDecay · p}, the velocity is {@code v = g} at the first step and
 * {@code v = momentum · v + g} after, and {@code p ← p - lr · v}. With {@code momentum = 0} this is
 * {@code p ← p - lr · g}.
 */
public final class Sgd extends Optimizer {

    private final double lr;
    private final double momentum;
    private final double weightDecay;
    private final double[][] velocity;

    private Sgd(List<Tensor> parameters, double lr, double momentum, double weightDecay) {
        super(parameters);
        this.lr = checkedNonNegative("lr", lr);
        this.momentum = checkedNonNegative("momentum", momentum);
        this.weightDecay = checkedNonNegative("weightDecay", weightDecay);
        this.velocity = new double[parameters.size()][];
    }

    /**
     * Plain gradient descent, {@code p ← p - lr · grad}.
     *
     * @param parameters the leaves to update (a module's {@link Module#parameters()})
     * @param lr         the learning rate, finite and {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a parameter is not a leaf requiring a gradient or is listed twice, or
     *                                  lr is invalid
     */
    public static Sgd of(List<Tensor> parameters, double lr) {
        return new Sgd(parameters, lr, 0, 0);
    }

    /**
     * Gradient descent with momentum and (L2) weight decay.
     *
     * @param parameters  the leaves to update
     * @param lr          the learning rate, finite and {@code >= 0}
     * @param momentum    the momentum factor, finite and {@code >= 0} (0 for none)
     * @param weightDecay the L2 coefficient added to the gradient as {@code weightDecay · p}, finite and {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a parameter is not a leaf requiring a gradient or is listed twice, or
     *                                  a rate is invalid
     */
    public static Sgd of(List<Tensor> parameters, double lr, double momentum, double weightDecay) {
        return new Sgd(parameters, lr, momentum, weightDecay);
    }

    @Override
    void update(int index, double[] values, double[] grad) {
        if (weightDecay != 0) {
            for (int k = 0; k < grad.length; k++) {
                grad[k] += weightDecay * values[k];
            }
        }
        double[] step = grad;
        if (momentum != 0) {
            double[] v = velocity[index];
            if (v == null) {
                velocity[index] = grad.clone();
            } else {
                for (int k = 0; k < v.length; k++) {
                    v[k] = momentum * v[k] + grad[k];
                }
            }
            step = velocity[index];
        }
        for (int k = 0; k < values.length; k++) {
            values[k] -= lr * step[k];
        }
    }
}
