package dev.jgrad.nn;

import dev.jgrad.Value;
import dev.jgrad.optim.ArraySgd;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, as PyTorch's {@code SGD} (no dampening): at step {@code k},
 * {@code v ← μ v + g}, then {@code p ← p - lr(k) v}, with {@code v} starting at 0. With {@code μ = 0} this is
 * micrograd's {@code p.data -= lr * p.grad}.
 */
public final class Sgd implements Optimizer {

    private final Value[] params;
    private final ArraySgd rule;
    private final double[] data;
    private final double[] gradient;

    /**
     * An optimizer over the given parameters.
     *
     * @param params       the parameters, leaves (usually {@link Module#parameters()})
     * @param learningRate the learning rate of each step
     * @param momentum     μ, in [0, 1)
     * @throws IllegalArgumentException if a parameter is not a leaf or the momentum is out of range
     */
    public Sgd(List<Value> params, Schedule learningRate, double momentum) {
        this.params = Optimizers.leaves(params);
        this.rule = new ArraySgd(this.params.length, learningRate, momentum, 0);
        this.data = new double[this.params.length];
        this.gradient = new double[this.params.length];
    }

    /**
     * Plain gradient descent with a constant rate, no momentum.
     *
     * @param params       the parameters
     * @param learningRate the learning rate, finite and &ge; 0
     * @throws IllegalArgumentException if a parameter is not a leaf or the rate is NaN, infinite or negative
     */
    public Sgd(List<Value> params, double learningRate) {
        this(params, Schedule.constant(learningRate), 0);
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
     * The number of steps taken so far, which is the step number the schedule is asked for next.
     *
     * @return the number of steps taken so far, which is the step number the schedule is asked for next
     */
    public int steps() {
        return rule.steps();
    }
}
