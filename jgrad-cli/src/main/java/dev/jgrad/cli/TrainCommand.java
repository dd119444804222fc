package dev.jgrad.cli;

import dev.jgrad.internal.NetworkSize;
import dev.jgrad.internal.Plural;
import dev.jgrad.nn.Csv;
import dev.jgrad.nn.CsvException;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Metrics;
import dev.jgrad.nn.ModelFile;
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
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad train}: an MLP trained on a CSV file of numbers, on tensors ({@link NetworkTraining}); the target may
 * hold text class labels, which make it a classifier whose model file keeps their names. The rows are
 * shuffled with the seed and split into a training part and a held-out test part, and the training part again into
 * fitting rows and validation rows; features are standardized with the training part's means and standard
 * deviations. The network (ReLU hidden layers, linear output) is trained by AdamW on mini-batches of the fitting
 * rows with binary cross-entropy on a logit (two classes), softmax cross-entropy (more classes) or mean squared error
 * (regression, on a standardized target whose scale is folded back into the output layer afterwards, so the saved
 * model predicts in the target's own units); training stops early when the validation loss stops improving, keeping
 * the best weights (see {@link NetworkTraining}). A baseline ({@link Baseline}) is reported beside the network.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Trains a neural network on a CSV file and reports held-out metrics.", "",
                "Trains a neural network (an MLP with ReLU hidden layers) on a CSV file with a header line: every "
                + "column but --target is a feature and holds numbers. The target holds numbers, or text class "
                + "labels such as setosa: text labels imply classification (an empty one is an error), and the "
                + "saved model predicts them by name. A target mixing numbers and text is an error naming its first "
                + "text cell (a typo?); with --task classify every cell of it is a label, read as text. The rows are shuffled with --seed and split into "
                + "training rows and held-out test rows (--test-fraction); a share of the training rows "
                + "(--validation-fraction) is set aside to stop training once the loss on them has not improved for "
                + "--patience epochs, and the weights of the best epoch are kept. Features are standardized with the "
                + "training rows' statistics. Prints progress, then the accuracy (classification) or the RMSE and R² "
                + "(regression) on each part beside a baseline (the majority class, or a linear least-squares fit), "
                + "and writes the losses per epoch to loss.png in --out.",
                "",
                "Limits, checked before training: --epochs at most " + TrainCommand.MAX_EPOCHS_TEXT + "; the "
                + "network at most " + TrainCommand.MAX_PARAMETERS_TEXT + " parameters, and its parameters times "
                + "the rows of a batch at most " + TrainCommand.MAX_STEP_TEXT + " (the work of one step).",
                "",
                "A bad CSV file (missing column, non-numeric feature cell, empty label, ragged row) is reported with "
                + "its line and column "
                + "(exit status 2); so is training that diverges (a loss or weight that stops being finite: lower "
                + "--learning-rate).",
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
    /** The most epochs; the loss history is kept in bounded memory whatever the count ({@link LossHistory}). */
    static final int MAX_EPOCHS = 1_000_000;
    /** The most parameters (weights and biases) of a network. */
    static final long MAX_PARAMETERS = 1_000_000;
    /**
     * The most parameters times rows per batch: a step takes about three multiply-adds per weight and row, and its
     * activations are at most a double per weight and row, so this bounds a step's work and memory (80 MB); the
     * validation rows are evaluated in chunks within the same bound.
     */
    static final long MAX_STEP = 10_000_000;
    static final String DEFAULT_LEARNING_RATE = "0.01";
    static final String MAX_EPOCHS_TEXT = "1,000,000";
    static final String MAX_PARAMETERS_TEXT = "1,000,000";
    static final String MAX_STEP_TEXT = "10,000,000";

    @Spec
    private CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The data: a header line, then "
            + "one row per example, of numbers but for a target of text labels. " + Inputs.CSV_LIMITS)
    private Path csv;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column to predict.")
    private String target;

    @Option(names = "--task", paramLabel = "TASK", description = "classify or regress (default: classify when the "
            + "target holds text labels or at most " + MAX_CLASSES + " distinct whole numbers, else regress; "
            + "regress needs a target of numbers).")
    private String task;

    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "16,16",
            description = "Hidden layer sizes, comma-separated; empty for none, a linear model "
                    + "(default: ${DEFAULT-VALUE}).")
    private String hidden;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "200",
            description = "The most passes over the training rows, 1 to " + MAX_EPOCHS_TEXT
                    + " (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Rows per gradient step (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = DEFAULT_LEARNING_RATE,
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0.1",
            description = "Decoupled weight decay (AdamW): each step multiplies every weight by 1 - RATE × W; "
                    + "0 for none (default: ${DEFAULT-VALUE}).")
    private double weightDecay;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of the training rows set aside to decide when to stop, in [0, 1); 0 runs every "
                    + "epoch and keeps the last weights (default: ${DEFAULT-VALUE}).")
    private double validationFraction;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "20",
            description = "Stop after this many epochs without a lower validation loss, keeping the weights of "
                    + "the best epoch (default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1337",
            description = "Seed of the splits, the weights and the batch order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of the rows held out for testing, in [0, 1) (default: ${DEFAULT-VALUE}).")
    private double testFraction;

    @Option(names = "--json", description = "Print the results as one JSON object {\"train\": {...}, "
            + "\"validation\": {...}, \"test\": {...}, \"baseline\": {...}, \"epochs\": {...}}; progress then "
            + "goes to standard error.")
    private boolean json;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (JSON, format jgrad-mlp), "
            + "for 'jgrad predict'.")
    private Path save;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write loss.png (default: the current directory).")
    private Path out;

    /**
     * The metrics of one part of the data.
     *
     * @param rows     the number of rows
     * @param accuracy the share of rows predicted exactly (for a classifier)
     * @param rmse     the root mean squared error (for regression)
     * @param r2       the coefficient of determination (for regression)
     */
    record Figures(int rows, double accuracy, double rmse, double r2) {
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        AtomicFiles.checkOutputDirectory("--out", out, "loss.png");
        if (save != null) {
            AtomicFiles.checkFile("--save", save);
            AtomicFiles.checkNotSameFile("--save", save, csv, "the --csv file");
            AtomicFiles.checkNotSameFile("--save", save, out.resolve("loss.png"), "the loss picture of --out");
        }
        // a regression target must be numbers, so its text cells are errors with their place, not labels
        Csv.Labeled labeled = SavedModel.REGRESS.equals(task) ? new Csv.Labeled(Inputs.csv(csv), null, null)
                : Inputs.labeledCsv(csv, target);
        if (labeled.firstText() != null && task == null) {
            // among numbers, one text cell is more likely a typo than a class: naming every cell a class needs asking
            throw new InputException("jgrad: " + labeled.firstText() + " is not a number, though other cells of "
                    + Echo.quote(target) + " are; to take every cell of the column as a class label, give --task "
                    + SavedModel.CLASSIFY);
        }
        Csv.Table table = labeled.table();
        List<String> classNames = labeled.names();
        List<String> features = featureNames(table);
        if (table.rows().length < 2) {
            throw new InputException("jgrad: " + Echo.line(csv.toString()) + " has "
                    + Plural.of(table.rows().length, "data row") + "; training needs at least 2");
        }
        if (features.isEmpty()) {
            throw new InputException("jgrad: " + Echo.line(csv.toString()) + " has no column besides the target "
                    + Echo.quote(target));
        }
        Dataset all = table.dataset(target);
        String chosenTask = task != null ? task : classNames != null ? SavedModel.CLASSIFY : guessTask(all);
        boolean classify = chosenTask.equals(SavedModel.CLASSIFY);
        double[] classLabels = classify ? classLabels(all, classNames) : null;
        Dataset.Split split = all.split(testFraction, seed);
        if (split.train().size() == 0) {
            throw new InputException("jgrad: --test-fraction " + testFraction + " leaves no training rows");
        }
        Dataset.Split fitting = split.train().split(validationFraction, seed + 1);
        if (fitting.train().size() == 0) {
            throw new InputException("jgrad: --validation-fraction " + validationFraction + " of the "
                    + Plural.of(split.train().size(), "training row") + " leaves no rows to fit the network on");
        }
        Standardizer standardizer = Standardizer.fit(split.train().features());
        Dataset fit = new Dataset(standardizer.apply(fitting.train().features()), fitting.train().targets());
        Dataset validation = new Dataset(standardizer.apply(fitting.test().features()), fitting.test().targets());
        int outputs = classify ? (classLabels.length == 2 ? 1 : classLabels.length) : 1;
        int[] sizes = layerSizes(features.size(), outputs, Math.min(batchSize, fit.size()));
        MLP model = MLP.scaled(seed, features.size(), sizes);
        double[] targetScaling = classify ? new double[] {0, 1} : targetScaling(fit.targets());

        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter progressOut = json ? spec.commandLine().getErr() : stdout;
        progressOut.println("Training an MLP " + features.size() + "-" + String.join("-",
                Arrays.stream(sizes).mapToObj(String::valueOf).toList()) + " to " + (classify
                ? "classify " + Echo.shown(target) + " (" + classLabels.length + " classes)" : "predict " + Echo.shown(target)
                + " (regression)") + " on " + Plural.of(fit.size(), "row") + ", validating on " + validation.size()
                + ", holding out " + split.test().size() + " (seed " + seed + ")");
        progressOut.flush();
        NetworkTraining training = new NetworkTraining(model, classLabels, fit, validation, targetScaling[0],
                targetScaling[1]);
        NetworkTraining.Outcome outcome;
        try (Progress progress = Progress.open("train", "epoch", epochs, progressOut,
                Progress.terminal(json ? System.err : System.out))) {
            outcome = training.run(new NetworkTraining.Settings(epochs, batchSize, learningRate, weightDecay,
                    patience), new Random(seed), progress);
        } catch (NetworkTraining.Divergence e) {
            throw new InputException("jgrad: training diverged: " + e.getMessage() + "; nothing was written. "
                    + "Lower --learning-rate (it is " + learningRate + "; the default is " + DEFAULT_LEARNING_RATE
                    + ")", e);
        }
        if (!classify) {
            training.foldTargetScale();
        }
        // with names, the targets and the network's classes are the names' indices, which predict() gives
        SavedModel saved = new SavedModel(model, standardizer, chosenTask, features, target,
                classNames == null ? classLabels : null, classNames);
        Baseline baseline = classify ? Baseline.majorityClass(split.train(), classLabels, classNames)
                : Baseline.linear(split.train(), standardizer);
        Results results = new Results(metrics(saved::predict, fitting.train()),
                metrics(saved::predict, fitting.test()), metrics(saved::predict, split.test()), baseline,
                metrics(baseline.predictor(), split.train()), metrics(baseline.predictor(), split.test()), outcome);
        progressOut.println(stopping(outcome));
        progressOut.flush();
        if (json) {
            stdout.println(results.json(classify, epochs));
        } else {
            stdout.print(results.text(classify));
        }
        stdout.flush();
        Path picture = out.resolve("loss.png");
        LossHistory history = training.history();
        writeModelThenPicture(save, ModelFile.toJson(saved), picture, () -> Plots.lossCurve("jgrad train: " + target
                + " from " + csv.getFileName(), "epoch", history.steps(), history.losses(), validation.size() > 0
                        ? history.validationLosses() : null, classify ? history.accuracies() : null), progressOut);
        progressOut.println("wrote " + picture);
        stdout.flush();
        progressOut.flush();
        return 0;
    }

    /** Draws a picture, which may fail to encode. */
    interface Picture {
        byte[] draw() throws IOException;
    }

    /**
     * Saves the model when {@code save} is given, and only then draws and writes the picture: a picture that cannot
     * be written must not cost the trained model, and its error says where the model went.
     *
     * @throws OutputException if the model or the picture cannot be written
     * @throws IOException     if the picture cannot be drawn
     */
    static void writeModelThenPicture(Path save, String modelJson, Path picture, Picture drawing,
            PrintWriter progressOut) throws IOException {
        if (save != null) {
            AtomicFiles.write(save, modelJson);
            progressOut.println("saved the model to " + save);
        }
        byte[] png = drawing.draw();
        try {
            AtomicFiles.write(picture, png);
        } catch (OutputException e) {
            throw save == null ? e : new OutputException(e.getMessage() + "; the model was saved to " + save, e);
        }
    }

    private String stopping(NetworkTraining.Outcome outcome) {
        if (outcome.stoppedEarly()) {
            return "stopped at epoch " + outcome.epochs() + " of " + epochs + ": the validation loss last improved "
                    + "in epoch " + outcome.bestEpoch() + ", whose weights are kept";
        }
        if (outcome.bestEpoch() < outcome.epochs()) {
            return "ran all " + epochs + " epochs; the validation loss was lowest in epoch " + outcome.bestEpoch()
                    + ", whose weights are kept";
        }
        return epochs == 1 ? "ran its one epoch" : "ran all " + epochs + " epochs";
    }

    private void checkOptions() {
        if (task != null && !task.equals(SavedModel.CLASSIFY) && !task.equals(SavedModel.REGRESS)) {
            throw new InputException("jgrad: --task must be classify or regress, not " + Echo.quote(task));
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new InputException("jgrad: --epochs must be from 1 to " + MAX_EPOCHS_TEXT + ", got " + epochs);
        }
        if (batchSize < 1) {
            throw new InputException("jgrad: --batch-size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InputException("jgrad: --learning-rate must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InputException("jgrad: --weight-decay must be a number of at least 0, got " + weightDecay);
        }
        if (learningRate * weightDecay >= 1) {
            throw new InputException("jgrad: --learning-rate " + learningRate + " times --weight-decay "
                    + weightDecay + " is at least 1, so each step would multiply the weights by 1 - RATE × W <= 0; "
                    + "lower --learning-rate (or --weight-decay)");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new InputException("jgrad: --test-fraction must be at least 0 and below 1, got " + testFraction);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InputException("jgrad: --validation-fraction must be at least 0 and below 1, got "
                    + validationFraction);
        }
        if (patience < 1) {
            throw new InputException("jgrad: --patience must be at least 1, got " + patience);
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

    private static String guessTask(Dataset all) {
        for (double t : all.targets()) {
            if (!Double.isFinite(t) || t != Math.rint(t)) {
                return SavedModel.REGRESS;
            }
        }
        return all.labels().length <= MAX_CLASSES ? SavedModel.CLASSIFY : SavedModel.REGRESS;
    }

    /** The class labels, ascending; for text labels (names not null), the indices of the names. */
    private double[] classLabels(Dataset all, List<String> names) {
        double[] labels;
        try {
            labels = all.labels();
        } catch (IllegalArgumentException e) {
            throw new InputException("jgrad: the target " + Echo.quote(target) + " holds a value that is not a class "
                    + "label (" + e.getMessage() + "); use --task regress or fix the data", e);
        }
        if (labels.length < 2) {
            throw new InputException("jgrad: the target " + Echo.quote(target) + " has only one value ("
                    + (names == null ? Predictions.format(labels[0]) : Echo.shown(names.get(0)))
                    + "); classification needs at least two classes");
        }
        if (labels.length > MAX_CLASSES) {
            throw new InputException("jgrad: the target " + Echo.quote(target) + " has " + labels.length
                    + " distinct values, more than " + MAX_CLASSES + " classes; " + (names == null
                    ? "use --task regress" : "each text label is a class"));
        }
        return labels;
    }

    /**
     * The mean and spread the regression target is standardized with: {@code (y - mean) / scale} is what the
     * network learns; {@link Standardizer} computes them without overflow for targets of any finite size, and a
     * constant target keeps scale 1.
     */
    private static double[] targetScaling(double[] targets) {
        Standardizer scaling = Standardizer.fit(Arrays.stream(targets).mapToObj(t -> new double[] {t})
                .toArray(double[][]::new));
        return new double[] {scaling.mean()[0], scaling.std()[0]};
    }

    /**
     * The size of each layer: the hidden sizes of {@code --hidden}, then the output layer, checked against the
     * limits on parameters and on the work of a step before anything is allocated.
     */
    private int[] layerSizes(int inputs, int outputs, int batchRows) {
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
                    throw new InputException("jgrad: --hidden " + Echo.quote(hidden) + ": " + Echo.quote(size)
                            + " is not a layer size (a whole number of at least 1)");
                }
                sizes.add(n);
            }
        }
        sizes.add(outputs);
        int[] layers = sizes.stream().mapToInt(Integer::intValue).toArray();
        long parameters = NetworkSize.parameters(inputs, layers, MAX_PARAMETERS);
        if (parameters > MAX_PARAMETERS) {
            throw new InputException("jgrad: --hidden " + Echo.quote(hidden) + " makes a network of more than "
                    + MAX_PARAMETERS_TEXT + " parameters (the limit) on " + Plural.of(inputs, "feature") + "; use "
                    + "smaller layers");
        }
        if (parameters * batchRows > MAX_STEP) {
            throw new InputException("jgrad: a step of " + batchRows + " rows through " + parameters
                    + " parameters exceeds the limit of " + MAX_STEP_TEXT + " (parameters times rows per batch); "
                    + "use a smaller --batch-size (at most " + Math.max(1, MAX_STEP / parameters)
                    + ") or smaller --hidden layers");
        }
        return layers;
    }

    /** The accuracy, RMSE and R² of a predictor on one part of the data (NaN for an empty part). */
    static Figures metrics(ToDoubleFunction<double[]> predictor, Dataset part) {
        int n = part.size();
        if (n == 0) {
            return new Figures(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] predicted = new double[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = predictor.applyAsDouble(part.features()[i]);
        }
        double[] actual = part.targets();
        return new Figures(n, Metrics.accuracy(predicted, actual),
                Metrics.rmse(predicted, actual), Metrics.r2(predicted, actual));
    }

    /**
     * Everything a run reports.
     *
     * @param train         the network on the rows it was fitted on
     * @param validation    the network on the validation rows
     * @param test          the network on the held-out test rows
     * @param baseline      the baseline
     * @param baselineTrain the baseline on all training rows (fitting and validation), which it was fitted on
     * @param baselineTest  the baseline on the test rows
     * @param outcome       how training ended
     */
    record Results(Figures train, Figures validation, Figures test, Baseline baseline, Figures baselineTrain,
                   Figures baselineTest, NetworkTraining.Outcome outcome) {

        String json(boolean classify, int maxEpochs) {
            return "{\"train\": " + TrainCommand.json(train, classify) + ", \"validation\": "
                    + TrainCommand.json(validation, classify) + ", \"test\": " + TrainCommand.json(test, classify)
                    + ", \"baseline\": {\"model\": " + Json.string(baseline.name()) + ", \"train\": "
                    + TrainCommand.json(baselineTrain, classify) + ", \"test\": "
                    + TrainCommand.json(baselineTest, classify) + "}, \"epochs\": {\"run\": " + outcome.epochs()
                    + ", \"best\": " + outcome.bestEpoch() + ", \"max\": " + maxEpochs + ", \"stoppedEarly\": "
                    + outcome.stoppedEarly() + "}}";
        }

        String text(boolean classify) {
            return "train:      " + TrainCommand.text(train, classify) + "\n"
                    + "validation: " + TrainCommand.text(validation, classify) + "\n"
                    + "test:       " + TrainCommand.text(test, classify) + "\n"
                    + "baseline, " + baseline.name() + ": test " + TrainCommand.text(baselineTest, classify) + "\n";
        }
    }

    private static String json(Figures m, boolean classify) {
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

    private static String text(Figures m, boolean classify) {
        if (m.rows() == 0) {
            return "no rows";
        }
        if (classify) {
            return String.format(Locale.ROOT, "accuracy %.1f%% (%d of %s)", 100 * m.accuracy(),
                    Math.round(m.accuracy() * m.rows()), Plural.of(m.rows(), "row"));
        }
        return String.format(Locale.ROOT, "RMSE %.4g  R² %.4f  (%s)", m.rmse(), m.r2(), Plural.of(m.rows(), "row"));
    }
}
