package dev.jgrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Value;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.optim.SimpleVectorValueChecker;
import org.hipparchus.optim.nonlinear.vector.leastsquares.GaussNewtonOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.junit.jupiter.api.Test;

/**
 * The least-squares adapter, {@link HipparchusAdapters#model}, as a user would write it: the NIST StRD nonlinear
 * regression problem Misra1a (dental research monomolecular adsorption, {@code y = b1 (1 - e^(-b2 x))}, 14
 * observations), fitted from NIST's first starting point by Hipparchus's Levenberg–Marquardt and Gauss–Newton
 * optimizers with jgrad's Jacobian, against NIST's certified values.
 */
class CurveFitExampleTest {

    static final double[] X = {77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1,
        689.1, 760.0};
    static final double[] Y = {10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40,
        75.47, 81.78};

    /** NIST's certified estimates and residual sum of squares. */
    static final double B1 = 2.3894212918E+02;
    static final double B2 = 5.5015643181E-04;
    static final double RESIDUAL_SUM_OF_SQUARES = 1.2455138894E-01;

    /** The model at every observation: the user writes only this, over jgrad values. */
    static Value[] misra1a(Value[] b) {
        Value[] predicted = new Value[X.length];
        for (int i = 0; i < X.length; i++) {
            predicted[i] = b[0].mul(b[1].mul(-X[i]).exp().neg().add(1));
        }
        return predicted;
    }

    static LeastSquaresProblem problem() {
        return new LeastSquaresBuilder()
                .model(HipparchusAdapters.model(CurveFitExampleTest::misra1a))
                .target(Y)
                .start(new double[] {500, 1e-4})
                .maxEvaluations(1000)
                .maxIterations(1000)
                .checkerPair(new SimpleVectorValueChecker(1e-12, 1e-12))
                .build();
    }

    private static void assertCertified(LeastSquaresOptimizer.Optimum optimum) {
        double[] b = optimum.getPoint().toArray();
        assertEquals(B1, b[0], B1 * 1e-8);
        assertEquals(B2, b[1], B2 * 1e-8);
        double rss = optimum.getResiduals().dotProduct(optimum.getResiduals());
        assertEquals(RESIDUAL_SUM_OF_SQUARES, rss, RESIDUAL_SUM_OF_SQUARES * 1e-8);
    }

    @Test
    void levenbergMarquardtReachesTheCertifiedValues() {
        assertCertified(new LevenbergMarquardtOptimizer().optimize(problem()));
    }

    @Test
    void gaussNewtonReachesTheCertifiedValues() {
        assertCertified(new GaussNewtonOptimizer().optimize(problem()));
    }

    @Test
    void theJacobianIsTheClosedForm() {
        double b1 = 240;
        double b2 = 5e-4;
        var jacobian = HipparchusAdapters.model(CurveFitExampleTest::misra1a)
                .value(new ArrayRealVector(new double[] {b1, b2})).getSecond();
        for (int i = 0; i < X.length; i++) {
            double e = Math.exp(-b2 * X[i]);
            assertEquals(1 - e, jacobian.getEntry(i, 0), 1e-15);
            assertEquals(b1 * X[i] * e, jacobian.getEntry(i, 1), 1e-10);
        }
    }
}
