package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void fitsPopulationMeanAndStd() {
        Standardizer s = Standardizer.fit(new double[][] {{1, 10, 5}, {3, 10, 5}, {5, 10, 8}, {7, 10, 6}});
        assertArrayEquals(new double[] {4, 10, 6}, s.mean());
        // population variances: (9+1+1+9)/4 = 5; 0 (constant: std 1); (1+1+4+0)/4 = 1.5
        assertArrayEquals(new double[] {Math.sqrt(5), 1, Math.sqrt(1.5)}, s.std());
        assertArrayEquals(new double[] {-3 / Math.sqrt(5), 0, 2 / Math.sqrt(1.5)}, s.apply(new double[] {1, 10, 8}));
    }

    @Test
    void aConstantColumnWhoseRoundedMeanMissesItsValueStillStandardizesToZero() {
        // 10 × 0.1 sums to 0.9999999999999999, so the plain mean is off by an ulp and the spread 1.4e-17, not 0
        double[][] rows = new double[10][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {0.1, 123.456};
        }
        Standardizer s = Standardizer.fit(rows);
        assertArrayEquals(new double[] {0.1, 123.456}, s.mean());
        assertArrayEquals(new double[] {1, 1}, s.std());
        assertArrayEquals(new double[] {0, 0}, s.apply(new double[] {0.1, 123.456}));
        assertArrayEquals(new double[] {1e-9, 0}, s.apply(new double[] {0.1 + 1e-9, 123.456}), 1e-15);
    }

    @Test
    void standardizedTrainingColumnsHaveMeanZeroAndStdOne() {
        Dataset d = Datasets.blobs(200, 2, 3, 1);
        double[][] z = Standardizer.fit(d.features()).apply(d.features());
        Standardizer again = Standardizer.fit(z);
        for (int j = 0; j < 2; j++) {
            assertEquals(0, again.mean()[j], 1e-12);
            assertEquals(1, again.std()[j], 1e-12);
        }
    }

    @Test
    void badInput() {
        assertEquals("std[1] (0.0) must be > 0 and finite", assertThrows(IllegalArgumentException.class,
                () -> new Standardizer(new double[2], new double[] {1, 0})).getMessage());
        assertEquals("rows[1][0] (NaN) is not finite", assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fit(new double[][] {{1}, {Double.NaN}})).getMessage());
        Standardizer s = new Standardizer(new double[2], new double[] {1, 1});
        assertEquals("row has 3 features, standardizer has 2",
                assertThrows(IllegalArgumentException.class, () -> s.apply(new double[3])).getMessage());
        assertEquals("row has 1 feature, standardizer has 2",
                assertThrows(IllegalArgumentException.class, () -> s.apply(new double[1])).getMessage());
        assertEquals("1 mean but 2 standard deviations", assertThrows(IllegalArgumentException.class,
                () -> new Standardizer(new double[1], new double[] {1, 1})).getMessage());
        assertEquals("rows[1] has 1 value, rows[0] has 2", assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fit(new double[][] {{1, 2}, {3}})).getMessage());
        assertEquals("rows[0]", assertThrows(NullPointerException.class,
                () -> Standardizer.fit(new double[][] {null, {1}})).getMessage());
        assertEquals("rows[1]", assertThrows(NullPointerException.class,
                () -> Standardizer.fit(new double[][] {{1}, null})).getMessage());
    }

    @Test
    void columnsOfAnyFiniteMagnitudeStandardizeAsColumnsOfOrdinaryOnesDo() {
        double[][] unit = {{1, -1, 3}, {-1, 2, 0.5}, {3, 0.25, -2}, {0.5, 4, 1}};
        Standardizer reference = Standardizer.fit(unit);
        for (double scale : new double[] {1e200, 1e300, 1.7e308 / 4, 1e-200, 1e-300}) {
            double[][] scaled = new double[unit.length][];
            for (int i = 0; i < unit.length; i++) {
                scaled[i] = new double[unit[i].length];
                for (int j = 0; j < unit[i].length; j++) {
                    scaled[i][j] = unit[i][j] * scale;
                }
            }
            Standardizer s = Standardizer.fit(scaled);
            for (int j = 0; j < 3; j++) {
                assertEquals(reference.mean()[j], s.mean()[j] / scale, 1e-14, "mean at scale " + scale);
                assertEquals(reference.std()[j], s.std()[j] / scale, 1e-14, "std at scale " + scale);
            }
            double[][] z = s.apply(scaled);
            double[][] expected = reference.apply(unit);
            for (int i = 0; i < unit.length; i++) {
                assertArrayEquals(expected[i], z[i], 1e-13, "row " + i + " at scale " + scale);
            }
        }
    }

    @Test
    void aDifferenceBeyondTheRangeOfADoubleStillStandardizes() {
        double big = 1.7e308;
        Standardizer s = Standardizer.fit(new double[][] {{big}, {-big}, {big}});
        // as for {1, -1, 1}: mean 1/3, std sqrt(8/9)
        double std = Math.sqrt(8.0 / 9);
        assertArrayEquals(new double[] {(-1 - 1.0 / 3) / std}, s.apply(new double[] {-big}), 1e-14);
        assertArrayEquals(new double[] {(1 - 1.0 / 3) / std}, s.apply(new double[] {big}), 1e-14);
    }
}
