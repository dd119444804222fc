package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Csv;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Metrics;
import dev.jgrad.nn.ModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    /** The held-out accuracy `jgrad train` is stated to reach on Iris with the default seed (it reaches 96.7%). */
    static final double IRIS_TEST_ACCURACY = 0.9;

    @TempDir
    Path dir;

    static Path iris() {
        try {
            return Path.of(TrainCommandTest.class.getResource("/iris.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static double field(String json, String part, String name) {
        Matcher m = Pattern.compile("\"" + part + "\": \\{[^}]*\"" + name + "\": ([-0-9.Ee]+)").matcher(json);
        assertTrue(m.find(), name + " of " + part + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void classifiesIrisAboveTheStatedAccuracy() throws IOException {
        Cli.Result result = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--json",
                "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        String json = result.out().strip();
        assertTrue(json.matches("\\{\"train\": \\{\"rows\": 96, \"accuracy\": [0-9.]+}, "
                + "\"validation\": \\{\"rows\": 24, \"accuracy\": [0-9.]+}, "
                + "\"test\": \\{\"rows\": 30, \"accuracy\": [0-9.]+}, "
                + "\"baseline\": \\{\"model\": \"majority class [012]\", \"train\": \\{\"rows\": 120, "
                + "\"accuracy\": [0-9.]+}, \"test\": \\{\"rows\": 30, \"accuracy\": [0-9.]+}}, "
                + "\"epochs\": \\{\"run\": \\d+, \"best\": \\d+, \"max\": 200, \"stoppedEarly\": (true|false)}}"),
                json);
        assertTrue(field(json, "test", "accuracy") >= IRIS_TEST_ACCURACY, json);
        assertTrue(field(json, "train", "accuracy") >= 0.95, json);
        // three classes of 50 flowers: always answering the most frequent one is right about a third of the time
        assertTrue(baselineTest(json, "accuracy") < 0.45, json);
        // with --json the progress goes to standard error
        assertTrue(result.err().contains("  loss ") && result.err().contains("  validation loss "), result.err());
        BufferedImage loss = PlotsTest.decode(Files.readAllBytes(dir.resolve("loss.png")));
        assertEquals(Plots.WIDTH, loss.getWidth());
    }

    private static double baselineTest(String json, String name) {
        Matcher m = Pattern.compile("\"baseline\": \\{.*\"test\": \\{[^}]*\"" + name + "\": ([-0-9.Ee]+)")
                .matcher(json);
        assertTrue(m.find(), "baseline " + name + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static int epochs(String json, String name) {
        Matcher m = Pattern.compile("\"epochs\": \\{.*\"" + name + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), name + " epochs in " + json);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void regressesALinearTarget() throws IOException {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 150; i++) {
            double a = 10 + 5 * random.nextGaussian();
            double b = random.nextDouble();
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", a, b, 300 + 20 * a - 50 * b));
        }
        Path file = Files.writeString(dir.resolve("linear.csv"), csv);
        Cli.Result result = Cli.run("train", "--csv", file.toString(), "--target", "y", "--json", "--out",
                dir.toString(), "--epochs", "60");
        assertEquals(0, result.status(), result.err());
        String json = result.out().strip();
        assertTrue(field(json, "test", "r2") > 0.98, json);
        // RMSE is in the target's units (spread 100): the saved model predicts unscaled values
        assertTrue(field(json, "test", "rmse") < 15, json);
        assertTrue(result.err().contains("(regression)"), result.err());
    }

    /**
     * The model trained on tensors and saved is the one whose figures training reported: {@code jgrad predict} on
     * the held-out rows (the split {@code train} makes with the seed) reproduces the reported test accuracy, or RMSE
     * and R², to the last bit, for softmax, logistic and regression outputs.
     */
    @Test
    void aSavedModelPredictsInJgradPredictWhatTrainingReported() throws IOException {
        Random random = new Random(8);
        StringBuilder csv = new StringBuilder("a,b,c,y,two\n");
        for (int i = 0; i < 200; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f,%d%n", a, b, c,
                    500 + 80 * Math.sin(2 * a) + 30 * b * c + 5 * random.nextGaussian(), a * b > 0 ? 1 : 0));
        }
        Path data = Files.writeString(dir.resolve("mixed.csv"), csv);
        Path iris = Files.copy(iris(), dir.resolve("iris.csv"));
        String[][] runs = {{iris.toString(), "species", "accuracy"}, {data.toString(), "two", "accuracy"},
            {data.toString(), "y", "rmse", "r2"}};
        for (String[] run : runs) {
            Path model = dir.resolve(run[1] + ".json");
            Cli.Result trained = Cli.run("train", "--csv", run[0], "--target", run[1], "--epochs", "30", "--seed",
                    "21", "--json", "--save", model.toString(), "--out", dir.toString());
            assertEquals(0, trained.status(), trained.err());
            Csv.Table table = Csv.read(Path.of(run[0]));
            Dataset test = table.dataset(run[1]).split(0.2, 21).test();
            StringBuilder rows = new StringBuilder(String.join(",", table.featureNames(run[1]))).append('\n');
            for (double[] x : test.features()) {
                rows.append(String.join(",", Arrays.stream(x).mapToObj(Double::toString).toList())).append('\n');
            }
            Path testRows = Files.writeString(dir.resolve("test-" + run[1] + ".csv"), rows);
            Cli.Result predicted = Cli.run("predict", "--model", model.toString(), "--csv", testRows.toString());
            assertEquals(0, predicted.status(), predicted.err());
            double[] predictions = predicted.out().lines().skip(1).mapToDouble(Double::parseDouble).toArray();
            assertEquals(test.size(), predictions.length);
            String json = trained.out();
            if (run[2].equals("accuracy")) {
                assertEquals(field(json, "test", "accuracy"), Metrics.accuracy(predictions, test.targets()), json);
            } else {
                assertEquals(field(json, "test", "rmse"), Metrics.rmse(predictions, test.targets()), json);
                assertEquals(field(json, "test", "r2"), Metrics.r2(predictions, test.targets()), json);
                assertTrue(field(json, "test", "r2") > 0.5, json);
            }
        }
    }

    @Test
    void aCountOfOneTakesTheSingular() throws IOException {
        Path one = Files.writeString(dir.resolve("one.csv"), "x,y\n1,0\n");
        Cli.Result tooFew = Cli.run("train", "--csv", one.toString(), "--target", "y", "--out", dir.toString());
        assertEquals(Main.INPUT_ERROR, tooFew.status());
        assertEquals("jgrad: " + one + " has 1 data row; training needs at least 2\n", tooFew.err());
        Cli.Result result = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--epochs", "1",
                "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("\nran its one epoch\n"), result.out());
    }

    @Test
    void humanReadableMetrics() {
        Cli.Result result = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--epochs", "5",
                "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("Training an MLP 4-16-16-3 to classify species (3 classes) on 96 rows, "
                + "validating on 24, holding out 30 (seed 1337)\n"), result.out());
        assertTrue(Pattern.compile("\n(ran all 5 epochs|stopped at epoch \\d of 5)[^\n]*\n"
                + "train:      accuracy [0-9.]+% \\(\\d+ of 96 rows\\)\n"
                + "validation: accuracy [0-9.]+% \\(\\d+ of 24 rows\\)\n"
                + "test:       accuracy [0-9.]+% \\(\\d+ of 30 rows\\)\n"
                + "baseline, majority class [012]: test accuracy [0-9.]+% \\(\\d+ of 30 rows\\)\n")
                .matcher(result.out()).find(), result.out());
    }

    private Cli.Result trainOn(String csv, String target) throws IOException {
        Path file = Files.writeString(dir.resolve("data.csv"), csv);
        return Cli.run("train", "--csv", file.toString(), "--target", target, "--out", dir.toString());
    }

    @Test
    void badCsvNamesTheLineAndColumn() throws IOException {
        Path file = dir.resolve("data.csv");
        // a feature cell must be a number; text in the target is class labels (TextLabelsCommandTest)
        Cli.Result cell = trainOn("a,b\n1,2\nx,3\n", "b");
        assertEquals(2, cell.status());
        assertEquals("", cell.out());
        assertEquals("jgrad: " + file + ":3:1: \"x\" is not a number\n", cell.err());

        Cli.Result ragged = trainOn("a,b,c\n1,2,3\n4,5,6\n7,8\n", "c");
        assertEquals(2, ragged.status());
        assertEquals("jgrad: " + file + ":4: 2 cells, header has 3\n", ragged.err());

        Cli.Result column = trainOn("a,b\n1,2\n3,4\n", "label");
        assertEquals(2, column.status());
        assertEquals("jgrad: no column \"label\" in " + file + " (columns: a, b)\n", column.err());

        Cli.Result missing = Cli.run("train", "--csv", dir.resolve("none.csv").toString(), "--target", "y");
        assertEquals(2, missing.status());
        assertEquals("jgrad: cannot read " + dir.resolve("none.csv") + ": no such file\n", missing.err());
    }

    @Test
    void badOptionsAndDataAreInputErrors() throws IOException {
        assertEquals("jgrad: --task must be classify or regress, not \"cluster\"\n",
                Cli.run("train", "--csv", iris().toString(), "--target", "species", "--task", "cluster").err());
        Cli.Result hidden = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--hidden", "16,x");
        assertEquals(2, hidden.status());
        assertEquals("jgrad: --hidden \"16,x\": \"x\" is not a layer size (a whole number of at least 1)\n",
                hidden.err());
        Cli.Result oneClass = trainOn("a,y\n1,1\n2,1\n3,1\n", "y");
        assertEquals(2, oneClass.status());
        assertEquals("jgrad: the target \"y\" has only one value (1); classification needs at least two classes\n",
                oneClass.err());
        Cli.Result fraction = Cli.run("train", "--csv", iris().toString(), "--target", "species",
                "--test-fraction", "1");
        assertEquals(2, fraction.status());
        Cli.Result required = Cli.run("train", "--csv", iris().toString());
        assertEquals(2, required.status());
        assertTrue(required.err().startsWith("jgrad: Missing required option: '--target=COLUMN'"), required.err());
    }

    @Test
    void theModelIsSavedBeforeThePictureSoAFailedPictureDoesNotCostIt() throws IOException {
        Path model = dir.resolve("iris.json");
        Cli.Result trained = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--epochs", "3",
                "--out", dir.toString(), "--save", model.toString());
        assertEquals(0, trained.status(), trained.err());
        String json = Files.readString(model);
        Files.delete(model);
        // a non-empty directory named loss.png appearing after the up-front checks: the picture cannot replace it
        Path picture = dir.resolve("out").resolve("loss.png");
        Files.writeString(Files.createDirectories(picture).resolve("keep"), "x");
        StringWriter log = new StringWriter();
        OutputException failure = assertThrows(OutputException.class, () -> TrainCommand.writeModelThenPicture(model, json,
                picture, () -> {
                    assertTrue(Files.exists(model), "the picture is drawn only after the model is saved");
                    return new byte[] {1};
                }, new PrintWriter(log, true)));
        assertTrue(failure.getMessage().startsWith("jgrad: cannot write " + picture), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("the model was saved to " + model), failure.getMessage());
        assertEquals(json, Files.readString(model));
        assertEquals(3, ModelFile.load(model).classLabels().length);
    }

    @Test
    void minusZeroAndZeroAreOneClass() throws IOException {
        StringBuilder csv = new StringBuilder("a,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i < 20 ? (i % 2 == 0 ? "-0" : "0") : "1").append('\n');
        }
        Path file = Files.writeString(dir.resolve("signed.csv"), csv);
        Path model = dir.resolve("signed.json");
        Cli.Result result = Cli.run("train", "--csv", file.toString(), "--target", "label", "--epochs", "3",
                "--out", dir.toString(), "--save", model.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("to classify label (2 classes)"), result.out());
        double[] labels = ModelFile.load(model).classLabels();
        assertEquals(0L, Double.doubleToRawLongBits(labels[0]));
        assertEquals(1.0, labels[1]);
        Cli.Result predicted = Cli.run("predict", "--model", model.toString(), "--csv", file.toString());
        assertEquals(0, predicted.status(), predicted.err());
        assertTrue(predicted.out().matches("label\n([01]\n){40}"), predicted.out());
    }

    @Test
    void countsTooLargeForMemoryAreRefusedBeforeTraining() {
        Cli.Result epochs = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--epochs",
                "2000000000", "--out", dir.toString());
        assertEquals(2, epochs.status());
        assertEquals("jgrad: --epochs must be from 1 to 1,000,000, got 2000000000\n", epochs.err());
        Cli.Result wide = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--hidden",
                "20000,20000", "--out", dir.toString());
        assertEquals(2, wide.status());
        assertEquals("jgrad: --hidden \"20000,20000\" makes a network of more than 1,000,000 parameters (the "
                + "limit) on 4 features; use smaller layers\n", wide.err());
        // 4·2000 + 2000 + 2000·400 + 400 + 400·3 + 3 = 811,603 parameters, times 32 rows per step
        Cli.Result step = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--hidden",
                "2000,400", "--out", dir.toString());
        assertEquals(2, step.status());
        assertEquals("jgrad: a step of 32 rows through 811603 parameters exceeds the limit of 10,000,000 "
                + "(parameters times rows per batch); use a smaller --batch-size (at most 12) or smaller --hidden "
                + "layers\n", step.err());
        assertEquals("", epochs.out() + wide.out() + step.out());
        String help = Cli.run("train", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--epochs at most 1,000,000; the network at most 1,000,000 parameters, and its "
                + "parameters times the rows of a batch at most 10,000,000"), help);
    }

    @Test
    void divergenceStopsWithAdviceAndWritesNothing() {
        Path model = dir.resolve("model.json");
        Cli.Result result = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--learning-rate",
                "1e300", "--weight-decay", "0", "--out", dir.toString(), "--save", model.toString());
        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().matches("jgrad: training diverged: the (training|validation) loss became "
                + "(NaN|-?Infinity) in epoch 1; nothing was written\\. Lower --learning-rate \\(it is 1\\.0E300; "
                + "the default is 0\\.01\\)\n"), result.err());
        assertFalse(Files.exists(model));
        assertFalse(Files.exists(dir.resolve("loss.png")));
    }

    @Test
    void earlyStoppingKeepsTheBestEpochAndSaysWhen() {
        Cli.Result result = Cli.run("train", "--csv", iris().toString(), "--target", "species", "--patience", "3",
                "--learning-rate", "0.1", "--json", "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        String json = result.out();
        int run = epochs(json, "run");
        int best = epochs(json, "best");
        assertTrue(json.contains("\"stoppedEarly\": true"), json);
        assertEquals(best + 3, run, json);
        assertTrue(result.err().contains("stopped at epoch " + run + " of 200: the validation loss last improved in "
                + "epoch " + best + ", whose weights are kept"), result.err());
    }

    @Test
    void newOptionsAreChecked() {
        String[][] cases = {
            {"--validation-fraction", "1", "jgrad: --validation-fraction must be at least 0 and below 1, got 1.0"},
            {"--patience", "0", "jgrad: --patience must be at least 1, got 0"},
            {"--weight-decay", "-1", "jgrad: --weight-decay must be a number of at least 0, got -1.0"},
            {"--weight-decay", "100", "jgrad: --learning-rate 0.01 times --weight-decay 100.0 is at least 1, so each "
                    + "step would multiply the weights by 1 - RATE × W <= 0; lower --learning-rate (or "
                    + "--weight-decay)"},
        };
        for (String[] c : cases) {
            Cli.Result result = Cli.run("train", "--csv", iris().toString(), "--target", "species", c[0], c[1]);
            assertEquals(2, result.status(), c[0]);
            assertEquals(c[2] + "\n", result.err());
        }
    }
}
