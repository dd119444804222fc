package dev.jgrad.nn;

import dev.jgrad.internal.Plural;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;

/**
 * Examples for training: one row of features and one target per example (a class as 0, 1, ... or a regression
 * value). The arrays are shared, not copied; treat them as read-only.
 *
 * @param features one row per example, all of the same length
 * @param targets  one target per example
 */
public record Dataset(double[][] features, double[] targets) {

    /**
     * Checks the shape.
     *
     * @param features one row per example, all of the same length
     * @param targets one target per example
     * @throws IllegalArgumentException if the counts differ or rows are ragged
     */
    public Dataset {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        if (features.length != targets.length) {
            throw new IllegalArgumentException(
                    Plural.of(features.length, "feature row") + " but " + Plural.of(targets.length, "target")
                            + "; they must match");
        }
        for (int i = 0; i < features.length; i++) {
            Objects.requireNonNull(features[i], "features[" + i + "]");
            if (features[i].length != features[0].length) {
                throw new IllegalArgumentException("features[" + i + "] has " + Plural.of(features[i].length, "value")
                        + ", features[0] has " + features[0].length);
            }
        }
    }

    /**
     * The number of examples.
     *
     * @return the number of examples
     */
    public int size() {
        return targets.length;
    }

    /**
     * The class labels: the distinct targets in increasing order. {@code -0.0} and {@code 0.0} are one label,
     * {@code 0.0}: they are the same number, written either way in data files.
     *
     * @return a new array, empty for an empty data set
     * @throws IllegalArgumentException naming the first target that is NaN or infinite
     */
    public double[] labels() {
        TreeSet<Double> distinct = new TreeSet<>();
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("targets[" + i + "] (" + targets[i] + ") is not a class label");
            }
            distinct.add(targets[i] + 0.0);
        }
        return distinct.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The number of features per example (0 for an empty data set).
     *
     * @return the number of features per example (0 for an empty data set)
     */
    public int featureCount() {
        return features.length == 0 ? 0 : features[0].length;
    }

    /**
     * The given examples, in the given order (rows may repeat). Feature rows are shared with this data set.
     *
     * @param rows indices into this data set
     * @return the subset
     * @throws IndexOutOfBoundsException naming a bad index
     */
    public Dataset subset(int[] rows) {
        Objects.requireNonNull(rows, "rows");
        double[][] f = new double[rows.length][];
        double[] t = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            Objects.checkIndex(rows[i], size());
            f[i] = features[rows[i]];
            t[i] = targets[rows[i]];
        }
        return new Dataset(f, t);
    }

    /**
     * A random permutation of the row indices (Fisher-Yates, driven by {@code random}), so a seeded source gives the
     * same order every time.
     *
     * @param random the source
     * @return the indices 0..size-1 in shuffled order
     */
    public int[] shuffledRows(Random random) {
        Objects.requireNonNull(random, "random");
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * One epoch of mini-batches: the examples in an order shuffled by {@code random}, cut into batches of
     * {@code batchSize} (the last one smaller when the size does not divide evenly). Pass the same seeded
     * {@code Random} for every epoch to get a different, reproducible order each epoch.
     *
     * @param batchSize the examples per batch, at least 1
     * @param random    the source of the shuffle
     * @return the batches, covering every example once
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public List<Dataset> batches(int batchSize, Random random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
        }
        int[] order = shuffledRows(random);
        List<Dataset> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int[] rows = new int[Math.min(batchSize, order.length - start)];
            System.arraycopy(order, start, rows, 0, rows.length);
            batches.add(subset(rows));
        }
        return batches;
    }

    /**
     * A seeded shuffle and split into a training part and a held-out part of {@code round(size × testFraction)}
     * examples.
     *
     * @param testFraction the held-out share, in [0, 1)
     * @param seed         the seed of the shuffle
     * @return the two parts
     * @throws IllegalArgumentException if the fraction is out of range
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction (" + testFraction + ") must be in [0, 1)");
        }
        int[] order = shuffledRows(new Random(seed));
        int test = (int) Math.round(size() * testFraction);
        int[] testRows = new int[test];
        int[] trainRows = new int[order.length - test];
        System.arraycopy(order, 0, testRows, 0, test);
        System.arraycopy(order, test, trainRows, 0, trainRows.length);
        return new Split(subset(trainRows), subset(testRows));
    }

    /**
     * A data set cut into a training part and a held-out part.
     *
     * @param train the examples to train on
     * @param test  the held-out examples
     */
    public record Split(Dataset train, Dataset test) {

        /**
         * Checks that both parts are there.
         *
         * @param train the examples to train on
         * @param test the held-out examples
         */
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
        }
    }
}
