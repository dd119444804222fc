package dev.jgrad.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.FieldElement;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.linear.FieldLUDecomposition;
import org.hipparchus.linear.FieldMatrix;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every method of {@link CalculusFieldElement} on {@link TapeNumber} against Hipparchus's own forward-mode
 * {@link Gradient} on the same computation: value and both partial derivatives to 1e-12, at points inside each
 * method's domain and at signed zeros where Hipparchus defines a one-sided derivative. A reflection check makes sure
 * no method of the interface is left out of the table.
 */
class TapeNumberTest {

    /** One method applied to two variables {@code x, y} at a point. */
    record Case<T>(double x, double y, BinaryOperator<T> f) {
    }

    /**
     * The table: one or more cases per method of the interface, keyed by method name (a suffix after '#' tells
     * overloads or points apart). Written once over any {@code CalculusFieldElement}, run on both implementations.
     */
    static <T extends CalculusFieldElement<T>> Map<String, Case<T>> cases() {
        Map<String, Case<T>> m = new LinkedHashMap<>();
        m.put("add", new Case<>(0.7, -1.3, T::add));
        m.put("add#double", new Case<>(0.7, -1.3, (x, y) -> x.add(2.5).multiply(y)));
        m.put("subtract", new Case<>(0.7, -1.3, T::subtract));
        m.put("subtract#double", new Case<>(0.7, -1.3, (x, y) -> x.subtract(2.5).multiply(y)));
        m.put("negate", new Case<>(0.7, -1.3, (x, y) -> x.negate().multiply(y)));
        m.put("multiply", new Case<>(0.7, -1.3, T::multiply));
        m.put("multiply#double", new Case<>(0.7, -1.3, (x, y) -> x.multiply(2.5).add(y.multiply(-3))));
        m.put("divide", new Case<>(0.7, -1.3, T::divide));
        m.put("divide#double", new Case<>(0.7, -1.3, (x, y) -> x.divide(2.5).add(y)));
        m.put("reciprocal", new Case<>(0.7, -1.3, (x, y) -> x.reciprocal().multiply(y.reciprocal())));
        m.put("getAddendum", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).getAddendum().multiply(x)));
        m.put("getPi", new Case<>(0.7, -1.3, (x, y) -> x.getPi().multiply(x)));
        m.put("newInstance", new Case<>(0.7, -1.3, (x, y) -> x.newInstance(4.5).multiply(y)));
        m.put("getField", new Case<>(0.7, -1.3, (x, y) -> x.getField().getOne().add(x.getField().getZero()).add(y)));
        m.put("scalb", new Case<>(0.7, -1.3, (x, y) -> x.scalb(5).add(y.scalb(-3))));
        m.put("scalb#huge", new Case<>(0.7, -1.3, (x, y) -> x.scalb(1030).scalb(-1040).add(y)));
        m.put("ulp", new Case<>(0.7, -1.3, (x, y) -> x.ulp().add(y)));
        m.put("hypot", new Case<>(0.7, -1.3, T::hypot));
        m.put("sqrt", new Case<>(0.7, -1.3, (x, y) -> x.sqrt().multiply(y)));
        m.put("cbrt", new Case<>(0.7, -1.3, (x, y) -> x.cbrt().add(y.cbrt())));
        m.put("rootN", new Case<>(0.7, -1.3, (x, y) -> x.rootN(5).add(y.rootN(3)).add(x.rootN(2)).add(x.rootN(7))));
        m.put("rootN#even", new Case<>(0.7, 2.3, (x, y) -> x.rootN(4).multiply(y.rootN(6))));
        m.put("square", new Case<>(0.7, -1.3, (x, y) -> x.square().multiply(y)));
        m.put("pow#double", new Case<>(0.7, -1.3, (x, y) -> x.pow(2.5).multiply(y)));
        m.put("pow#int", new Case<>(0.7, -1.3, (x, y) -> x.pow(3).add(y.pow(-2)).add(y.pow(0))));
        m.put("pow", new Case<>(0.7, -1.3, T::pow));
        m.put("exp", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).exp()));
        m.put("expm1", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).expm1()));
        m.put("log", new Case<>(0.7, -1.3, (x, y) -> x.log().multiply(y)));
        m.put("log1p", new Case<>(0.7, -1.3, (x, y) -> x.log1p().multiply(y)));
        m.put("log10", new Case<>(0.7, -1.3, (x, y) -> x.log10().multiply(y)));
        m.put("cos", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).cos()));
        m.put("sin", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).sin()));
        m.put("sinCos", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).sinCos().sin().add(x.sinCos().cos())));
        m.put("tan", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).tan()));
        m.put("acos", new Case<>(0.7, -1.3, (x, y) -> x.acos().multiply(y)));
        m.put("asin", new Case<>(0.7, -1.3, (x, y) -> x.asin().multiply(y)));
        m.put("atan", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).atan()));
        m.put("atan2", new Case<>(0.7, -1.3, T::atan2));
        m.put("atan2#swapped", new Case<>(0.7, -1.3, (x, y) -> y.atan2(x)));
        m.put("cosh", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).cosh()));
        m.put("sinh", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).sinh()));
        m.put("sinhCosh", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).sinhCosh().sinh().add(x.sinhCosh().cosh())));
        m.put("tanh", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).tanh()));
        m.put("acosh", new Case<>(1.7, -1.3, (x, y) -> x.acosh().multiply(y)));
        m.put("asinh", new Case<>(0.7, -1.3, (x, y) -> x.multiply(y).asinh()));
        m.put("atanh", new Case<>(0.7, -1.3, (x, y) -> x.atanh().multiply(y)));
        m.put("toDegrees", new Case<>(0.7, -1.3, (x, y) -> x.toDegrees().multiply(y)));
        m.put("toRadians", new Case<>(0.7, -1.3, (x, y) -> x.toRadians().multiply(y)));
        m.put("linearCombination#arrays", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(
                array(x, y, x.multiply(y)), array(y, x.sin(), x))));
        m.put("linearCombination#doubles", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(
                new double[] {1.5, -2, 0.25}, array(y, x.sin(), x.multiply(y)))));
        m.put("linearCombination#2", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(x, y, y.exp(), x)));
        m.put("linearCombination#2d", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(1.5, y, -2, x)));
        m.put("linearCombination#3", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(x, y, y, y, x, x)));
        m.put("linearCombination#3d", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(1.5, y, -2, x, 3, x)));
        m.put("linearCombination#4", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(x, y, y, y, x, x,
                x.newInstance(2), y)));
        m.put("linearCombination#4d", new Case<>(0.7, -1.3, (x, y) -> x.linearCombination(1.5, y, -2, x, 3, x,
                0.5, y.square())));
        m.put("ceil", new Case<>(0.7, -1.3, (x, y) -> x.ceil().add(y.ceil()).multiply(y)));
        m.put("floor", new Case<>(0.7, -1.3, (x, y) -> x.floor().add(y.floor()).multiply(y)));
        m.put("rint", new Case<>(0.7, -1.3, (x, y) -> x.rint().add(y.rint()).multiply(y)));
        m.put("remainder#double", new Case<>(7.7, -1.3, (x, y) -> x.remainder(2.5).multiply(y)));
        m.put("remainder", new Case<>(7.7, -1.3, T::remainder));
        m.put("sign", new Case<>(0.7, -1.3, (x, y) -> x.sign().add(y.sign()).multiply(y)));
        m.put("copySign", new Case<>(0.7, -1.3, (x, y) -> x.copySign(y).add(y.copySign(x))));
        m.put("copySign#double", new Case<>(0.7, -1.3, (x, y) -> x.copySign(-0.0).add(y.copySign(2.0))));
        m.put("abs", new Case<>(0.7, -1.3, (x, y) -> x.abs().add(y.abs())));
        m.put("abs#signedZeros", new Case<>(0.0, -0.0, (x, y) -> x.abs().add(y.abs().multiply(2))));
        return m;
    }

    @SafeVarargs
    private static <T extends CalculusFieldElement<T>> T[] array(T... values) {
        T[] array = MathArrays.buildArray(values[0].getField(), values.length);
        System.arraycopy(values, 0, array, 0, values.length);
        return array;
    }

    @TestFactory
    Stream<DynamicTest> everyMethodAgreesWithHipparchusGradient() {
        Map<String, Case<TapeNumber>> tape = cases();
        Map<String, Case<Gradient>> gradient = cases();
        return tape.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Case<TapeNumber> c = tape.get(name);
            TapeField field = new TapeField();
            TapeNumber out = c.f().apply(field.variable(c.x()), field.variable(c.y()));
            double[] grad = field.gradient(out);
            Gradient expected = gradient.get(name).f().apply(Gradient.variable(2, 0, c.x()),
                    Gradient.variable(2, 1, c.y()));
            assertClose(expected.getValue(), out.getReal(), name + " value");
            assertClose(expected.getPartialDerivative(0), grad[0], name + " d/dx");
            assertClose(expected.getPartialDerivative(1), grad[1], name + " d/dy");
        }));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void theTableCoversEveryMethodOfTheInterface() {
        Set<String> covered = new TreeSet<>();
        for (String key : TapeNumberTest.<TapeNumber>cases().keySet()) {
            covered.add(key.split("#")[0]);
        }
        covered.addAll(Set.of("getReal", "isZero", "isNaN", "isInfinite", "isFinite", "norm", "round", "getExponent"));
        Set<String> methods = new TreeSet<>();
        for (Class<?> type : new Class<?>[] {CalculusFieldElement.class, FieldElement.class}) {
            for (Method method : type.getDeclaredMethods()) {
                if (!method.isSynthetic() && !java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                    methods.add(method.getName());
                }
            }
        }
        methods.removeAll(covered);
        assertEquals(Set.of(), methods, "methods of CalculusFieldElement without a case");
    }

    @Test
    void scalbOfAnyPowerIsMathScalb() {
        TapeField field = new TapeField();
        // clamping the power as Math.scalb does keeps every value and derivative (it saves the 2^21 products that
        // halving Integer.MIN_VALUE until it fits took, about a second: a cost, not asserted in a test)
        double[] values = {Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL, 1.5, -Double.MAX_VALUE, 0.0,
            -0.0};
        int[] powers = {Integer.MIN_VALUE, -2100, -2099, -2098, -1075, -1074, 1075, 2098, 2099, 2100,
            Integer.MAX_VALUE};
        for (double v : values) {
            for (int n : powers) {
                field.reset();
                TapeNumber y = field.variable(v).scalb(n);
                assertEquals(Math.scalb(v, n), y.getReal(), v + " scalb " + n);
                assertEquals(Math.scalb(1.0, n), field.gradient(y)[0], "d/dx of " + v + " scalb " + n);
            }
        }
    }

    @Test
    void valueReadingMethodsAgreeWithHipparchusGradient() {
        TapeField field = new TapeField();
        for (double v : new double[] {-2.5, -0.0, 0.0, 3.75, 1e300, Double.NaN, Double.NEGATIVE_INFINITY}) {
            TapeNumber t = field.variable(v);
            Gradient g = Gradient.variable(1, 0, v);
            assertEquals(g.getReal(), t.getReal());
            assertEquals(g.isZero(), t.isZero());
            assertEquals(g.isNaN(), t.isNaN());
            assertEquals(g.isInfinite(), t.isInfinite());
            assertEquals(g.isFinite(), t.isFinite());
            assertEquals(g.norm(), t.norm());
            assertEquals(g.round(), t.round());
            assertEquals(g.getExponent(), t.getExponent());
            assertEquals(g.getAddendum().getReal(), t.getAddendum().getReal(), v + ": the addendum's value");
            double[] gradient = field.gradient(t.getAddendum());
            assertEquals(g.getAddendum().getPartialDerivative(0), gradient[gradient.length - 1],
                    v + ": its derivative");
        }
    }

    @Test
    void fieldLinearAlgebraAndSpecialFunctionsRunOnTheTape() {
        TapeField field = new TapeField();
        TapeNumber[] p = {field.variable(2.0), field.variable(0.5), field.variable(1.5)};
        TapeNumber solution = determinantAndGamma(p);
        double[] grad = field.gradient(solution);
        Gradient[] q = {Gradient.variable(3, 0, 2.0), Gradient.variable(3, 1, 0.5), Gradient.variable(3, 2, 1.5)};
        Gradient expected = determinantAndGamma(q);
        assertClose(expected.getValue(), solution.getReal(), "value");
        for (int i = 0; i < 3; i++) {
            assertClose(expected.getPartialDerivative(i), grad[i], "d/dp" + i);
        }
    }

    /** The determinant of a 3x3 field matrix by LU, plus the field log-gamma function. */
    private static <T extends CalculusFieldElement<T>> T determinantAndGamma(T[] p) {
        T one = p[0].getField().getOne();
        FieldMatrix<T> a = MatrixUtils.createFieldMatrix(p[0].getField(), 3, 3);
        a.setEntry(0, 0, p[0]);
        a.setEntry(0, 1, p[1]);
        a.setEntry(0, 2, one);
        a.setEntry(1, 0, p[1].multiply(p[2]));
        a.setEntry(1, 1, p[2].exp());
        a.setEntry(1, 2, p[0].sin());
        a.setEntry(2, 0, one);
        a.setEntry(2, 1, p[0].divide(p[2]));
        a.setEntry(2, 2, p[1].add(3));
        T det = new FieldLUDecomposition<>(a).getDeterminant();
        return det.add(Gamma.logGamma(p[2].add(p[0])));
    }

    @Test
    void anEmptyLinearCombinationIsZeroAndUnequalLengthsAreRefused() {
        TapeField field = new TapeField();
        TapeNumber x = field.variable(2);
        TapeNumber empty = x.linearCombination(new TapeNumber[0], new TapeNumber[0]);
        assertEquals(0.0, empty.getReal(), 0.0);
        assertFalse(empty.isRecorded());
        assertEquals(0.0, x.linearCombination(new double[0], new TapeNumber[0]).getReal(), 0.0);
        assertEquals(1, field.size(), "an empty combination records nothing");
        IllegalArgumentException unequal = assertThrows(IllegalArgumentException.class,
                () -> x.linearCombination(new double[] {1, 2}, new TapeNumber[] {x}));
        assertEquals("linear combination of 2 factors with 1 factors", unequal.getMessage());
    }

    @Test
    void constantsRecordNothingAndMixingFieldsOrGenerationsThrows() {
        TapeField field = new TapeField();
        TapeNumber c = field.constant(3).multiply(2).sin();
        assertFalse(c.isRecorded());
        TapeNumber combination = c.linearCombination(c, c, field.constant(2), c);
        assertEquals(Math.sin(6) * Math.sin(6) + 2 * Math.sin(6), combination.getReal(), 1e-15);
        assertFalse(combination.isRecorded());
        assertFalse(c.linearCombination(new double[] {1, 2}, new TapeNumber[] {c, combination}).isRecorded());
        assertEquals(0, field.size());
        TapeNumber x = field.variable(2);
        assertTrue(x.isRecorded());
        assertSame(x, x.abs());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> x.add(new TapeField().variable(1)));
        assertTrue(mixed.getMessage().contains("another TapeField"), mixed.getMessage());
        field.reset();
        IllegalStateException stale = assertThrows(IllegalStateException.class, () -> x.multiply(c));
        assertTrue(stale.getMessage().contains("reset()"), stale.getMessage());
        TapeNumber y = field.variable(5);
        assertEquals(1, field.gradient(y.multiply(c).add(c)).length);
        assertEquals(c.getReal(), field.gradient(y.multiply(c))[0]);
    }
}
