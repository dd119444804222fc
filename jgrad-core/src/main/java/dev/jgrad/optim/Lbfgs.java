package dev.jgrad.optim;

import java.util.Objects;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) for smooth unconstrained minimization. From the last
 * {@code m} steps {@code s_k = x_{k+1} - x_k} and gradient changes {@code y_k = ∇f(x_{k+1}) - ∇f(x_k)} it applies an
 * approximation {@code H} of the inverse Hessian by the two-loop recursion, starting from
 * {@code H₀ = (s·y / y·y) I} of the newest pair, and moves along {@code p = -H ∇f} with a step from
 * {@link WolfeLineSearch} (the strong Wolfe conditions keep {@code s·y > 0}, so {@code H} stays positive definite).
 * With no pairs kept (at the start, and again after a search along {@code -H ∇f} failed) it takes steepest
 * descent, {@code p = -∇f}, with first trial step {@code α = min(1, 1/‖∇f‖₂)}.
 *
 * <p>It stops when the largest gradient entry {@code max_i |∂f/∂x_i|} is at most the gradient tolerance, when a step
 * decreases {@code f} by at most {@code valueTolerance · max(|f_k|, |f_{k+1}|, 1)}, after the most iterations or
 * evaluations, or when the line search finds no step that lowers {@code f} even along steepest descent or
 * {@code ‖∇f‖₂²} underflows to 0 or overflows (the result then holds the last point reached). A search that lowers
 * {@code f} without meeting the curvature condition still moves to its best point; the pair is kept only if
 * {@code s·y > 0}. The gradient and value tests are SciPy's L-BFGS-B tests ({@code pgtol}, {@code factr · ε}), made
 * in SciPy's order after each step (a step meeting both stops by the gradient test), so counts and reasons can be
 * compared. Defaults: memory 10, gradient tolerance 1e-5, value tolerance 1e7 · 2⁻⁵² ≈ 2.2e-9 (SciPy's),
 * 15 000 iterations and evaluations. Instances are immutable; {@code with...} methods return a changed copy.
 */
public final class Lbfgs {

    /** Why a minimization stopped. */
    public enum Stop {
        /** The largest gradient entry fell to the gradient tolerance. */
        GRADIENT_TOLERANCE,
        /** A step decreased the value by no more than the relative value tolerance, and the gradient test fails. */
        VALUE_TOLERANCE,
        /** The iteration limit was reached. */
        MAX_ITERATIONS,
        /** The evaluation limit was reached. */
        MAX_EVALUATIONS,
        /**
         * The line search found no step that lowers the value, even along steepest descent, or the gradient's
         * squared norm underflows to 0 or overflows to infinity, so that no decrease can be measured against the
         * slope {@code ∇f · p = -‖∇f‖₂²}.
         */
        LINE_SEARCH_FAILED
    }

    /**
     * The result of a minimization.
     *
     * @param x            the last accepted point
     * @param value        {@code f(x)}
     * @param gradientNorm {@code max_i |∂f/∂x_i|} at {@code x}
     * @param iterations   the number of accepted steps
     * @param evaluations  the number of calls of the objective, the one at the start included
     * @param reason       why it stopped
     */
    public record Result(double[] x, double value, double gradientNorm, int iterations, int evaluations,
            Stop reason) {
    }

    private final int memory;
    private final double gradientTolerance;
    private final double valueTolerance;
    private final int maxIterations;
    private final int maxEvaluations;
    private final WolfeLineSearch lineSearch;

    /** L-BFGS with the defaults in the class description. */
    public Lbfgs() {
        this(10, 1e-5, 1e7 * Math.ulp(1.0), 15_000, 15_000, new WolfeLineSearch());
    }

    private Lbfgs(int memory, double gradientTolerance, double valueTolerance, int maxIterations, int maxEvaluations,
            WolfeLineSearch lineSearch) {
        if (memory < 1) {
            throw new IllegalArgumentException("memory (" + memory + ") must be >= 1");
        }
        if (!(gradientTolerance >= 0) || Double.isInfinite(gradientTolerance)) {
            throw new IllegalArgumentException("gradientTolerance (" + gradientTolerance + ") must be >= 0 and finite");
        }
        if (!(valueTolerance >= 0) || Double.isInfinite(valueTolerance)) {
            throw new IllegalArgumentException("valueTolerance (" + valueTolerance + ") must be >= 0 and finite");
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations (" + maxIterations + ") must be >= 0");
        }
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations (" + maxEvaluations + ") must be >= 1");
        }
        this.memory = memory;
        this.gradientTolerance = gradientTolerance;
        this.valueTolerance = valueTolerance;
        this.maxIterations = maxIterations;
        this.maxEvaluations = maxEvaluations;
        this.lineSearch = Objects.requireNonNull(lineSearch, "lineSearch");
    }

    /**
     * A copy keeping the given number of pairs.
     *
     * @param memory {@code m}, &ge; 1
     * @return the copy
     */
    public Lbfgs withMemory(int memory) {
        return new Lbfgs(memory, gradientTolerance, valueTolerance, maxIterations, maxEvaluations, lineSearch);
    }

    /**
     * A copy with the given gradient tolerance.
     *
     * @param gradientTolerance stop when {@code max_i |∂f/∂x_i|} is at most this, &ge; 0
     * @return the copy
     */
    public Lbfgs withGradientTolerance(double gradientTolerance) {
        return new Lbfgs(memory, gradientTolerance, valueTolerance, maxIterations, maxEvaluations, lineSearch);
    }

    /**
     * A copy with the given relative value tolerance (0 turns the test off).
     *
     * @param valueTolerance stop when {@code (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)} is at most this, &ge; 0
     * @return the copy
     */
    public Lbfgs withValueTolerance(double valueTolerance) {
        return new Lbfgs(memory, gradientTolerance, valueTolerance, maxIterations, maxEvaluations, lineSearch);
    }

    /**
     * A copy with the given limits.
     *
     * @param maxIterations  the most accepted steps, &ge; 0
     * @param maxEvaluations the most calls of the objective, &ge; 1
     * @return the copy
     */
    public Lbfgs withLimits(int maxIterations, int maxEvaluations) {
        return new Lbfgs(memory, gradientTolerance, valueTolerance, maxIterations, maxEvaluations, lineSearch);
    }

    /**
     * A copy searching lines with the given search.
     *
     * @param lineSearch the line search
     * @return the copy
     */
    public Lbfgs withLineSearch(WolfeLineSearch lineSearch) {
        return new Lbfgs(memory, gradientTolerance, valueTolerance, maxIterations, maxEvaluations, lineSearch);
    }

    /**
     * Minimizes {@code f} from {@code start}.
     *
     * @param f     the objective, smooth
     * @param start the starting point, not modified
     * @return the last accepted point and why it stopped
     * @throws IllegalArgumentException if an entry of the start, the value there or a gradient entry there is not
     *                                  finite (naming the first such entry)
     */
    public Result minimize(Objective f, double[] start) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(start, "start");
        for (int i = 0; i < start.length; i++) {
            if (!Double.isFinite(start[i])) {
                throw new IllegalArgumentException("start[" + i + "] is " + start[i] + "; it must be finite");
            }
        }
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double value = f.valueAndGradient(x, g);
        checkStart(value, g);
        int evaluations = 1;
        int iterations = 0;
        double[][] s = new double[memory][n];
        double[][] y = new double[memory][n];
        double[] rho = new double[memory];
        int pairs = 0;
        int newest = -1;
        double[] direction = new double[n];
        double[] alpha = new double[memory];
        double[] xNext = new double[n];
        double[] gNext = new double[n];
        while (true) {
            if (maxNorm(g) <= gradientTolerance) {
                return new Result(x, value, maxNorm(g), iterations, evaluations, Stop.GRADIENT_TOLERANCE);
            }
            if (iterations >= maxIterations) {
                return new Result(x, value, maxNorm(g), iterations, evaluations, Stop.MAX_ITERATIONS);
            }
            if (evaluations >= maxEvaluations) {
                return new Result(x, value, maxNorm(g), iterations, evaluations, Stop.MAX_EVALUATIONS);
            }
            twoLoop(g, s, y, rho, pairs, newest, alpha, direction);
            double initialStep = 1;
            if (pairs == 0 || !measurablyDownhill(Optim.dot(g, direction))) {
                pairs = 0;
                steepestDescent(g, direction);
                if (!measurablyDownhill(Optim.dot(g, direction))) {
                    return new Result(x, value, maxNorm(g), iterations, evaluations, Stop.LINE_SEARCH_FAILED);
                }
                initialStep = Math.min(1, 1 / Optim.norm(g));
            }
            WolfeLineSearch.Step step = lineSearch.withMaxEvaluations(Math.min(lineSearch.maxEvaluations(), maxEvaluations - evaluations))
                    .search(f, x, value, g, direction, initialStep, xNext, gNext);
            evaluations += step.evaluations();
            if (!step.satisfied() && pairs > 0 && step.step() == 0 && evaluations < maxEvaluations) {
                pairs = 0;
                continue;
            }
            if (step.step() == 0) {
                return new Result(x, value, maxNorm(g), iterations, evaluations,
                        evaluations >= maxEvaluations ? Stop.MAX_EVALUATIONS : Stop.LINE_SEARCH_FAILED);
            }
            double previous = value;
            value = step.value();
            double sy = 0;
            for (int i = 0; i < n; i++) {
                sy += (xNext[i] - x[i]) * (gNext[i] - g[i]);
            }
            if (sy > 0) {
                newest = (newest + 1) % memory;
                for (int i = 0; i < n; i++) {
                    s[newest][i] = xNext[i] - x[i];
                    y[newest][i] = gNext[i] - g[i];
                }
                rho[newest] = 1 / sy;
                pairs = Math.min(pairs + 1, memory);
            }
            double[] swap = x;
            x = xNext;
            xNext = swap;
            swap = g;
            g = gNext;
            gNext = swap;
            iterations++;
            // the gradient test first, as in SciPy: where both hold, the next round stops by the gradient
            if (maxNorm(g) > gradientTolerance && previous - value
                    <= valueTolerance * Math.max(Math.max(Math.abs(previous), Math.abs(value)), 1)) {
                return new Result(x, value, maxNorm(g), iterations, evaluations, Stop.VALUE_TOLERANCE);
            }
        }
    }

    /** {@code direction = -H g} by the two-loop recursion over the newest {@code pairs} pairs. */
    private static void twoLoop(double[] g, double[][] s, double[][] y, double[] rho, int pairs, int newest,
            double[] alpha, double[] direction) {
        int memory = rho.length;
        for (int i = 0; i < g.length; i++) {
            direction[i] = -g[i];
        }
        if (pairs == 0) {
            return;
        }
        for (int k = 0; k < pairs; k++) {
            int j = (newest - k + memory) % memory;
            alpha[j] = rho[j] * Optim.dot(s[j], direction);
            axpy(-alpha[j], y[j], direction);
        }
        double gamma = 1 / (rho[newest] * Optim.dot(y[newest], y[newest]));
        for (int i = 0; i < direction.length; i++) {
            direction[i] *= gamma;
        }
        for (int k = pairs - 1; k >= 0; k--) {
            int j = (newest - k + memory) % memory;
            double beta = rho[j] * Optim.dot(y[j], direction);
            axpy(alpha[j] - beta, s[j], direction);
        }
    }

    /**
     * Whether a slope {@code ∇f · p} is negative and finite: a gradient's squared norm can underflow to 0 or
     * overflow, and the line search cannot measure a decrease against either.
     */
    private static boolean measurablyDownhill(double slope) {
        return slope < 0 && slope > Double.NEGATIVE_INFINITY;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void steepestDescent(double[] g, double[] direction) {
        for (int i = 0; i < g.length; i++) {
            direction[i] = -g[i];
        }
    }

    private static double maxNorm(double[] g) {
        double max = 0;
        for (double v : g) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static void checkStart(double value, double[] gradient) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the objective at the start is " + value + "; it must be finite");
        }
        for (int i = 0; i < gradient.length; i++) {
            if (!Double.isFinite(gradient[i])) {
                throw new IllegalArgumentException(
                        "the gradient at the start has entry " + i + " = " + gradient[i] + "; it must be finite");
            }
        }
    }
}
