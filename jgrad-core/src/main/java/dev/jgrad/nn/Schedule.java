package dev.jgrad.nn;

/**
 * A learning rate per optimizer step, {@code at(0)} for the first step.
 */
@FunctionalInterface
public interface Schedule {

    /**
     * The learning rate of the given step.
     *
     * @param step the step number, from 0
     * @return the learning rate, finite (the optimizers refuse a step whose rate is NaN or infinite)
     */
    double at(int step);

    /**
     * The same rate at every step.
     *
     * @param rate the learning rate
     * @return the schedule
     * @throws IllegalArgumentException if the rate is not finite
     */
    static Schedule constant(double rate) {
        if (!Double.isFinite(rate)) {
            throw new IllegalArgumentException("rate (" + rate + ") must be finite");
        }
        return step -> rate;
    }

    /**
     * A straight line from {@code from} at step 0 towards {@code to} at step {@code steps}:
     * {@code from + (to - from) * step / steps}, then {@code to} from step {@code steps} on. micrograd's demo rate
     * {@code 1 - 0.9 k/100} is {@code linear(1.0, 0.1, 100)}.
     *
     * @param from  the rate of step 0
     * @param to    the rate reached at step {@code steps}
     * @param steps the number of steps of the decay, at least 1
     * @return the schedule
     * @throws IllegalArgumentException if a rate is not finite or {@code steps < 1}
     */
    static Schedule linear(double from, double to, int steps) {
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("rates (" + from + ", " + to + ") must be finite");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps (" + steps + ") must be >= 1");
        }
        return step -> step >= steps ? to : from + (to - from) * step / steps;
    }
}
