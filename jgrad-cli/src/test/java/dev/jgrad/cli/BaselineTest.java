package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Standardizer;
import org.junit.jupiter.api.Test;

class BaselineTest {

    @Test
    void ridgeLeastSquaresByHand() {
        // z = x (mean 0, std 1 given), y = {1, 2, 4}: ȳ = 7/3, Σ z (y - ȳ) = 3, Σ z² = 2,
        // so w = 3 / (2 + RIDGE) = 1 and b = 7/3
        Dataset train = new Dataset(new double[][] {{-1}, {0}, {1}}, new double[] {1, 2, 4});
        Baseline linear = Baseline.linear(train, new Standardizer(new double[] {0}, new double[] {1}));
        assertEquals("linear least squares", linear.name());
        assertEquals(7.0 / 3 + 2, linear.predictor().applyAsDouble(new double[] {2}), 1e-14);
    }

    @Test
    void ridgeRecoversAnExactLinearLawOnManyRows() {
        int n = 2000;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {Math.sin(i), 10 + Math.cos(3 * i), i % 7};
            y[i] = 5 + 2 * x[i][0] - 3 * x[i][1] + 0.5 * x[i][2];
        }
        Dataset train = new Dataset(x, y);
        Baseline linear = Baseline.linear(train, Standardizer.fit(x));
        // the ridge of 1 against sums of squares in the thousands shrinks the weights by about a thousandth
        assertEquals(5 + 2 * 0.5 - 3 * 10 + 0.5 * 3, linear.predictor().applyAsDouble(new double[] {0.5, 10, 3}),
                0.01);
    }

    @Test
    void choleskySolvesAHandSystem() {
        // A = [[4, 2, 0], [2, 5, 2], [0, 2, 5]], x = (1, -1, 2): b = A x = (2, 1, 8)
        double[][] a = {{4, 0, 0}, {2, 5, 0}, {0, 2, 5}};
        assertArrayEquals(new double[] {1, -1, 2}, Baseline.Cholesky.solve(a, new double[] {2, 1, 8}), 1e-14);
    }

    @Test
    void majorityClassCountsMinusZeroAsZeroAndTakesTheSmallestOnTies() {
        double[] labels = {0, 1, 2};
        Dataset zeros = new Dataset(new double[5][1], new double[] {-0.0, 0, 1, 1, 2});
        assertEquals("majority class 0", Baseline.majorityClass(zeros, labels, null).name());
        Dataset ones = new Dataset(new double[4][1], new double[] {-0.0, 1, 1, 2});
        Baseline majority = Baseline.majorityClass(ones, labels, null);
        assertEquals("majority class 1", majority.name());
        assertEquals(1.0, majority.predictor().applyAsDouble(new double[] {42}));
    }
}
