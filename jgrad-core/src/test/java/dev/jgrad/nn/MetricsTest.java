package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void handValues() {
        assertEquals(0.75, Metrics.accuracy(new double[] {1, 0, 2, 2}, new double[] {1, 0, 2, 1}));
        assertEquals(Math.sqrt((1 + 4 + 0) / 3.0), Metrics.rmse(new double[] {2, 0, 3}, new double[] {1, 2, 3}));
        // actual mean 2, total = 1 + 0 + 1 = 2; residual = 1 + 4 + 0 = 5
        assertEquals(1 - 5 / 2.0, Metrics.r2(new double[] {2, 0, 3}, new double[] {1, 2, 3}));
        assertEquals(1.0, Metrics.r2(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
        assertEquals(0.0, Metrics.r2(new double[] {2, 2, 2}, new double[] {1, 2, 3}));
        assertEquals(1.0, Metrics.r2(new double[] {5, 5}, new double[] {5, 5}));
        assertEquals(0.0, Metrics.r2(new double[] {4, 5}, new double[] {5, 5}));
    }

    @Test
    void constantTrueValuesWhoseRoundedMeanMissesThemGiveZeroOrOne() {
        // 10 × 0.1 sums to 0.9999999999999999: the mean is off by an ulp, each squared deviation about 2e-34
        double[] actual = new double[10];
        Arrays.fill(actual, 0.1);
        double[] off = new double[10];
        Arrays.fill(off, 0.2);
        assertEquals(0.0, Metrics.r2(off, actual));
        assertEquals(1.0, Metrics.r2(actual.clone(), actual));
        assertEquals(0.0, Metrics.r2(new double[] {0.2, 0.2, 0.2}, new double[] {0.7, 0.7, 0.7}));
    }

    @Test
    void errorsWhoseSquaresOverflowOrUnderflowKeepTheirMetrics() {
        for (double scale : new double[] {1e200, 1e-200}) {
            double[] predicted = {2 * scale, 0, 3 * scale};
            double[] actual = {scale, 2 * scale, 3 * scale};
            assertEquals(Math.sqrt(5 / 3.0) * scale, Metrics.rmse(predicted, actual), 1e-15 * scale);
            assertEquals(1 - 5 / 2.0, Metrics.r2(predicted, actual), 1e-15);
            assertEquals(1.0, Metrics.r2(actual, actual));
        }
    }

    @Test
    void badInput() {
        assertEquals("2 predictions but 1 true value; they must match", assertThrows(IllegalArgumentException.class,
                () -> Metrics.rmse(new double[2], new double[1])).getMessage());
        assertEquals("no predictions; a metric needs at least one", assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(new double[0], new double[0])).getMessage());
    }

    @Test
    void minusZeroMatchesZero() {
        assertEquals(1.0, Metrics.accuracy(new double[] {-0.0, 0.0}, new double[] {0.0, -0.0}));
    }
}
