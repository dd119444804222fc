package dev.jgrad.cli;

import dev.jgrad.examples.BlackScholes;
import dev.jgrad.examples.HestonAsian;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * {@code jgrad bench greeks}: the cost of all first-order Monte Carlo Greeks against the cost of the price alone.
 * Pricing is the plain-Java pricer of the example; Greeks are a replay of its tape, recorded once, with the same
 * normals bound as data: binding them, the forward sweep (which prices) and the reverse sweep (every Greek). Times
 * are the best of several repetitions of this thread's CPU time, after untimed ones (the JIT compiles both during
 * those), interleaved so that a busy moment of a shared machine does not favour either.
 */
final class GreeksBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int WARMUP = 10;
    private static final int REPETITIONS = 20;
    private static final long SEED = 42;

    private GreeksBench() {
    }

    /**
     * The line {@code product=european paths=... pricing_ms=... greeks_ms=... ratio=... record_ms=... price=...}
     * followed by the Greeks: {@code delta vega rho} for the European call under Black–Scholes (S = K = 100,
     * σ = 20%, r = 5%, T = 1).
     *
     * @param paths the number of Monte Carlo paths
     * @return the line
     */
    static String european(int paths) {
        BlackScholes option = new BlackScholes(100, 1, paths);
        double[] market = {100, 0.2, 0.05};
        double[] z = BlackScholes.normals(paths, SEED);
        return measure("european", paths, option::tape, z, market,
                () -> option.price(market[0], market[1], market[2], z), BlackScholes.INPUTS);
    }

    /**
     * The same line for the arithmetic Asian call under Heston (12 averaging dates, S = K = 100, v0 = θ = 0.04,
     * κ = 1.5, ξ = 0.3, ρ = -0.7, r = 3%, T = 1), with a Greek per model parameter.
     *
     * @param paths the number of Monte Carlo paths
     * @return the line
     */
    static String asian(int paths) {
        HestonAsian option = new HestonAsian(100, 1, 12, paths);
        double[] market = {100, 0.04, 1.5, 0.04, 0.3, -0.7, 0.03};
        double[] z = BlackScholes.normals(option.normalCount(), SEED);
        return measure("asian-heston", paths, option::tape, z, market, () -> option.price(market, z),
                HestonAsian.INPUTS);
    }

    private static String measure(String product, int paths, java.util.function.Supplier<Tape> record, double[] z,
            double[] market, DoubleSupplier pricing, String[] names) {
        long t0 = cpu();
        Tape tape = record.get();
        long recordNanos = cpu() - t0;
        Workspace w = tape.newWorkspace();
        double[] greeks = new double[market.length];
        double sink = 0;
        long pricingBest = Long.MAX_VALUE;
        long greeksBest = Long.MAX_VALUE;
        double price = 0;
        for (int r = 0; r < WARMUP + REPETITIONS; r++) {
            long p0 = cpu();
            sink += pricing.getAsDouble();
            long p1 = cpu();
            w.setData(z);
            price = w.gradient(market, greeks);
            long p2 = cpu();
            if (r >= WARMUP) {
                pricingBest = Math.min(pricingBest, p1 - p0);
                greeksBest = Math.min(greeksBest, p2 - p1);
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "product=%s paths=%d pricing_ms=%.3f greeks_ms=%.3f ratio=%.2f record_ms=%.1f compiled_loops=%d"
                        + " price=%.6f",
                product, paths, pricingBest / 1e6, greeksBest / 1e6, (double) greeksBest / pricingBest,
                recordNanos / 1e6, tape.compiledLoopCount(), price));
        for (int i = 0; i < names.length; i++) {
            line.append(String.format(Locale.ROOT, " d_%s=%.6f", names[i], greeks[i]));
        }
        line.append(" same_price=").append(Math.abs(sink / (WARMUP + REPETITIONS) - price) <= 1e-9 * price);
        return line.toString();
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
