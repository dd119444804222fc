package dev.jgrad.nn;

import dev.jgrad.Value;
import java.util.List;
import java.util.Objects;

/**
 * Adam (Kingma and Ba 2015), as PyTorch's {@code Adam}: at step {@code t = 1, 2, ...} with gradient {@code g},
 * {@code m ← β₁ m + (1-β₁) g}, {@code v ← β₂ v + (1-β₂) g²},
 * {@code p ← p - lr · (m / (1-β₁ᵗ)) / (√(v / (1-β₂ᵗ)) + ε)}, with {@code m} and {@code v} starting at 0.
 */
public final class Adam implements Optimizer {

    private final Value[] params;
    private final double[] m;
    private final double[] v;
    private final Schedule learningRate;
    private final double beta1;
    private final double beta2;
    private final double eps;
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
        this.eps = eps;
        this.m = new double[this.params.length];
        this.v = new double[this.params.length];
    }

    @Override
    public void step() {
        double lr = learningRate.at(step);
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < params.length; i++) {
            double g = params[i].grad();
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            double update = lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + eps);
            params[i].setData(params[i].data() - update);
        }
    }

    @Override
    public void zeroGrad() {
        Optimizers.zeroGrad(params);
    }

    /** The number of steps taken so far. */
    public int steps() {
        return step;
    }
}
