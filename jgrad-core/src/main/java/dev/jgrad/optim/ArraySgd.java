package dev.jgrad.optim;

import dev.jgrad.nn.Schedule;
import java.util.Objects;

/**
 * Stochastic gradient descent with momentum and weight decay over a {@code double[]}, as PyTorch's {@code SGD} (no
 * dampening, no Nesterov): at step {@code k} with gradient {@code g},
 * {@code d ← g + λ p}, {@code v ← μ v + d}, {@code p ← p - lr(k) v}, with {@code v} starting at 0. With
 * {@code λ = 0} it makes the same updates as {@link dev.jgrad.nn.Sgd}, bit for bit.
 */
public final class ArraySgd {

    private final double[] velocity;
    private final Schedule learningRate;
    private final double momentum;
    private final double weightDecay;
    private int step;

    /**
     * An optimizer for {@code size} parameters.
     *
     * @param size         the number of parameters, &ge; 0
     * @param learningRate the learning rate of each step
     * @param momentum     μ, in [0, 1)
     * @param weightDecay  λ, the L2 coefficient added to the gradient, finite and &ge; 0
     * @throws IllegalArgumentException if a setting is out of range
     */
    public ArraySgd(int size, Schedule learningRate, double momentum, double weightDecay) {
        if (size < 0) {
            throw new IllegalArgumentException("size (" + size + ") must be >= 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum (" + momentum + ") must be in [0, 1)");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay (" + weightDecay + ") must be >= 0 and finite");
        }
        this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.velocity = new double[size];
    }

    /**
     * Plain gradient descent with a constant rate: {@code p ← p - lr g}.
     *
     * @param size         the number of parameters
     * @param learningRate the learning rate, finite and &ge; 0
     * @throws IllegalArgumentException if the size is negative or the rate NaN, infinite or negative
     */
    public ArraySgd(int size, double learningRate) {
        this(size, Schedule.constant(learningRate), 0, 0);
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
        Optim.checkLength(params, "params", velocity.length);
        Optim.checkLength(gradient, "gradient", velocity.length);
        double lr = Optim.rate(learningRate, step);
        for (int i = 0; i < velocity.length; i++) {
            double g = weightDecay == 0 ? gradient[i] : gradient[i] + weightDecay * params[i];
            // the literal formula even at μ = 0: 0·v is NaN once v is infinite and +0 + -0 is +0, so only this
            // matches Sgd to the bit in every case
            velocity[i] = momentum * velocity[i] + g;
            params[i] = params[i] - lr * velocity[i];
        }
        step++;
    }

    /**
     * The number of steps taken so far, which is the step number the schedule is asked for next.
     *
     * @return the step count
     */
    public int steps() {
        return step;
    }
}
