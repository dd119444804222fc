package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Schedule;
import dev.jgrad.nn.Standardizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link NetworkTraining} runs on tensors; the truth it is held to is the training {@code jgrad train} did before,
 * written here again on the scalar engine: the same MLP's {@link Value} graphs row by row, {@link Losses} on lists of
 * values, the scalar AdamW ({@link Adam}), {@link Dataset#batches} for the batch order. From the same initial weights
 * and the same seed both must give the same losses, validation losses and accuracies in every epoch, stop at the same
 * epoch and keep the same weights, to 1e-12 relative (the matrix product sums in another order than the scalar
 * neuron, so the last bits may differ).
 */
class NetworkTrainingTest {

    private static final double TOLERANCE = 1e-12;
    private static final Progress SILENT = new Progress() {
        @Override
        public void step(String message) {
        }

        @Override
        public void close() {
        }
    };

    /** The figures of one epoch, as {@link LossHistory} keeps them. */
    private record Epoch(double loss, double validationLoss, double accuracy) {
    }

    /** The scalar training's epochs and ending. */
    private record Run(List<Epoch> epochs, NetworkTraining.Outcome outcome) {
    }

    /** Rows of three standard normal features and a target computed from them. */
    private static Dataset data(long seed, int rows, ToDoubleFunction<double[]> target) {
        Random random = new Random(seed);
        double[][] x = new double[rows][3];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian();
            }
            y[i] = target.applyAsDouble(x[i]);
        }
        return new Dataset(x, y);
    }

    @Test
    void regressionMatchesTheScalarTraining() {
        Dataset all = data(11, 50, x -> 40 + 7 * Math.sin(2 * x[0]) + 3 * x[1] * x[2] + 0.5 * x[2]);
        double[] targets = Arrays.copyOfRange(all.targets(), 0, 40);
        Standardizer scaling = Standardizer.fit(Arrays.stream(targets).mapToObj(t -> new double[] {t})
                .toArray(double[][]::new));
        compare(all, null, scaling.mean()[0], scaling.std()[0], new int[] {6, 5, 1},
                new NetworkTraining.Settings(15, 7, 0.01, 0.1, 20));
    }

    @Test
    void twoClassesMatchTheScalarTrainingWithMinusZeroAsZero() {
        Dataset all = data(12, 50, x -> x[0] * x[1] + 0.3 * x[2] > 0 ? 1 : -0.0);
        compare(all, new double[] {0, 1}, 0, 1, new int[] {5, 4, 1},
                new NetworkTraining.Settings(15, 8, 0.02, 0.1, 20));
    }

    @Test
    void threeClassesMatchTheScalarTraining() {
        Dataset all = data(13, 50, x -> x[0] > 0.5 ? 9 : x[1] + x[2] > 0 ? 5 : 3);
        compare(all, new double[] {3, 5, 9}, 0, 1, new int[] {5, 4, 3},
                new NetworkTraining.Settings(15, 7, 0.01, 0.1, 20));
    }

    @Test
    void earlyStoppingMatchesTheScalarTraining() {
        Dataset all = data(14, 50, x -> x[0] > 0.5 ? 9 : x[1] + x[2] > 0 ? 5 : 3);
        NetworkTraining.Outcome outcome = compare(all, new double[] {3, 5, 9}, 0, 1, new int[] {8, 3},
                new NetworkTraining.Settings(60, 5, 0.2, 0, 2));
        assertTrue(outcome.stoppedEarly() && outcome.bestEpoch() < outcome.epochs(), outcome.toString());
    }

    @Test
    void withoutValidationRowsEveryEpochRunsAndTheLastWeightsAreKept() {
        Dataset all = data(15, 40, x -> x[0] - 2 * x[1]);
        compare(all, 40, null, 0, 1, () -> MLP.scaled(5, 3, 4, 1), new NetworkTraining.Settings(6, 16, 0.01, 0.1, 1));
    }

    @Test
    void tanhAndSigmoidLayersMatchTheScalarTraining() {
        Dataset all = data(16, 50, x -> x[0] > 0.5 ? 9 : x[1] + x[2] > 0 ? 5 : 3);
        compare(all, 40, new double[] {3, 5, 9}, 0, 1, () -> new MLP(3, new int[] {6, 5, 3},
                new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.LINEAR}, 5),
                new NetworkTraining.Settings(10, 7, 0.02, 0.1, 20));
    }

    /** Fits on the first 40 rows and validates on the rest. */
    private static NetworkTraining.Outcome compare(Dataset all, double[] classLabels, double targetMean,
            double targetScale, int[] sizes, NetworkTraining.Settings settings) {
        return compare(all, 40, classLabels, targetMean, targetScale, () -> MLP.scaled(5, 3, sizes), settings);
    }

    /** Trains two copies of {@code network} (a new one with the same weights at every call), one each way. */
    private static NetworkTraining.Outcome compare(Dataset all, int fitRows, double[] classLabels,
            double targetMean, double targetScale, Supplier<MLP> network, NetworkTraining.Settings settings) {
        Dataset fit = rows(all, 0, fitRows);
        Dataset validation = rows(all, fitRows, all.size());
        long seed = 5;
        MLP tensorModel = network.get();
        MLP scalarModel = network.get();
        double[] initial = data(scalarModel.parameters());

        NetworkTraining training = new NetworkTraining(tensorModel, classLabels, fit, validation, targetMean,
                targetScale);
        NetworkTraining.Outcome outcome = training.run(settings, new Random(seed), SILENT);
        Run truth = scalarTraining(scalarModel, classLabels, fit, validation, targetMean, targetScale, settings,
                new Random(seed));

        assertEquals(truth.outcome(), outcome);
        LossHistory history = training.history();
        assertEquals(truth.epochs().size(), history.losses().length);
        for (int e = 0; e < truth.epochs().size(); e++) {
            Epoch expected = truth.epochs().get(e);
            String where = "epoch " + (e + 1);
            assertClose(expected.loss(), history.losses()[e], where + " loss");
            assertClose(expected.validationLoss(), history.validationLosses()[e], where + " validation loss");
            assertClose(expected.accuracy(), history.accuracies()[e], where + " accuracy");
        }
        double[] expected = data(scalarModel.parameters());
        double[] actual = data(tensorModel.parameters());
        double moved = 0;
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], "parameter " + i);
            moved = Math.max(moved, Math.abs(expected[i] - initial[i]));
        }
        assertTrue(moved > 1e-3, "training changed no weight: " + moved);
        return outcome;
    }

    private static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": " + actual + ", expected NaN");
            return;
        }
        assertTrue(Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)),
                what + ": " + actual + ", expected " + expected);
    }

    private static Dataset rows(Dataset all, int from, int to) {
        return new Dataset(Arrays.copyOfRange(all.features(), from, to), Arrays.copyOfRange(all.targets(), from, to));
    }

    private static double[] data(List<Value> values) {
        return values.stream().mapToDouble(Value::data).toArray();
    }

    /**
     * The training {@code jgrad train} did on the scalar engine: per batch, each row's outputs as a graph, the
     * batch's mean loss, backward, an AdamW step; per epoch the validation loss on {@code predict}'s outputs, early
     * stopping on it with the best weights kept.
     */
    private static Run scalarTraining(MLP model, double[] classLabels, Dataset fit, Dataset validation,
            double targetMean, double targetScale, NetworkTraining.Settings settings, Random random) {
        List<Value> parameters = model.parameters();
        Adam adam = new Adam(parameters, Schedule.constant(settings.learningRate()), 0.9, 0.999, 1e-8,
                settings.weightDecay());
        List<Epoch> epochs = new ArrayList<>();
        boolean validate = validation.size() > 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        double[] bestWeights = data(parameters);
        int bestEpoch = 0;
        NetworkTraining.Outcome outcome = null;
        for (int epoch = 1; epoch <= settings.maxEpochs() && outcome == null; epoch++) {
            double lossSum = 0;
            int correct = 0;
            for (Dataset batch : fit.batches(settings.batchSize(), random)) {
                List<List<Value>> outputs = new ArrayList<>();
                for (double[] x : batch.features()) {
                    outputs.add(model.apply(x));
                }
                Value loss = loss(outputs, batch.targets(), classLabels, targetMean, targetScale);
                for (int i = 0; i < batch.size(); i++) {
                    if (classLabels != null && predictedClass(outputs.get(i)) == classIndex(classLabels,
                            batch.targets()[i])) {
                        correct++;
                    }
                }
                adam.zeroGrad();
                loss.backward();
                adam.step();
                lossSum += loss.data() * batch.size();
            }
            double validationLoss = Double.NaN;
            if (validate) {
                List<List<Value>> outputs = new ArrayList<>();
                for (double[] x : validation.features()) {
                    outputs.add(Arrays.stream(model.predict(x)).mapToObj(Value::of).toList());
                }
                validationLoss = loss(outputs, validation.targets(), classLabels, targetMean, targetScale).data();
            }
            epochs.add(new Epoch(lossSum / fit.size(), validationLoss,
                    classLabels != null ? correct / (double) fit.size() : Double.NaN));
            if (!validate || validationLoss < bestLoss) {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                bestWeights = data(parameters);
            } else if (epoch - bestEpoch >= settings.patience()) {
                outcome = new NetworkTraining.Outcome(epoch, bestEpoch, true);
            }
        }
        for (int i = 0; i < bestWeights.length; i++) {
            parameters.get(i).setData(bestWeights[i]);
        }
        return new Run(epochs, outcome != null ? outcome
                : new NetworkTraining.Outcome(settings.maxEpochs(), bestEpoch, false));
    }

    private static Value loss(List<List<Value>> outputs, double[] targets, double[] classLabels, double targetMean,
            double targetScale) {
        int n = targets.length;
        if (classLabels == null) {
            List<Value> predictions = outputs.stream().map(o -> o.get(0)).toList();
            double[] scaled = Arrays.stream(targets).map(t -> (t - targetMean) / targetScale).toArray();
            return Losses.mse(predictions, scaled);
        }
        if (classLabels.length == 2) {
            List<Value> logits = outputs.stream().map(o -> o.get(0)).toList();
            double[] labels = Arrays.stream(targets).map(t -> classIndex(classLabels, t)).toArray();
            return Losses.bceWithLogits(logits, labels);
        }
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = classIndex(classLabels, targets[i]);
        }
        return Losses.softmaxCrossEntropy(outputs, classes);
    }

    private static int predictedClass(List<Value> outputs) {
        if (outputs.size() == 1) {
            return outputs.get(0).data() > 0 ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < outputs.size(); j++) {
            if (outputs.get(j).data() > outputs.get(best).data()) {
                best = j;
            }
        }
        return best;
    }

    private static int classIndex(double[] classLabels, double label) {
        return Arrays.binarySearch(classLabels, label + 0.0);
    }
}
