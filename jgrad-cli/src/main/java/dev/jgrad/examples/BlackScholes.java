package dev.jgrad.examples;

import dev.jgrad.Special;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Monte Carlo Greeks of a European call under Black–Scholes, the first example of adjoint algorithmic
 * differentiation (AAD) in finance: the discounted payoff is averaged over paths, and one reverse sweep of the
 * recorded tape gives its derivative with respect to every market parameter at once (pathwise derivatives).
 *
 * <p>The terminal price of path {@code i} is {@code S_T = S_0 exp((r - σ²/2) T + σ √T z_i)} with standard normal
 * {@code z_i}, and the price is {@code e^(-rT) mean(max(S_T - K, 0))}. The normals are the tape's <em>data</em>
 * inputs ({@link Tape#traceData}): new draws are bound before each replay, and no derivative is spent on them. The
 * differentiable inputs are {@code (S_0, σ, r)}, so the gradient is (delta, vega, rho). The strike and maturity are
 * constants of the recording.
 *
 * <p>Run {@code main} to print the Monte Carlo Greeks beside the closed form.
 */
public final class BlackScholes {

    /** The inputs of the tape, in order. */
    public static final String[] INPUTS = {"spot", "volatility", "rate"};

    private final double strike;
    private final double maturity;
    private final int paths;

    /**
     * A European call of the given strike and maturity, priced over {@code paths} Monte Carlo paths.
     *
     * @param strike   {@code K > 0}, finite
     * @param maturity {@code T > 0}, finite, in years
     * @param paths    the number of paths, {@code >= 1}
     * @throws IllegalArgumentException naming the first input out of its range
     */
    public BlackScholes(double strike, double maturity, int paths) {
        this.strike = Inputs.positive("strike", strike);
        this.maturity = Inputs.positive("maturity", maturity);
        this.paths = Inputs.atLeastOne("paths", paths);
    }

    /**
     * {@code count} standard normal draws from a seeded generator, as a Monte Carlo run uses them.
     *
     * @param count how many
     * @param seed  the generator's seed
     * @return the draws
     */
    public static double[] normals(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] z = new double[count];
        for (int i = 0; i < count; i += 2) {
            // Marsaglia's polar method: two normals per accepted point
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = Math.sqrt(-2 * Math.log(s) / s);
            z[i] = u * f;
            if (i + 1 < count) {
                z[i + 1] = v * f;
            }
        }
        return z;
    }

    /**
     * The Monte Carlo price in plain Java: what the tape computes, without derivatives.
     *
     * @param spot       {@code S_0 > 0}, finite
     * @param volatility {@code σ > 0}, finite
     * @param rate       {@code r}, finite; zero and negative rates are allowed
     * @param z          one standard normal per path: {@code paths} entries
     * @return {@code e^(-rT) mean(max(S_T - K, 0))}
     * @throws IllegalArgumentException naming the first input out of its range, or if {@code z} has not
     *                                  {@code paths} entries
     */
    public double price(double spot, double volatility, double rate, double[] z) {
        checkMarket(spot, volatility, rate);
        Inputs.length("z", z, paths);
        double drift = (rate - 0.5 * volatility * volatility) * maturity;
        double diffusion = volatility * Math.sqrt(maturity);
        double sum = 0;
        for (int i = 0; i < paths; i++) {
            double terminal = spot * Math.exp(drift + diffusion * z[i]);
            sum += Math.max(terminal - strike, 0);
        }
        return Math.exp(-rate * maturity) * sum / paths;
    }

    /**
     * The same computation recorded once: inputs {@code (S_0, σ, r)}, one data input per path (its normal).
     *
     * <p>A replay does not check its inputs as {@link #price} does. At {@code σ < 0} it computes the price at
     * {@code |σ|} on the normals {@code -z}, so the vega it gives is the negative of the vega at {@code |σ|}.
     *
     * @return the tape; its gradient is (delta, vega, rho)
     */
    public Tape tape() {
        return Tape.traceData(3, paths, (g, x, z) -> {
            int spot = x[0];
            int volatility = x[1];
            int rate = x[2];
            int drift = g.mul(g.sub(rate, g.mul(g.mul(volatility, volatility), 0.5)), maturity);
            int diffusion = g.mul(volatility, Math.sqrt(maturity));
            int sum = g.constant(0);
            for (int i = 0; i < paths; i++) {
                int terminal = g.mul(spot, g.exp(g.add(drift, g.mul(diffusion, z[i]))));
                sum = g.add(sum, g.relu(g.sub(terminal, strike)));
            }
            int discount = g.exp(g.mul(g.neg(rate), maturity));
            return new int[] {g.div(g.mul(discount, sum), (double) paths)};
        });
    }

    private static void checkMarket(double spot, double volatility, double rate) {
        Inputs.positive("spot", spot);
        Inputs.positive("volatility", volatility);
        Inputs.finite("rate", rate);
    }

    /** The standard normal distribution function. */
    static double normalCdf(double x) {
        return 0.5 * (1 + Special.erf(x / Math.sqrt(2)));
    }

    /**
     * The Black–Scholes price and Greeks in closed form: price {@code S N(d1) - K e^(-rT) N(d2)}, delta
     * {@code N(d1)}, vega {@code S φ(d1) √T}, rho {@code K T e^(-rT) N(d2)}, with
     * {@code d1 = (ln(S/K) + (r + σ²/2) T) / (σ √T)} and {@code d2 = d1 - σ √T}.
     *
     * @param spot       {@code S_0 > 0}, finite
     * @param volatility {@code σ > 0}, finite
     * @param rate       {@code r}, finite; zero and negative rates are allowed
     * @return {@code {price, delta, vega, rho}}
     * @throws IllegalArgumentException naming the first input out of its range
     */
    public double[] closedForm(double spot, double volatility, double rate) {
        checkMarket(spot, volatility, rate);
        double root = Math.sqrt(maturity);
        double d1 = (Math.log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * root);
        double d2 = d1 - volatility * root;
        double discounted = strike * Math.exp(-rate * maturity);
        double density = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
        return new double[] {
            spot * normalCdf(d1) - discounted * normalCdf(d2),
            normalCdf(d1),
            spot * density * root,
            discounted * maturity * normalCdf(d2)
        };
    }

    /**
     * Prints the Monte Carlo price and Greeks of an at-the-money one-year call (S = K = 100, σ = 20%, r = 5%) over
     * 100,000 paths beside the closed form.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        BlackScholes option = new BlackScholes(100, 1, 100_000);
        double[] market = {100, 0.2, 0.05};
        Workspace w = option.tape().newWorkspace();
        w.setData(normals(100_000, 42));
        double[] greeks = new double[3];
        double price = w.gradient(market, greeks);
        double[] exact = option.closedForm(market[0], market[1], market[2]);
        System.out.printf(Locale.ROOT, "price  %.4f  (closed form %.4f)%n", price, exact[0]);
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "d/d%-10s %.4f  (closed form %.4f)%n", INPUTS[i], greeks[i], exact[i + 1]);
        }
    }
}
