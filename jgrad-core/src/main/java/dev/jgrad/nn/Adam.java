package dev.jgrad.nn;

import dev.jgrad.Value;
import java.util.List;
import java.util.Objects;

/**
 * Adam (Kingma and Ba 2015), as PyTorch's {@code Adam}: at step {@code t = 1, 2, ...} with gradient {@code g},
 * {@code m ← β₁ m + (1-β₁) g}, {@code v ← β₂ v + (1-β₂) g²},
 * {@code p ← p - lr · (m / (1-β₁ᵗ)) / (√(v / (1-β₂ᵗ)) + ε)}, with {@code m} and {@code v} starting at 0.
 *
 * <p>With a weight decay {@code λ > 0} it is AdamW (Loshchilov and Hutter 2019), as PyTorch's {@code AdamW}: each
 * step first shrinks every parameter, {@code p ← p · (1 - lr · λ)}, then takes the Adam step above. The decay is
 * decoupled from the gradient, so unlike an L2 term in the loss it is not rescaled by {@code √v}: every weight
 * shrinks by the same share per step.
 */
public final class Adam implements Optimizer {

    private final Value[] params;
    private final double[] m;
    private final double[] v;
    private final Schedule learningRate;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private int step;

    /**
     * Adam with PyTorch's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
     *
     * @param params       the parameters, leaves
     * @param learningRate the learning rate, such as 0.001 to 0.01
     */
    public Adam(List<Value> params, double learningRate) {
        this(params, Schedule.constant(learningRate), 0.9, 0.999, 1e-8);
    }

    /**
     * Adam with every setting given.
     *
     * @param params       the parameters, leaves
     * @param learningRate the learning rate
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param eps          added to the denominator, &gt; 0
     */
    public Adam(List<Value> params, double learningRate, double beta1, double beta2, double eps) {
        this(params, Schedule.constant(learningRate), beta1, beta2, eps);
    }

    /**
     * Adam with a learning-rate schedule ({@code at(0)} for the first step).
     *
     * @param params       the parameters, leaves
     * @param learningRate the learning rate of each step
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param eps          added to the denominator, &gt; 0
     * @throws IllegalArgumentException if a parameter is not a leaf or a setting is out of range
     */
    public Adam(List<Value> params, Schedule learningRate, double beta1, double beta2, double eps) {
        this(params, learningRate, beta1, beta2, eps, 0);
    }

    /**
     * AdamW: Adam with decoupled weight decay (see the class description; 0 is plain Adam, bit for bit).
     *
     * @param params       the parameters, leaves
     * @param learningRate the learning rate of each step
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param eps          added to the denominator, &gt; 0
     * @param weightDecay  the decay λ per unit of learning rate, finite and &ge; 0 (PyTorch's AdamW uses 0.01)
     * @throws IllegalArgumentException if a parameter is not a leaf or a setting is out of range
     */
    public Adam(List<Value> params, Schedule learningRate, double beta1, double beta2, double eps,
            double weightDecay) {
        this.params = Optimizers.leaves(params);
        this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 (" + beta1 + ") must be in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 (" + beta2 + ") must be in [0, 1)");
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps (" + eps + ") must be > 0 and finite");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay (" + weightDecay + ") must be >= 0 and finite");
        }
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new double[this.params.length];
        this.v = new double[this.params.length];
    }

    @Override
    public void step() {
        double lr = learningRate.at(step);
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        double shrink = 1 - lr * weightDecay;
        for (int i = 0; i < params.length; i++) {
            double g = params[i].grad();
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            double update = lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + eps);
            params[i].setData(params[i].data() * shrink - update);
        }
    }

    @Override
    public void zeroGrad() {
        Optimizers.zeroGrad(params);
    }

    /**
     * The number of steps taken so far.
     *
     * @return the number of steps taken so far
     */
    public int steps() {
        return step;
    }
}
