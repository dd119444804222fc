package dev.jgrad.cli;

import com.sun.management.OperatingSystemMXBean;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.NoGrad;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.nn.Activation;
import dev.jgrad.tensor.nn.Adam;
import dev.jgrad.tensor.nn.Batches;
import dev.jgrad.tensor.nn.Conv2d;
import dev.jgrad.tensor.nn.Flatten;
import dev.jgrad.tensor.nn.Linear;
import dev.jgrad.tensor.nn.Losses;
import dev.jgrad.tensor.nn.MaxPool2d;
import dev.jgrad.tensor.nn.Optimizer;
import dev.jgrad.tensor.nn.Sequential;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Trains a classifier of MNIST digits on tensors (float32, Adam at rate 1e-3, batches of 64 in an order shuffled
 * from the seed, cross-entropy) and measures it: accuracy on the training and test digits, the confusion matrix of
 * the test digits, and the time per epoch.
 */
final class MnistTraining {

    /** Rows per training step. */
    static final int BATCH = 64;
    /** Adam's learning rate. */
    static final double LEARNING_RATE = 1e-3;
    /** Rows per forward pass when measuring accuracy (no graph is kept, so larger batches cost only memory). */
    private static final int EVALUATION_BATCH = 500;
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The networks {@code jgrad mnist} trains. */
    enum Model {
        /**
         * conv 1→16 5×5, ReLU, max-pool 2, conv 16→32 5×5, ReLU, max-pool 2, linear 512→10; He weights for the
         * convolutions, Xavier for the last layer, zero biases. Each ReLU is applied after the pooling that follows
         * it: the same function with the same gradient (ReLU is non-decreasing, so the maximum of ReLUs is the ReLU
         * of the maximum, and a window whose maximum is negative passes no gradient either way), with a quarter of
         * the ReLU's work.
         */
        CNN("conv 1-16 5x5, ReLU, max-pool 2, conv 16-32 5x5, ReLU, max-pool 2, linear 512-10") {
            @Override
            Sequential build(long seed) {
                return Sequential.of(
                        Conv2d.of(1, 16, 5, Linear.Init.HE, seed, DType.FLOAT32), MaxPool2d.of(2), Activation.relu(),
                        Conv2d.of(16, 32, 5, Linear.Init.HE, seed + 1, DType.FLOAT32), MaxPool2d.of(2),
                        Activation.relu(), Flatten.of(),
                        Linear.of(512, 10, Linear.Init.XAVIER, seed + 2, DType.FLOAT32));
            }

            @Override
            Tensor input(Tensor rows) {
                return rows.reshape(rows.size(0), 1, MnistData.SIDE, MnistData.SIDE);
            }
        },
        /** 784-128-10 with ReLU; He weights for the hidden layer, Xavier for the last, zero biases. */
        MLP("MLP 784-128-10, ReLU") {
            @Override
            Sequential build(long seed) {
                return Sequential.of(Linear.of(MnistData.PIXELS, 128, Linear.Init.HE, seed, DType.FLOAT32),
                        Activation.relu(), Linear.of(128, 10, Linear.Init.XAVIER, seed + 1, DType.FLOAT32));
            }

            @Override
            Tensor input(Tensor rows) {
                return rows;
            }
        };

        private final String description;

        Model(String description) {
            this.description = description;
        }

        /** The network with fresh weights drawn from the seed. */
        abstract Sequential build(long seed);

        /** The network's input for a batch of images given as rows of {@link MnistData#PIXELS} grey levels. */
        abstract Tensor input(Tensor rows);

        /** The layers, in words. */
        String description() {
            return description;
        }

        /** The name on the command line: {@code cnn} or {@code mlp}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a run produced.
     *
     * @param trainAccuracy    the share of training digits classified right by the trained network
     * @param testAccuracy     the share of test digits classified right
     * @param testPredictions  the predicted digit of each test image
     * @param epochSeconds     the wall-clock seconds of each epoch's training steps
     * @param epochCpuSeconds  the process CPU seconds of each epoch's training steps (all threads, the collector's
     *                         too)
     */
    record Run(double trainAccuracy, double testAccuracy, int[] testPredictions, double[] epochSeconds,
            double[] epochCpuSeconds) {

        /** The mean of {@link #epochSeconds}. */
        double meanEpochSeconds() {
            return mean(epochSeconds);
        }

        /** The mean of {@link #epochCpuSeconds}. */
        double meanEpochCpuSeconds() {
            return mean(epochCpuSeconds);
        }

        private static double mean(double[] xs) {
            double sum = 0;
            for (double x : xs) {
                sum += x;
            }
            return sum / xs.length;
        }
    }

    private MnistTraining() {
    }

    /**
     * Trains a fresh network for the given epochs, reporting each epoch's mean loss and test accuracy to
     * {@code progress}, then measures it.
     *
     * @param model    the network
     * @param epochs   passes over the training digits, at least 1
     * @param seed     seed of the weights and of each epoch's batch order (epoch {@code e} shuffles with
     *                 {@code seed + e})
     * @param train    the training digits
     * @param test     the test digits
     * @param progress told after each epoch
     * @return the accuracies, the test predictions and the times
     */
    static Run train(Model model, int epochs, long seed, MnistData.Digits train, MnistData.Digits test,
            Progress progress) {
        Sequential net = model.build(seed);
        Optimizer adam = Adam.adam(net.parameters(), LEARNING_RATE);
        Tensor trainRows = rows(train);
        Tensor testRows = rows(test);
        double[] seconds = new double[epochs];
        double[] cpuSeconds = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long wall = System.nanoTime();
            long cpu = PROCESS.getProcessCpuTime();
            double lossSum = 0;
            for (int[] batch : Batches.shuffled(train.size(), BATCH, seed + e)) {
                net.zeroGrad();
                Tensor loss = Losses.crossEntropy(net.forward(model.input(trainRows.indexSelect(0, batch))),
                        Batches.pick(train.labels(), batch));
                loss.backward();
                adam.step();
                lossSum += loss.item() * batch.length;
            }
            seconds[e] = (System.nanoTime() - wall) / 1e9;
            cpuSeconds[e] = (PROCESS.getProcessCpuTime() - cpu) / 1e9;
            double testAccuracy = accuracy(predict(model, net, testRows), test.labels());
            progress.step(String.format(Locale.ROOT, "loss %.4f  test accuracy %.2f%%  %.2f s (CPU %.2f s)",
                    lossSum / train.size(), 100 * testAccuracy, seconds[e], cpuSeconds[e]));
        }
        int[] testPredictions = predict(model, net, testRows);
        return new Run(accuracy(predict(model, net, trainRows), train.labels()),
                accuracy(testPredictions, test.labels()), testPredictions, seconds, cpuSeconds);
    }

    /** The images as a float32 tensor {@code [n, 784]}. */
    private static Tensor rows(MnistData.Digits digits) {
        return Tensor.of(digits.pixels(), digits.size(), MnistData.PIXELS);
    }

    /** The class of highest score for each row, computed without recording a graph. */
    static int[] predict(Model model, Sequential net, Tensor rows) {
        int n = rows.size(0);
        int[] predicted = new int[n];
        try (NoGrad scope = Tensor.noGrad()) {
            for (int start = 0; start < n; start += EVALUATION_BATCH) {
                int len = Math.min(EVALUATION_BATCH, n - start);
                int[] index = new int[len];
                for (int i = 0; i < len; i++) {
                    index[i] = start + i;
                }
                int[] classes = net.forward(model.input(rows.indexSelect(0, index))).argmax(1);
                System.arraycopy(classes, 0, predicted, start, len);
            }
        }
        return predicted;
    }

    /** The share of predictions equal to their label. */
    static double accuracy(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                right++;
            }
        }
        return right / (double) labels.length;
    }

    /** {@code counts[t][p]}: how many digits labelled {@code t} were predicted as {@code p}. */
    static int[][] confusion(int[] predicted, int[] labels) {
        int[][] counts = new int[MnistData.CLASSES][MnistData.CLASSES];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][predicted[i]]++;
        }
        return counts;
    }
}
