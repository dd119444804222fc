package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.SavedModel;
import dev.jgrad.nn.Standardizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end on local[2], bad rows, and predictions on a Dataset. */
class TrainCommandTest {

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = Spark.local();
    }

    /** Standard output, standard error and the exit status of one run. */
    private record Run(String out, String err, int status) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(out.toString(), err.toString(), status);
    }

    /**
     * Points in the plane; label 1 when 2a − b + 0.5 + noise > 0 (noise of spread 0.1, so the classes overlap a little
     * and the fitted weights stay finite), so a linear classifier is right on nearly every point.
     */
    private Path twoClasses(int rows) throws IOException {
        Random random = new Random(42);
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double noise = 0.1 * random.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%d%n", a, b, 2 * a - b + 0.5 + noise > 0 ? 1 : 0));
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static double number(String json, String path) {
        Matcher m = Pattern.compile(path).matcher(json);
        assertTrue(m.find(), path + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void logisticRegressionTrainsSavesAndPredictsOnADataset() throws IOException {
        Path csv = twoClasses(600);
        Path model = dir.resolve("model.json");
        Run run = run("train", "--data", csv.toString(), "--target", "label", "--model", "logistic", "--json",
                "--iterations", "8", "--save", model.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(number(run.out(), "\"test\": \\{\"rows\": \\d+, \"accuracy\": ([0-9.]+)") > 0.95, run.out());
        assertTrue(number(run.out(), "\"train\": \\{\"rows\": (\\d+)") > 400, run.out());
        assertTrue(run.err().contains("evaluation 1: loss"), run.err());
        Pattern firstLine = Pattern.compile("^Training logistic regression 2-1 to classify \"label\" \\(2 classes\\) "
                + "with lbfgs on \\d+ rows, holding out \\d+ \\(seed 1337, \\d+ partitions?\\)$", Pattern.MULTILINE);
        assertTrue(firstLine.matcher(run.err()).find(), run.err());

        SavedModel saved = ModelFile.load(model);
        assertEquals(List.of("a", "b"), saved.featureNames());
        Dataset<Row> data = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> Predictions.withPredictions(saved, data, "label"));
        assertEquals("the data already has a column \"label\"; name the predictions' column otherwise",
                taken.getMessage());
        SavedModel named = new SavedModel(saved.model(), saved.standardizer(), saved.task(), saved.featureNames(),
                saved.target(), null, List.of("no", "yes"));
        for (Row row : Predictions.withPredictions(named, data, "prediction").takeAsList(20)) {
            double[] features = {row.getDouble(0), row.getDouble(1)};
            assertEquals(saved.predict(features) == 1 ? "yes" : "no", row.getString(3));
        }
        List<Row> predicted = Predictions.withPredictions(saved, data, "prediction").collectAsList();
        assertEquals(600, predicted.size());
        int correct = 0;
        for (Row row : predicted) {
            double[] features = {row.getDouble(0), row.getDouble(1)};
            assertEquals(saved.predict(features), row.getDouble(3), 0);
            correct += row.getDouble(3) == row.getInt(2) ? 1 : 0;
        }
        assertTrue(correct > 0.95 * 600, correct + " of 600");
    }

    @Test
    void textLabelsTrainAClassifierThatSavesAndPredictsTheirNames() throws IOException {
        // 42 points on a line in three runs, each class named, with spaces around some names as CSV may hold them
        StringBuilder text = new StringBuilder("x,species\n");
        String[] names = {"setosa", " versicolor", "virginica "};
        for (int i = 0; i < 42; i++) {
            text.append(i).append(',').append(names[i / 14]).append('\n');
        }
        Path csv = dir.resolve("flowers.csv");
        Files.writeString(csv, text);
        Path model = dir.resolve("flowers.json");
        Run run = run("train", "--data", csv.toString(), "--target", "species", "--model", "logistic",
                "--test-fraction", "0", "--iterations", "50", "--json", "--save", model.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("to classify \"species\" (3 classes)"), run.err());
        assertTrue(number(run.out(), "\"train\": \\{\"rows\": \\d+, \"accuracy\": ([0-9.]+)") > 0.9, run.out());
        SavedModel saved = ModelFile.load(model);
        assertEquals(List.of("setosa", "versicolor", "virginica"), saved.classNames());
        assertNull(saved.classLabels());
        assertTrue(Files.readString(model).contains("\"version\": 2"), Files.readString(model));
        assertEquals("setosa", saved.predictName(new double[] {2}));
        assertEquals("virginica", saved.predictName(new double[] {40}));

        Dataset<Row> table = Tables.read(spark, csv.toString(), Tables.Format.CSV).drop(Tables.CORRUPT);
        List<Row> predicted = Predictions.withPredictions(saved, table, "predicted").collectAsList();
        assertEquals(42, predicted.size());
        int right = 0;
        for (Row row : predicted) {
            String name = row.getString(2);
            assertEquals(saved.predictName(new double[] {Double.parseDouble(row.getString(0))}), name);
            right += name.equals(row.getString(1)) ? 1 : 0;
        }
        assertTrue(right > 0.9 * 42, right + " of 42");
    }

    @Test
    void aTargetMixingNumbersAndTextIsRefusedNamingItsFirstTextCellAsAnEmptyLabelIs() throws IOException {
        Path csv = dir.resolve("mixed.csv");
        Files.writeString(csv, "x,t\n1,0\n2,1\n3,l\n4,1\n5,x\n");
        Run run = run("train", "--data", csv.toString(), "--target", "t");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("jgrad-spark: "), run.err());
        assertTrue(run.err().strip().endsWith("mixed.csv, row 3: column \"t\": \"l\" is not a number, though other "
                + "cells of the column are; to take every cell of it as a class label, give --task classify"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        Path model = dir.resolve("mixed.json");
        run = run("train", "--data", csv.toString(), "--target", "t", "--model", "logistic", "--task", "classify",
                "--iterations", "2", "--test-fraction", "0", "--save", model.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("0", "1", "l", "x"), ModelFile.load(model).classNames());
        Files.writeString(csv, "x,t\n1,a\n2, \n3,b\n");
        run = run("train", "--data", csv.toString(), "--target", "t");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("1 bad row in " + csv + "; nothing was trained. "), run.err());
        assertTrue(run.err().contains("mixed.csv, row 2: column \"t\" is missing"), run.err());
    }

    @Test
    void mlpOnParquetWithAdamFitsARegression() throws IOException {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double a = random.nextDouble() * 2 - 1;
            double b = random.nextDouble() * 2 - 1;
            rows.add(org.apache.spark.sql.RowFactory.create(a, b, 100 + 30 * a * a - 20 * b));
        }
        Path parquet = dir.resolve("curve.parquet");
        spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                .add("a", "double").add("b", "double").add("y", "double")).repartition(3)
                .write().parquet(parquet.toString());
        Run run = run("train", "--data", parquet.toString(), "--target", "y", "--hidden", "16", "--optimizer",
                "adam", "--iterations", "30", "--batch-fraction", "0.5", "--learning-rate", "0.1", "--json");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("\"task\": \"regress\""), run.out());
        assertTrue(number(run.out(), "\"test\": \\{\"rows\": \\d+, \"rmse\": [-0-9.E]+, \"r2\": ([-0-9.E]+)") > 0.9,
                run.out());
    }

    @Test
    void badRowsAreReportedWithFileAndRowAndNothingIsTrained() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "x,y,t\n1,2,0\n3,abc,1\n5,6,1\n7,,0\n8,9\n1,2,1\n");
        Path model = dir.resolve("never.json");
        Run run = run("train", "--data", csv.toString(), "--target", "t", "--save", model.toString());
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("3 bad rows"), run.err());
        String file = csv.toUri().toString();
        assertTrue(run.err().contains("bad.csv, row 2: column \"y\": \"abc\" is not a number"), run.err());
        assertTrue(run.err().contains("bad.csv, row 4: column \"y\" is missing"), run.err());
        assertTrue(run.err().contains("bad.csv, row 5: the line does not have one field per column: \"8,9\""),
                run.err() + " " + file);
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void spacesAroundHeaderNamesAreDroppedAsJgradTrainDropsThem() throws IOException {
        Path csv = dir.resolve("spaced.csv");
        Files.writeString(csv, " a , b ,t \n1,2,3\n2 , 1,4\n3,3, 8\n4,1,9\n");
        Path model = dir.resolve("model.json");
        Run run = run("train", "--data", csv.toString(), "--target", "t", "--model", "linear", "--test-fraction", "0",
                "--save", model.toString());
        assertEquals(0, run.status(), run.err());
        SavedModel saved = ModelFile.load(model);
        assertEquals(List.of("a", "b"), saved.featureNames());
        assertEquals("t", saved.target());
    }

    @Test
    void readingABadRowAnywayFailsNamingIt() throws IOException {
        Path csv = dir.resolve("late.csv");
        Files.writeString(csv, "x,t\n1,0\n2,1\nNaN,1\n");
        Dataset<Row> table = Tables.read(spark, csv.toString(), Tables.Format.CSV);
        SparkException e = assertThrows(SparkException.class,
                () -> NumericRows.numbers(table, List.of("x", "t")).collect());
        Throwable cause = e;
        while (!(cause instanceof BadRowException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("late.csv, row 3: column \"x\": \"NaN\" is not a number"),
                cause.getMessage());
    }

    @Test
    void aConstantColumnWhoseRoundedMeanMissesItsValueStillStandardizesToZero() {
        // each partition's 10 × 0.1 sums to 0.9999999999999999, so the plain mean of the 20 rows is off by an ulp
        // (0.09999999999999999) and the spread 1.4e-17, not 0; likewise 123.456 has a mean of 123.45599999999999
        List<double[]> part = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            part.add(new double[] {0.1, 123.456, i});
        }
        double[][] stats = TrainCommand.meanAndStd(Spark.partitioned(spark, List.of(part, part)), 3);
        assertArrayEquals(new double[] {0.1, 123.456, 4.5}, stats[0]);
        assertArrayEquals(new double[] {1, 1, Math.sqrt(8.25)}, stats[1], 1e-15);
        Standardizer s = new Standardizer(stats[0], stats[1]);
        assertArrayEquals(new double[] {0, 0, 0}, s.apply(new double[] {0.1, 123.456, 4.5}));
        assertArrayEquals(new double[] {1e-9, 0, 0}, s.apply(new double[] {0.1 + 1e-9, 123.456, 4.5}), 1e-15);
    }

    @Test
    void aColumnTooLargeToStandardizeIsRefusedByName() throws IOException {
        Path csv = dir.resolve("huge.csv");
        Files.writeString(csv, "a,b,y\n1,2e300,3e300\n2,1e300,5e300\n3,3e300,4e300\n4,2.5e300,1e300\n");
        Run run = run("train", "--data", csv.toString(), "--target", "y", "--model", "linear", "--test-fraction", "0");
        assertEquals(2, run.status(), run.err());
        assertEquals("jgrad-spark: the column \"b\" holds values too large to standardize (their sum or squared "
                + "deviations pass the largest double, 1.8e308); nothing was trained (scale the column down)",
                run.err().strip());
    }

    @Test
    void dataSparkCannotReadOrWithoutRowsIsBadInputNamedOnOneLine() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Run run = run("train", "--data", missing.toString(), "--target", "t");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("jgrad-spark: cannot read " + missing + ": [PATH_NOT_FOUND]"), run.err());
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "x,t\n1,0\n2,1\n");
        run = run("train", "--data", csv.toString(), "--format", "parquet", "--target", "t");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("jgrad-spark: cannot read " + csv + ": " + csv.toUri().toString()
                .replace("file:///", "file:/") + " is not a Parquet file."), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        String[][] headers = {{"x,x,t", "columns 1 and 2 of the header are both named \"x\""},
            {"x,X,t", "columns 1 and 2 of the header are named \"x\" and \"X\", one name to Spark, which ignores "
                + "case"},
            {"x,,t", "column 2 of the header has no name"}};
        for (String[] h : headers) {
            Path renamed = dir.resolve("renamed.csv");
            Files.writeString(renamed, h[0] + "\n1,2,0\n3,4,1\n");
            run = run("train", "--data", renamed.toString(), "--target", "t");
            assertEquals(2, run.status(), run.err());
            assertEquals("jgrad-spark: cannot read " + renamed + ": " + h[1], run.err().strip());
        }
        StringBuilder many = new StringBuilder("x,t\n");
        for (int i = 0; i < 60; i++) {
            many.append(i).append(',').append(i).append('\n');
        }
        Path manyValues = dir.resolve("many.csv");
        Files.writeString(manyValues, many);
        run = run("train", "--data", manyValues.toString(), "--target", "t", "--model", "logistic");
        assertEquals(2, run.status(), run.err());
        assertEquals("jgrad-spark: the target \"t\" has more than 50 distinct values; use --model linear, or "
                + "--model mlp with --task regress", run.err().strip());
        Path header = dir.resolve("header.csv");
        Files.writeString(header, "x,t\n");
        for (String model : new String[] {"mlp", "linear"}) {
            run = run("train", "--data", header.toString(), "--target", "t", "--model", model);
            assertEquals(2, run.status(), run.err());
            assertEquals("jgrad-spark: " + header + " has no rows of data; nothing was trained", run.err().strip());
        }
    }

    @Test
    void anIterationLimitOfAnySizeIsALimit() throws IOException {
        Path csv = dir.resolve("line.csv");
        Files.writeString(csv, "x,y\n0,1\n1,3\n2,5\n3,7\n");
        Run run = run("train", "--data", csv.toString(), "--target", "y", "--model", "linear", "--test-fraction", "0",
                "--iterations", "300000000", "--json");
        assertEquals(0, run.status(), run.err());
        assertTrue(number(run.out(), "\"rmse\": ([-0-9.E]+)") < 1e-6, run.out());
    }

    @Test
    void aFitOfTargetsNear1e154HasItsR2() throws IOException {
        // y = 1e154 (1 + x / 1000): the targets' squares pass the largest double, their deviations' squares do not
        Path csv = dir.resolve("large.csv");
        Files.writeString(csv, "x,y\n0,1e154\n1,1.001e154\n2,1.002e154\n3,1.003e154\n");
        Run run = run("train", "--data", csv.toString(), "--target", "y", "--model", "linear", "--test-fraction", "0",
                "--json");
        assertEquals(0, run.status(), run.err());
        assertTrue(number(run.out(), "\"r2\": ([-0-9.E]+)") > 0.999999, run.out());
    }

    @Test
    void aNetworkOfMoreThanAMillionParametersIsRefusedBeforeItIsBuilt() throws IOException {
        Path csv = dir.resolve("plane.csv");
        Files.writeString(csv, "a,b,y\n0,1,1.5\n1,0,3.5\n2,1,5.5\n3,0,7.5\n");
        // 65,536 × 65,537 weights between the hidden layers: 2^32 + 65,536, which an int counts as 65,536
        Run run = run("train", "--data", csv.toString(), "--target", "y", "--hidden", "65536,65536");
        assertEquals(2, run.status(), run.err());
        assertEquals("jgrad-spark: --hidden 65536,65536 makes a network of more than 1,000,000 parameters (the limit) "
                + "on 2 features and 1 output; use smaller layers", run.err().strip());
    }

    @Test
    void optionsAreCheckedBeforeSparkStarts() throws IOException {
        Run run = run("train", "--data", "x.csv", "--target", "t", "--model", "forest");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--model forest is not linear, logistic or mlp"), run.err());
        run = run("train", "--data", "x.csv", "--target", "t", "--model", "logistic", "--task", "regress");
        assertEquals(2, run.status());
        assertEquals("jgrad-spark: --task does not apply to --model logistic, only to mlp", run.err().strip());
        run = run("train", "--data", "x.csv", "--target", "t", "--learning-rate", "0.5");
        assertEquals(2, run.status());
        assertEquals("jgrad-spark: --learning-rate does not apply to --optimizer lbfgs, only to sgd and adam",
                run.err().strip());
        run = run("train", "--data", "x.csv", "--target", "t", "--save", "/dev/null");
        assertEquals(2, run.status());
        assertEquals("jgrad-spark: --save /dev/null is a special file (a device, FIFO or socket), not a regular file; "
                + "only regular files are replaced", run.err().strip());
        run = run("train", "--data", "x.csv", "--target", "t", "--save", dir.resolve("none/m.json").toString());
        assertEquals(2, run.status());
        assertEquals("jgrad-spark: --save " + dir.resolve("none/m.json") + ": the directory " + dir.resolve("none")
                + " does not exist", run.err().strip());
        Path data = dir.resolve("rows.csv");
        Files.writeString(data, "x,t\n1,0\n2,1\n3,0\n4,1\n");
        run = run("train", "--data", data.toString(), "--target", "t", "--model", "linear", "--save", data.toString());
        assertEquals(2, run.status());
        assertEquals("jgrad-spark: --save " + data + " is the --data file; give another name", run.err().strip());
        assertEquals("x,t\n1,0\n2,1\n3,0\n4,1\n", Files.readString(data));
    }
}
