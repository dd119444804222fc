package dev.jgrad.cli;

import dev.jgrad.Value;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Neuron;
import dev.jgrad.tensor.NoGrad;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.nn.Activation;
import dev.jgrad.tensor.nn.Adam;
import dev.jgrad.tensor.nn.Linear;
import dev.jgrad.tensor.nn.Losses;
import dev.jgrad.tensor.nn.Module;
import dev.jgrad.tensor.nn.Optimizer;
import dev.jgrad.tensor.nn.Sequential;
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
 * <p>The network is given as a scalar {@link MLP}, which supplies the initial weights and receives the kept ones, so
 * the model that is saved and predicts is the scalar one; the steps run on tensors ({@link dev.jgrad.tensor.nn}): one
 * {@link Linear} layer per layer of the MLP (its weight {@code [in, out]} holding neuron {@code j}'s weight for input
 * {@code i} at {@code [i, j]}), a batch of rows as one matrix. The initial weights (the MLP's), the batches
 * ({@link Dataset}'s shuffle, drawn from the same {@link Random}), the losses and the AdamW update are those of
 * training the MLP on {@link Value} graphs, so the results agree with that training up to rounding (the matrix product
 * sums in another order than a neuron does): within 1e-12 relative, epoch by epoch, in the tests.
 *
 * <p>Regression is trained on a standardized target {@code (y - mean) / scale}; {@link #foldTargetScale()} makes the
 * MLP predict in the target's own units afterwards. A loss, validation loss or parameter that stops being finite
 * ends training at once with a {@link Divergence}.
 */
final class NetworkTraining {

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

    /**
     * Rows as the loss sees them.
     *
     * @param features the standardized features, {@code [rows, inputs]}
     * @param targets  per row, the standardized target (regression) or the class index, 0 or 1 (two classes)
     * @param classes  per row, the class index (classification)
     */
    private record Rows(Tensor features, double[] targets, int[] classes) {

        int size() {
            return targets.length;
        }
    }

    private final MLP model;
    private final Module network;
    private final List<Tensor> parameters;
    private final int validationChunk;
    private final double[] classLabels;
    /** The fitting rows as given: their shuffle is {@link Dataset#batches}'s, so the batches are the same. */
    private final Dataset fitData;
    private final Rows fit;
    private final Rows validation;
    private final double targetMean;
    private final double targetScale;
    private final LossHistory history = new LossHistory();

    /**
     * Prepares training.
     *
     * @param model       the network, with fresh weights; {@link #run} leaves the kept weights in it
     * @param classLabels the class labels in ascending order for classification, {@code null} for regression
     * @param fit         the rows the steps are taken on (standardized features)
     * @param validation  the rows that decide when to stop (standardized features), possibly none
     * @param targetMean  for regression, the mean the target is centred on (0 for classification)
     * @param targetScale for regression, the scale the target is divided by (1 for classification)
     */
    NetworkTraining(MLP model, double[] classLabels, Dataset fit, Dataset validation, double targetMean,
            double targetScale) {
        this.model = model;
        this.classLabels = classLabels;
        this.targetMean = targetMean;
        this.targetScale = targetScale;
        List<Module> modules = new ArrayList<>();
        for (Layer layer : model.layers()) {
            modules.add(linear(layer));
            switch (layer.activation()) {
                case RELU -> modules.add(Activation.relu());
                case TANH -> modules.add(Activation.tanh());
                case SIGMOID -> modules.add(Activation.sigmoid());
                case LINEAR -> {
                }
            }
        }
        this.network = Sequential.of(modules.toArray(new Module[0]));
        this.parameters = network.parameters();
        // a validation chunk is no larger than the biggest step TrainCommand allows, in parameters times rows
        this.validationChunk = (int) Math.max(1, TrainCommand.MAX_STEP / model.parameters().size());
        this.fitData = fit;
        this.fit = rows(fit);
        this.validation = rows(validation);
    }

    /** The layer's weights as a tensor layer: neuron {@code j}'s weight for input {@code i} at {@code [i, j]}. */
    private static Linear linear(Layer layer) {
        int in = layer.inputs();
        int out = layer.outputs();
        double[] weight = new double[in * out];
        double[] bias = new double[out];
        for (int j = 0; j < out; j++) {
            Neuron neuron = layer.neurons().get(j);
            List<Value> w = neuron.weights();
            for (int i = 0; i < in; i++) {
                weight[i * out + j] = w.get(i).data();
            }
            bias[j] = neuron.bias().data();
        }
        return Linear.of(Tensor.of(weight, in, out), Tensor.of(bias));
    }

    private Rows rows(Dataset data) {
        int n = data.size();
        double[] targets = new double[n];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            double y = data.targets()[i];
            if (classLabels == null) {
                targets[i] = (y - targetMean) / targetScale;
            } else {
                classes[i] = classIndex(y);
                targets[i] = classes[i];
            }
        }
        Tensor features = n == 0 ? Tensor.zeros(0, model.inputs()) : Tensor.of(data.features());
        return new Rows(features, targets, classes);
    }

    /**
     * Trains, then leaves the kept weights in the MLP.
     *
     * @param settings how to train
     * @param random   the source of the batch order
     * @param progress told after every epoch
     * @return how the run ended
     * @throws Divergence if a loss or a parameter stops being finite
     */
    Outcome run(Settings settings, Random random, Progress progress) {
        Optimizer adam = Adam.adamW(parameters, settings.learningRate(), 0.9, 0.999, 1e-8, settings.weightDecay());
        boolean validate = validation.size() > 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        double[][] bestWeights = weights();
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
            double lossSum = 0;
            int correct = 0;
            int[] order = fitData.shuffledRows(random);
            for (int start = 0; start < order.length; start += settings.batchSize()) {
                int[] batch = Arrays.copyOfRange(order, start, Math.min(order.length, start + settings.batchSize()));
                int[] classes = pick(fit.classes(), batch);
                Tensor outputs = network.forward(fit.features().indexSelect(0, batch));
                Tensor loss = loss(outputs, pick(fit.targets(), batch), classes);
                double value = loss.item();
                if (!Double.isFinite(value)) {
                    throw new Divergence("the training loss became " + value + " in epoch " + epoch);
                }
                correct += correct(outputs, classes);
                network.zeroGrad();
                loss.backward();
                adam.step();
                lossSum += value * batch.length;
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
                keep(bestWeights);
                return new Outcome(epoch, bestEpoch, true);
            }
        }
        keep(bestWeights);
        return new Outcome(settings.maxEpochs(), bestEpoch, false);
    }

    private static double[] pick(double[] values, int[] rows) {
        double[] picked = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return picked;
    }

    private static int[] pick(int[] values, int[] rows) {
        int[] picked = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return picked;
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
        for (Tensor p : parameters) {
            for (double w : p.toDoubleArray()) {
                if (!Double.isFinite(w)) {
                    throw new Divergence("a weight of the network became " + w + " in epoch " + epoch);
                }
            }
        }
    }

    /** The mean loss on the validation rows, evaluated without a graph in chunks of bounded memory. */
    private double validationLoss(int epoch) {
        double sum = 0;
        int n = validation.size();
        try (NoGrad scope = Tensor.noGrad()) {
            for (int start = 0; start < n; start += validationChunk) {
                int end = Math.min(n, start + validationChunk);
                Tensor outputs = network.forward(validation.features().slice(0, start, end, 1));
                sum += loss(outputs, Arrays.copyOfRange(validation.targets(), start, end),
                        Arrays.copyOfRange(validation.classes(), start, end)).item() * (end - start);
            }
        }
        double loss = sum / n;
        if (!Double.isFinite(loss)) {
            throw new Divergence("the validation loss became " + loss + " in epoch " + epoch);
        }
        return loss;
    }

    /**
     * The mean loss of a batch's outputs {@code [rows, outputs]}: mean squared error against the standardized
     * targets (regression), binary cross-entropy of the one logit (two classes), else softmax cross-entropy.
     */
    private Tensor loss(Tensor outputs, double[] targets, int[] classes) {
        if (classLabels != null && classLabels.length > 2) {
            return Losses.crossEntropy(outputs, classes);
        }
        Tensor column = outputs.reshape(targets.length);
        return classLabels == null ? Losses.mse(column, Tensor.of(targets))
                : Losses.bceWithLogits(column, Tensor.of(targets));
    }

    /** The rows whose predicted class (the logit's sign, or the largest output) is theirs; 0 for regression. */
    private int correct(Tensor outputs, int[] classes) {
        if (classLabels == null) {
            return 0;
        }
        int[] predicted;
        if (outputs.size(1) == 1) {
            double[] logits = outputs.toDoubleArray();
            predicted = new int[logits.length];
            for (int i = 0; i < logits.length; i++) {
                predicted[i] = logits[i] > 0 ? 1 : 0;
            }
        } else {
            predicted = outputs.argmax(1);
        }
        int correct = 0;
        for (int i = 0; i < classes.length; i++) {
            if (predicted[i] == classes[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** The class of a label; {@code -0.0} is the label {@code 0.0}, as {@link Dataset#labels()} counts it. */
    private int classIndex(double label) {
        return Arrays.binarySearch(classLabels, label + 0.0);
    }

    private double[][] weights() {
        double[][] w = new double[parameters.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = parameters.get(i).toDoubleArray();
        }
        return w;
    }

    /**
     * Writes kept weights (as {@link #weights()} lists them: each layer's weight, then its bias) into the MLP's
     * neurons, the inverse of {@link #linear}.
     */
    private void keep(double[][] kept) {
        List<Layer> layers = model.layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int out = layer.outputs();
            double[] weight = kept[2 * l];
            double[] bias = kept[2 * l + 1];
            for (int j = 0; j < out; j++) {
                Neuron neuron = layer.neurons().get(j);
                List<Value> w = neuron.weights();
                for (int i = 0; i < w.size(); i++) {
                    w.get(i).setData(weight[i * out + j]);
                }
                neuron.bias().setData(bias[j]);
            }
        }
    }

    /**
     * Makes the MLP predict in the target's units: the output {@code o} was trained towards
     * {@code (y - mean) / scale}, so {@code y = scale * o + mean}, which is the output layer with its weights
     * and bias times {@code scale} and {@code mean} added to the bias.
     *
     * @throws InputException if a folded weight is not finite (a target too large for doubles)
     */
    void foldTargetScale() {
        try {
            model.rescaleOutputs(targetScale, targetMean);
        } catch (IllegalArgumentException e) {
            throw new InputException("jgrad: the target's values are too large for the network to predict ("
                    + e.getMessage() + ")");
        }
    }

    /** The figures per epoch, for the picture. */
    LossHistory history() {
        return history;
    }
}
