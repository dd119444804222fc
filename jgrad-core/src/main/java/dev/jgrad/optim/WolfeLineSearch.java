package dev.jgrad.optim;

import java.util.Objects;

/**
 * A line search for the strong Wolfe conditions (Nocedal and Wright, <i>Numerical Optimization</i>, 2nd ed.,
 * algorithms 3.5 and 3.6). Along a descent direction {@code p} from {@code x}, with {@code φ(α) = f(x + α p)} and
 * {@code φ'(α) = ∇f(x + α p) · p}, it finds a step {@code α > 0} with
 * <ul>
 * <li>sufficient decrease: {@code φ(α) ≤ φ(0) + c₁ α φ'(0)}, and</li>
 * <li>curvature: {@code |φ'(α)| ≤ c₂ |φ'(0)|},</li>
 * </ul>
 * for {@code 0 < c₁ < c₂ < 1}. The first phase grows the trial step (doubling) until it brackets such a step; the
 * second ("zoom") shrinks the bracket by the minimizer of the cubic that matches {@code φ} and {@code φ'} at both ends,
 * kept at least a tenth of the bracket away from either end, or by bisection where the cubic has no minimizer. A
 * trial point with a non-finite value or gradient counts as a step too long.
 */
public final class WolfeLineSearch {

    private static final int MAX_GROWTH_STEPS = 60;

    /**
     * The outcome of one search.
     *
     * @param step        {@code α}, the accepted step; when {@code satisfied} is false, the trial of lowest value
     *                    among those that met the sufficient-decrease condition, or 0 if none did (even where a
     *                    trial decreased {@code f}, by less than {@code c₁ α φ'(0)} demands)
     * @param value       {@code φ(α)}
     * @param slope       {@code φ'(α)}
     * @param evaluations the number of evaluations of the objective the search made
     * @param satisfied   whether {@code α} satisfies both strong Wolfe conditions
     */
    public record Step(double step, double value, double slope, int evaluations, boolean satisfied) {
    }

    private final double c1;
    private final double c2;
    private final int maxEvaluations;

    /**
     * A search with the usual quasi-Newton constants {@code c₁ = 1e-4}, {@code c₂ = 0.9} and at most 20 evaluations.
     */
    public WolfeLineSearch() {
        this(1e-4, 0.9, 20);
    }

    /**
     * A search with the given constants.
     *
     * @param c1             the sufficient-decrease constant, in (0, c2)
     * @param c2             the curvature constant, in (c1, 1)
     * @param maxEvaluations the most evaluations of the objective per search, &ge; 1
     * @throws IllegalArgumentException if a setting is out of range
     */
    public WolfeLineSearch(double c1, double c2, int maxEvaluations) {
        if (!(c1 > 0 && c1 < c2 && c2 < 1)) {
            throw new IllegalArgumentException("need 0 < c1 < c2 < 1; got c1 = " + c1 + ", c2 = " + c2);
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations (" + maxEvaluations + ") must be >= 1");
        }
        this.c1 = c1;
        this.c2 = c2;
        this.maxEvaluations = maxEvaluations;
    }

    /**
     * The most evaluations of the objective per search.
     *
     * @return the limit
     */
    public int maxEvaluations() {
        return maxEvaluations;
    }

    /**
     * A copy of this search with another evaluation limit.
     *
     * @param maxEvaluations the most evaluations of the objective per search, &ge; 1
     * @return the copy
     */
    public WolfeLineSearch withMaxEvaluations(int maxEvaluations) {
        return new WolfeLineSearch(c1, c2, maxEvaluations);
    }

    /**
     * Searches along {@code direction} from {@code x}.
     *
     * @param f           the objective
     * @param x           the start, not modified
     * @param value       {@code f(x)}, finite
     * @param gradient    {@code ∇f(x)}, not modified
     * @param direction   {@code p}, a descent direction: {@code ∇f(x) · p < 0}
     * @param initialStep the first trial step, &gt; 0 (1 for quasi-Newton directions)
     * @param xOut        receives {@code x + α p}
     * @param gradientOut receives {@code ∇f(x + α p)}
     * @return the step and its value and slope
     * @throws IllegalArgumentException if {@code p} is not a descent direction, the value is not finite, the step is
     *                                  not positive, or the lengths differ
     */
    public Step search(Objective f, double[] x, double value, double[] gradient, double[] direction,
            double initialStep, double[] xOut, double[] gradientOut) {
        Objects.requireNonNull(f, "f");
        int n = Objects.requireNonNull(x, "x").length;
        Optim.checkLength(gradient, "gradient", n);
        Optim.checkLength(direction, "direction", n);
        Optim.checkLength(xOut, "xOut", n);
        Optim.checkLength(gradientOut, "gradientOut", n);
        double slope0 = Optim.dot(gradient, direction);
        if (!(slope0 < 0)) {
            throw new IllegalArgumentException("direction is not a descent direction: gradient · direction = " + slope0);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value (" + value + ") must be finite");
        }
        if (!(initialStep > 0) || Double.isInfinite(initialStep)) {
            throw new IllegalArgumentException("initialStep (" + initialStep + ") must be > 0 and finite");
        }
        return new Search(f, x, value, gradient, slope0, direction, xOut, gradientOut).run(initialStep);
    }

    /** The state of one search: the bracket's low end is always the best acceptable point so far. */
    private final class Search {
        private final Objective f;
        private final double[] x;
        private final double value0;
        private final double[] gradient0;
        private final double slope0;
        private final double[] direction;
        private final double[] xOut;
        private final double[] gradientOut;
        private final double[] lowGradient;
        private int evaluations;
        private double trialValue;
        private double trialSlope;

        Search(Objective f, double[] x, double value0, double[] gradient0, double slope0, double[] direction,
                double[] xOut, double[] gradientOut) {
            this.f = f;
            this.x = x;
            this.value0 = value0;
            this.gradient0 = gradient0;
            this.slope0 = slope0;
            this.direction = direction;
            this.xOut = xOut;
            this.gradientOut = gradientOut;
            this.lowGradient = new double[x.length];
        }

        Step run(double initialStep) {
            double previous = 0;
            double previousValue = value0;
            double previousSlope = slope0;
            double step = initialStep;
            for (int i = 0; i < MAX_GROWTH_STEPS && evaluations < maxEvaluations; i++) {
                evaluate(step);
                if (!Double.isFinite(trialValue) || !Double.isFinite(trialSlope)
                        || trialValue > value0 + c1 * step * slope0 || (i > 0 && trialValue >= previousValue)) {
                    return zoom(previous, previousValue, previousSlope, step, trialValue, trialSlope);
                }
                if (Math.abs(trialSlope) <= -c2 * slope0) {
                    return new Step(step, trialValue, trialSlope, evaluations, true);
                }
                if (trialSlope >= 0) {
                    remember();
                    return zoom(step, trialValue, trialSlope, previous, previousValue, previousSlope);
                }
                remember();
                previous = step;
                previousValue = trialValue;
                previousSlope = trialSlope;
                step *= 2;
            }
            return fail(previous, previousValue, previousSlope);
        }

        private Step zoom(double low, double lowValue, double lowSlope, double high, double highValue,
                double highSlope) {
            while (evaluations < maxEvaluations) {
                double step = trialStep(low, lowValue, lowSlope, high, highValue, highSlope);
                if (step == low || step == high) {
                    break;
                }
                evaluate(step);
                boolean finite = Double.isFinite(trialValue) && Double.isFinite(trialSlope);
                if (!finite || trialValue > value0 + c1 * step * slope0 || trialValue >= lowValue) {
                    high = step;
                    highValue = trialValue;
                    highSlope = trialSlope;
                } else {
                    if (Math.abs(trialSlope) <= -c2 * slope0) {
                        return new Step(step, trialValue, trialSlope, evaluations, true);
                    }
                    if (trialSlope * (high - low) >= 0) {
                        high = low;
                        highValue = lowValue;
                        highSlope = lowSlope;
                    }
                    remember();
                    low = step;
                    lowValue = trialValue;
                    lowSlope = trialSlope;
                }
            }
            return fail(low, lowValue, lowSlope);
        }

        /**
         * The minimizer of the cubic through both ends' values and slopes (Nocedal and Wright eq. 3.59), safeguarded
         * into the middle 80% of the bracket; the midpoint where the cubic has no minimizer or an end is not finite.
         */
        private double trialStep(double low, double lowValue, double lowSlope, double high, double highValue,
                double highSlope) {
            double midpoint = low + (high - low) / 2;
            if (!Double.isFinite(highValue) || !Double.isFinite(highSlope)) {
                return midpoint;
            }
            double d1 = lowSlope + highSlope - 3 * (lowValue - highValue) / (low - high);
            double radicand = d1 * d1 - lowSlope * highSlope;
            if (!(radicand >= 0)) {
                return midpoint;
            }
            double d2 = Math.copySign(Math.sqrt(radicand), high - low);
            double cubic = high - (high - low) * (highSlope + d2 - d1) / (highSlope - lowSlope + 2 * d2);
            double left = Math.min(low, high);
            double width = Math.abs(high - low);
            if (!Double.isFinite(cubic) || cubic < left + 0.1 * width || cubic > left + 0.9 * width) {
                return midpoint;
            }
            return cubic;
        }

        private void evaluate(double step) {
            for (int i = 0; i < x.length; i++) {
                xOut[i] = x[i] + step * direction[i];
            }
            trialValue = f.valueAndGradient(xOut, gradientOut);
            trialSlope = Optim.dot(gradientOut, direction);
            evaluations++;
        }

        private void remember() {
            System.arraycopy(gradientOut, 0, lowGradient, 0, lowGradient.length);
        }

        /** Leaves the best acceptable point found in the outputs (the start if none). */
        private Step fail(double low, double lowValue, double lowSlope) {
            for (int i = 0; i < x.length; i++) {
                xOut[i] = x[i] + low * direction[i];
            }
            System.arraycopy(low > 0 ? lowGradient : gradient0, 0, gradientOut, 0, gradientOut.length);
            return new Step(low, lowValue, lowSlope, evaluations, false);
        }
    }
}
