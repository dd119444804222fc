package dev.jgrad.nn;

import dev.jgrad.Value;
import dev.jgrad.optim.ArrayAdam;
import java.util.List;

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
    private final ArrayAdam rule;
    private final double[] data;
    private final double[] gradient;

    /**
     * Adam with PyTorch's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
     *
     * @param params       the parameters, leaves
     * @param learningRate the learning rate, such as 0.001 to 0.01; finite and &ge; 0
     * @throws IllegalArgumentException if a parameter is not a leaf or the rate is NaN, infinite or negative
     */
    public Adam(List<Value> params, double learningRate) {
        this(params, Schedule.constant(learningRate), 0.9, 0.999, 1e-8);
    }

    /**
     * Adam with every setting given.
     *
     * @param params       the parameters, leaves
     * @param learningRate the learning rate, finite and &ge; 0
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param eps          added to the denominator, &gt; 0
     * @throws IllegalArgumentException if a parameter is not a leaf or a setting is out of range
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
        this.rule = new ArrayAdam(this.params.length, learningRate, beta1, beta2, eps, weightDecay);
        this.data = new double[this.params.length];
        this.gradient = new double[this.params.length];
    }

    @Override
    public void step() {
        Optimizers.step(params, data, gradient, rule::step);
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
        return rule.steps();
    }
}
