package dev.jgrad.cli;

import dev.jgrad.Value;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Neuron;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Mini-batch training of one network on standardized features with early stopping: AdamW steps over the fitting
 * rows, epoch after epoch; after each epoch the loss on the validation rows (rows the steps never see) is measured,
 * and training stops once it has not improved for {@code patience} epochs. The weights of the epoch with the lowest
 * validation loss are kept. Without validation rows every epoch runs and the last weights are kept.
 *
 * <p>Regression is trained on a standardized target {@code (y - mean) / scale}; {@link #foldTargetScale()} makes the
 * network predict in the target's own units afterwards. A loss, validation loss or parameter that stops being finite
 * ends training at once with a {@link Divergence}.
 */
final class NetworkTraining {

    /** Rows evaluated at once when measuring the validation loss, to bound the memory of its graph. */
    private static final int VALIDATION_CHUNK = 1024;

    /**
     * How to train.
     *
     * @param maxEpochs    the most passes over the fitting rows, at least 1
     * @param batchSize    the rows per step, at least 1
     * @param learningRate Adam's learning rate, positive and finite
     * @param weightDecay  AdamW's decoupled weight decay, at least 0
     * @param patience     the epochs without a lower validation loss after which training stops, at least 1
     */
    record Settings(int maxEpochs, int batchSize, double learningRate, double weightDecay, int patience) {
    }

    /**
     * How a run ended.
     *
     * @param epochs       the epochs that ran
     * @param bestEpoch    the epoch whose weights were kept
     * @param stoppedEarly whether the validation loss stopped training before {@code maxEpochs}
     */
    record Outcome(int epochs, int bestEpoch, boolean stoppedEarly) {
    }

    /** Training broke down: a loss or a parameter became NaN or infinite. */
    static final class Divergence extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** @param message what became non-finite, and when */
        Divergence(String message) {
            super(message);
        }
    }

    private final MLP model;
    private final List<Value> parameters;
    private final double[] classLabels;
    private final Dataset fit;
    private final Dataset validation;
    private final double targetMean;
    private final double targetScale;
    private final LossHistory history = new LossHistory();

    /**
     * Prepares training.
     *
     * @param model       the network, with fresh weights
     * @param classLabels the class labels in ascending order for classification, {@code null} for regression
     * @param fit         the rows the steps are taken on (standardized features)
     * @param validation  the rows that decide when to stop (standardized features), possibly none
     * @param targetMean  for regression, the mean the target is centred on (0 for classification)
     * @param targetScale for regression, the scale the target is divided by (1 for classification)
     */
    NetworkTraining(MLP model, double[] classLabels, Dataset fit, Dataset validation, double targetMean,
            double targetScale) {
        this.model = model;
        this.parameters = model.parameters();
        this.classLabels = classLabels;
        this.fit = fit;
        this.validation = validation;
        this.targetMean = targetMean;
        this.targetScale = targetScale;
    }

    /**
     * Trains, then leaves the kept weights in the model.
     *
     * @param settings how to train
     * @param random   the source of the batch order
     * @param progress told after every epoch
     * @return how the run ended
     * @throws Divergence if a loss or a parameter stops being finite
     */
    Outcome run(Settings settings, Random random, Progress progress) {
        Optimizer adam = new Adam(parameters, Schedule.constant(settings.learningRate()), 0.9, 0.999, 1e-8,
                settings.weightDecay());
        boolean validate = validation.size() > 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        double[] bestWeights = weights();
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
            double lossSum = 0;
            int correct = 0;
            for (Dataset batch : fit.batches(settings.batchSize(), random)) {
                List<List<Value>> outputs = new ArrayList<>(batch.size());
                for (double[] x : batch.features()) {
                    outputs.add(model.apply(x));
                }
                Value loss = loss(outputs, batch.targets());
                if (!Double.isFinite(loss.data())) {
                    throw new Divergence("the training loss became " + loss.data() + " in epoch " + epoch);
                }
                correct += correct(outputs, batch.targets());
                adam.zeroGrad();
                loss.backward();
                adam.step();
                lossSum += loss.data() * batch.size();
            }
            checkParameters(epoch);
            double trainLoss = lossSum / fit.size();
            double accuracy = classLabels != null ? correct / (double) fit.size() : Double.NaN;
            double validationLoss = validate ? validationLoss(epoch) : Double.NaN;
            history.add(epoch, trainLoss, validationLoss, accuracy);
            progress.step(describe(trainLoss, validationLoss, accuracy));
            if (!validate || validationLoss < bestLoss) {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                bestWeights = weights();
            } else if (epoch - bestEpoch >= settings.patience()) {
                setWeights(bestWeights);
                return new Outcome(epoch, bestEpoch, true);
            }
        }
        setWeights(bestWeights);
        return new Outcome(settings.maxEpochs(), bestEpoch, false);
    }

    private static String describe(double trainLoss, double validationLoss, double accuracy) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", trainLoss));
        if (!Double.isNaN(validationLoss)) {
            s.append(String.format(Locale.ROOT, "  validation loss %.4f", validationLoss));
        }
        if (!Double.isNaN(accuracy)) {
            s.append(String.format(Locale.ROOT, "  accuracy %.1f%%", 100 * accuracy));
        }
        return s.toString();
    }

    private void checkParameters(int epoch) {
        for (Value p : parameters) {
            if (!Double.isFinite(p.data())) {
                throw new Divergence("a weight of the network became " + p.data() + " in epoch " + epoch);
            }
        }
    }

    /** The loss on the validation rows: the network's outputs in plain doubles, the loss built on them as leaves. */
    private double validationLoss(int epoch) {
        double sum = 0;
        int n = validation.size();
        for (int start = 0; start < n; start += VALIDATION_CHUNK) {
            int end = Math.min(n, start + VALIDATION_CHUNK);
            List<List<Value>> outputs = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                List<Value> row = new ArrayList<>();
                for (double o : model.predict(validation.features()[i])) {
                    row.add(Value.of(o));
                }
                outputs.add(row);
            }
            sum += loss(outputs, Arrays.copyOfRange(validation.targets(), start, end)).data() * (end - start);
        }
        double loss = sum / n;
        if (!Double.isFinite(loss)) {
            throw new Divergence("the validation loss became " + loss + " in epoch " + epoch);
        }
        return loss;
    }

    private Value loss(List<List<Value>> outputs, double[] targets) {
        int n = targets.length;
        if (classLabels == null) {
            List<Value> predictions = new ArrayList<>(n);
            double[] scaled = new double[n];
            for (int i = 0; i < n; i++) {
                predictions.add(outputs.get(i).get(0));
                scaled[i] = (targets[i] - targetMean) / targetScale;
            }
            return Losses.mse(predictions, scaled);
        }
        if (classLabels.length == 2) {
            List<Value> logits = new ArrayList<>(n);
            double[] labels = new double[n];
            for (int i = 0; i < n; i++) {
                logits.add(outputs.get(i).get(0));
                labels[i] = classIndex(targets[i]);
            }
            return Losses.bceWithLogits(logits, labels);
        }
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = classIndex(targets[i]);
        }
        return Losses.softmaxCrossEntropy(outputs, classes);
    }

    private int correct(List<List<Value>> outputs, double[] targets) {
        if (classLabels == null) {
            return 0;
        }
        int correct = 0;
        for (int i = 0; i < targets.length; i++) {
            List<Value> out = outputs.get(i);
            int best = 0;
            if (out.size() == 1) {
                best = out.get(0).data() > 0 ? 1 : 0;
            } else {
                for (int j = 1; j < out.size(); j++) {
                    if (out.get(j).data() > out.get(best).data()) {
                        best = j;
                    }
                }
            }
            if (best == classIndex(targets[i])) {
                correct++;
            }
        }
        return correct;
    }

    /** The class of a label; {@code -0.0} is the label {@code 0.0}, as {@link Dataset#labels()} counts it. */
    private int classIndex(double label) {
        return Arrays.binarySearch(classLabels, label + 0.0);
    }

    private double[] weights() {
        double[] w = new double[parameters.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = parameters.get(i).data();
        }
        return w;
    }

    private void setWeights(double[] w) {
        for (int i = 0; i < w.length; i++) {
            parameters.get(i).setData(w[i]);
        }
    }

    /**
     * Makes the network predict in the target's units: the output {@code o} was trained towards
     * {@code (y - mean) / scale}, so {@code y = scale * o + mean}, which is the output layer with its weights
     * and bias times {@code scale} and {@code mean} added to the bias.
     *
     * @throws InputException if a folded weight is not finite (a target too large for doubles)
     */
    void foldTargetScale() {
        List<Layer> layers = model.layers();
        Neuron output = layers.get(layers.size() - 1).neurons().get(0);
        List<Value> outputParameters = output.parameters();
        for (Value p : outputParameters) {
            p.setData(p.data() * targetScale);
        }
        Value bias = outputParameters.get(outputParameters.size() - 1);
        bias.setData(bias.data() + targetMean);
        for (Value p : outputParameters) {
            if (!Double.isFinite(p.data())) {
                throw new InputException("jgrad: the target's values are too large for the network to predict "
                        + "(an output weight times the target's spread " + targetScale + " is " + p.data() + ")");
            }
        }
    }

    /** The figures per epoch, for the picture. */
    LossHistory history() {
        return history;
    }
}
