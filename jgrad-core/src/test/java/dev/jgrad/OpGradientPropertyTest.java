package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Every operation's gradient against central finite differences over generated inputs: through the rule table
 * ({@link Value#apply}, for every constant of {@link Op}) and through each method of the {@code Value} API, with a
 * {@code Value} and with a {@code double} second operand. Inputs are kept inside each op's domain and away from the
 * kinks of relu, abs and sign, where a finite difference is meaningless.
 */
class OpGradientPropertyTest {

    private static final double TOLERANCE = 1e-6;

    /** Maps a raw input in [-3, 3] into the domain where {@code op}'s operand {@code arg} is smooth. */
    private static double domain(Op op, int arg, double raw) {
        return switch (op) {
            case ADD, SUB, MUL, NEG, SIN, COS, TANH, SIGMOID, SUM -> raw;
            case EXP -> raw * 1.5;
            case DIV -> arg == 1 ? awayFromZero(raw) : raw;
            case POW -> arg == 0 ? positive(raw) : raw;
            case LOG, SQRT -> positive(raw);
            case LOG1P -> positive(raw) - 0.5;
            case RELU, ABS, SIGN -> awayFromZero(raw);
            case WHERE -> arg == 0 ? awayFromZero(raw) : raw;
            case EXPM1, ATAN, SINH, COSH, SOFTPLUS, LOGSUMEXP -> raw;
            case TAN -> raw * 0.45;
            case ASIN, ACOS -> raw * 0.3;
            case ATAN2, HYPOT -> arg == 1 ? awayFromZero(raw) : raw;
            case MAX, MIN -> arg == 1 ? raw + 0.125 : raw;
            case CBRT -> awayFromZero(raw);
            case LOG10 -> positive(raw);
            case ASINH -> raw * 2;
            case ACOSH -> 1 + positive(raw);
            case ATANH -> raw * 0.3;
        };
    }

    private static double positive(double raw) {
        return 0.05 + Math.abs(raw) * 2;
    }

    private static double awayFromZero(double raw) {
        return raw + Math.copySign(0.05, raw);
    }

    @Property(tries = 400)
    void everyRuleOfTheTable(@ForAll Op op, @ForAll @DoubleRange(min = -3, max = 3) double r0,
            @ForAll @DoubleRange(min = -3, max = 3) double r1, @ForAll @DoubleRange(min = -3, max = 3) double r2,
            @ForAll @IntRange(min = 1, max = 5) int terms) {
        double[] raw = {r0, r1, r2, r0 * r1, r2 - r1};
        int arity = op.arity() == -1 ? terms : op.arity();
        double[] x = new double[arity];
        for (int i = 0; i < arity; i++) {
            x[i] = domain(op, i, raw[i]);
        }
        FiniteDifferences.check(v -> Value.apply(op, v), TOLERANCE, x);
    }

    @Property(tries = 100)
    void unaryMethods(@ForAll @DoubleRange(min = -3, max = 3) double raw) {
        List<Function<Value, Value>> smoothEverywhere = List.of(Value::neg, Value::exp, Value::tanh,
                Value::sigmoid, Value::sin, Value::cos, Value::unaryMinus);
        for (Function<Value, Value> f : smoothEverywhere) {
            FiniteDifferences.check(v -> f.apply(v[0]), TOLERANCE, raw);
        }
        FiniteDifferences.check(v -> v[0].log(), TOLERANCE, positive(raw));
        FiniteDifferences.check(v -> v[0].sqrt(), TOLERANCE, positive(raw));
        for (Function<Value, Value> f : List.<Function<Value, Value>>of(Value::relu, Value::abs, Value::sign)) {
            FiniteDifferences.check(v -> f.apply(v[0]), TOLERANCE, awayFromZero(raw));
        }
    }

    /**
     * Second derivatives: each rule's Hessian (its partials differentiated through the table again) against central
     * differences of its gradient, Richardson-extrapolated, relative to {@code max(1, |entry|)}.
     */
    @Property(tries = 300)
    void everyRulesHessianAgainstDifferencesOfItsGradient(@ForAll Op op,
            @ForAll @DoubleRange(min = -3, max = 3) double r0, @ForAll @DoubleRange(min = -3, max = 3) double r1,
            @ForAll @DoubleRange(min = -3, max = 3) double r2, @ForAll @IntRange(min = 1, max = 4) int terms) {
        double[] raw = {r0, r1, r2, r0 * r1};
        int arity = op.arity() == -1 ? terms : op.arity();
        double[] x = new double[arity];
        for (int i = 0; i < arity; i++) {
            x[i] = domain(op, i, raw[i]);
        }
        // at (0, 0) pow's derivatives are PyTorch's special zeros, not limits
        Assume.that(op != Op.POW || x[0] != 0 || x[1] != 0);
        ScalarFunction f = v -> Value.apply(op, v);
        double[][] hessian = Grad.hessian(f, x);
        for (int j = 0; j < arity; j++) {
            double h = 1e-4 * Math.max(1, Math.abs(x[j]));
            double[] coarse = difference(f, x, j, h);
            double[] fine = difference(f, x, j, h / 2);
            for (int i = 0; i < arity; i++) {
                double numeric = (4 * fine[i] - coarse[i]) / 3;
                Assume.that(Double.isFinite(numeric)
                        && Math.abs(fine[i] - coarse[i]) <= 1e-3 * Math.max(1, Math.abs(fine[i])));
                double scale = Math.max(1, Math.abs(hessian[i][j]));
                assertEquals(numeric, hessian[i][j], 1e-5 * scale,
                        op + " d2/dx" + i + "dx" + j + " at " + Arrays.toString(x));
            }
        }
    }

    /** The central difference of the gradient along {@code x[j]}, with step {@code h}. */
    private static double[] difference(ScalarFunction f, double[] x, int j, double h) {
        double[] up = x.clone();
        double[] down = x.clone();
        up[j] += h;
        down[j] -= h;
        double[] gUp = Grad.grad(f, up);
        double[] gDown = Grad.grad(f, down);
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = (gUp[i] - gDown[i]) / (2 * h);
        }
        return d;
    }

    @Property(tries = 100)
    void methodsOfTheExtendedTable(@ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b, @ForAll @DoubleRange(min = -3, max = 3) double c) {
        for (Function<Value, Value> f : List.<Function<Value, Value>>of(Value::expm1, Value::atan, Value::sinh,
                Value::cosh, Value::softplus)) {
            FiniteDifferences.check(v -> f.apply(v[0]), TOLERANCE, a);
        }
        FiniteDifferences.check(v -> v[0].log1p(), TOLERANCE, positive(a) - 0.5);
        FiniteDifferences.check(v -> v[0].tan(), TOLERANCE, a * 0.45);
        FiniteDifferences.check(v -> v[0].asin(), TOLERANCE, a * 0.3);
        FiniteDifferences.check(v -> v[0].acos(), TOLERANCE, a * 0.3);
        FiniteDifferences.check(v -> v[0].atan2(v[1]), TOLERANCE, a, awayFromZero(b));
        FiniteDifferences.check(v -> v[0].hypot(v[1]), TOLERANCE, a, awayFromZero(b));
        FiniteDifferences.check(v -> Value.max(v[0], v[1].mul(v[1])), TOLERANCE, a, b + 0.125);
        FiniteDifferences.check(v -> Value.min(v[0], v[1].mul(v[1])), TOLERANCE, a, b + 0.125);
        FiniteDifferences.check(v -> Value.logsumexp(v[0], v[1].mul(300), v[2], v[0].neg()), TOLERANCE, a, b, c);
    }

    @Property(tries = 100)
    void binaryMethodsWithValueOperands(@ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b) {
        FiniteDifferences.check(v -> v[0].add(v[1]), TOLERANCE, a, b);
        FiniteDifferences.check(v -> v[0].sub(v[1]), TOLERANCE, a, b);
        FiniteDifferences.check(v -> v[0].mul(v[1]), TOLERANCE, a, b);
        FiniteDifferences.check(v -> v[0].div(v[1]), TOLERANCE, a, awayFromZero(b));
        FiniteDifferences.check(v -> v[0].pow(v[1]), TOLERANCE, positive(a), b);
        FiniteDifferences.check(v -> v[0].plus(v[1]), TOLERANCE, a, b);
        FiniteDifferences.check(v -> v[0].minus(v[1]), TOLERANCE, a, b);
        FiniteDifferences.check(v -> v[0].times(v[1]), TOLERANCE, a, b);
    }

    @Property(tries = 100)
    void binaryMethodsWithDoubleOperands(@ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b, @ForAll @IntRange(min = -3, max = 3) int n) {
        FiniteDifferences.check(v -> v[0].add(b), TOLERANCE, a);
        FiniteDifferences.check(v -> v[0].sub(b), TOLERANCE, a);
        FiniteDifferences.check(v -> v[0].mul(b), TOLERANCE, a);
        FiniteDifferences.check(v -> v[0].div(awayFromZero(b)), TOLERANCE, a);
        FiniteDifferences.check(v -> v[0].pow(b), TOLERANCE, positive(a));
        FiniteDifferences.check(v -> v[0].pow(n), TOLERANCE, awayFromZero(a));
        FiniteDifferences.check(v -> v[0].plus(b), TOLERANCE, a);
        FiniteDifferences.check(v -> v[0].minus(b), TOLERANCE, a);
        FiniteDifferences.check(v -> v[0].times(b), TOLERANCE, a);
    }

    @Property(tries = 100)
    void doubleOperandIsTheValueOperandWrappedInALeaf(@ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b) {
        Value x = Value.of(positive(a));
        List<Value[]> pairs = List.of(
                new Value[] {x.add(b), x.add(Value.of(b))},
                new Value[] {x.sub(b), x.sub(Value.of(b))},
                new Value[] {x.mul(b), x.mul(Value.of(b))},
                new Value[] {x.div(b), x.div(Value.of(b))},
                new Value[] {x.pow(b), x.pow(Value.of(b))});
        for (Value[] pair : pairs) {
            assertEquals(pair[1].data(), pair[0].data(), pair[0].op());
            assertEquals(pair[1].op(), pair[0].op());
            assertSame(x, pair[0].inputs().get(0));
            assertEquals(b, pair[0].inputs().get(1).data());
        }
    }

    @Property(tries = 100)
    void whereAndSum(@ForAll @DoubleRange(min = -3, max = 3) double c, @ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b) {
        FiniteDifferences.check(v -> Value.where(v[0], v[1].mul(v[1]), v[2].sin()), TOLERANCE, awayFromZero(c), a, b);
        FiniteDifferences.check(v -> Value.sum(v[0], v[1].mul(v[0]), v[2], v[0]), TOLERANCE, c, a, b);
        FiniteDifferences.check(v -> Value.sum(Arrays.asList(v[0], v[1], v[1].exp())), TOLERANCE, c, a, b);
    }
}
