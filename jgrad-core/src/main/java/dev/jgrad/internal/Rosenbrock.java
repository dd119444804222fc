package dev.jgrad.internal;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;

/**
 * The extended Rosenbrock function {@code f(x) = sum_{i < n-1} 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2}, the workload
 * of jgrad's tape benchmarks ({@code jgrad bench rosenbrock}, the JMH {@code TapeBenchmark}) and of their peers'
 * scripts under {@code bench/}: written once as plain Java and once traced onto a {@link Tape}, with the benchmark
 * point {@code x[i] = 0.5 + 0.001 (i mod 97)}.
 *
 * <p>Its gradient is {@code df/dx[i] = -400 x[i] (x[i+1] - x[i]^2) - 2 (1 - x[i])} (for {@code i < n-1}) plus
 * {@code 200 (x[i] - x[i-1]^2)} (for {@code i > 0}).
 */
public final class Rosenbrock {

    private Rosenbrock() {
    }

    /**
     * The benchmark point of {@code n} variables, {@code x[i] = 0.5 + 0.001 (i mod 97)}.
     *
     * @param n the number of variables, {@code >= 0}
     * @return a new array
     */
    public static double[] start(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("number of variables (" + n + ") must be >= 0");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.001 * (i % 97);
        }
        return x;
    }

    /**
     * The function as plain Java {@code double} code: the cost that a gradient's cost is compared with. It is 0 for
     * fewer than two variables.
     *
     * @param x the point
     * @return {@code f(x)}
     */
    public static double primal(double[] x) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double d = x[i + 1] - x[i] * x[i];
            double e = 1 - x[i];
            sum += 100 * d * d + e * e;
        }
        return sum;
    }

    /**
     * The function of {@code n} variables traced onto a tape: eight instructions and fourteen reverse-sweep edges
     * per term, the terms summed left to right as {@link #primal} does.
     *
     * @param n the number of variables, {@code >= 0}
     * @return the compiled program, with one output
     */
    public static Tape tape(int n) {
        return Tape.trace(n, Rosenbrock::trace);
    }

    /**
     * The function written over an {@link Algebra}, the form {@link Tape#trace} records: the terms summed left to
     * right as {@link #primal} does.
     *
     * @param g the algebra to build in
     * @param x the handles of the variables
     * @return the handle of {@code f(x)}
     */
    public static int trace(Algebra g, int[] x) {
        int sum = g.constant(0);
        int one = g.constant(1);
        int hundred = g.constant(100);
        for (int i = 0; i + 1 < x.length; i++) {
            int d = g.sub(x[i + 1], g.mul(x[i], x[i]));
            int e = g.sub(one, x[i]);
            sum = g.add(sum, g.add(g.mul(hundred, g.mul(d, d)), g.mul(e, e)));
        }
        return sum;
    }
}
