package dev.jgrad.commonsmath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.GradientFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;
import org.junit.jupiter.api.Test;

/**
 * Examples: logistic regression of virginica against versicolor on Fisher's iris data, fitted by Commons Math's
 * nonlinear conjugate gradient optimizer with jgrad's gradient, once through {@link JgradObjective} and once through
 * {@link JgradDifferentiableFunction} and Commons Math's {@link GradientFunction}; then the standard errors from the
 * second-order {@link DerivativeStructure} of the same function. The truth is computed here without jgrad: Newton's
 * method on the hand-derived gradient {@code Xᵀ(p - y)} and Hessian {@code Xᵀ W X} ({@code W = diag(p(1 - p))}).
 */
class LogisticIrisExampleTest {

    private static final IrisData IRIS = IrisData.versicolorVersusVirginica();

    /**
     * The negative log-likelihood {@code Σ_k softplus(z_k) - y_k z_k}, {@code z_k = w_0 + Σ_j w_j x_kj}: the
     * coefficients of the measurements in centimetres, as R's {@code glm} reports them.
     */
    private static final ScalarFunction NEGATIVE_LOG_LIKELIHOOD = w -> negativeLogLikelihood(w, IRIS.features());

    /**
     * The same likelihood in the coefficients of the standardized measurements, which the conjugate gradient method
     * needs (in centimetres the Hessian's condition number is about 10⁵ and it stops short of the optimum).
     */
    private static final ScalarFunction STANDARDIZED = w -> negativeLogLikelihood(w, IRIS.standardized());

    private static Value negativeLogLikelihood(Value[] w, double[][] features) {
        List<Value> terms = new ArrayList<>();
        for (int k = 0; k < IRIS.labels().length; k++) {
            Value z = w[0];
            for (int j = 0; j < 4; j++) {
                z = z.add(w[j + 1].mul(features[k][j]));
            }
            terms.add(z.softplus().sub(z.mul(IRIS.labels()[k])));
        }
        return Value.sum(terms);
    }

    @Test
    void conjugateGradientWithJgradObjectiveFindsTheMaximumLikelihoodEstimate() {
        PointValuePair best = optimizer().optimize(JgradObjective.value(STANDARDIZED),
                JgradObjective.gradient(STANDARDIZED), GoalType.MINIMIZE,
                new InitialGuess(new double[5]), new MaxEval(100_000));

        assertClose(newtonEstimate(), IRIS.inCentimetres(best.getPoint()), 1e-6);
    }

    @Test
    void conjugateGradientThroughDerivativeStructuresAndStandardErrorsFromTheSecondOrder() {
        PointValuePair best = optimizer().optimize(JgradObjective.value(STANDARDIZED),
                new ObjectiveFunctionGradient(new GradientFunction(new JgradDifferentiableFunction(STANDARDIZED))),
                GoalType.MINIMIZE, new InitialGuess(new double[5]), new MaxEval(100_000));
        double[] w = newtonEstimate();
        assertClose(w, IRIS.inCentimetres(best.getPoint()), 1e-6);

        // the observed information at the estimate is the Hessian of the negative log-likelihood
        DerivativeStructure[] t = new DerivativeStructure[5];
        for (int i = 0; i < 5; i++) {
            t[i] = new DerivativeStructure(5, 2, i, w[i]);
        }
        DerivativeStructure nll = new JgradDifferentiableFunction(NEGATIVE_LOG_LIKELIHOOD).value(t);
        double[][] expected = hessian(w);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                int[] orders = new int[5];
                orders[i]++;
                orders[j]++;
                assertEquals(expected[i][j], nll.getPartialDerivative(orders), 1e-9 * Math.abs(expected[i][j]),
                        "H[" + i + "][" + j + "]");
            }
        }
        double[][] covariance = new LUDecomposition(new Array2DRowRealMatrix(expected)).getSolver().getInverse()
                .getData();
        // R's glm on the same 100 flowers reports standard errors 25.7, 2.39, 4.48, 4.74, 9.74
        double[] standardErrors = {25.707, 2.394, 4.480, 4.737, 9.743};
        for (int i = 0; i < 5; i++) {
            assertEquals(standardErrors[i], Math.sqrt(covariance[i][i]), 5e-3 * standardErrors[i], "se " + i);
        }
    }

    private static NonLinearConjugateGradientOptimizer optimizer() {
        // the default line search (tolerances 1e-8) stops a few parts in 10⁴ short of the optimum here
        return new NonLinearConjugateGradientOptimizer(Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-15),
                1e-12, 1e-12, 1e-3);
    }

    /** Newton's method on the hand-derived gradient and Hessian, from 0: the independent truth. */
    private static double[] newtonEstimate() {
        double[] w = new double[5];
        for (int iteration = 0; iteration < 30; iteration++) {
            double[] g = new double[5];
            for (int k = 0; k < IRIS.labels().length; k++) {
                double[] x = row(k);
                double r = probability(w, x) - IRIS.labels()[k];
                for (int i = 0; i < 5; i++) {
                    g[i] += r * x[i];
                }
            }
            RealMatrix h = new Array2DRowRealMatrix(hessian(w));
            double[] step = new LUDecomposition(h).getSolver().solve(new ArrayRealVector(g)).toArray();
            for (int i = 0; i < 5; i++) {
                w[i] -= step[i];
            }
        }
        return w;
    }

    private static double[][] hessian(double[] w) {
        double[][] h = new double[5][5];
        for (int k = 0; k < IRIS.labels().length; k++) {
            double[] x = row(k);
            double p = probability(w, x);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    h[i][j] += p * (1 - p) * x[i] * x[j];
                }
            }
        }
        return h;
    }

    private static double[] row(int k) {
        double[] x = new double[5];
        x[0] = 1;
        System.arraycopy(IRIS.features()[k], 0, x, 1, 4);
        return x;
    }

    private static double probability(double[] w, double[] x) {
        double z = 0;
        for (int i = 0; i < 5; i++) {
            z += w[i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private static void assertClose(double[] expected, double[] actual, double relative) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), "coefficient " + i);
        }
    }
}
