package dev.jgrad.tensor.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/** Mini-batches: the rows of a data set split into shuffled groups, reproducibly from a seed. */
public final class Batches {

    private Batches() {
    }

    /**
     * The indices {@code 0 .. n-1} in an order shuffled by the seed (Fisher–Yates), cut into consecutive batches of
     * {@code batchSize}; the last batch is shorter when {@code batchSize} does not divide {@code n}. Select the rows
     * with {@code x.indexSelect(0, batch)} and the labels with {@link #pick}. Use a different seed per epoch (for
     * example the epoch number added to a base seed) for a different order.
     *
     * @param n         the number of rows, {@code >= 0}
     * @param batchSize the rows per batch, {@code >= 1}
     * @param seed      the seed of the shuffle
     * @return the batches, every index in exactly one
     * @throws IllegalArgumentException if {@code n < 0} or {@code batchSize < 1}
     */
    public static List<int[]> shuffled(int n, int batchSize, long seed) {
        if (n < 0 || batchSize < 1) {
            throw new IllegalArgumentException("Batches: n (" + n + ") must be >= 0 and batchSize (" + batchSize
                    + ") >= 1");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int len = Math.min(batchSize, n - start);
            int[] batch = new int[len];
            System.arraycopy(order, start, batch, 0, len);
            batches.add(batch);
        }
        return batches;
    }

    /**
     * The labels at the given indices: {@code out[i] = labels[batch[i]]}.
     *
     * @param labels the labels of all rows
     * @param batch  the row indices of a batch
     * @return the labels of the batch's rows
     * @throws ArrayIndexOutOfBoundsException naming the first index out of range, its position in the batch and the
     *                                        number of labels
     */
    public static int[] pick(int[] labels, int[] batch) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(batch, "batch");
        int[] out = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            if (batch[i] < 0 || batch[i] >= labels.length) {
                throw new ArrayIndexOutOfBoundsException("pick: index " + batch[i] + " at position " + i
                        + " of the batch is out of range for " + labels.length + " labels");
            }
            out[i] = labels[batch[i]];
        }
        return out;
    }
}
