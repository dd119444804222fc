package dev.jgrad;

import dev.jgrad.internal.Plural;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Checks derivatives against central finite differences, for a user's function or a custom {@link Rule}: the
 * counterpart of {@code torch.autograd.gradcheck}.
 *
 * <pre>{@code
 * GradCheck.Report r = GradCheck.check(x -> x[0].mul(x[1]).sin(), 0.3, 1.2);
 * if (!r.passed()) throw new AssertionError(r.toString());
 * }</pre>
 *
 * <p>An entry passes when {@code |analytic - numeric| <= absoluteTolerance + relativeTolerance · |numeric|}. The
 * numeric derivative of input {@code i} is {@code (f(x + h e_i) - f(x - h e_i)) / 2h} with
 * {@code h = step · max(1, |x_i|)}; its error is about {@code h² |f'''| + ε |f| / h}, so the defaults
 * ({@code step = 1e-6}, {@code relativeTolerance = 1e-6}, {@code absoluteTolerance = 1e-8}) suit smooth functions of
 * moderate size. Points where the function has a kink (|x| at 0, ReLU at 0) give meaningless differences; avoid them.
 */
public final class GradCheck {

    /** The default finite-difference step, relative to {@code max(1, |x_i|)}. */
    public static final double DEFAULT_STEP = 1e-6;
    /** The default relative tolerance. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-6;
    /** The default absolute tolerance. */
    public static final double DEFAULT_ABSOLUTE_TOLERANCE = 1e-8;

    /**
     * One derivative that disagrees with its finite difference.
     *
     * @param what     which derivative, such as {@code "d/dx[1]"} or {@code "d²/dx[0]dx[1]"}
     * @param input    the index of the input it is taken with respect to (the last index for a second derivative)
     * @param analytic the derivative jgrad computed
     * @param numeric  the central finite difference
     */
    public record Mismatch(String what, int input, double analytic, double numeric) {

        /** {@code d/dx[1]: analytic 0.5 but numeric 0.25 (difference 0.25)}. */
        @Override
        public String toString() {
            return what + ": analytic " + analytic + " but numeric " + numeric + " (difference "
                    + Math.abs(analytic - numeric) + ")";
        }
    }

    /**
     * The outcome of a check.
     *
     * @param point      the point checked
     * @param mismatches the derivatives outside the tolerance, empty if all agree
     */
    public record Report(double[] point, List<Mismatch> mismatches) {

        /**
         * Copies the arguments.
         *
         * @param point the point checked
         * @param mismatches the derivatives outside the tolerance, empty if all agree
         */
        public Report {
            point = point.clone();
            mismatches = List.copyOf(mismatches);
        }

        /**
         * Whether every derivative agreed with its finite difference.
         *
         * @return whether every derivative agreed with its finite difference
         */
        public boolean passed() {
            return mismatches.isEmpty();
        }

        /**
         * The point (a copy).
         *
         * @return the point (a copy)
         */
        @Override
        public double[] point() {
            return point.clone();
        }

        /** One line per mismatch, or "passed", with the point. */
        @Override
        public String toString() {
            if (passed()) {
                return "gradient check passed at " + Arrays.toString(point);
            }
            StringBuilder s = new StringBuilder("gradient check failed at " + Arrays.toString(point) + ":");
            for (Mismatch m : mismatches) {
                s.append("\n  ").append(m);
            }
            return s.toString();
        }
    }

    private final double step;
    private final double relativeTolerance;
    private final double absoluteTolerance;

    private GradCheck(double step, double relativeTolerance, double absoluteTolerance) {
        this.step = step;
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
    }

    /**
     * A checker with the given step and tolerances.
     *
     * @param step              the finite-difference step relative to {@code max(1, |x_i|)}, {@code > 0}
     * @param relativeTolerance {@code >= 0}
     * @param absoluteTolerance {@code >= 0}
     * @return the checker
     * @throws IllegalArgumentException if a number is out of range (or NaN)
     */
    public static GradCheck withTolerances(double step, double relativeTolerance, double absoluteTolerance) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("step (" + step + ") must be > 0 and finite");
        }
        if (!(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("relativeTolerance (" + relativeTolerance + ") must be >= 0");
        }
        if (!(absoluteTolerance >= 0)) {
            throw new IllegalArgumentException("absoluteTolerance (" + absoluteTolerance + ") must be >= 0");
        }
        return new GradCheck(step, relativeTolerance, absoluteTolerance);
    }

    /**
     * Checks {@link Grad#grad} of {@code f} at {@code x} with the default step and tolerances.
     *
     * @param f the function
     * @param x the point, at least one variable
     * @return the report
     */
    public static Report check(ScalarFunction f, double... x) {
        return defaults().gradient(f, x);
    }

    /**
     * Checks a rule's first and second partial derivatives at the given operands with the default step and
     * tolerances, as in {@link #rule(Rule, double...)}.
     *
     * @param rule     the rule, such as a {@link CustomOp}
     * @param operands one number per operand
     * @return the report
     */
    public static Report checkRule(Rule rule, double... operands) {
        return defaults().rule(rule, operands);
    }

    private static GradCheck defaults() {
        return new GradCheck(DEFAULT_STEP, DEFAULT_RELATIVE_TOLERANCE, DEFAULT_ABSOLUTE_TOLERANCE);
    }

    /**
     * Compares the gradient from reverse mode with central differences of {@code f}.
     *
     * @param f the function
     * @param x the point, at least one variable
     * @return the report; mismatches are named {@code d/dx[i]}
     */
    public Report gradient(ScalarFunction f, double... x) {
        Objects.requireNonNull(f, "f");
        checkPoint(x);
        double[] analytic = Grad.grad(f, x);
        List<Mismatch> mismatches = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            double numeric = centralDifference(p -> value(f, p), x, i);
            compare("d/dx[" + i + "]", i, analytic[i], numeric, mismatches);
        }
        return new Report(x, mismatches);
    }

    /**
     * Compares the Hessian (forward-over-reverse, so it exercises the derivatives of every partial derivative) with
     * central differences of the gradient.
     *
     * @param f the function
     * @param x the point, at least one variable
     * @return the report; mismatches are named {@code d²/dx[i]dx[j]}
     */
    public Report hessian(ScalarFunction f, double... x) {
        Objects.requireNonNull(f, "f");
        checkPoint(x);
        double[][] analytic = Grad.hessian(f, x);
        List<Mismatch> mismatches = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            for (int i = 0; i < x.length; i++) {
                int row = i;
                double numeric = centralDifference(p -> Grad.grad(f, p)[row], x, j);
                compare("d²/dx[" + i + "]dx[" + j + "]", j, analytic[i][j], numeric, mismatches);
            }
        }
        return new Report(x, mismatches);
    }

    /**
     * Checks a rule: its first partial derivatives against central differences of {@link Rule#value}, then its
     * second partial derivatives (the derivatives of the partials, which higher-order differentiation needs)
     * against central differences of the first. A {@link Op#SUM}-like variadic rule is checked with the given
     * number of operands.
     *
     * @param rule     the rule
     * @param operands one number per operand
     * @return the report
     * @throws IllegalArgumentException if the rule's arity is not 1 to 3 or -1, or the number of operands does not
     *                                  match it
     */
    public Report rule(Rule rule, double... operands) {
        Objects.requireNonNull(rule, "rule");
        checkPoint(operands);
        int arity = Handles.arity(rule);
        if (arity != -1 && arity != operands.length) {
            throw new IllegalArgumentException(
                    "rule '" + rule.label() + "' of arity " + arity + " given "
                            + Plural.of(operands.length, "operand"));
        }
        ScalarFunction f = x -> Value.apply(rule, x);
        List<Mismatch> mismatches = new ArrayList<>(gradient(f, operands).mismatches());
        mismatches.addAll(hessian(f, operands).mismatches());
        return new Report(operands, mismatches);
    }

    private void compare(String what, int input, double analytic, double numeric, List<Mismatch> mismatches) {
        boolean close = Math.abs(analytic - numeric) <= absoluteTolerance + relativeTolerance * Math.abs(numeric);
        if (!close && !(Double.isNaN(analytic) && Double.isNaN(numeric)) && !(analytic == numeric)) {
            mismatches.add(new Mismatch(what, input, analytic, numeric));
        }
    }

    private double centralDifference(ToDoubleFunction<double[]> f, double[] x, int i) {
        double h = step * Math.max(1, Math.abs(x[i]));
        double[] p = x.clone();
        double upper = x[i] + h;
        double lower = x[i] - h;
        p[i] = upper;
        double up = f.applyAsDouble(p);
        p[i] = lower;
        double down = f.applyAsDouble(p);
        // Divide by the step actually taken, which rounding may have made differ from 2h.
        return (up - down) / (upper - lower);
    }

    private static double value(ScalarFunction f, double[] x) {
        Value[] leaves = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            leaves[i] = Value.of(x[i]);
        }
        return Objects.requireNonNull(f.apply(leaves), "f returned null").data();
    }

    private static void checkPoint(double[] x) {
        Objects.requireNonNull(x, "x");
        if (x.length == 0) {
            throw new IllegalArgumentException("x must have at least one variable");
        }
    }
}
