package dev.jgrad.nn;

/**
 * Updates parameters from their gradients. A training step is: {@link #zeroGrad()}, build the loss, call its
 * {@code backward()}, then {@link #step()}.
 *
 * <p>An optimizer keeps per-parameter state (velocities, moments) and a step counter; it is not thread-safe.
 */
public interface Optimizer {

    /**
     * Moves every parameter against its gradient, by this optimizer's rule, and advances the step counter.
     *
     * @throws IllegalArgumentException if the learning rate of this step is NaN, infinite or negative (then nothing
     *                                  changes)
     */
    void step();

    /** Sets every parameter's gradient to 0 (leaves accumulate gradients across {@code backward()} calls). */
    void zeroGrad();
}
