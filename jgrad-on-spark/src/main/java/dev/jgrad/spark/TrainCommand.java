package dev.jgrad.spark;

import dev.jgrad.internal.AtomicWrite;
import dev.jgrad.internal.NetworkSize;
import dev.jgrad.internal.Plural;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.SavedModel;
import dev.jgrad.nn.Standardizer;
import dev.jgrad.optim.ArrayAdam;
import dev.jgrad.optim.ArraySgd;
import dev.jgrad.optim.Lbfgs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad-spark train}: a model fitted on a CSV or Parquet data set by Spark. The rows are split at random (with
 * the seed) into training and held-out test rows; features are standardized with the training rows' statistics (and
 * a regression target too, folded back into the output layer afterwards, so the saved model predicts in the
 * target's units); the model (linear or logistic regression, or an MLP with ReLU hidden layers) is fitted by
 * minimizing the mean loss over the training rows (squared error, or cross-entropy on logits) with a
 * {@link DistributedObjective}.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Trains a model on a CSV (header line) or Parquet data set with Spark and reports held-out "
                + "metrics.", "",
                "Every column but --target is a feature. The rows are split at random into training rows and "
                + "held-out test rows (--test-fraction, --seed); features are standardized with the training rows' "
                + "statistics. The mean loss over the training rows is minimized by full-batch L-BFGS (default) or "
                + "by mini-batch SGD or Adam on samples of the rows, each gradient a sum over all partitions. "
                + "Prints progress, then the accuracy (classification) or the RMSE and R² (regression) on each part.",
                "",
                "The target holds numbers, or text class labels such as setosa, which imply classification; the "
                + "saved model predicts them by name, as 'jgrad train' saves it.",
                "",
                "A bad row (a missing or non-numeric value, a CSV line with the wrong number of fields) is never "
                + "dropped: the command counts them, names the first ones with their file and row, and stops before "
                + "training (exit status 2). So is an option given for another model or optimizer, and a model of "
                + "more than " + TrainCommand.MAX_PARAMETERS_TEXT + " parameters (as for jgrad train)."})
final class TrainCommand implements Callable<Integer> {

    /** A target with more distinct values than this is not taken for class labels. */
    static final int MAX_CLASSES = 50;
    /** How many bad rows are described. */
    static final int SHOWN_PROBLEMS = 10;
    /** The most parameters (weights and biases) of a model, as {@code jgrad train} allows. */
    static final long MAX_PARAMETERS = 1_000_000;
    static final String MAX_PARAMETERS_TEXT = "1,000,000";

    @Spec
    private CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL", description = "Spark's master, such as local[2] or "
            + "spark://host:7077 (default: the one spark-submit gives, else local[*]). Run inside a program with a "
            + "Spark session, the command uses that session and leaves it running.")
    private String master;

    @Option(names = "--data", required = true, paramLabel = "FILE_OR_DIR", description = "The data: a CSV file "
            + "with a header line, a Parquet file, or a directory of either (any path or URI Spark reads).")
    private String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv or parquet (default: parquet for a path "
            + "ending in .parquet or a local directory of .parquet files, else csv).")
    private String format;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column to predict.")
    private String target;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "mlp", description = "linear (least squares), "
            + "logistic (one logit, or one per class when there are more than 2) or mlp (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--task", paramLabel = "TASK", description = "For mlp: classify or regress (default: classify "
            + "when the target holds text labels or at most " + MAX_CLASSES + " distinct whole numbers, else "
            + "regress; regress needs a target of numbers). A target mixing numbers and text is refused, naming its "
            + "first text cell, unless --task classify (for logistic too) takes every cell as a label, as text.")
    private String task;

    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "16,16", description = "For mlp: the hidden "
            + "layer sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    private String hidden;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "lbfgs", description = "lbfgs (full batch), "
            + "sgd or adam (mini-batches of --batch-fraction of the rows) (default: ${DEFAULT-VALUE}).")
    private String optimizer;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "100", description = "L-BFGS iterations, or "
            + "mini-batch steps (default: ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "0.01", description = "For sgd and adam "
            + "(default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--batch-fraction", paramLabel = "F", defaultValue = "0.1", description = "For sgd and adam: "
            + "the expected share of the training rows in each step's sample, in (0, 1] (default: "
            + "${DEFAULT-VALUE}).")
    private double batchFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2", description = "Share of the rows "
            + "held out for testing, in [0, 1) (default: ${DEFAULT-VALUE}).")
    private double testFraction;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1337", description = "Seed of the split, the "
            + "initial weights and the samples (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "2", description = "Depth of the tree that adds "
            + "the partitions' gradients (default: ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = "--json", description = "Print the results as one JSON object {\"train\": {...}, \"test\": "
            + "{...}, \"model\": {...}, \"optimizer\": {...}}; progress then goes to standard error.")
    private boolean json;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (JSON, format jgrad-mlp, "
            + "as 'jgrad train --save' writes it; 'jgrad predict' reads it), on the driver's file system.")
    private Path save;

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("jgrad-spark train");
        if (master != null) {
            builder.master(master);
        } else if (!conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark;
        try {
            spark = builder.getOrCreate();
        } catch (Exception e) {
            if (master == null) {
                throw e;
            }
            throw new InputException("jgrad-spark: --master " + master + ": " + firstLine(e), e);
        }
        try {
            return train(spark, out, progress);
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }

    private int train(SparkSession spark, PrintWriter out, PrintWriter progress) {
        Dataset<Row> table;
        try {
            table = Tables.read(spark, data, format == null ? Tables.Format.of(data)
                    : Tables.Format.valueOf(format.toUpperCase(Locale.ROOT)));
        } catch (Exception e) {
            // Spark's AnalysisException (a missing path) and SparkException (a file it cannot parse) are checked
            // exceptions, thrown undeclared by Scala code
            throw new InputException("jgrad-spark: cannot read " + data + ": " + firstLine(e), e);
        }
        List<String> columns = new ArrayList<>(Arrays.asList(table.columns()));
        columns.remove(Tables.CORRUPT);
        if (!columns.contains(target)) {
            throw new InputException("jgrad-spark: no column \"" + target + "\" in " + data + "; its columns are "
                    + columns);
        }
        List<String> features = new ArrayList<>(columns);
        features.remove(target);
        if (features.isEmpty()) {
            throw new InputException("jgrad-spark: " + data + " has no column besides the target \"" + target + "\"");
        }
        List<String> read = new ArrayList<>(features);
        read.add(target);
        boolean regressionChosen = model.equals("linear") || model.equals("mlp") && SavedModel.REGRESS.equals(task);
        // a target to classify may hold text class labels, found in the pass that finds the bad rows; a regression
        // target must be numbers, cell by cell
        NumericRows.Checked checked = NumericRows.check(table, read, regressionChosen ? null : target,
                SHOWN_PROBLEMS, MAX_CLASSES);
        NumericRows.Problems problems = checked.problems();
        if (problems.count() > 0) {
            throw new InputException("jgrad-spark: " + Plural.of(problems.count(), "bad row") + " in "
                    + data + "; nothing was trained. " + (problems.count() > SHOWN_PROBLEMS
                    ? "The first " + SHOWN_PROBLEMS + ": " : "") + String.join("; ", problems.examples()));
        }
        NumericRows.Labels targets = checked.labels();
        if (targets != null && targets.firstText() != null && task == null) {
            // among numbers, one text cell is more likely a typo than a class: naming every cell a class needs asking
            throw new InputException("jgrad-spark: " + targets.firstText() + ", though other cells of the column "
                    + "are; to take every cell of it as a class label, give --task " + SavedModel.CLASSIFY);
        }
        // text labels, as jgrad train reads them: every cell of the target a label, read as text
        List<String> names = targets != null && targets.textCells() ? targets.texts() : null;
        JavaRDD<double[]> all = NumericRows.numbers(table, read, names == null ? null : target, names)
                .persist(StorageLevel.MEMORY_AND_DISK());
        if (all.isEmpty()) {
            throw new InputException("jgrad-spark: " + data + " has no rows of data; nothing was trained");
        }
        int d = features.size();
        String chosenTask = chooseTask(targets == null ? List.of() : targets.numbers(), names);
        boolean classify = chosenTask.equals(SavedModel.CLASSIFY);
        double[] labels = classify ? classLabels(targets.numbers(), names) : null;
        int outputs = classify && labels.length > 2 ? labels.length : 1;
        int[] sizes = layerSizes(d, outputs);
        JavaRDD<double[]>[] split = all.randomSplit(new double[] {1 - testFraction, testFraction}, seed);
        JavaRDD<double[]> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<double[]> test = split[1];
        double[][] stats = meanAndStd(train, d + 1);
        if (stats == null) {
            throw new InputException("jgrad-spark: --test-fraction " + testFraction + " leaves no training rows");
        }
        for (int j = 0; j < (classify ? d : d + 1); j++) {
            if (Double.isInfinite(stats[0][j]) || Double.isInfinite(stats[1][j])) {
                throw new InputException("jgrad-spark: the column \"" + read.get(j) + "\" holds values too large to "
                        + "standardize (their sum or squared deviations pass the largest double, 1.8e308); nothing "
                        + "was trained (scale the column down)");
            }
        }
        Standardizer standardizer = new Standardizer(Arrays.copyOf(stats[0], d), Arrays.copyOf(stats[1], d));
        double targetMean = classify ? 0 : stats[0][d];
        double targetStd = classify ? 1 : stats[1][d];
        MLP network = MLP.scaled(seed, d, sizes);
        NetworkLoss.Kind kind = !classify ? NetworkLoss.Kind.SQUARED_ERROR : outputs == 1
                ? NetworkLoss.Kind.BINARY_CROSS_ENTROPY : NetworkLoss.Kind.SOFTMAX_CROSS_ENTROPY;
        NetworkLoss loss = NetworkLoss.of(network, kind);
        JavaRDD<double[]> encoded = encode(train, standardizer.mean(), standardizer.std(), labels, kind, targetMean,
                targetStd).persist(StorageLevel.MEMORY_AND_DISK());
        progress.println("Training " + describe(d, sizes, classify, labels) + " with " + optimizer + " "
                + rowsAndPartitions(train.count(), test.count(), seed, all.getNumPartitions()));
        progress.flush();
        long started = System.nanoTime();
        Outcome outcome;
        try (DistributedObjective objective = DistributedObjective.of(encoded, loss.width(), loss.parameters(), loss)
                .withDepth(depth)) {
            outcome = optimize(objective, encoded, NetworkLoss.parametersOf(network), progress);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        for (double v : outcome.x) {
            if (!Double.isFinite(v)) {
                throw new InputException("jgrad-spark: training diverged (a weight stopped being finite); nothing "
                        + "was written. Lower --learning-rate (it is " + learningRate + ")");
            }
        }
        NetworkLoss.setParameters(outcome.x, network);
        if (!classify) {
            try {
                network.rescaleOutputs(targetStd, targetMean);
            } catch (IllegalArgumentException e) {
                throw new InputException("jgrad-spark: the target's values are too large for the network to "
                        + "predict (" + e.getMessage() + ")");
            }
        }
        // with names, the targets and the network's classes are the names' indices, which predict() gives
        SavedModel saved = new SavedModel(network, standardizer, chosenTask, features, target,
                names == null ? labels : null, names);
        Figures trainFigures = figures(saved, train);
        Figures testFigures = figures(saved, test);
        if (save != null) {
            try {
                ModelFile.save(saved, save);
            } catch (UncheckedIOException e) {
                throw new IllegalStateException("cannot write " + save + ": " + e.getMessage(), e);
            }
            progress.println("saved the model to " + save);
        }
        String optimizerJson = "{\"name\": \"" + optimizer + "\", \"iterations\": " + outcome.iterations
                + ", \"evaluations\": " + outcome.evaluations + ", \"stop\": \"" + outcome.stop
                + "\", \"seconds\": " + Figures.number(seconds) + ", \"secondsPerEvaluation\": "
                + Figures.number(seconds / Math.max(1, outcome.evaluations)) + "}";
        if (json) {
            out.println("{\"train\": " + trainFigures.json(classify) + ", \"test\": " + testFigures.json(classify)
                    + ", \"model\": {\"kind\": \"" + model + "\", \"task\": \"" + chosenTask + "\", \"layers\": "
                    + Arrays.toString(sizes) + ", \"parameters\": " + loss.parameters() + "}, \"optimizer\": "
                    + optimizerJson + "}");
        } else {
            out.println("train: " + trainFigures.text(classify));
            out.println("test:  " + testFigures.text(classify));
            out.println(outcome.text(optimizer, seconds));
        }
        out.flush();
        return 0;
    }

    /**
     * The end of the line that starts training, after the optimizer's name, such as
     * {@code "on 1 row, holding out 0 (seed 1, 1 partition)"}.
     */
    static String rowsAndPartitions(long rows, long heldOut, long seed, int partitions) {
        return "on " + Plural.of(rows, "row") + ", holding out " + heldOut + " (seed " + seed + ", "
                + Plural.of(partitions, "partition") + ")";
    }

    /** The optimizer's result. */
    record Outcome(double[] x, int iterations, int evaluations, String stop) {

        /**
         * Its line of the text output, such as
         * {@code "lbfgs: 1 iteration, 2 evaluations, 0.250 s per evaluation (converged)"}.
         */
        String text(String optimizer, double seconds) {
            return String.format(Locale.ROOT, "%s: %s, %s, %.3f s per evaluation (%s)", optimizer,
                    Plural.of(iterations, "iteration"), Plural.of(evaluations, "evaluation"),
                    seconds / Math.max(1, evaluations), stop);
        }
    }

    private Outcome optimize(DistributedObjective objective, JavaRDD<double[]> rows, double[] start,
            PrintWriter progress) {
        Training.Progress report = (step, value) -> {
            progress.println(String.format(Locale.ROOT, "%s %d: loss %.6g", optimizer.equals("lbfgs")
                    ? "evaluation" : "step", step, value));
            progress.flush();
        };
        if (optimizer.equals("lbfgs")) {
            Lbfgs.Result result = Training.lbfgs(objective, new Lbfgs().withLimits(iterations,
                    (int) Math.min(Integer.MAX_VALUE, 10L * iterations + 1)),
                    start, report);
            return new Outcome(result.x(), result.iterations(), result.evaluations(),
                    result.reason().name().toLowerCase(Locale.ROOT));
        }
        BiConsumer<double[], double[]> update = optimizer.equals("sgd") ? new ArraySgd(start.length,
                learningRate)::step : new ArrayAdam(start.length, learningRate)::step;
        double[] x = Training.miniBatch(objective, rows, update, start, iterations, batchFraction, seed, report);
        return new Outcome(x, iterations, iterations, "steps");
    }

    private void checkOptions() {
        if (!List.of("linear", "logistic", "mlp").contains(model)) {
            throw new InputException("jgrad-spark: --model " + model + " is not linear, logistic or mlp");
        }
        if (!List.of("lbfgs", "sgd", "adam").contains(optimizer)) {
            throw new InputException("jgrad-spark: --optimizer " + optimizer + " is not lbfgs, sgd or adam");
        }
        if (task != null && !List.of(SavedModel.CLASSIFY, SavedModel.REGRESS).contains(task)) {
            throw new InputException("jgrad-spark: --task " + task + " is not classify or regress");
        }
        if (format != null && !List.of("csv", "parquet").contains(format.toLowerCase(Locale.ROOT))) {
            throw new InputException("jgrad-spark: --format " + format + " is not csv or parquet");
        }
        if (iterations < 0) {
            throw new InputException("jgrad-spark: --iterations " + iterations + " must be >= 0");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new InputException("jgrad-spark: --test-fraction " + testFraction + " must be in [0, 1)");
        }
        if (!(batchFraction > 0 && batchFraction <= 1)) {
            throw new InputException("jgrad-spark: --batch-fraction " + batchFraction + " must be in (0, 1]");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InputException("jgrad-spark: --learning-rate " + learningRate + " must be > 0 and finite");
        }
        if (depth < 1) {
            throw new InputException("jgrad-spark: --depth " + depth + " must be >= 1");
        }
        if (save != null) {
            checkSave();
        }
        refuseOptionsThatDoNotApply();
        hiddenSizes();
    }

    /**
     * Refuses an option given for another model or optimizer, which would be ignored: {@code --model logistic
     * --task regress} would classify all the same.
     */
    private void refuseOptionsThatDoNotApply() {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            // --task classify applies to logistic regression too: it takes a target mixing numbers and text as labels
            boolean applies = model.equals("mlp") || name.equals("--task") && model.equals("logistic")
                    && SavedModel.CLASSIFY.equals(task);
            if (List.of("--task", "--hidden").contains(name) && !applies) {
                throw new InputException("jgrad-spark: " + name + " does not apply to --model " + model
                        + ", only to mlp");
            }
            if (List.of("--learning-rate", "--batch-fraction").contains(name) && optimizer.equals("lbfgs")) {
                throw new InputException("jgrad-spark: " + name + " does not apply to --optimizer lbfgs, only to sgd "
                        + "and adam");
            }
        }
    }

    /**
     * Refuses, before Spark starts, a {@code --save} path that {@link ModelFile#save} would refuse after training:
     * a directory or a special file (such as {@code /dev/null}), a loop of links, or a missing directory.
     */
    private void checkSave() {
        Path file;
        try {
            file = AtomicWrite.destination(save);
        } catch (IOException e) {
            throw new InputException("jgrad-spark: --save " + save + ": " + e.getMessage(), e);
        }
        String refusal = AtomicWrite.refusal(file);
        if (refusal != null) {
            throw new InputException("jgrad-spark: --save " + save + " " + refusal);
        }
        if (!Files.isDirectory(file.getParent())) {
            throw new InputException("jgrad-spark: --save " + save + ": the directory " + file.getParent()
                    + " does not exist");
        }
        if (isLocalFile(data, file)) {
            throw new InputException("jgrad-spark: --save " + save + " is the --data file; give another name");
        }
    }

    /** Whether {@code data} is a path on this machine naming the existing {@code file} (links followed). */
    private static boolean isLocalFile(String data, Path file) {
        try {
            return !data.contains("://") && Files.exists(file) && AtomicWrite.sameFile(file, Path.of(data));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private int[] hiddenSizes() {
        if (!model.equals("mlp") || hidden.isBlank()) {
            return new int[0];
        }
        String[] parts = hidden.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                sizes[i] = 0;
            }
            if (sizes[i] < 1 || sizes[i] > 100_000) {
                throw new InputException("jgrad-spark: --hidden " + hidden + ": \"" + parts[i].trim() + "\" is not a "
                        + "layer size from 1 to 100000");
            }
        }
        return sizes;
    }

    /**
     * The size of each layer: the hidden sizes of {@code --hidden}, then the output layer, checked against the limit on
     * parameters before anything is allocated.
     */
    private int[] layerSizes(int inputs, int outputs) {
        int[] h = hiddenSizes();
        int[] sizes = Arrays.copyOf(h, h.length + 1);
        sizes[h.length] = outputs;
        if (NetworkSize.parameters(inputs, sizes, MAX_PARAMETERS) > MAX_PARAMETERS) {
            throw new InputException("jgrad-spark: " + (model.equals("mlp") ? "--hidden " + hidden + " makes a "
                    + "network" : "--model " + model + " makes a model") + " of more than " + MAX_PARAMETERS_TEXT
                    + " parameters (the limit) on " + Plural.of(inputs, "feature") + " and "
                    + Plural.of(outputs, "output") + (model.equals("mlp") ? "; use smaller layers" : ""));
        }
        return sizes;
    }

    /** The task: classify for text labels ({@code names} not null), as for at most 50 whole numbers. */
    private String chooseTask(List<Double> distinct, List<String> names) {
        if (model.equals("linear")) {
            return SavedModel.REGRESS;
        }
        if (model.equals("logistic")) {
            return SavedModel.CLASSIFY;
        }
        if (task != null) {
            return task;
        }
        if (names != null) {
            return SavedModel.CLASSIFY;
        }
        boolean whole = distinct.stream().allMatch(v -> v == Math.rint(v));
        return whole && distinct.size() <= MAX_CLASSES ? SavedModel.CLASSIFY : SavedModel.REGRESS;
    }

    /** The class labels, ascending; for text labels ({@code names} not null), the indices of the names. */
    private double[] classLabels(List<Double> distinct, List<String> names) {
        int classes = names == null ? distinct.size() : names.size();
        if (classes > MAX_CLASSES) {
            throw new InputException("jgrad-spark: the target \"" + target + "\" has more than " + MAX_CLASSES
                    + " distinct values; " + (names == null ? "use --model linear, or --model mlp with --task regress"
                    : "each text label is a class"));
        }
        if (classes < 2) {
            throw new InputException("jgrad-spark: the target \"" + target + "\" has only one value; "
                    + "classification needs at least two classes");
        }
        if (names != null) {
            return IntStream.range(0, classes).asDoubleStream().toArray();
        }
        return distinct.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /**
     * The columns' means and standard deviations, or null without rows; a mean or standard deviation whose sums pass
     * the largest double (values of about 1e154 or more) is infinite. A constant column, found from its values in the
     * pass of the sums (each equal to the first row's), gets its value as mean and 1 as standard deviation, so it
     * standardizes to exactly 0 as with {@link Standardizer#fit}: the rounded mean of ten 0.1s is 0.09999999999999999,
     * and the spread of 1.4e-17 left around it would blow the column up instead.
     */
    static double[][] meanAndStd(JavaRDD<double[]> rows, int columns) {
        Moments firstPass = TreeSum.sum(rows, (i, part) -> Moments.of(part, columns, new double[columns]),
                new Moments(columns), DistributedObjective.DEFAULT_DEPTH);
        if (firstPass.count == 0) {
            return null;
        }
        double[] mean = new double[columns];
        for (int j = 0; j < columns; j++) {
            mean[j] = firstPass.varies[j] ? firstPass.sum[j] / firstPass.count : firstPass.first[j];
        }
        Moments secondPass = TreeSum.sum(rows, (i, part) -> Moments.of(part, columns, mean), new Moments(columns),
                DistributedObjective.DEFAULT_DEPTH);
        double[] std = new double[columns];
        for (int j = 0; j < columns; j++) {
            double s = Math.sqrt(secondPass.squares[j] / secondPass.count);
            std[j] = firstPass.varies[j] && s > 0 ? s : 1;
        }
        return new double[][] {mean, std};
    }

    /** Rows of raw features and target to standardized features and the target as the loss reads it. */
    private static JavaRDD<double[]> encode(JavaRDD<double[]> rows, double[] mean, double[] std, double[] labels,
            NetworkLoss.Kind kind, double targetMean, double targetStd) {
        int d = mean.length;
        return rows.map(row -> {
            int targets = kind == NetworkLoss.Kind.SOFTMAX_CROSS_ENTROPY ? labels.length : 1;
            double[] out = new double[d + targets];
            for (int j = 0; j < d; j++) {
                out[j] = (row[j] - mean[j]) / std[j];
            }
            double y = row[d];
            switch (kind) {
                case SQUARED_ERROR -> out[d] = (y - targetMean) / targetStd;
                case BINARY_CROSS_ENTROPY -> out[d] = Arrays.binarySearch(labels, y);
                case SOFTMAX_CROSS_ENTROPY -> out[d + Arrays.binarySearch(labels, y)] = 1;
            }
            return out;
        });
    }

    private static Figures figures(SavedModel model, JavaRDD<double[]> rows) {
        Broadcast<ShippedModel> shipped = JavaSparkContext.fromSparkContext(rows.context())
                .broadcast(new ShippedModel(model));
        try {
            return TreeSum.sum(rows, (i, part) -> Figures.of(shipped.value().model(), part), new Figures(),
                    DistributedObjective.DEFAULT_DEPTH);
        } finally {
            shipped.destroy();
        }
    }

    private String describe(int d, int[] sizes, boolean classify, double[] labels) {
        String shape = d + "-" + String.join("-", Arrays.stream(sizes).mapToObj(String::valueOf).toList());
        String kind = switch (model) {
            case "linear" -> "linear regression";
            case "logistic" -> "logistic regression";
            default -> "an MLP";
        };
        return kind + " " + shape + " to " + (classify ? "classify \"" + target + "\" (" + labels.length
                + " classes)" : "predict \"" + target + "\" (regression)");
    }

    /**
     * The first line of the message of {@code e}'s deepest cause: a failed Spark job wraps the reader's own error (such
     * as "... is not a Parquet file") in messages that carry stack traces.
     */
    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.strip().split("\\R", 2)[0];
    }
}
