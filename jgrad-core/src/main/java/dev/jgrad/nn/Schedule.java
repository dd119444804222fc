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
     * @return the learning rate, finite and &ge; 0 (the optimizers refuse a step whose rate is NaN, infinite or
     *         negative, as PyTorch refuses a negative one)
     */
    double at(int step);

    /**
     * The same rate at every step.
     *
     * @param rate the learning rate, finite and &ge; 0
     * @return the schedule
     * @throws IllegalArgumentException if the rate is NaN, infinite or negative
     */
    static Schedule constant(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate (" + rate + ") must be >= 0 and finite");
        }
        return step -> rate;
    }

    /**
     * A straight line from {@code from} at step 0 towards {@code to} at step {@code steps}:
     * {@code from + (to - from) * step / steps}, then {@code to} from step {@code steps} on. micrograd's demo rate
     * {@code 1 - 0.9 k/100} is {@code linear(1.0, 0.1, 100)}. Where {@code (to - from) * step} would pass the largest
     * double ({@code linear(0, 1e308, 10)} at step 5), it is computed as {@code (to - from) / steps * step}, so every
     * rate lies between {@code from} and {@code to}.
     *
     * @param from  the rate of step 0, finite and &ge; 0
     * @param to    the rate reached at step {@code steps}, finite and &ge; 0
     * @param steps the number of steps of the decay, at least 1
     * @return the schedule
     * @throws IllegalArgumentException if a rate is NaN, infinite or negative, or {@code steps < 1}
     */
    static Schedule linear(double from, double to, int steps) {
        if (!(from >= 0) || !(to >= 0) || Double.isInfinite(from) || Double.isInfinite(to)) {
            throw new IllegalArgumentException("rates (" + from + ", " + to + ") must be >= 0 and finite");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps (" + steps + ") must be >= 1");
        }
        return step -> {
            if (step >= steps) {
                return to;
            }
            double change = (to - from) * step;
            return from + (Double.isInfinite(change) ? (to - from) / steps * step : change / steps);
        };
    }
}
