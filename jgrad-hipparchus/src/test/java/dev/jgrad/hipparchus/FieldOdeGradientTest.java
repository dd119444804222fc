package dev.jgrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.Field;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.ode.FieldExpandableODE;
import org.hipparchus.ode.FieldODEState;
import org.hipparchus.ode.FieldODEStateAndDerivative;
import org.hipparchus.ode.FieldOrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54FieldIntegrator;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;

/**
 * A field ODE integration differentiated through Hipparchus's adaptive Dormand–Prince 5(4) integrator: the gradient
 * of the final state of a forced, damped, nonlinear oscillator with respect to its four parameters, by one reverse
 * sweep over the tape, against the same integration run on Hipparchus's forward-mode {@link Gradient}.
 */
class FieldOdeGradientTest {

    /** {@code x'' = -k x - c x' - a x³ + cos(ω t)}: parameters {@code k, c, a, ω}. */
    static final class Oscillator<T extends CalculusFieldElement<T>> implements FieldOrdinaryDifferentialEquation<T> {
        private final T k;
        private final T c;
        private final T a;
        private final T omega;

        Oscillator(T[] p) {
            this.k = p[0];
            this.c = p[1];
            this.a = p[2];
            this.omega = p[3];
        }

        @Override
        public int getDimension() {
            return 2;
        }

        @Override
        public T[] computeDerivatives(T t, T[] y) {
            T[] dy = MathArrays.buildArray(t.getField(), 2);
            dy[0] = y[1];
            dy[1] = k.multiply(y[0]).add(c.multiply(y[1])).add(a.multiply(y[0].pow(3))).negate()
                    .add(omega.multiply(t).cos());
            return dy;
        }
    }

    /** {@code x(T)² + x'(T)} after integrating from {@code x = 1, x' = 0} to {@code T = 6}. */
    static <T extends CalculusFieldElement<T>> T finalState(T[] p) {
        Field<T> field = p[0].getField();
        T[] y0 = MathArrays.buildArray(field, 2);
        y0[0] = field.getOne();
        y0[1] = field.getZero();
        DormandPrince54FieldIntegrator<T> integrator = new DormandPrince54FieldIntegrator<>(field, 1e-8, 1, 1e-10,
                1e-10);
        FieldODEStateAndDerivative<T> end = integrator.integrate(new FieldExpandableODE<>(new Oscillator<>(p)),
                new FieldODEState<>(field.getZero(), y0), field.getZero().add(6));
        T[] y = end.getPrimaryState();
        return y[0].square().add(y[1]);
    }

    @Test
    void gradientThroughDormandPrinceMatchesHipparchusGradient() {
        double[] p0 = {2.0, 0.3, 0.5, 1.3};
        TapeField field = new TapeField();
        TapeNumber[] p = MathArrays.buildArray(field, 4);
        Gradient[] q = MathArrays.buildArray(Gradient.constant(4, 0).getField(), 4);
        for (int i = 0; i < 4; i++) {
            p[i] = field.variable(p0[i]);
            q[i] = Gradient.variable(4, i, p0[i]);
        }
        TapeNumber result = finalState(p);
        double[] gradient = field.gradient(result);
        Gradient expected = finalState(q);
        assertEquals(expected.getValue(), result.getReal(), 1e-12 * Math.abs(expected.getValue()));
        for (int i = 0; i < 4; i++) {
            double e = expected.getPartialDerivative(i);
            assertEquals(e, gradient[i], 1e-12 * Math.max(1, Math.abs(e)), "d/dp" + i);
            assertTrue(Math.abs(e) > 1e-3, "a parameter that matters: d/dp" + i + " = " + e);
        }
    }
}
