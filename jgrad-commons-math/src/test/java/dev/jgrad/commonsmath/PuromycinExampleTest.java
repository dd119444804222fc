package dev.jgrad.commonsmath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Value;
import dev.jgrad.VectorFunction;
import org.apache.commons.math3.fitting.leastsquares.EvaluationRmsChecker;
import org.apache.commons.math3.fitting.leastsquares.GaussNewtonOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * Example: a Michaelis-Menten curve {@code v = V_max c / (K + c)} fitted by least squares to the Puromycin data
 * (Treloar 1974, reaction velocity of an enzyme treated with Puromycin against substrate concentration; R's
 * {@code datasets::Puromycin}, state "treated"), with Commons Math's Levenberg-Marquardt and Gauss-Newton
 * optimizers and {@link JgradJacobianFunction}. The truth: the residuals are orthogonal to the hand-derived Jacobian
 * columns {@code c/(K + c)} and {@code -V_max c/(K + c)²} at the optimum (the normal equations), the estimate agrees
 * with R's {@code nls} ({@code V_max = 212.7}, {@code K = 0.06412}), and noise-free data give back the parameters
 * that made them.
 */
class PuromycinExampleTest {

    /** Substrate concentration, ppm. */
    private static final double[] CONCENTRATION = {0.02, 0.02, 0.06, 0.06, 0.11, 0.11, 0.22, 0.22, 0.56, 0.56,
        1.10, 1.10};
    /** Initial reaction velocity, counts/min². */
    private static final double[] VELOCITY = {76, 47, 97, 107, 123, 139, 159, 152, 191, 201, 207, 200};

    /** The predicted velocity at each concentration, for the parameters {@code (V_max, K)}. */
    private static final VectorFunction MICHAELIS_MENTEN = p -> {
        Value[] v = new Value[CONCENTRATION.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = p[0].mul(CONCENTRATION[k]).div(p[1].add(CONCENTRATION[k]));
        }
        return v;
    };

    @Test
    void levenbergMarquardtFitsPuromycin() {
        double[] fit = fit(levenbergMarquardt(), VELOCITY);
        assertNormalEquations(fit);
        assertEquals(212.68, fit[0], 0.01);
        assertEquals(0.06412, fit[1], 1e-5);
    }

    @Test
    void gaussNewtonFitsPuromycinToTheSameEstimate() {
        double[] gaussNewton = fit(new GaussNewtonOptimizer(), VELOCITY);
        double[] levenbergMarquardt = fit(levenbergMarquardt(), VELOCITY);
        assertNormalEquations(gaussNewton);
        assertEquals(levenbergMarquardt[0], gaussNewton[0], 1e-6 * levenbergMarquardt[0]);
        assertEquals(levenbergMarquardt[1], gaussNewton[1], 1e-6 * levenbergMarquardt[1]);
    }

    @Test
    void noiseFreeDataGiveBackTheirParameters() {
        double[] exact = new double[CONCENTRATION.length];
        for (int k = 0; k < exact.length; k++) {
            exact[k] = 180 * CONCENTRATION[k] / (0.09 + CONCENTRATION[k]);
        }
        for (LeastSquaresOptimizer optimizer : new LeastSquaresOptimizer[] {levenbergMarquardt(),
                new GaussNewtonOptimizer()}) {
            double[] fit = fit(optimizer, exact);
            assertEquals(180, fit[0], 1e-8);
            assertEquals(0.09, fit[1], 1e-11);
        }
    }

    @Test
    void jacobianMatchesTheHandDerivedColumns() {
        double vmax = 200;
        double kappa = 0.05;
        Pair<RealVector, RealMatrix> r = new JgradJacobianFunction(MICHAELIS_MENTEN)
                .value(new ArrayRealVector(new double[] {vmax, kappa}));
        for (int k = 0; k < CONCENTRATION.length; k++) {
            double c = CONCENTRATION[k];
            assertEquals(vmax * c / (kappa + c), r.getFirst().getEntry(k), 1e-12);
            assertEquals(c / (kappa + c), r.getSecond().getEntry(k, 0), 1e-15);
            assertEquals(-vmax * c / ((kappa + c) * (kappa + c)), r.getSecond().getEntry(k, 1), 1e-10);
        }
    }

    /** With the default tolerances (1e-10) it stops before the normal equations hold to 1e-8. */
    private static LevenbergMarquardtOptimizer levenbergMarquardt() {
        return new LevenbergMarquardtOptimizer().withCostRelativeTolerance(1e-15).withParameterRelativeTolerance(1e-15);
    }

    private static double[] fit(LeastSquaresOptimizer optimizer, double[] observed) {
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .model(new JgradJacobianFunction(MICHAELIS_MENTEN))
                .target(observed)
                .start(new double[] {200, 0.1})
                .maxEvaluations(1000)
                .maxIterations(1000)
                .checker(new EvaluationRmsChecker(1e-13, 1e-13))
                .build();
        return optimizer.optimize(problem).getPoint().toArray();
    }

    /** {@code Σ_k r_k ∂v_k/∂θ_j = 0} for both parameters, with the partials written out by hand. */
    private static void assertNormalEquations(double[] fit) {
        double vmax = fit[0];
        double kappa = fit[1];
        double alongVmax = 0;
        double alongK = 0;
        double scaleVmax = 0;
        double scaleK = 0;
        for (int k = 0; k < CONCENTRATION.length; k++) {
            double c = CONCENTRATION[k];
            double residual = VELOCITY[k] - vmax * c / (kappa + c);
            double dVmax = c / (kappa + c);
            double dK = -vmax * c / ((kappa + c) * (kappa + c));
            alongVmax += residual * dVmax;
            alongK += residual * dK;
            scaleVmax += Math.abs(residual * dVmax);
            scaleK += Math.abs(residual * dK);
        }
        assertEquals(0, alongVmax, 1e-8 * scaleVmax, "residuals against the V_max column");
        assertEquals(0, alongK, 1e-8 * scaleK, "residuals against the K column");
    }
}
