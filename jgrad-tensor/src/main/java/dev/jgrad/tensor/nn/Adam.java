package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.List;

/**
 * Adam and AdamW, as PyTorch's {@code torch.optim.Adam} and {@code torch.optim.AdamW}. At step {@code t = 1, 2, ...}
 * with gradient {@code g}: {@code m = β1 m + (1 - β1) g}, {@code v = β2 v + (1 - β2) g²} (both starting at 0),
 * {@code p ← p - lr · (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)}. Weight decay differs: Adam adds
 * {@code weightDecay · p} to the gradient (L2), AdamW first shrinks the parameter, {@code p ← p (1 - lr ·
 * weightDecay)}, and leaves the gradient alone (decoupled).
 */
public final class Adam extends Optimizer {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final double[][] m;
    private final double[][] v;
    private int t;

    private Adam(List<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupled) {
        super(parameters);
        this.lr = checkedNonNegative("lr", lr);
        this.beta1 = checkedBeta("beta1", beta1);
        this.beta2 = checkedBeta("beta2", beta2);
        this.eps = checkedNonNegative("eps", eps);
        this.weightDecay = checkedNonNegative("weightDecay", weightDecay);
        this.decoupled = decoupled;
        this.m = new double[parameters.size()][];
        this.v = new double[parameters.size()][];
    }

    /**
     * Adam with PyTorch's defaults: {@code β1 = 0.9, β2 = 0.999, ε = 1e-8}, no weight decay.
     *
     * @param parameters the leaves to update
     * @param lr         the learning rate, finite and {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a parameter is not a leaf requiring a gradient or is listed twice, or
     *                                  lr is invalid
     */
    public static Adam adam(List<Tensor> parameters, double lr) {
        return adam(parameters, lr, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * Adam with every setting given; weight decay as L2 (added to the gradient).
     *
     * @param parameters  the leaves to update
     * @param lr          the learning rate, finite and {@code >= 0}
     * @param beta1       the decay of the first moment, in {@code [0, 1)}
     * @param beta2       the decay of the second moment, in {@code [0, 1)}
     * @param eps         added to the root of the second moment, finite and {@code >= 0}
     * @param weightDecay the L2 coefficient, finite and {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a parameter is not a leaf requiring a gradient or is listed twice, or
     *                                  a setting is invalid
     */
    public static Adam adam(List<Tensor> parameters, double lr, double beta1, double beta2, double eps,
            double weightDecay) {
        return new Adam(parameters, lr, beta1, beta2, eps, weightDecay, false);
    }

    /**
     * AdamW with PyTorch's defaults: {@code β1 = 0.9, β2 = 0.999, ε = 1e-8, weightDecay = 0.01}.
     *
     * @param parameters the leaves to update
     * @param lr         the learning rate, finite and {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a parameter is not a leaf requiring a gradient or is listed twice, or
     *                                  lr is invalid
     */
    public static Adam adamW(List<Tensor> parameters, double lr) {
        return adamW(parameters, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /**
     * AdamW with every setting given; weight decay decoupled (the parameter shrinks by {@code lr · weightDecay}).
     *
     * @param parameters  the leaves to update
     * @param lr          the learning rate, finite and {@code >= 0}
     * @param beta1       the decay of the first moment, in {@code [0, 1)}
     * @param beta2       the decay of the second moment, in {@code [0, 1)}
     * @param eps         added to the root of the second moment, finite and {@code >= 0}
     * @param weightDecay the decoupled decay coefficient, finite and {@code >= 0}
     * @return the optimizer
     * @throws IllegalArgumentException if a parameter is not a leaf requiring a gradient or is listed twice, or
     *                                  a setting is invalid
     */
    public static Adam adamW(List<Tensor> parameters, double lr, double beta1, double beta2, double eps,
            double weightDecay) {
        return new Adam(parameters, lr, beta1, beta2, eps, weightDecay, true);
    }

    private static double checkedBeta(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " (" + beta + ") must be in [0, 1)");
        }
        return beta;
    }

    @Override
    void beginStep() {
        t++;
    }

    @Override
    void update(int index, double[] values, double[] grad) {
        if (m[index] == null) {
            m[index] = new double[values.length];
            v[index] = new double[values.length];
        }
        double[] mi = m[index];
        double[] vi = v[index];
        double correction1 = 1 - Math.pow(beta1, t);
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = lr / correction1;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        double l2 = decoupled ? 0 : weightDecay;
        for (int k = 0; k < values.length; k++) {
            // no L2 term at all without one: 0 · ±Infinity would make an infinite parameter NaN
            double g = l2 == 0 ? grad[k] : grad[k] + l2 * values[k];
            double p = values[k] * shrink;
            mi[k] = beta1 * mi[k] + (1 - beta1) * g;
            vi[k] = beta2 * vi[k] + (1 - beta2) * g * g;
            values[k] = p - stepSize * mi[k] / (Math.sqrt(vi[k]) / sqrtCorrection2 + eps);
        }
    }
}
