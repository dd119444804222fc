package dev.jgrad.bench;

import dev.jgrad.hipparchus.TapeField;
import dev.jgrad.hipparchus.TapeNumber;
import java.util.concurrent.TimeUnit;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.Field;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.ode.FieldExpandableODE;
import org.hipparchus.ode.FieldODEState;
import org.hipparchus.ode.FieldOrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54FieldIntegrator;
import org.hipparchus.util.MathArrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gradient of an ODE solution with respect to n parameters through Hipparchus's adaptive Dormand–Prince 5(4)
 * field integrator: jgrad's reverse-mode {@link TapeNumber} (record, then one backward sweep) against Hipparchus's
 * forward-mode {@link Gradient} (n derivatives carried through every operation). The model is a chain of n damped
 * oscillators, each with its own stiffness {@code k_i}, coupled to its neighbours; the result is
 * {@code Σ x_i(T)²} and the gradient is with respect to every {@code k_i}. Both runs execute the same generic code
 * and take the same steps. Scores are milliseconds per gradient.
 *
 * <pre>java -jar jgrad-bench/target/benchmarks.jar HipparchusOdeBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HipparchusOdeBenchmark {

    /** The number of oscillators, which is the number of parameters. */
    @Param({"10", "100", "1000"})
    public int n;

    static final double DAMPING = 0.1;
    static final double COUPLING = 0.5;
    static final double END = 2;

    /** {@code x_i'' = -k_i x_i - c x_i' + κ (x_{i-1} - 2 x_i + x_{i+1})}, fixed ends; state {@code (x, x')}. */
    static final class Chain<T extends CalculusFieldElement<T>> implements FieldOrdinaryDifferentialEquation<T> {
        private final T[] k;

        Chain(T[] k) {
            this.k = k;
        }

        @Override
        public int getDimension() {
            return 2 * k.length;
        }

        @Override
        public T[] computeDerivatives(T t, T[] y) {
            int n = k.length;
            T[] dy = MathArrays.buildArray(t.getField(), 2 * n);
            for (int i = 0; i < n; i++) {
                T x = y[i];
                T laplacian = x.multiply(-2);
                if (i > 0) {
                    laplacian = laplacian.add(y[i - 1]);
                }
                if (i < n - 1) {
                    laplacian = laplacian.add(y[i + 1]);
                }
                dy[i] = y[n + i];
                dy[n + i] = laplacian.multiply(COUPLING).subtract(k[i].multiply(x)).subtract(y[n + i].multiply(DAMPING));
            }
            return dy;
        }
    }

    /** The starting stiffness of oscillator {@code i}. */
    static double stiffness(int i) {
        return 1 + 0.5 * (i % 7) / 7.0;
    }

    /** {@code Σ x_i(T)²} after integrating the chain from {@code x_i = sin(i + 1), x_i' = 0}. */
    static <T extends CalculusFieldElement<T>> T objective(T[] k) {
        Field<T> field = k[0].getField();
        int n = k.length;
        T[] y0 = MathArrays.buildArray(field, 2 * n);
        for (int i = 0; i < n; i++) {
            y0[i] = field.getZero().add(Math.sin(i + 1));
        }
        DormandPrince54FieldIntegrator<T> integrator = new DormandPrince54FieldIntegrator<>(field, 1e-6, 1, 1e-8,
                1e-8);
        T[] y = integrator.integrate(new FieldExpandableODE<>(new Chain<>(k)), new FieldODEState<>(field.getZero(), y0),
                field.getZero().add(END)).getPrimaryState();
        T sum = field.getZero();
        for (int i = 0; i < n; i++) {
            sum = sum.add(y[i].square());
        }
        return sum;
    }

    /**
     * The gradient by jgrad's tape: record the integration, sweep once. The field is reset and reused, as a program
     * taking many gradients would, so the tape's arrays are allocated once.
     */
    static double[] tapeGradient(TapeField field, int n) {
        field.reset();
        TapeNumber[] k = MathArrays.buildArray(field, n);
        for (int i = 0; i < n; i++) {
            k[i] = field.variable(stiffness(i));
        }
        return field.gradient(objective(k));
    }

    /** The gradient by Hipparchus's forward mode. */
    static double[] hipparchusGradient(int n) {
        Gradient[] k = MathArrays.buildArray(GradientField.getField(n), n);
        for (int i = 0; i < n; i++) {
            k[i] = Gradient.variable(n, i, stiffness(i));
        }
        return objective(k).getGradient();
    }

    /** The tape, reused from one gradient to the next. */
    private final TapeField field = new TapeField();

    @Benchmark
    public double[] jgradTape() {
        return tapeGradient(field, n);
    }

    @Benchmark
    public double[] hipparchusGradient() {
        return hipparchusGradient(n);
    }
}
