package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo Greeks examples: Black–Scholes against the closed form within the Monte Carlo error the test
 * measures, and the Heston Asian against finite differences of its plain-Java pricer on the same normals.
 */
class GreeksExamplesTest {

    private static final int PATHS = 100_000;

    /**
     * Per-path pathwise derivatives of the discounted call payoff, written by hand: the samples whose mean the tape
     * must give, and whose spread is the Monte Carlo standard error. Returns {price, delta, vega, rho} means and
     * standard errors.
     */
    private static double[][] pathwise(double s, double sigma, double r, double k, double t, double[] z) {
        double[] sum = new double[4];
        double[] squares = new double[4];
        double discount = Math.exp(-r * t);
        for (double zi : z) {
            double terminal = s * Math.exp((r - 0.5 * sigma * sigma) * t + sigma * Math.sqrt(t) * zi);
            boolean in = terminal > k;
            double[] sample = {
                discount * Math.max(terminal - k, 0),
                in ? discount * terminal / s : 0,
                in ? discount * terminal * (Math.sqrt(t) * zi - sigma * t) : 0,
                -t * discount * Math.max(terminal - k, 0) + (in ? discount * terminal * t : 0)
            };
            for (int i = 0; i < 4; i++) {
                sum[i] += sample[i];
                squares[i] += sample[i] * sample[i];
            }
        }
        int n = z.length;
        double[][] result = new double[2][4];
        for (int i = 0; i < 4; i++) {
            double mean = sum[i] / n;
            result[0][i] = mean;
            result[1][i] = Math.sqrt((squares[i] / n - mean * mean) / (n - 1));
        }
        return result;
    }

    @Test
    void blackScholesGreeksMatchTheClosedFormWithinMonteCarloError() {
        double[][] markets = {{100, 0.2, 0.05}, {90, 0.35, 0.01}, {120, 0.15, 0.08}};
        double strike = 100;
        double maturity = 1.5;
        BlackScholes option = new BlackScholes(strike, maturity, PATHS);
        Tape tape = option.tape();
        assertEquals(3, tape.inputCount());
        assertEquals(PATHS, tape.dataCount());
        assertTrue(tape.compiledLoopCount() > 0, "the loop over paths is compiled");
        Workspace w = tape.newWorkspace();
        long seed = 1;
        double previous = Double.NaN;
        for (double[] market : markets) {
            double[] z = BlackScholes.normals(PATHS, seed++);
            w.setData(z);
            double[] greeks = new double[3];
            double price = w.gradient(market, greeks);
            assertNotEquals(previous, price);
            previous = price;
            assertEquals(option.price(market[0], market[1], market[2], z), price, 1e-12 * price);

            double[][] samples = pathwise(market[0], market[1], market[2], strike, maturity, z);
            double[] exact = option.closedForm(market[0], market[1], market[2]);
            double[] estimate = {price, greeks[0], greeks[1], greeks[2]};
            String[] names = {"price", "delta", "vega", "rho"};
            for (int i = 0; i < 4; i++) {
                double mean = samples[0][i];
                double error = samples[1][i];
                assertEquals(mean, estimate[i], 1e-10 * Math.abs(mean), names[i] + ": the tape vs pathwise by hand");
                assertEquals(exact[i], estimate[i], 4 * error,
                        names[i] + " at " + java.util.Arrays.toString(market) + ": closed form vs Monte Carlo, 4 s.e.");
            }
        }
    }

    @Test
    void blackScholesGreeksMatchTheClosedFormAcrossMoneynessMaturityVolatilityAndRates() {
        // strike, maturity, spot, volatility, rate
        double[][] cases = {
            {50, 1, 100, 0.2, 0.05}, {200, 1, 100, 0.2, 0.05}, {100, 0.01, 100, 0.2, 0.05}, {100, 10, 100, 0.2, 0.05},
            {100, 1, 100, 0.8, 0.05}, {100, 1, 100, 0.02, 0.05}, {100, 1, 100, 0.2, 0}, {100, 1, 100, 0.2, -0.02},
            {130, 2, 100, 0.05, -0.01}, {100, 30, 100, 0.5, 0.1}};
        long seed = 12;
        for (double[] c : cases) {
            BlackScholes option = new BlackScholes(c[0], c[1], PATHS);
            double[] z = BlackScholes.normals(PATHS, seed++);
            Workspace w = option.tape().newWorkspace();
            w.setData(z);
            double[] greeks = new double[3];
            double price = w.gradient(new double[] {c[2], c[3], c[4]}, greeks);
            double[] estimate = {price, greeks[0], greeks[1], greeks[2]};
            double[] error = pathwise(c[2], c[3], c[4], c[0], c[1], z)[1];
            double[] exact = option.closedForm(c[2], c[3], c[4]);
            for (int i = 0; i < 4; i++) {
                assertEquals(exact[i], estimate[i], 4 * error[i],
                        i + " (price, delta, vega, rho) at " + java.util.Arrays.toString(c) + ", 4 s.e.");
            }
        }
    }

    @Test
    void badInputsAreRejectedNamingTheValue() {
        BlackScholes option = new BlackScholes(100, 1, 10);
        double[] z = BlackScholes.normals(10, 1);
        assertMessage("volatility must be positive and finite, got -0.2", () -> option.price(100, -0.2, 0.05, z));
        assertMessage("volatility must be positive and finite, got 0.0", () -> option.closedForm(100, 0, 0.05));
        assertMessage("spot must be positive and finite, got -100.0", () -> option.closedForm(-100, 0.2, 0.05));
        assertMessage("rate must be finite, got NaN", () -> option.price(100, 0.2, Double.NaN, z));
        assertMessage("z must have 10 entries, got 9", () -> option.price(100, 0.2, 0.05, new double[9]));
        assertMessage("maturity must be positive and finite, got -1.0", () -> new BlackScholes(100, -1, 10));
        assertMessage("paths must be at least 1, got 0", () -> new BlackScholes(100, 1, 0));
        assertMessage("strike must be positive and finite, got NaN", () -> new BlackScholes(Double.NaN, 1, 10));
        assertMessage("steps must be at least 1, got 0", () -> new HestonAsian(100, 1, 0, 10));
        assertMessage("maturity must be positive and finite, got -1.0", () -> new HestonAsian(100, -1, 12, 10));
        HestonAsian asian = new HestonAsian(100, 1, 2, 3);
        double[] normals = BlackScholes.normals(asian.normalCount(), 1);
        assertMessage("rho must lie strictly between -1 and 1, got 1.5",
                () -> asian.price(new double[] {100, 0.04, 1.5, 0.04, 0.3, 1.5, 0.03}, normals));
        assertMessage("xi must be non-negative and finite, got -0.3",
                () -> asian.price(new double[] {100, 0.04, 1.5, 0.04, -0.3, -0.7, 0.03}, normals));
        assertMessage("market must have 7 entries, got 2", () -> asian.price(new double[] {100, 0.04}, normals));
        assertMessage("z must have 12 entries, got 11",
                () -> asian.price(new double[] {100, 0.04, 1.5, 0.04, 0.3, -0.7, 0.03}, new double[11]));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void hestonAsianGreeksEqualFiniteDifferencesAcrossMarkets() {
        // strike, maturity, then the market as INPUTS; bump: the central difference's step, relative
        double[][] cases = {
            {60, 1, 100, 0.04, 1.5, 0.04, 0.3, -0.7, 0.03},
            {100, 0.1, 100, 0.04, 1.5, 0.04, 0.3, -0.7, 0.03},
            {100, 5, 100, 0.09, 0.5, 0.09, 1.0, 0.5, -0.01},
            {100, 1, 100, 0.25, 2, 0.16, 0.8, -0.95, 0.1}};
        for (double[] c : cases) {
            HestonAsian option = new HestonAsian(c[0], c[1], 12, 1000);
            double[] market = java.util.Arrays.copyOfRange(c, 2, c.length);
            double[] z = BlackScholes.normals(option.normalCount(), 5);
            Workspace w = option.tape().newWorkspace();
            w.setData(z);
            double[] greeks = new double[market.length];
            w.gradient(market, greeks);
            assertCentralDifferences(option, market, z, greeks, " at " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void hestonAsianGreeksEqualFiniteDifferencesOfThePlainPricer() {
        HestonAsian option = new HestonAsian(100, 1, 12, 2000);
        Tape tape = option.tape();
        assertEquals(HestonAsian.INPUTS.length, tape.inputCount());
        assertEquals(option.normalCount(), tape.dataCount());
        Workspace w = tape.newWorkspace();
        double[] market = {100, 0.04, 1.5, 0.05, 0.3, -0.7, 0.03};
        for (long seed = 1; seed <= 2; seed++) {
            double[] z = BlackScholes.normals(option.normalCount(), seed);
            w.setData(z);
            double[] greeks = new double[market.length];
            double price = w.gradient(market, greeks);
            assertEquals(option.price(market, z), price, 1e-12 * price);
            assertCentralDifferences(option, market, z, greeks, " (seed " + seed + ")");
        }
    }

    @Test
    void hestonAsianGreeksAreTheSameWithCompiledLoops() {
        HestonAsian option = new HestonAsian(100, 1, 3, 400);
        Tape looped = option.tape(true);
        assertTrue(looped.compiledLoopCount() > 0, "compiled loops: " + looped.compiledLoopCount());
        Workspace a = looped.newWorkspace();
        Workspace b = option.tape(false).newWorkspace();
        double[] z = BlackScholes.normals(option.normalCount(), 9);
        a.setData(z);
        b.setData(z);
        double[] market = {100, 0.04, 1.5, 0.05, 0.3, -0.7, 0.03};
        double[] ga = new double[market.length];
        double[] gb = new double[market.length];
        assertEquals(b.gradient(market, gb), a.gradient(market, ga));
        assertArrayEquals(gb, ga);
    }

    /**
     * Each of {@code greeks} equals the central difference of the plain pricer on the same normals, step
     * {@code 1e-6 max(1, |input|)}, within {@code 1e-4 (1 + |difference|)}; {@code where} ends the failure message.
     */
    private static void assertCentralDifferences(HestonAsian option, double[] market, double[] z, double[] greeks,
            String where) {
        for (int i = 0; i < market.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(market[i]));
            double[] up = market.clone();
            double[] down = market.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (option.price(up, z) - option.price(down, z)) / (2 * h);
            assertEquals(fd, greeks[i], 1e-4 * (1 + Math.abs(fd)), "d price / d " + HestonAsian.INPUTS[i] + where);
        }
    }
}
