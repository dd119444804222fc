package dev.jgrad.bench;

import dev.jgrad.internal.Rosenbrock;
import dev.jgrad.tape.Workspace;
import java.util.Arrays;

/**
 * How close the compiled tape's Rosenbrock gradient is to what its arithmetic allows: the tape's gradient and value
 * against the plain function and against a hand-written Java gradient that does the reverse sweep's own operations
 * in the sweep's order (partials recomputed from {@code x}, each edge's product summed into its adjoint, products of
 * one edge not merged), so that it gives the tape's gradient to the bit; and the same without clearing the gradient
 * first (each adjoint's first contribution stored rather than added to 0, which the tape does not do for the
 * caller's gradient array); and that again with each variable's adjoint carried from one term to the next in a
 * local instead of stored and loaded back; and forward and reverse fused into one pass over {@code x}, which the same
 * bits allow here because the loop is the whole program: its sum is the output, so every term's adjoint (the seed, 1)
 * is known before the sum is, and each variable's contributions can still be added in the reverse sweep's order (its
 * own term's first, then the carried one from the term before). The hand-written loops have constant offsets and are counted loops, the
 * best case for the JIT; their times over the plain function's are the floor for any sweep that keeps those bits.
 * Times are the fastest of many rounds, each kind of run in turn, on a shared machine.
 *
 * <p>Run: {@code java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.SweepFloorProbe [n] [seconds]}
 * (1,000,000 variables and 10 seconds by default). It stops with an error if the hand-written gradient differs from
 * the tape's in any bit.
 */
public final class SweepFloorProbe {

    private SweepFloorProbe() {
    }

    /**
     * Prints {@code plain_ms=... tape_value_ms=... tape_gradient_ms=... hand_gradient_ms=... hand_uncleared_ms=...
     * hand_carried_ms=... hand_fused_ms=...} and the ratios of the gradients to the plain function.
     *
     * @param args the number of variables and the seconds to run, both optional
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        if (n < 2) {
            throw new IllegalArgumentException("n " + n + ": the function needs at least 2 variables");
        }
        double[] x = Rosenbrock.start(n);
        Workspace w = Rosenbrock.tape(n).newWorkspace();
        double[] tapeGradient = new double[n];
        double[] handGradient = new double[n];
        double[] unclearedGradient = new double[n];
        double[] carriedGradient = new double[n];
        double[] fusedGradient = new double[n];
        long[] fastest = new long[7];
        Arrays.fill(fastest, Long.MAX_VALUE);
        double sink = 0;
        double tapeValue = 0;
        double handValue = 0;
        int rounds = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end || rounds < 20) {
            long t0 = System.nanoTime();
            sink += Rosenbrock.primal(x);
            long t1 = System.nanoTime();
            sink += w.value(x);
            long t2 = System.nanoTime();
            tapeValue = w.gradient(x, tapeGradient);
            long t3 = System.nanoTime();
            handValue = handGradient(x, handGradient, true);
            long t4 = System.nanoTime();
            sink += handGradient(x, unclearedGradient, false);
            long t5 = System.nanoTime();
            sink += carriedGradient(x, carriedGradient);
            long t6 = System.nanoTime();
            sink += fusedGradient(x, fusedGradient);
            long t7 = System.nanoTime();
            if (rounds++ >= 10) {
                fastest[0] = Math.min(fastest[0], t1 - t0);
                fastest[1] = Math.min(fastest[1], t2 - t1);
                fastest[2] = Math.min(fastest[2], t3 - t2);
                fastest[3] = Math.min(fastest[3], t4 - t3);
                fastest[4] = Math.min(fastest[4], t5 - t4);
                fastest[5] = Math.min(fastest[5], t6 - t5);
                fastest[6] = Math.min(fastest[6], t7 - t6);
            }
        }
        if (Double.doubleToRawLongBits(tapeValue) != Double.doubleToRawLongBits(handValue)) {
            throw new IllegalStateException("the hand-written value " + handValue + " differs from the tape's "
                    + tapeValue);
        }
        for (int i = 0; i < n; i++) {
            long tape = Double.doubleToRawLongBits(tapeGradient[i]);
            if (tape != Double.doubleToRawLongBits(handGradient[i])
                    || tape != Double.doubleToRawLongBits(unclearedGradient[i])
                    || tape != Double.doubleToRawLongBits(carriedGradient[i])
                    || tape != Double.doubleToRawLongBits(fusedGradient[i])) {
                throw new IllegalStateException("the hand-written gradients differ from the tape's at " + i + ": "
                        + handGradient[i] + ", " + unclearedGradient[i] + ", " + carriedGradient[i] + " and "
                        + fusedGradient[i] + " against " + tapeGradient[i]);
            }
        }
        System.out.printf("n=%d plain_ms=%.3f tape_value_ms=%.3f tape_gradient_ms=%.3f hand_gradient_ms=%.3f"
                + " hand_uncleared_ms=%.3f hand_carried_ms=%.3f hand_fused_ms=%.3f tape/plain=%.2f hand/plain=%.2f"
                + " hand_uncleared/plain=%.2f hand_carried/plain=%.2f hand_fused/plain=%.2f rounds=%d%s%n",
                n, fastest[0] / 1e6, fastest[1] / 1e6, fastest[2] / 1e6, fastest[3] / 1e6, fastest[4] / 1e6,
                fastest[5] / 1e6, fastest[6] / 1e6, fastest[2] / (double) fastest[0], fastest[3] / (double) fastest[0],
                fastest[4] / (double) fastest[0], fastest[5] / (double) fastest[0], fastest[6] / (double) fastest[0],
                rounds, Double.isNaN(sink) ? " (NaN)" : "");
    }

    /**
     * The tape's gradient by hand: the terms summed left to right as the traced function does, then per term, last
     * first, the edges of {@code sum + (100 (d d) + e e)} with {@code d = x[i+1] - x[i] x[i]}, {@code e = 1 - x[i]}
     * and the sum's adjoint 1, each adjoint's first edge stored and the others summed, as the compiled kernel does.
     * With {@code clear}, the gradient is cleared first and every contribution added to it, as the tape does; without,
     * each variable's first contribution is stored ({@code 0 - a} and {@code 0 + a} are the same bits as {@code -a}
     * and {@code a} added to 0).
     */
    private static double handGradient(double[] x, double[] gradient, boolean clear) {
        double sum = tracedSum(x);
        if (clear) {
            Arrays.fill(gradient, 0);
        } else {
            gradient[x.length - 1] = 0;
        }
        double adjoint = 1;
        for (int i = x.length - 2; i >= 0; i--) {
            double xi = x[i];
            double e = 1 - xi;
            double eAdjoint = e * adjoint;
            eAdjoint = eAdjoint + e * adjoint;
            double squareAdjoint = 100 * adjoint;
            double d = x[i + 1] - xi * xi;
            double dAdjoint = d * squareAdjoint;
            dAdjoint = dAdjoint + d * squareAdjoint;
            double here = (clear ? gradient[i] : 0) - eAdjoint;
            double next = gradient[i + 1] + dAdjoint;
            double productAdjoint = 0 - dAdjoint;
            here = here + xi * productAdjoint;
            here = here + xi * productAdjoint;
            gradient[i] = here;
            gradient[i + 1] = next;
        }
        return sum;
    }

    /**
     * {@link #handGradient} without clearing, and with the adjoint of {@code x[i+1]}, which term {@code i+1} leaves
     * for term {@code i} to add to, kept in a local rather than stored and loaded again: the fewest memory operations
     * for these bits, one load of {@code x} and one store of the gradient per term.
     */
    private static double carriedGradient(double[] x, double[] gradient) {
        double sum = tracedSum(x);
        double adjoint = 1;
        double carried = 0;
        double next = x[x.length - 1];
        for (int i = x.length - 2; i >= 0; i--) {
            double xi = x[i];
            double e = 1 - xi;
            double eAdjoint = e * adjoint;
            eAdjoint = eAdjoint + e * adjoint;
            double squareAdjoint = 100 * adjoint;
            double d = next - xi * xi;
            double dAdjoint = d * squareAdjoint;
            dAdjoint = dAdjoint + d * squareAdjoint;
            double productAdjoint = 0 - dAdjoint;
            double here = 0 - eAdjoint;
            here = here + xi * productAdjoint;
            here = here + xi * productAdjoint;
            gradient[i + 1] = carried + dAdjoint;
            carried = here;
            next = xi;
        }
        gradient[0] = carried;
        return sum;
    }

    /**
     * {@link #carriedGradient} with the forward pass in the same loop: term {@code i}'s value and edges at once, in
     * the order of {@code x}. Its own contributions to {@code x[i]}'s adjoint are summed first and the one term
     * {@code i-1} carried is added last, as the reverse sweep (term {@code i} before term {@code i-1}) adds them; the
     * last variable's single contribution is added to 0 as the sweep's cleared array does.
     */
    private static double fusedGradient(double[] x, double[] gradient) {
        double sum = 0;
        double adjoint = 1;
        double carried = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double xi = x[i];
            double d = x[i + 1] - xi * xi;
            double e = 1 - xi;
            sum = sum + (100 * (d * d) + e * e);
            double eAdjoint = e * adjoint;
            eAdjoint = eAdjoint + e * adjoint;
            double squareAdjoint = 100 * adjoint;
            double dAdjoint = d * squareAdjoint;
            dAdjoint = dAdjoint + d * squareAdjoint;
            double productAdjoint = 0 - dAdjoint;
            double here = 0 - eAdjoint;
            here = here + xi * productAdjoint;
            here = here + xi * productAdjoint;
            gradient[i] = i == 0 ? here : here + carried;
            carried = dAdjoint;
        }
        gradient[x.length - 1] = 0 + carried;
        return sum;
    }

    /**
     * The function as the tape computes it, {@code 100 (d d)} where {@link Rosenbrock#primal} has {@code (100 d) d}:
     * the forward pass of the hand-written gradients, so that their values are the tape's to the bit.
     */
    private static double tracedSum(double[] x) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double d = x[i + 1] - x[i] * x[i];
            double e = 1 - x[i];
            sum = sum + (100 * (d * d) + e * e);
        }
        return sum;
    }
}
