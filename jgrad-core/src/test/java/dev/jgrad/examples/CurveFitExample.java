package dev.jgrad.examples;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.util.Arrays;
import java.util.Random;

/**
 * Fits {@code y = a · exp(-b t) + c} to noisy samples by least squares, twice: with plain gradient descent and with
 * Newton steps on the same loss (the Hessian from {@link Grad#hessian}). The loss is written once, over
 * {@link Value}s; jgrad supplies its gradient and its Hessian.
 *
 * <p>Run: {@code java -cp jgrad-core/target/classes:jgrad-core/target/test-classes dev.jgrad.examples.CurveFitExample}
 */
public final class CurveFitExample {

    /** The parameters the data are generated from: a, b, c. */
    public static final double[] TRUE_PARAMETERS = {2.5, 1.3, 0.5};

    /**
     * A fit.
     *
     * @param parameters the fitted a, b, c
     * @param loss       the mean squared error there
     * @param steps      the steps taken
     */
    public record Fit(double[] parameters, double loss, int steps) {
    }

    private CurveFitExample() {
    }

    /** 40 samples on t in [0, 4] of the true curve plus Gaussian noise of standard deviation 0.05 (seeded). */
    public static double[][] data(long seed) {
        Random random = new Random(seed);
        int n = 40;
        double[] t = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 4.0 * i / (n - 1);
            y[i] = TRUE_PARAMETERS[0] * Math.exp(-TRUE_PARAMETERS[1] * t[i]) + TRUE_PARAMETERS[2]
                    + 0.05 * random.nextGaussian();
        }
        return new double[][] {t, y};
    }

    /** The mean squared error of the model with parameters p = (a, b, c) on the samples. */
    public static ScalarFunction loss(double[] t, double[] y) {
        return p -> {
            Value[] squares = new Value[t.length];
            for (int i = 0; i < t.length; i++) {
                Value model = p[0].mul(p[1].mul(-t[i]).exp()).add(p[2]);
                squares[i] = model.sub(y[i]).pow(2);
            }
            return Value.sum(squares).div(t.length);
        };
    }

    /** Gradient descent with a fixed learning rate. */
    public static Fit gradientDescent(ScalarFunction loss, double[] start, double learningRate, int steps) {
        double[] p = start.clone();
        for (int k = 0; k < steps; k++) {
            double[] g = Grad.grad(loss, p);
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * g[i];
            }
        }
        return new Fit(p, Grad.valueAndGrad(loss, p).value(), steps);
    }

    /** Newton steps (halved until the loss decreases) until the gradient's norm is below {@code tolerance}. */
    public static Fit newton(ScalarFunction loss, double[] start, double tolerance, int maxSteps) {
        NewtonExample.Result r = NewtonExample.minimize(loss, start, tolerance, maxSteps, false);
        return new Fit(r.x(), r.value(), r.iterations());
    }

    /** Prints both fits. */
    public static void main(String[] args) {
        double[][] data = data(42);
        ScalarFunction loss = loss(data[0], data[1]);
        double[] start = {1, 1, 0};
        Fit gd = gradientDescent(loss, start, 0.1, 2000);
        Fit nt = newton(loss, start, 1e-10, 50);
        System.out.printf("true parameters      a, b, c = %s%n", Arrays.toString(TRUE_PARAMETERS));
        System.out.printf("gradient descent     a, b, c = %s  loss %.6e after %d steps%n",
                Arrays.toString(gd.parameters()), gd.loss(), gd.steps());
        System.out.printf("Newton               a, b, c = %s  loss %.6e after %d steps%n",
                Arrays.toString(nt.parameters()), nt.loss(), nt.steps());
    }
}
