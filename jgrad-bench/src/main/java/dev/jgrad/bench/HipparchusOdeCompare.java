package dev.jgrad.bench;

import dev.jgrad.hipparchus.TapeField;
import java.util.Locale;

/**
 * {@link HipparchusOdeBenchmark}'s two gradients side by side in one JVM, for a shared, noisy machine: the two are
 * timed alternately, after a warm-up, and the fastest of the repetitions of each is kept, so a burst of load slows
 * some repetitions of both and neither figure. It also checks that both gradients agree. Prints one line per n.
 *
 * <pre>java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.HipparchusOdeCompare [n ...]</pre>
 */
public final class HipparchusOdeCompare {

    private HipparchusOdeCompare() {
    }

    /**
     * Runs the comparison.
     *
     * @param args the numbers of parameters, 10 100 1000 when none are given
     */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        TapeField field = new TapeField();
        System.out.println("n, tape ms, Gradient ms, Gradient/tape, tape nodes, max relative difference");
        for (int n : sizes) {
            // about 2 s of Gradient per size after warm-up, at least 3 repetitions
            int repetitions = Math.max(3, 200_000 / (n * n));
            double bestTape = Double.POSITIVE_INFINITY;
            double bestGradient = Double.POSITIVE_INFINITY;
            double difference = 0;
            for (int r = -Math.max(2, repetitions / 2); r < repetitions; r++) {
                long start = System.nanoTime();
                double[] tape = HipparchusOdeBenchmark.tapeGradient(field, n);
                long middle = System.nanoTime();
                double[] gradient = HipparchusOdeBenchmark.hipparchusGradient(n);
                long end = System.nanoTime();
                if (r >= 0) {
                    bestTape = Math.min(bestTape, (middle - start) / 1e6);
                    bestGradient = Math.min(bestGradient, (end - middle) / 1e6);
                }
                for (int i = 0; i < n; i++) {
                    difference = Math.max(difference,
                            Math.abs(tape[i] - gradient[i]) / Math.max(1e-300, Math.abs(gradient[i])));
                }
            }
            System.out.println(String.format(Locale.ROOT, "%d, %.3f, %.3f, %.1f, %d, %.1e", n, bestTape, bestGradient,
                    bestGradient / bestTape, field.size(), difference));
        }
    }
}
