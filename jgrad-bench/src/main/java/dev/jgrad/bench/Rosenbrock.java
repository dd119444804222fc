package dev.jgrad.bench;

import dev.jgrad.tape.Tape;

/**
 * The extended Rosenbrock function {@code f(x) = sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2}, written once as
 * plain Java and once traced onto a tape, at the benchmark point {@code x[i] = 0.5 + 0.001 (i mod 97)}.
 */
public final class Rosenbrock {

    private Rosenbrock() {
    }

    /** The benchmark point of {@code n} variables. */
    public static double[] start(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.001 * (i % 97);
        }
        return x;
    }

    /** The function as plain Java {@code double} code: the primal that the gradient's cost is compared with. */
    public static double primal(double[] x) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double d = x[i + 1] - x[i] * x[i];
            double e = 1 - x[i];
            sum += 100 * d * d + e * e;
        }
        return sum;
    }

    /** The function of {@code n} variables traced onto a tape: eight instructions per term. */
    public static Tape tape(int n) {
        return Tape.trace(n, (g, x) -> {
            int sum = g.constant(0);
            int one = g.constant(1);
            int hundred = g.constant(100);
            for (int i = 0; i + 1 < n; i++) {
                int d = g.sub(x[i + 1], g.mul(x[i], x[i]));
                int e = g.sub(one, x[i]);
                sum = g.add(sum, g.add(g.mul(hundred, g.mul(d, d)), g.mul(e, e)));
            }
            return sum;
        });
    }
}
