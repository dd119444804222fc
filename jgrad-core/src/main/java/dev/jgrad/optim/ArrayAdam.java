package dev.jgrad.optim;

import dev.jgrad.nn.Schedule;
import java.util.Objects;

/**
 * Adam over a {@code double[]} (Kingma and Ba 2015), as PyTorch's {@code Adam}: at step {@code t = 1, 2, ...} with
 * gradient {@code g}, {@code m ← β₁ m + (1-β₁) g}, {@code v ← β₂ v + (1-β₂) g²},
 * {@code p ← p - lr · (m / (1-β₁ᵗ)) / (√(v / (1-β₂ᵗ)) + ε)}, with {@code m} and {@code v} starting at 0. With a
 * weight decay {@code λ > 0} it is AdamW: each step first shrinks every parameter, {@code p ← p · (1 - lr · λ)}. It
 * makes the same updates as {@link dev.jgrad.nn.Adam}, bit for bit.
 */
public final class ArrayAdam {

    private final double[] m;
    private final double[] v;
    private final Schedule learningRate;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private int step;

    /**
     * Adam with PyTorch's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and no weight decay.
     *
     * @param size         the number of parameters
     * @param learningRate the learning rate, such as 0.001 to 0.01; finite and &ge; 0
     * @throws IllegalArgumentException if the size is negative or the rate NaN, infinite or negative
     */
    public ArrayAdam(int size, double learningRate) {
        this(size, Schedule.constant(learningRate), 0.9, 0.999, 1e-8, 0);
    }

    /**
     * Adam, or AdamW when {@code weightDecay > 0}, with every setting given.
     *
     * @param size         the number of parameters, &ge; 0
     * @param learningRate the learning rate of each step ({@code at(0)} for the first)
     * @param beta1        decay of the first moment, in [0, 1)
     * @param beta2        decay of the second moment, in [0, 1)
     * @param eps          added to the denominator, &gt; 0 and finite
     * @param weightDecay  the decoupled decay λ per unit of learning rate, finite and &ge; 0
     * @throws IllegalArgumentException if a setting is out of range
     */
    public ArrayAdam(int size, Schedule learningRate, double beta1, double beta2, double eps, double weightDecay) {
        if (size < 0) {
            throw new IllegalArgumentException("size (" + size + ") must be >= 0");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 (" + beta1 + ") must be in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 (" + beta2 + ") must be in [0, 1)");
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps (" + eps + ") must be > 0 and finite");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay (" + weightDecay + ") must be >= 0 and finite");
        }
        this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new double[size];
        this.v = new double[size];
    }

    /**
     * One step: updates {@code params} in place from {@code gradient}.
     *
     * @param params   the parameters, {@code size} entries, updated
     * @param gradient the gradient of the loss at {@code params}, {@code size} entries, not modified
     * @throws IllegalArgumentException if a length differs from {@code size}, or if the schedule's rate for this step
     *                                  is NaN, infinite or negative (then nothing changes: parameters, state and step
     *                                  count)
     */
    public void step(double[] params, double[] gradient) {
        Optim.checkLength(params, "params", m.length);
        Optim.checkLength(gradient, "gradient", m.length);
        double lr = Optim.rate(learningRate, step);
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        double shrink = 1 - lr * weightDecay;
        for (int i = 0; i < m.length; i++) {
            double g = gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            double update = lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + eps);
            params[i] = params[i] * shrink - update;
        }
    }

    /**
     * The number of steps taken so far.
     *
     * @return the step count
     */
    public int steps() {
        return step;
    }
}
