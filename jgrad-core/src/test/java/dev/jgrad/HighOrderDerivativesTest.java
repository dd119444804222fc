package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Grad#derivatives} at orders where {@code k!} overflows and {@code f^(k) / k!} underflows: each derivative
 * is what mathematics says, finite wherever it is representable, and never NaN from {@code 0 · ∞}.
 */
class HighOrderDerivativesTest {

    @Test
    void theIdentityHasDerivativesOneThenZeroAtEveryOrder() {
        double[] d = Grad.derivatives(x -> x, 1, 200);
        assertEquals(1, d[0]);
        assertEquals(1, d[1]);
        for (int k = 2; k <= 200; k++) {
            assertEquals(0, d[k], "order " + k);
        }
    }

    @Test
    void aCubeHasDerivativesSixXSquaredThenZero() {
        double x = 2;
        UnivariateFunction[] cubes = {v -> v.mul(v).mul(v), v -> v.pow(3)};
        for (UnivariateFunction cube : cubes) {
            double[] d = Grad.derivatives(cube, x, 300);
            assertEquals(8, d[0]);
            assertEquals(12, d[1]);
            assertEquals(12, d[2]);
            assertEquals(6, d[3]);
            for (int k = 4; k <= 300; k++) {
                assertEquals(0, d[k], "order " + k);
            }
        }
    }

    @Test
    void everyDerivativeOfExpIsExp() {
        for (double x : new double[] {0.5, -3, 20}) {
            double[] d = Grad.derivatives(Value::exp, x, 400);
            for (int k = 0; k <= 400; k++) {
                assertEquals(Math.exp(x), d[k], "order " + k + " at " + x);
            }
        }
    }

    @Test
    void derivativesOfExpOfTwoXArePowersOfTwoUntilTheyOverflow() {
        double[] d = Grad.derivatives(x -> x.mul(2).exp(), 0, 1100);
        for (int k = 0; k <= 1023; k++) {
            assertEquals(Math.scalb(1.0, k), d[k], "order " + k);
        }
        for (int k = 1024; k <= 1100; k++) {
            assertEquals(Double.POSITIVE_INFINITY, d[k], "order " + k);
        }
    }

    @Test
    void sineCyclesThroughItsFourDerivativesAtEveryOrder() {
        double x = 0.3;
        double[] expected = {Math.sin(x), Math.cos(x), -Math.sin(x), -Math.cos(x)};
        double[] d = Grad.derivatives(Value::sin, x, 250);
        for (int k = 0; k <= 250; k++) {
            assertEquals(expected[k % 4], d[k], 1e-15, "order " + k);
        }
    }

    @Test
    void derivativesThatAreFactorialsOverflowExactlyWhereTheFactorialDoes() {
        // 1/(1-x) at 0: the k-th derivative is k!, finite to 170!, beyond Double.MAX_VALUE from 171 on
        double[] d = Grad.derivatives(x -> Value.of(1).div(Value.of(1).sub(x)), 0, 200);
        double factorial = 1;
        for (int k = 0; k <= 170; k++) {
            factorial *= Math.max(k, 1);
            assertEquals(factorial, d[k], factorial * 1e-13, "order " + k);
        }
        for (int k = 171; k <= 200; k++) {
            assertEquals(Double.POSITIVE_INFINITY, d[k], "order " + k);
        }
    }

    @Test
    void aProductOfExpAndAPolynomialFollowsLeibnizAtHighOrder() {
        // (x^2 e^x)^(k) = (x^2 + 2k x + k(k-1)) e^x
        double x = 0.7;
        double[] d = Grad.derivatives(v -> v.mul(v).mul(v.exp()), x, 250);
        for (int k = 0; k <= 250; k++) {
            double expected = (x * x + 2.0 * k * x + k * (k - 1.0)) * Math.exp(x);
            assertEquals(expected, d[k], Math.abs(expected) * 1e-12, "order " + k);
        }
    }

    /**
     * {@code x^x}, whose chain of derivatives holds {@code x^(x-1)}, {@code x^(x-2)}, ...: at {@code x = 1} and 2 an
     * exponent there is 0, where {@code d/da a^b} once took a special 0 whose own derivative in {@code b} was lost
     * (the third derivative at 1 was 2, PyTorch's too). The truths are mpmath's, 50 digits:
     * {@code [mpmath.diff(lambda x: x**x, x0, k) for k in range(6)]}.
     */
    @Test
    void derivativesOfXToTheXKeepTheirTermsWhereAnExponentInTheChainIsZero() {
        double[][] cases = {
            {1, 1, 1, 2, 3, 8, 10},
            {2, 4, 6.7725887222397812377, 13.466989500152368174, 28.574184025053150584, 64.50134182736848791,
                151.43073757945975608}};
        for (double[] c : cases) {
            double[] d = Grad.derivatives(x -> x.pow(x), c[0], 5);
            for (int k = 0; k <= 5; k++) {
                assertEquals(c[k + 1], d[k], 1e-13 * Math.abs(c[k + 1]), "x = " + c[0] + ", order " + k);
            }
            Value x = Value.of(c[0]);
            Value derivative = x.pow(x);
            for (int k = 1; k <= 4; k++) {
                derivative = Grad.gradient(derivative, java.util.List.of(x), true).get(0);
                assertEquals(c[k + 1], derivative.data(), 1e-13 * Math.abs(c[k + 1]),
                        "nested reverse, x = " + c[0] + ", order " + k);
            }
        }
    }
}
