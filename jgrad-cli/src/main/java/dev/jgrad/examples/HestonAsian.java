package dev.jgrad.examples;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.Locale;

/**
 * Monte Carlo Greeks of a path-dependent option: an arithmetic-average Asian call under the Heston stochastic
 * volatility model, every first-order sensitivity from one reverse sweep.
 *
 * <p>The model: {@code dS = r S dt + √v S dW_S}, {@code dv = κ(θ - v) dt + ξ √v dW_v}, {@code d<W_S, W_v> = ρ dt}.
 * It is simulated with {@code steps} Euler steps of {@code dt = T / steps}, log-Euler for the price and full
 * truncation for the variance (the variance that enters each step is {@code v⁺ = max(v, 0)}), as in Lord, Koekkoek
 * and van Dijk (2010). The volatility is {@code √(v⁺ + 1e-12)} rather than {@code √v⁺}: the derivative of
 * {@code √v} is infinite at 0, and a path whose variance is truncated to 0 would otherwise give an infinite partial
 * times a zero one, NaN (the change is below 1e-6 in volatility). The payoff is {@code e^(-rT) max(A - K, 0)} with {@code A} the average of the price at the
 * end of each step.
 *
 * <p>Each step takes two independent standard normals per path, {@code z1} and {@code z2}:
 * {@code dW_v = √dt z1}, {@code dW_S = √dt (ρ z1 + √(1-ρ²) z2)}. They are the tape's data inputs, laid out step by
 * step, path by path ({@code z[2 (k paths + p)]} and the one after it); the differentiable inputs are
 * {@link #INPUTS}. The simulation is written step-major, each step a loop over paths, as vectorized code would be.
 *
 * <p>The Greeks are pathwise: the exact derivative of each path's discounted payoff, averaged. When the variance
 * often comes near 0 (the Feller condition {@code 2κθ >= ξ²} far from holding), a path's volatility
 * {@code √(v⁺ + 1e-12)} has a derivative of up to {@code 5e5} there, so the Greeks in {@code v0}, {@code κ},
 * {@code θ} and {@code ξ} vary much more from draw to draw, and a finite difference of the same paths agrees with
 * them only for bumps small enough (about {@code 1e-9} in {@code v0}) that no path's variance crosses 0 in between.
 */
public final class HestonAsian {

    /** The inputs of the tape, in order: the gradient's entries. */
    public static final String[] INPUTS = {"spot", "v0", "kappa", "theta", "xi", "rho", "rate"};

    /** Added to the truncated variance under the square root: see the class comment. */
    static final double VARIANCE_FLOOR = 1e-12;

    private final double strike;
    private final double maturity;
    private final int steps;
    private final int paths;

    /**
     * An Asian call of the given strike and maturity, averaged over {@code steps} dates, priced over {@code paths}
     * paths.
     *
     * @param strike   {@code K > 0}, finite
     * @param maturity {@code T > 0}, finite, in years
     * @param steps    the number of time steps and averaging dates, {@code >= 1}
     * @param paths    the number of paths, {@code >= 1}
     * @throws IllegalArgumentException naming the first input out of its range
     */
    public HestonAsian(double strike, double maturity, int steps, int paths) {
        this.strike = Inputs.positive("strike", strike);
        this.maturity = Inputs.positive("maturity", maturity);
        this.steps = Inputs.atLeastOne("steps", steps);
        this.paths = Inputs.atLeastOne("paths", paths);
    }

    /**
     * The number of normals one pricing takes: two per path and step.
     *
     * @return {@code 2 * steps * paths}
     */
    public int normalCount() {
        return 2 * steps * paths;
    }

    /**
     * The Monte Carlo price in plain Java, step-major as the tape records it.
     *
     * @param market the inputs, as {@link #INPUTS}: {@code S_0 > 0}, {@code v0 >= 0}, {@code κ >= 0},
     *               {@code θ >= 0}, {@code ξ >= 0}, {@code -1 < ρ < 1} (at {@code |ρ| = 1} the tape's derivative
     *               of {@code √(1-ρ²)} is infinite) and {@code r}, all finite
     * @param z      {@link #normalCount()} standard normals
     * @return the price
     * @throws IllegalArgumentException naming the first input out of its range, or if {@code market} or {@code z}
     *                                  has the wrong length
     */
    public double price(double[] market, double[] z) {
        checkMarket(market);
        Inputs.length("z", z, normalCount());
        double spot = market[0];
        double kappa = market[2];
        double theta = market[3];
        double xi = market[4];
        double rho = market[5];
        double rate = market[6];
        double dt = maturity / steps;
        double root = Math.sqrt(dt);
        double orthogonal = Math.sqrt(1 - rho * rho);
        double[] logS = new double[paths];
        double[] v = new double[paths];
        double[] sum = new double[paths];
        java.util.Arrays.fill(logS, Math.log(spot));
        java.util.Arrays.fill(v, market[1]);
        for (int k = 0; k < steps; k++) {
            for (int p = 0; p < paths; p++) {
                double z1 = z[2 * (k * paths + p)];
                double z2 = z[2 * (k * paths + p) + 1];
                double positive = Math.max(v[p], 0);
                double vol = Math.sqrt(positive + VARIANCE_FLOOR);
                double ws = rho * z1 + orthogonal * z2;
                logS[p] = logS[p] + (rate - 0.5 * positive) * dt + vol * root * ws;
                v[p] = v[p] + kappa * (theta - positive) * dt + xi * vol * root * z1;
                sum[p] = sum[p] + Math.exp(logS[p]);
            }
        }
        double payoff = 0;
        for (int p = 0; p < paths; p++) {
            payoff += Math.max(sum[p] / steps - strike, 0);
        }
        return Math.exp(-rate * maturity) * payoff / paths;
    }

    /**
     * Checks {@code market} as {@link #price} describes.
     *
     * @param market the inputs, as {@link #INPUTS}
     * @throws IllegalArgumentException naming the first input out of its range, or if it has the wrong length
     */
    private static void checkMarket(double[] market) {
        Inputs.length("market", market, INPUTS.length);
        Inputs.positive("spot", market[0]);
        Inputs.nonNegative("v0", market[1]);
        Inputs.nonNegative("kappa", market[2]);
        Inputs.nonNegative("theta", market[3]);
        Inputs.nonNegative("xi", market[4]);
        if (!(Math.abs(market[5]) < 1)) {
            throw new IllegalArgumentException("rho must lie strictly between -1 and 1, got " + market[5]);
        }
        Inputs.finite("rate", market[6]);
    }

    /**
     * The same computation recorded once, with the normals as data inputs and its loops compiled: the first date's
     * paths become one loop, and the later dates one more (each path reads its state one date back, a fixed
     * stride apart).
     *
     * <p>A replay does not check its inputs as {@link #price} does.
     *
     * @return the tape; its gradient has an entry per {@link #INPUTS}
     */
    public Tape tape() {
        return tape(true);
    }

    /**
     * The same computation recorded once, choosing whether loops are compiled.
     *
     * @param compileLoops whether repeated runs of instructions are found and run as generated bytecode
     * @return the tape; its gradient has an entry per {@link #INPUTS}
     */
    public Tape tape(boolean compileLoops) {
        return Tape.traceData(INPUTS.length, normalCount(), this::trace, compileLoops);
    }

    private int[] trace(Algebra g, int[] x, int[] z) {
        int spot = x[0];
        int kappa = x[2];
        int theta = x[3];
        int xi = x[4];
        int rho = x[5];
        int rate = x[6];
        double dt = maturity / steps;
        double root = Math.sqrt(dt);
        int orthogonal = g.sqrt(g.sub(g.constant(1), g.mul(rho, rho)));
        int[] logS = new int[paths];
        int[] v = new int[paths];
        int[] sum = new int[paths];
        int logSpot = g.log(spot);
        java.util.Arrays.fill(logS, logSpot);
        java.util.Arrays.fill(v, x[1]);
        java.util.Arrays.fill(sum, g.constant(0));
        for (int k = 0; k < steps; k++) {
            for (int p = 0; p < paths; p++) {
                int z1 = z[2 * (k * paths + p)];
                int z2 = z[2 * (k * paths + p) + 1];
                int positive = g.relu(v[p]);
                int vol = g.sqrt(g.add(positive, VARIANCE_FLOOR));
                int ws = g.add(g.mul(rho, z1), g.mul(orthogonal, z2));
                int drift = g.mul(g.sub(rate, g.mul(positive, 0.5)), dt);
                logS[p] = g.add(g.add(logS[p], drift), g.mul(g.mul(vol, root), ws));
                int reversion = g.mul(g.mul(kappa, g.sub(theta, positive)), dt);
                v[p] = g.add(g.add(v[p], reversion), g.mul(g.mul(g.mul(xi, vol), root), z1));
                sum[p] = g.add(sum[p], g.exp(logS[p]));
            }
        }
        int payoff = g.constant(0);
        for (int p = 0; p < paths; p++) {
            payoff = g.add(payoff, g.relu(g.sub(g.div(sum[p], (double) steps), strike)));
        }
        int discount = g.exp(g.mul(g.neg(rate), maturity));
        return new int[] {g.div(g.mul(discount, payoff), (double) paths)};
    }

    /**
     * Prints the price and every first-order Greek of a one-year at-the-money Asian call (12 averaging dates,
     * 20,000 paths) under a typical Heston market.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        HestonAsian option = new HestonAsian(100, 1, 12, 20_000);
        double[] market = {100, 0.04, 1.5, 0.04, 0.3, -0.7, 0.03};
        Workspace w = option.tape().newWorkspace();
        w.setData(BlackScholes.normals(option.normalCount(), 7));
        double[] greeks = new double[INPUTS.length];
        double price = w.gradient(market, greeks);
        System.out.printf(Locale.ROOT, "price %.4f%n", price);
        for (int i = 0; i < INPUTS.length; i++) {
            System.out.printf(Locale.ROOT, "d/d%-6s %.6f%n", INPUTS[i], greeks[i]);
        }
    }
}
