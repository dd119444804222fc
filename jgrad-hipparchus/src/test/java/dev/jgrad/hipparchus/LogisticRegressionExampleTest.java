package dev.jgrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.analysis.differentiation.GradientFunction;
import org.hipparchus.analysis.differentiation.MultivariateDifferentiableFunction;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.optim.ConvergenceChecker;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.junit.jupiter.api.Test;

/**
 * The differentiable-function adapter, {@link HipparchusAdapters#differentiable}, as a user would write it: logistic
 * regression telling Iris versicolor from Iris virginica (Fisher's iris data, 100 flowers, 4 measurements) by
 * penalized maximum likelihood, with Hipparchus's nonlinear conjugate gradient optimizer fed through its own
 * {@link GradientFunction}. The optimum is checked independently: central finite differences of the
 * log-likelihood computed in plain doubles vanish there, and the model classifies the flowers.
 */
class LogisticRegressionExampleTest {

    /** Features: the four measurements, standardized; labels 1 for virginica. */
    private static final double[][] FEATURES;
    private static final double[] LABELS;

    static {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LogisticRegressionExampleTest.class.getResourceAsStream("/iris.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",");
                if (!cells[4].equals("0")) {
                    double[] row = new double[5];
                    for (int j = 0; j < 5; j++) {
                        row[j] = Double.parseDouble(cells[j]);
                    }
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        FEATURES = new double[rows.size()][4];
        LABELS = new double[rows.size()];
        for (int j = 0; j < 4; j++) {
            double mean = 0;
            for (double[] row : rows) {
                mean += row[j] / rows.size();
            }
            double variance = 0;
            for (double[] row : rows) {
                variance += (row[j] - mean) * (row[j] - mean) / rows.size();
            }
            for (int i = 0; i < rows.size(); i++) {
                FEATURES[i][j] = (rows.get(i)[j] - mean) / Math.sqrt(variance);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            LABELS[i] = rows.get(i)[4] - 1;
        }
    }

    /** The ridge penalty {@code λ/2 |w|²} on the four weights (not the intercept). */
    private static final double LAMBDA = 0.01;

    /**
     * The mean negative log-likelihood of weights {@code w[0..3]} and intercept {@code w[4]} plus the ridge penalty,
     * over jgrad values.
     */
    static final ScalarFunction LOSS = w -> {
        Value[] terms = new Value[LABELS.length + 4];
        for (int j = 0; j < 4; j++) {
            terms[LABELS.length + j] = w[j].mul(w[j]).mul(LAMBDA / 2 * LABELS.length);
        }
        for (int i = 0; i < LABELS.length; i++) {
            Value z = w[4];
            for (int j = 0; j < 4; j++) {
                z = z.add(w[j].mul(FEATURES[i][j]));
            }
            terms[i] = z.softplus().sub(z.mul(LABELS[i]));
        }
        return Value.sum(terms).div(LABELS.length);
    };

    /** The same loss in plain doubles, the independent check. */
    static double plainLoss(double[] w) {
        double sum = 0;
        for (int i = 0; i < LABELS.length; i++) {
            double z = w[4];
            for (int j = 0; j < 4; j++) {
                z += w[j] * FEATURES[i][j];
            }
            sum += Math.log1p(Math.exp(z)) - LABELS[i] * z;
        }
        double penalty = 0;
        for (int j = 0; j < 4; j++) {
            penalty += LAMBDA / 2 * w[j] * w[j];
        }
        return sum / LABELS.length + penalty;
    }

    @Test
    void conjugateGradientFitsTheIrisModel() {
        MultivariateDifferentiableFunction f = HipparchusAdapters.differentiable(LOSS);
        GradientFunction gradient = new GradientFunction(f);
        // stop where the gradient vanishes, which the exact reverse-mode gradient makes a sharp test
        ConvergenceChecker<PointValuePair> stationary = (iteration, previous, current) ->
                new ArrayRealVector(gradient.value(current.getPoint()), false).getNorm() < 1e-7;
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, stationary, 1e-12, 1e-12, 1);
        PointValuePair optimum = optimizer.optimize(new MaxEval(20000), new ObjectiveFunction(f),
                new ObjectiveFunctionGradient(gradient), GoalType.MINIMIZE,
                new InitialGuess(new double[5]));
        double[] w = optimum.getPoint();
        assertEquals(plainLoss(w), optimum.getValue(), 1e-10);
        for (int j = 0; j < 5; j++) {
            double h = 1e-5;
            double[] up = w.clone();
            double[] down = w.clone();
            up[j] += h;
            down[j] -= h;
            double slope = (plainLoss(up) - plainLoss(down)) / (2 * h);
            assertEquals(0, slope, 1e-6, "slope of the loss at the optimum along w" + j);
        }
        int right = 0;
        for (int i = 0; i < LABELS.length; i++) {
            double z = w[4];
            for (int j = 0; j < 4; j++) {
                z += w[j] * FEATURES[i][j];
            }
            right += (z > 0) == (LABELS[i] == 1) ? 1 : 0;
        }
        assertTrue(right >= 95, "flowers classified right: " + right + " of 100");
    }

    @Test
    void derivativeStructuresGetTheReverseModeGradientByTheChainRule() {
        double[] w = {0.3, -0.2, 1.1, 0.8, -0.1};
        MultivariateDifferentiableFunction f = HipparchusAdapters.differentiable(LOSS);
        double[] viaStructures = new GradientFunction(f).value(w);
        assertArrayEquals(HipparchusAdapters.gradient(LOSS).value(w), viaStructures, 1e-15);
        for (int j = 0; j < 5; j++) {
            double h = 1e-6;
            double[] up = w.clone();
            double[] down = w.clone();
            up[j] += h;
            down[j] -= h;
            assertEquals((plainLoss(up) - plainLoss(down)) / (2 * h), viaStructures[j], 1e-8);
        }
    }
}
