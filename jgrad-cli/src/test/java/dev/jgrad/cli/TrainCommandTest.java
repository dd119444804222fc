package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static double field(String json, String part, String name) {
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
        Cli.Result cell = trainOn("a,b\n1,2\n3,x\n", "b");
        assertEquals(2, cell.status());
        assertEquals("", cell.out());
        assertEquals("jgrad: " + file + ":3:2: \"x\" is not a number\n", cell.err());

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
}
