package dev.jgrad.examples;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.util.Arrays;

/**
 * Newton's method on a 2-D function with jgrad's gradient and Hessian: minimizes Rosenbrock's banana function
 * {@code f(x, y) = (1 - x)² + 100 (y - x²)²} from the classic start (-1.2, 1). Each step solves
 * {@code H(x) p = -∇f(x)} and halves {@code p} until {@code f} decreases.
 *
 * <p>Run: {@code java -cp jgrad-core/target/classes:jgrad-core/target/test-classes dev.jgrad.examples.NewtonExample}
 */
public final class NewtonExample {

    /** Rosenbrock's function, minimal (0) at (1, 1). */
    public static final ScalarFunction ROSENBROCK = v -> Value.of(1).sub(v[0]).pow(2)
            .add(v[1].sub(v[0].pow(2)).pow(2).mul(100));

    /**
     * Where Newton's method stopped.
     *
     * @param x          the minimizer found
     * @param value      the function there
     * @param iterations the Newton steps taken
     */
    public record Result(double[] x, double value, int iterations) {
    }

    private NewtonExample() {
    }

    /**
     * Minimizes {@code f} from {@code start} until the gradient's norm falls below {@code tolerance}.
     *
     * @param f             the function
     * @param start         the initial point
     * @param tolerance     the gradient norm at which to stop
     * @param maxIterations the most steps to take
     * @param log           whether to print each step
     * @return where it stopped
     */
    public static Result minimize(ScalarFunction f, double[] start, double tolerance, int maxIterations,
            boolean log) {
        double[] x = start.clone();
        for (int k = 0; k < maxIterations; k++) {
            Grad.ValueAndGrad vg = Grad.valueAndGrad(f, x);
            double norm = Math.sqrt(Arrays.stream(vg.gradient()).map(g -> g * g).sum());
            if (log) {
                System.out.printf("step %2d  x = %-44s f = %.3e  |grad| = %.3e%n", k, Arrays.toString(x),
                        vg.value(), norm);
            }
            if (norm < tolerance) {
                return new Result(x, vg.value(), k);
            }
            double[] minusGradient = Arrays.stream(vg.gradient()).map(g -> -g).toArray();
            double[] p = LinearAlgebra.solve(Grad.hessian(f, x), minusGradient);
            if (p == null) {
                p = minusGradient;
            }
            double t = 1;
            double[] next = step(x, p, t);
            while (Grad.valueAndGrad(f, next).value() > vg.value() && t > 1e-10) {
                t /= 2;
                next = step(x, p, t);
            }
            x = next;
        }
        return new Result(x, Grad.valueAndGrad(f, x).value(), maxIterations);
    }

    private static double[] step(double[] x, double[] p, double t) {
        double[] next = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            next[i] = x[i] + t * p[i];
        }
        return next;
    }

    /** Prints the Newton iterates on Rosenbrock's function from (-1.2, 1). */
    public static void main(String[] args) {
        Result r = minimize(ROSENBROCK, new double[] {-1.2, 1}, 1e-10, 100, true);
        System.out.printf("minimum at %s, f = %.3e, after %d Newton steps%n", Arrays.toString(r.x()), r.value(),
                r.iterations());
    }
}
