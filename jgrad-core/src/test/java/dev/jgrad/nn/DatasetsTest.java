package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    private static int count(Dataset d, double label) {
        return (int) Arrays.stream(d.targets()).filter(t -> t == label).count();
    }

    @Test
    void moonsWithoutNoiseLieOnTheirArcs() {
        Dataset d = Datasets.moons(101, 0, 1);
        assertEquals(101, d.size());
        assertEquals(2, d.featureCount());
        assertEquals(50, count(d, 0));
        assertEquals(51, count(d, 1));
        for (int i = 0; i < d.size(); i++) {
            double x = d.features()[i][0];
            double y = d.features()[i][1];
            if (d.targets()[i] == 0) {
                assertEquals(1, x * x + y * y, 1e-12);
                assertTrue(y >= -1e-12);
            } else {
                assertEquals(1, (1 - x) * (1 - x) + (0.5 - y) * (0.5 - y), 1e-12);
                assertTrue(y <= 0.5 + 1e-12);
            }
        }
    }

    @Test
    void sameSeedSameDataOtherSeedOther() {
        assertArrayEquals(Datasets.moons(50, 0.1, 3).features(), Datasets.moons(50, 0.1, 3).features());
        assertArrayEquals(Datasets.moons(50, 0.1, 3).targets(), Datasets.moons(50, 0.1, 3).targets());
        assertFalse(Arrays.deepEquals(Datasets.moons(50, 0.1, 3).features(), Datasets.moons(50, 0.1, 4).features()));
        assertArrayEquals(Datasets.blobs(30, 3, 1, 2).features(), Datasets.blobs(30, 3, 1, 2).features());
        assertArrayEquals(Datasets.circles(30, 0.05, 0.5, 2).features(),
                Datasets.circles(30, 0.05, 0.5, 2).features());
    }

    @Test
    void noiseHasTheRequestedSpread() {
        Dataset clean = Datasets.circles(2000, 0, 0.5, 8);
        Dataset noisy = Datasets.circles(2000, 0.1, 0.5, 8);
        double sum = 0;
        for (int i = 0; i < noisy.size(); i++) {
            double r = Math.hypot(noisy.features()[i][0], noisy.features()[i][1]);
            sum += Math.pow(r - (noisy.targets()[i] == 0 ? 1 : 0.5), 2);
        }
        assertEquals(0.1, Math.sqrt(sum / noisy.size()), 0.01, "radial noise about sigma");
        for (int i = 0; i < clean.size(); i++) {
            double r = Math.hypot(clean.features()[i][0], clean.features()[i][1]);
            assertEquals(clean.targets()[i] == 0 ? 1 : 0.5, r, 1e-12);
        }
    }

    @Test
    void blobsAreLabelledClusters() {
        Dataset d = Datasets.blobs(100, 3, 0.5, 4);
        assertEquals(34, count(d, 0));
        assertEquals(33, count(d, 1));
        assertEquals(33, count(d, 2));
        double[][] centre = new double[3][2];
        for (int i = 0; i < d.size(); i++) {
            int c = (int) d.targets()[i];
            centre[c][0] += d.features()[i][0] / count(d, c);
            centre[c][1] += d.features()[i][1] / count(d, c);
        }
        for (int i = 0; i < d.size(); i++) {
            double[] c = centre[(int) d.targets()[i]];
            assertTrue(Math.hypot(d.features()[i][0] - c[0], d.features()[i][1] - c[1]) < 5 * 0.5);
        }
        for (double[] c : centre) {
            assertTrue(Math.abs(c[0]) <= 10.5 && Math.abs(c[1]) <= 10.5);
        }
    }

    @Test
    void batchesCoverEveryRowOnceInASeededOrder() {
        Dataset d = Datasets.moons(10, 0.1, 1);
        List<Dataset> batches = d.batches(4, new Random(5));
        assertEquals(List.of(4, 4, 2), batches.stream().map(Dataset::size).toList());
        double[] seen = batches.stream().flatMapToDouble(b -> Arrays.stream(b.features()).mapToDouble(r -> r[0]))
                .sorted().toArray();
        double[] all = Arrays.stream(d.features()).mapToDouble(r -> r[0]).sorted().toArray();
        assertArrayEquals(all, seen);
        assertArrayEquals(batches.get(0).targets(), d.batches(4, new Random(5)).get(0).targets());
        for (Dataset b : batches) {
            for (int i = 0; i < b.size(); i++) {
                int row = Arrays.asList(d.features()).indexOf(b.features()[i]);
                assertEquals(d.targets()[row], b.targets()[i], "features and targets stay paired");
            }
        }
    }

    @Test
    void splitIsSeededAndDisjoint() {
        Dataset d = Datasets.moons(50, 0.1, 1);
        Dataset.Split s = d.split(0.2, 9);
        assertEquals(40, s.train().size());
        assertEquals(10, s.test().size());
        assertArrayEquals(s.test().features(), d.split(0.2, 9).test().features());
        for (double[] row : s.test().features()) {
            assertFalse(Arrays.asList(s.train().features()).contains(row));
        }
    }

    @Test
    void badArgumentsAreReported() {
        assertEquals("n (1) must be >= 2",
                assertThrows(IllegalArgumentException.class, () -> Datasets.moons(1, 0.1, 1)).getMessage());
        assertEquals("factor (1.0) must be in [0, 1)",
                assertThrows(IllegalArgumentException.class, () -> Datasets.circles(10, 0, 1, 1)).getMessage());
        assertEquals("noise (-0.1) must be >= 0 and finite",
                assertThrows(IllegalArgumentException.class, () -> Datasets.moons(10, -0.1, 1)).getMessage());
        assertEquals("2 feature rows but 1 target; they must match", assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[2][1], new double[1])).getMessage());
        assertEquals("features[1] has 2 values, features[0] has 1", assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[][] {{1}, {1, 2}}, new double[2])).getMessage());
        assertEquals("features[1] has 1 value, features[0] has 2", assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[][] {{1, 2}, {1}}, new double[2])).getMessage());
    }

    @Test
    void labelsAreTheDistinctTargetsWithMinusZeroCountedAsZero() {
        Dataset d = new Dataset(new double[5][1], new double[] {2, -0.0, 0.0, 2, -1});
        double[] labels = d.labels();
        assertArrayEquals(new double[] {-1, 0, 2}, labels);
        // assertArrayEquals compares -0.0 and 0.0 as equal numbers; the label must be +0.0 to the bit
        assertEquals(0L, Double.doubleToRawLongBits(labels[1]));
        assertEquals(1, new Dataset(new double[2][1], new double[] {-0.0, -0.0}).labels().length);
        assertEquals("targets[1] (NaN) is not a class label", assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[2][1], new double[] {1, Double.NaN}).labels()).getMessage());
    }
}
