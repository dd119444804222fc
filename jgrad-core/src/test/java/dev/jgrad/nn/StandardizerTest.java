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
    }
}
