package dev.jgrad.examples;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.util.Arrays;
import java.util.List;

/**
 * Side-by-side timing of the two ways to build a Hessian from gradients as graphs: forward-over-reverse (what
 * {@link Grad#hessian} does: one forward sweep carrying n tangents over the gradient's graph) and reverse-over-reverse
 * (one reverse sweep per gradient entry), on a dense function (every gradient entry depends on every variable) and
 * a sparse one (chained Rosenbrock). Prints the times of the last repetitions and their ratio; the two Hessians
 * must agree.
 *
 * <p>Run: {@code java -cp jgrad-core/target/classes:jgrad-core/target/test-classes dev.jgrad.examples.HessianModes 300}
 */
public final class HessianModes {

    private HessianModes() {
    }

    static ScalarFunction dense(int n) {
        return x -> {
            Value[] squares = new Value[n];
            for (int i = 0; i < n; i++) {
                squares[i] = x[i].mul(x[i]).mul(0.01 * i);
            }
            Value s = Value.sum(x);
            Value q = Value.sum(squares);
            return s.sin().mul(q).add(q.tanh().mul(s)).add(s.mul(0.1).exp());
        };
    }

    static ScalarFunction sparse(int n) {
        return x -> {
            Value[] terms = new Value[n - 1];
            for (int i = 0; i < n - 1; i++) {
                terms[i] = x[i + 1].sub(x[i].mul(x[i])).pow(2).mul(100).add(Value.of(1).sub(x[i]).pow(2));
            }
            return Value.sum(terms);
        };
    }

    static double[][] reverseOverReverse(ScalarFunction f, double[] x) {
        Value[] leaves = Arrays.stream(x).mapToObj(Value::of).toArray(Value[]::new);
        List<Value> wrt = List.of(leaves);
        List<Value> gradient = Grad.gradient(f.apply(leaves), wrt, true);
        double[][] h = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            h[i] = Grad.gradient(gradient.get(i), wrt, false).stream().mapToDouble(Value::data).toArray();
        }
        return h;
    }

    /** Times both modes on both functions with n variables (first argument, default 300). */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i);
        }
        for (String name : List.of("dense", "sparse")) {
            ScalarFunction f = name.equals("dense") ? dense(n) : sparse(n);
            for (int rep = 0; rep < 10; rep++) {
                long t0 = System.nanoTime();
                double[][] forward = Grad.hessian(f, x);
                long t1 = System.nanoTime();
                double[][] reverse = reverseOverReverse(f, x);
                long t2 = System.nanoTime();
                double diff = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        diff = Math.max(diff, Math.abs(forward[i][j] - reverse[i][j]));
                    }
                }
                if (rep >= 7) {
                    System.out.printf("%s n=%d: forward-over-reverse %.1f ms, reverse-over-reverse %.1f ms, "
                            + "ratio %.1f, largest difference %.1e%n", name, n, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                            (double) (t2 - t1) / (t1 - t0), diff);
                }
            }
        }
    }
}
