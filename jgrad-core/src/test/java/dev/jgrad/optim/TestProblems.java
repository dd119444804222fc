package dev.jgrad.optim;

import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.util.Arrays;
import java.util.List;

/**
 * Classic unconstrained test problems (Moré, Garbow and Hillstrom 1981, "Testing unconstrained optimization
 * software") with their standard starting points and known minima; {@code bench/lbfgs_scipy.py} defines the same.
 */
public final class TestProblems {

    /**
     * A test problem.
     *
     * @param name     the name printed in tables
     * @param function the function
     * @param start    the standard starting point
     * @param minimum  the value at the minimizer
     * @param argmin   the minimizer
     */
    public record Problem(String name, ScalarFunction function, double[] start, double minimum, double[] argmin) {
    }

    private TestProblems() {
    }

    /** All problems, in the order of the comparison table. */
    public static List<Problem> all() {
        return List.of(rosenbrock(2), rosenbrock(100), powellSingular(), beale(), wood(), quadratic(10));
    }

    /** Extended Rosenbrock: {@code Σ 100 (x_{2i+1} - x_{2i}²)² + (1 - x_{2i})²}, from (-1.2, 1, ...), minimum 0 at 1. */
    public static Problem rosenbrock(int n) {
        double[] start = new double[n];
        for (int i = 0; i < n; i += 2) {
            start[i] = -1.2;
            start[i + 1] = 1;
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        return new Problem("rosenbrock n=" + n, x -> {
            Value[] terms = new Value[n / 2];
            for (int i = 0; i < n / 2; i++) {
                Value a = x[2 * i + 1].sub(x[2 * i].mul(x[2 * i]));
                Value b = Value.of(1).sub(x[2 * i]);
                terms[i] = a.mul(a).mul(100).add(b.mul(b));
            }
            return Value.sum(terms);
        }, start, 0, ones);
    }

    /** Powell singular: {@code (x₁+10x₂)² + 5(x₃-x₄)² + (x₂-2x₃)⁴ + 10(x₁-x₄)⁴}, from (3, -1, 0, 1), minimum 0 at 0. */
    public static Problem powellSingular() {
        return new Problem("powell singular", x -> {
            Value a = x[0].add(x[1].mul(10));
            Value b = x[2].sub(x[3]);
            Value c = x[1].sub(x[2].mul(2));
            Value d = x[0].sub(x[3]);
            return a.mul(a).add(b.mul(b).mul(5)).add(c.mul(c).mul(c.mul(c))).add(d.mul(d).mul(d.mul(d)).mul(10));
        }, new double[] {3, -1, 0, 1}, 0, new double[4]);
    }

    /** Beale: {@code Σ_{i=1..3} (y_i - x₁(1 - x₂ⁱ))²}, y = (1.5, 2.25, 2.625), from (1, 1), minimum 0 at (3, 0.5). */
    public static Problem beale() {
        double[] y = {1.5, 2.25, 2.625};
        return new Problem("beale", x -> {
            Value sum = Value.of(0);
            Value power = Value.of(1);
            for (int i = 0; i < 3; i++) {
                power = power.mul(x[1]);
                Value r = Value.of(y[i]).sub(x[0].mul(Value.of(1).sub(power)));
                sum = sum.add(r.mul(r));
            }
            return sum;
        }, new double[] {1, 1}, 0, new double[] {3, 0.5});
    }

    /**
     * Wood: {@code 100(x₂-x₁²)² + (1-x₁)² + 90(x₄-x₃²)² + (1-x₃)² + 10.1((x₂-1)² + (x₄-1)²) + 19.8(x₂-1)(x₄-1)},
     * from (-3, -1, -3, -1), minimum 0 at 1.
     */
    public static Problem wood() {
        return new Problem("wood", x -> {
            Value a = x[1].sub(x[0].mul(x[0]));
            Value b = Value.of(1).sub(x[0]);
            Value c = x[3].sub(x[2].mul(x[2]));
            Value d = Value.of(1).sub(x[2]);
            Value e = x[1].sub(1);
            Value f = x[3].sub(1);
            return Value.sum(a.mul(a).mul(100), b.mul(b), c.mul(c).mul(90), d.mul(d),
                    e.mul(e).add(f.mul(f)).mul(10.1), e.mul(f).mul(19.8));
        }, new double[] {-3, -1, -3, -1}, 0, new double[] {1, 1, 1, 1});
    }

    /**
     * A convex quadratic {@code ½ xᵀAx - bᵀx} with {@code A = D + u uᵀ}, {@code D = diag(1, ..., n)},
     * {@code u_i = 1/(i+1)}, {@code b_i = 1}, from 0; minimum {@code -½ bᵀA⁻¹b} at {@code A⁻¹b} (Sherman-Morrison).
     */
    public static Problem quadratic(int n) {
        double[] u = new double[n];
        double[] dInvB = new double[n];
        double[] dInvU = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = 1.0 / (i + 1);
            dInvB[i] = 1.0 / (i + 1);
            dInvU[i] = u[i] / (i + 1);
        }
        double uDinvB = 0;
        double uDinvU = 0;
        for (int i = 0; i < n; i++) {
            uDinvB += u[i] * dInvB[i];
            uDinvU += u[i] * dInvU[i];
        }
        double[] argmin = new double[n];
        double minimum = 0;
        for (int i = 0; i < n; i++) {
            argmin[i] = dInvB[i] - dInvU[i] * uDinvB / (1 + uDinvU);
            minimum -= 0.5 * argmin[i];
        }
        return new Problem("quadratic n=" + n, x -> {
            Value[] terms = new Value[n];
            Value[] projection = new Value[n];
            for (int i = 0; i < n; i++) {
                terms[i] = x[i].mul(x[i]).mul(0.5 * (i + 1)).sub(x[i]);
                projection[i] = x[i].mul(u[i]);
            }
            Value ux = Value.sum(projection);
            return Value.sum(terms).add(ux.mul(ux).mul(0.5));
        }, new double[n], minimum, argmin);
    }
}
