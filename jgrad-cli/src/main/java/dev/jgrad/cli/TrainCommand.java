package dev.jgrad.cli;

import dev.jgrad.Value;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.Csv;
import dev.jgrad.nn.CsvException;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.Neuron;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.SavedModel;
import dev.jgrad.nn.Standardizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad train}: an MLP trained on a numeric CSV file. The rows are shuffled with the seed and split into a
 * training part and a held-out part; features are standardized with the training part's means and standard
 * deviations; the network (ReLU hidden layers, linear output) is trained by Adam on mini-batches with binary
 * cross-entropy on a logit (two classes), softmax cross-entropy (more classes) or mean squared error (regression,
 * on a standardized target whose scale is folded back into the output layer afterwards, so the saved model predicts
 * in the target's own units).
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Trains a neural network on a CSV file and reports held-out metrics.", "",
                "Trains a neural network (an MLP with ReLU hidden layers) on a numeric CSV file with a header "
                + "line: every column but --target is a feature. The rows are shuffled with --seed and split into "
                + "training rows and held-out test rows (--test-fraction); features are standardized with the "
                + "training rows' statistics. Prints progress, then the accuracy (classification) or the RMSE and R² "
                + "(regression) on both parts, and writes the loss per epoch to loss.png in --out.",
                "",
                "A bad CSV file (missing column, non-numeric cell, ragged row) is reported with its line and column "
                + "(exit status 2).",
                "",
                Main.OUTPUT_RULE},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad train --csv iris.csv --target species --save iris.json",
                  "  jgrad train --csv houses.csv --target price --task regress \\",
                  "              --hidden 32,32 --epochs 200 --json",
                  "  (iris.csv ships in the repository as jgrad-cli/src/test/resources/iris.csv)"})
final class TrainCommand implements Callable<Integer> {

    /** A target with more distinct values than this is not taken for class labels. */
    static final int MAX_CLASSES = 50;

    @Spec
    private CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The data: a header line, then "
            + "one row of numbers per example. " + Inputs.CSV_LIMITS)
    private Path csv;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column to predict.")
    private String target;

    @Option(names = "--task", paramLabel = "TASK", description = "classify or regress (default: classify when the "
            + "target holds at most " + MAX_CLASSES + " distinct whole numbers, else regress).")
    private String task;

    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "16,16",
            description = "Hidden layer sizes, comma-separated; empty for none (default: ${DEFAULT-VALUE}).")
    private String hidden;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
            description = "Passes over the training rows (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Rows per gradient step (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "0.01",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1337",
            description = "Seed of the split, the weights and the batch order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of the rows held out for testing, in [0, 1) (default: ${DEFAULT-VALUE}).")
    private double testFraction;

    @Option(names = "--json", description = "Print the metrics as one JSON object {\"train\": {...}, \"test\": "
            + "{...}}; progress then goes to standard error.")
    private boolean json;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (JSON, format jgrad-mlp), "
            + "for 'jgrad predict'.")
    private Path save;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write loss.png (default: the current directory).")
    private Path out;

    /** The metrics of one part of the data. */
    record Metrics(int rows, double accuracy, double rmse, double r2) {
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        AtomicFiles.checkOutputDirectory("--out", out, "loss.png");
        if (save != null) {
            AtomicFiles.checkFile("--save", save);
        }
        Csv.Table table = Inputs.csv(csv);
        List<String> features = featureNames(table);
        if (table.rows().length < 2) {
            throw new InputException("jgrad: " + csv + " has " + table.rows().length
                    + " data rows; training needs at least 2");
        }
        if (features.isEmpty()) {
            throw new InputException("jgrad: " + csv + " has no column besides the target \"" + target + "\"");
        }
        Dataset all = table.dataset(target);
        String chosenTask = task != null ? task : guessTask(all.targets());
        boolean classify = chosenTask.equals(SavedModel.CLASSIFY);
        double[] classLabels = classify ? classLabels(all.targets()) : null;
        Dataset.Split split = all.split(testFraction, seed);
        if (split.train().size() == 0) {
            throw new InputException("jgrad: --test-fraction " + testFraction + " leaves no training rows");
        }
        Standardizer standardizer = Standardizer.fit(split.train().features());
        Dataset train = new Dataset(standardizer.apply(split.train().features()), split.train().targets());
        int outputs = classify ? (classLabels.length == 2 ? 1 : classLabels.length) : 1;
        int[] sizes = layerSizes(outputs);
        MLP model = MLP.of(seed, features.size(), sizes);

        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progressOut = json ? spec.commandLine().getErr() : stdout;
        progressOut.println("Training an MLP " + features.size() + "-" + String.join("-",
                Arrays.stream(sizes).mapToObj(String::valueOf).toList()) + " to " + (classify
                ? "classify " + target + " (" + classLabels.length + " classes)" : "predict " + target
                + " (regression)") + " on " + train.size() + " rows, holding out " + split.test().size()
                + " (seed " + seed + ")");
        progressOut.flush();
        Trainer trainer = new Trainer(model, classify, classLabels, train);
        try (Progress progress = Progress.open("train", "epoch", epochs, progressOut,
                Progress.terminal(json ? System.err : System.out))) {
            trainer.run(epochs, batchSize, learningRate, new Random(seed), progress);
        }
        if (!classify) {
            trainer.foldTargetScale();
        }
        SavedModel saved = new SavedModel(model, standardizer, chosenTask, features, target, classLabels);
        Metrics trainMetrics = metrics(saved, split.train());
        Metrics testMetrics = metrics(saved, split.test());
        if (json) {
            stdout.println("{\"train\": " + json(trainMetrics, classify) + ", \"test\": "
                    + json(testMetrics, classify) + "}");
        } else {
            stdout.println("train: " + text(trainMetrics, classify));
            stdout.println("test:  " + text(testMetrics, classify));
        }
        Path picture = out.resolve("loss.png");
        AtomicFiles.write(picture, Plots.lossCurve("jgrad train: " + target + " from " + csv.getFileName(), "epoch",
                trainer.losses(), classify ? trainer.accuracies() : null));
        progressOut.println("wrote " + picture);
        if (save != null) {
            AtomicFiles.write(save, ModelFile.toJson(saved));
            progressOut.println("saved the model to " + save);
        }
        stdout.flush();
        progressOut.flush();
        return 0;
    }

    private void checkOptions() {
        if (task != null && !task.equals(SavedModel.CLASSIFY) && !task.equals(SavedModel.REGRESS)) {
            throw new InputException("jgrad: --task must be classify or regress, not \"" + task + "\"");
        }
        if (epochs < 1) {
            throw new InputException("jgrad: --epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InputException("jgrad: --batch-size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InputException("jgrad: --learning-rate must be a positive number, got " + learningRate);
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new InputException("jgrad: --test-fraction must be at least 0 and below 1, got " + testFraction);
        }
    }

    /** Every column but the target, in order; the target must be a column. */
    private List<String> featureNames(Csv.Table table) {
        try {
            return table.featureNames(target);
        } catch (CsvException e) {
            throw new InputException("jgrad: " + e.getMessage(), e);
        }
    }

    private static String guessTask(double[] targets) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double t : targets) {
            if (t != Math.rint(t)) {
                return SavedModel.REGRESS;
            }
            distinct.add(t);
        }
        return distinct.size() <= MAX_CLASSES ? SavedModel.CLASSIFY : SavedModel.REGRESS;
    }

    private double[] classLabels(double[] targets) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double t : targets) {
            distinct.add(t);
        }
        if (distinct.size() < 2) {
            throw new InputException("jgrad: the target \"" + target + "\" has only one value ("
                    + Predictions.format(distinct.first()) + "); classification needs at least two classes");
        }
        if (distinct.size() > MAX_CLASSES) {
            throw new InputException("jgrad: the target \"" + target + "\" has " + distinct.size()
                    + " distinct values, more than " + MAX_CLASSES + " classes; use --task regress");
        }
        return distinct.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private int[] layerSizes(int outputs) {
        List<Integer> sizes = new ArrayList<>();
        if (!hidden.isBlank()) {
            for (String part : hidden.split(",", -1)) {
                String size = part.strip();
                int n;
                try {
                    n = Integer.parseInt(size);
                } catch (NumberFormatException e) {
                    n = 0;
                }
                if (n < 1) {
                    throw new InputException("jgrad: --hidden \"" + hidden + "\": \"" + size
                            + "\" is not a layer size (a whole number of at least 1)");
                }
                sizes.add(n);
            }
        }
        sizes.add(outputs);
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    static Metrics metrics(SavedModel model, Dataset part) {
        int n = part.size();
        if (n == 0) {
            return new Metrics(0, Double.NaN, Double.NaN, Double.NaN);
        }
        int correct = 0;
        double squares = 0;
        double mean = 0;
        for (double t : part.targets()) {
            mean += t / n;
        }
        double spread = 0;
        for (int i = 0; i < n; i++) {
            double predicted = model.predict(part.features()[i]);
            double t = part.targets()[i];
            if (predicted == t) {
                correct++;
            }
            squares += (predicted - t) * (predicted - t);
            spread += (t - mean) * (t - mean);
        }
        return new Metrics(n, correct / (double) n, Math.sqrt(squares / n), spread > 0 ? 1 - squares / spread
                : Double.NaN);
    }

    private static String json(Metrics m, boolean classify) {
        StringJoiner fields = new StringJoiner(", ", "{", "}");
        fields.add("\"rows\": " + m.rows());
        if (m.rows() > 0) {
            if (classify) {
                fields.add("\"accuracy\": " + Json.number(m.accuracy()));
            } else {
                fields.add("\"rmse\": " + Json.number(m.rmse()));
                fields.add("\"r2\": " + Json.number(m.r2()));
            }
        }
        return fields.toString();
    }

    private static String text(Metrics m, boolean classify) {
        if (m.rows() == 0) {
            return "no rows";
        }
        if (classify) {
            return String.format(Locale.ROOT, "accuracy %.1f%% (%d of %d rows)", 100 * m.accuracy(),
                    Math.round(m.accuracy() * m.rows()), m.rows());
        }
        return String.format(Locale.ROOT, "RMSE %.4g  R² %.4f  (%d rows)", m.rmse(), m.r2(), m.rows());
    }

    /** Mini-batch training of one network on standardized features, recording the loss and accuracy per epoch. */
    private static final class Trainer {
        private final MLP model;
        private final boolean classify;
        private final double[] classLabels;
        private final Dataset train;
        private final double targetMean;
        private final double targetScale;
        private double[] losses;
        private double[] accuracies;

        Trainer(MLP model, boolean classify, double[] classLabels, Dataset train) {
            this.model = model;
            this.classify = classify;
            this.classLabels = classLabels;
            this.train = train;
            // the features' statistics, overflow-safe for targets as large as 1e200; a constant target gets scale 1
            Standardizer target = Standardizer.fit(Arrays.stream(train.targets()).mapToObj(t -> new double[] {t})
                    .toArray(double[][]::new));
            this.targetMean = classify ? 0 : target.mean()[0];
            this.targetScale = classify ? 1 : target.std()[0];
        }

        void run(int epochs, int batchSize, double learningRate, Random random, Progress progress) {
            Optimizer adam = new Adam(model.parameters(), learningRate);
            losses = new double[epochs];
            accuracies = new double[epochs];
            for (int epoch = 0; epoch < epochs; epoch++) {
                double lossSum = 0;
                int correct = 0;
                for (Dataset batch : train.batches(batchSize, random)) {
                    List<List<Value>> outputs = new ArrayList<>(batch.size());
                    for (double[] x : batch.features()) {
                        outputs.add(model.apply(x));
                    }
                    Value loss = loss(outputs, batch.targets());
                    correct += correct(outputs, batch.targets());
                    adam.zeroGrad();
                    loss.backward();
                    adam.step();
                    lossSum += loss.data() * batch.size();
                }
                losses[epoch] = lossSum / train.size();
                accuracies[epoch] = correct / (double) train.size();
                progress.step(classify
                        ? String.format(Locale.ROOT, "loss %.4f  accuracy %.1f%%", losses[epoch],
                                100 * accuracies[epoch])
                        : String.format(Locale.ROOT, "loss %.4f", losses[epoch]));
            }
        }

        private Value loss(List<List<Value>> outputs, double[] targets) {
            int n = targets.length;
            if (!classify) {
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
            if (!classify) {
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

        private int classIndex(double label) {
            return Arrays.binarySearch(classLabels, label);
        }

        /**
         * Makes the network predict in the target's units: the output {@code o} was trained towards
         * {@code (y - mean) / scale}, so {@code y = scale * o + mean}, which is the output layer with its weights
         * and bias times {@code scale} and {@code mean} added to the bias.
         */
        void foldTargetScale() {
            List<Layer> layers = model.layers();
            Neuron output = layers.get(layers.size() - 1).neurons().get(0);
            List<Value> parameters = output.parameters();
            for (Value p : parameters) {
                p.setData(p.data() * targetScale);
            }
            Value bias = parameters.get(parameters.size() - 1);
            bias.setData(bias.data() + targetMean);
        }

        double[] losses() {
            return losses;
        }

        double[] accuracies() {
            return accuracies;
        }
    }
}
