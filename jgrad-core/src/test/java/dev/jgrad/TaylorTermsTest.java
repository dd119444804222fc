package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaylorTermsTest {

    private static Map<String, Double> terms(ScalarFunction f, double[] x, int order) {
        Map<String, Double> terms = new LinkedHashMap<>();
        Grad.taylorTerms(f, x, order, (indices, coefficient) -> terms.put(Arrays.toString(indices), coefficient));
        return terms;
    }

    @Test
    void theTermsOfXSquaredYAreItsHandDerivedDerivativesOverTheFactorials() {
        // f = x² y at (3, 5): f_x = 2xy, f_y = x², f_xx = 2y, f_xy = 2x, f_yy = 0, f_xxy = 2, the rest 0
        Map<String, Double> terms = terms(v -> v[0].pow(2).mul(v[1]), new double[] {3, 5}, 3);
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("[0]", 30.0);
        expected.put("[0, 0]", 10.0 / 2);
        expected.put("[0, 0, 0]", 0.0);
        expected.put("[0, 0, 1]", 2.0 / 2);
        expected.put("[0, 1]", 6.0);
        expected.put("[0, 1, 1]", 0.0);
        expected.put("[1]", 9.0);
        expected.put("[1, 1]", 0.0);
        expected.put("[1, 1, 1]", 0.0);
        assertEquals(expected, terms);
    }

    @Test
    void theExpansionPredictsANearbyValueToTheOrderOfItsRemainder() {
        ScalarFunction f = v -> v[0].mul(v[1].sin()).add(v[0].mul(v[2]).exp().div(v[1]));
        double[] x = {0.7, 1.3, -0.4};
        double[] delta = {1e-2, -2e-2, 1.5e-2};
        double exact = 0.71 * Math.sin(1.28) + Math.exp(0.71 * -0.385) / 1.28;
        double previousError = Double.POSITIVE_INFINITY;
        for (int order = 0; order <= 4; order++) {
            double[] sum = {0};
            double value = Grad.taylorTerms(f, x, order, (indices, coefficient) -> {
                double product = coefficient;
                for (int i : indices) {
                    product *= delta[i];
                }
                sum[0] += product;
            });
            double error = Math.abs(value + sum[0] - exact);
            assertTrue(error < Math.pow(0.03, order + 1) * 10, "order " + order + ": error " + error);
            assertTrue(order == 0 || error < previousError / 5, "order " + order + " did not improve: " + error);
            previousError = error;
        }
    }

    @Test
    void everyNondecreasingSequenceComesOnceShorterBeforeLonger() {
        Random random = new Random(4);
        for (int n = 0; n <= 4; n++) {
            for (int order = 0; order <= 4; order++) {
                List<int[]> seen = new ArrayList<>();
                double[] x = random.doubles(n).toArray();
                Grad.taylorTerms(v -> Arrays.stream(v).reduce(Value.of(1), Value::mul), x, order,
                        (indices, coefficient) -> seen.add(indices));
                assertEquals(binomial(n + order, order) - 1, seen.size(), "n " + n + ", order " + order);
                for (int[] s : seen) {
                    for (int k = 1; k < s.length; k++) {
                        assertTrue(s[k - 1] <= s[k], Arrays.toString(s));
                    }
                }
                assertEquals(seen.size(), seen.stream().map(Arrays::toString).distinct().count());
            }
        }
    }

    private static long binomial(int n, int k) {
        long result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }

    @Test
    void returnsTheValueAndRejectsANegativeOrder() {
        assertEquals(Math.sin(2), Grad.taylorTerms(v -> v[0].sin(), new double[] {2}, 0, (i, c) -> { }), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Grad.taylorTerms(v -> v[0], new double[] {1}, -1, (i, c) -> { }));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
