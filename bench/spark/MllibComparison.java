import dev.jgrad.nn.MLP;
import dev.jgrad.nn.SavedModel;
import dev.jgrad.nn.Standardizer;
import dev.jgrad.optim.Lbfgs;
import dev.jgrad.spark.DistributedObjective;
import dev.jgrad.spark.NetworkLoss;
import dev.jgrad.spark.NumericRows;
import dev.jgrad.spark.Predictions;
import dev.jgrad.spark.Training;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * jgrad-spark beside Spark MLlib on the same rows, the same split and the same number of L-BFGS iterations:
 * logistic regression (MLlib's LogisticRegression, no regularization; jgrad's rows standardized with the training
 * rows' moments, as MLlib standardizes internally and jgrad-spark's train command does) and a one-hidden-layer network
 * (MultilayerPerceptronClassifier: sigmoid hidden layer, softmax output; jgrad: ReLU hidden layer, one logit).
 * Prints one line per fit: held-out accuracy, iterations, seconds per iteration. Run by bench/spark_mllib.sh.
 *
 * <p>Arguments: master, data (generated or a CSV path), rows (generated), features (generated), iterations, hidden,
 * target (CSV).
 */
public final class MllibComparison {

    public static void main(String[] args) {
        String master = args[0];
        String data = args[1];
        long rows = Long.parseLong(args[2]);
        int d = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        int hidden = Integer.parseInt(args[5]);
        SparkSession spark = SparkSession.builder().master(master).appName("jgrad-spark vs MLlib")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            List<String> features = new ArrayList<>();
            Dataset<Row> table;
            String name;
            if (data.equals("linear") || data.equals("nonlinear")) {
                for (int j = 0; j < d; j++) {
                    features.add("x" + j);
                }
                table = generated(spark, rows, d, data.equals("linear"));
                name = data + " " + rows + "x" + d;
            } else {
                table = spark.read().option("header", "true").option("inferSchema", "true").csv(data);
                for (String c : table.columns()) {
                    if (!c.equals(args[6])) {
                        features.add(c);
                    }
                }
                table = table.withColumnRenamed(args[6], "label").withColumn("label",
                        functions.col("label").cast("double"));
                name = data.replaceAll(".*/", "");
            }
            table = new VectorAssembler().setInputCols(features.toArray(String[]::new)).setOutputCol("features")
                    .transform(table);
            Dataset<Row>[] split = table.randomSplit(new double[] {0.8, 0.2}, 7);
            Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
            long trainRows = train.count();
            test.count();
            double[] labels = train.select("label").distinct().collectAsList().stream()
                    .mapToDouble(r -> r.getDouble(0)).sorted().toArray();
            System.err.printf(Locale.ROOT, "%s: %d training rows, %d classes, %d partitions, master %s%n", name,
                    trainRows, labels.length, train.javaRDD().getNumPartitions(), master);

            List<String> columns = new ArrayList<>(features);
            columns.add("label");
            Standardizer standardizer = standardizer(train, features);
            double[] mean = standardizer.mean();
            double[] std = standardizer.std();
            JavaRDD<double[]> numbers = NumericRows.numbers(train, columns).map(row -> standardized(row, mean, std));
            JavaRDD<double[]> encoded = encode(numbers, d(features), labels).persist(StorageLevel.MEMORY_AND_DISK());
            encoded.count();
            for (int h : new int[] {0, hidden}) {
                fitMllib(name, master, train, test, h, d(features), labels.length, iterations);
                fitJgrad(name, master, encoded, standardizer, test, features, labels, h, iterations);
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * The training columns' means and population standard deviations (1 for a constant column), as jgrad-spark's train
     * command standardizes its features; MLlib's LogisticRegression standardizes internally, so both sides see
     * standardized features.
     */
    private static Standardizer standardizer(Dataset<Row> train, List<String> features) {
        List<Column> moments = new ArrayList<>();
        for (String f : features) {
            moments.add(functions.avg(f));
            moments.add(functions.stddev_pop(f));
        }
        Row row = train.agg(moments.get(0), moments.subList(1, moments.size()).toArray(Column[]::new)).first();
        double[] mean = new double[features.size()];
        double[] std = new double[features.size()];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = row.getDouble(2 * j);
            double s = row.getDouble(2 * j + 1);
            std[j] = s > 0 && Double.isFinite(s) ? s : 1;
        }
        return new Standardizer(mean, std);
    }

    /**
     * The row's features standardized, its last entry (the label) as it was; with the moments as arrays, since a
     * Spark task's closure must be serializable and jgrad's classes are not.
     */
    private static double[] standardized(double[] row, double[] mean, double[] std) {
        double[] out = row.clone();
        for (int j = 0; j < mean.length; j++) {
            out[j] = (row[j] - mean[j]) / std[j];
        }
        return out;
    }

    private static int d(List<String> features) {
        return features.size();
    }

    /** Standard normal features; the label drawn from a logistic model (linear) or a thresholded curve. */
    private static Dataset<Row> generated(SparkSession spark, long rows, int d, boolean linear) {
        Dataset<Row> t = spark.range(0, rows, 1, 8).toDF();
        Column score = functions.lit(0.3);
        for (int j = 0; j < d; j++) {
            t = t.withColumn("x" + j, functions.randn(100 + j));
            double w = (j % 2 == 0 ? 1 : -1) * (1.0 + j) / d;
            score = score.plus(functions.col("x" + j).multiply(w));
        }
        Column label;
        if (linear) {
            Column p = functions.lit(1).divide(functions.lit(1).plus(functions.exp(score.multiply(-2))));
            label = functions.when(functions.rand(99).lt(p), 1.0).otherwise(0.0);
        } else {
            Column curve = functions.col("x0").multiply(functions.col("x1"))
                    .plus(functions.sin(functions.col("x2").multiply(2)))
                    .plus(functions.col("x3").multiply(0.5)).plus(functions.randn(98).multiply(0.2));
            label = functions.when(curve.gt(0), 1.0).otherwise(0.0);
        }
        return t.withColumn("label", label).drop("id");
    }

    /** Features as they are; the label as 0/1 (two classes) or one-hot (more). */
    private static JavaRDD<double[]> encode(JavaRDD<double[]> rows, int d, double[] labels) {
        return rows.map(row -> {
            int targets = labels.length == 2 ? 1 : labels.length;
            double[] out = Arrays.copyOf(Arrays.copyOf(row, d), d + targets);
            int k = Arrays.binarySearch(labels, row[d]);
            if (targets == 1) {
                out[d] = k;
            } else {
                out[d + k] = 1;
            }
            return out;
        });
    }

    private static void fitMllib(String name, String master, Dataset<Row> train, Dataset<Row> test, int hidden,
            int d, int classes, int iterations) {
        long start = System.nanoTime();
        Dataset<Row> predicted;
        int done;
        if (hidden == 0) {
            LogisticRegressionModel m = new LogisticRegression().setMaxIter(iterations).setRegParam(0).setTol(0)
                    .fit(train);
            done = m.summary().totalIterations();
            predicted = m.transform(test);
        } else {
            MultilayerPerceptronClassificationModel m = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {d, hidden, classes}).setMaxIter(iterations).setTol(0).setSeed(7)
                    .fit(train);
            done = m.summary().totalIterations();
            predicted = m.transform(test);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report(name, master, "mllib", hidden, accuracy(predicted), done, seconds);
    }

    private static void fitJgrad(String name, String master, JavaRDD<double[]> encoded, Standardizer standardizer,
            Dataset<Row> test, List<String> features, double[] labels, int hidden, int iterations) {
        int d = features.size();
        int outputs = labels.length == 2 ? 1 : labels.length;
        MLP network = hidden == 0 ? MLP.scaled(7, d, outputs) : MLP.scaled(7, d, hidden, outputs);
        NetworkLoss loss = NetworkLoss.of(network, outputs == 1 ? NetworkLoss.Kind.BINARY_CROSS_ENTROPY
                : NetworkLoss.Kind.SOFTMAX_CROSS_ENTROPY);
        double[] startAt = hidden == 0 ? new double[loss.parameters()] : NetworkLoss.parametersOf(network);
        long start = System.nanoTime();
        Lbfgs.Result result;
        try (DistributedObjective objective = DistributedObjective.of(encoded, loss.width(), loss.parameters(),
                loss)) {
            result = Training.lbfgs(objective, new Lbfgs().withLimits(iterations, 10 * iterations)
                    .withGradientTolerance(0).withValueTolerance(0), startAt, (step, value) -> { });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        NetworkLoss.setParameters(result.x(), network);
        SavedModel model = new SavedModel(network, standardizer, SavedModel.CLASSIFY, features, "label", labels);
        Dataset<Row> predicted = Predictions.withPredictions(model, test.drop("features"), "prediction");
        report(name, master, "jgrad", hidden, accuracy(predicted), result.iterations(), seconds);
    }

    private static double accuracy(Dataset<Row> predicted) {
        long all = predicted.count();
        long right = predicted.filter(functions.col("prediction").equalTo(functions.col("label"))).count();
        return (double) right / all;
    }

    private static void report(String name, String master, String library, int hidden, double accuracy,
            int iterations, double seconds) {
        System.out.printf(Locale.ROOT, "%-28s %-9s %-6s %-12s accuracy %6.2f%%  %3d iterations  %7.3f s/iteration%n",
                name, master, library, hidden == 0 ? "logistic" : "mlp h=" + hidden, 100 * accuracy, iterations,
                seconds / Math.max(1, iterations));
    }
}
