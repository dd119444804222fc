package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Csv;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad train} on a target of text class labels, and {@code jgrad predict} writing them back by name. */
class TextLabelsCommandTest {

    /** The iris species as text, two of them needing quotes in CSV: a comma, quotes and accents. */
    private static final List<String> SPECIES = List.of("setosa", "versi,color", "virgínica \"v\"");

    @TempDir
    Path dir;

    /** The shipped iris.csv with its species 0, 1, 2 written as the names of {@link #SPECIES}, quoted. */
    private Path textIris() throws IOException {
        List<String> lines = Files.readAllLines(TrainCommandTest.iris());
        StringBuilder text = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.lastIndexOf(',');
            String name = SPECIES.get(Integer.parseInt(line.substring(comma + 1)));
            text.append(line, 0, comma + 1).append(Predictions.csvField(name)).append('\n');
        }
        return Files.writeString(dir.resolve("iris-text.csv"), text);
    }

    @Test
    void trainsOnTextLabelsAndPredictsThemByName() throws IOException {
        Path data = textIris();
        Path model = dir.resolve("model.json");
        Cli.Result train = Cli.run("train", "--csv", data.toString(), "--target", "species", "--epochs", "40",
                "--json", "--save", model.toString(), "--out", dir.toString());
        assertEquals(0, train.status(), train.err());
        Matcher test = Pattern.compile("\"test\": \\{\"rows\": 30, \"accuracy\": ([0-9.]+)\\}").matcher(train.out());
        assertTrue(test.find(), train.out());
        assertTrue(Double.parseDouble(test.group(1)) >= 0.85, train.out());
        assertTrue(train.out().contains("\"model\": \"majority class setosa\""), train.out());
        assertEquals(SPECIES, ModelFile.load(model).classNames());

        Path out = dir.resolve("predictions.csv");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--csv", data.toString(), "-o",
                out.toString());
        assertEquals(0, predict.status(), predict.err());
        Csv.Labeled predicted = Csv.readLabeled(out, "species");
        Csv.Labeled actual = Csv.readLabeled(data, "species");
        assertEquals(SPECIES.stream().sorted().toList(), predicted.names());
        double[] p = predicted.table().columnValues(0);
        double[] y = actual.table().columnValues(4);
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            right += predicted.names().get((int) p[i]).equals(actual.names().get((int) y[i])) ? 1 : 0;
        }
        assertEquals(150, y.length);
        assertTrue(right >= 135, right + " of 150 right");
    }

    /**
     * A row whose prediction is NaN is written {@code ""}, not as an empty line: CSV readers skip blank lines (jgrad's,
     * pandas), which moved every later prediction up a row, and Python's csv module reads one as no cell at all.
     */
    @Test
    void aPredictionThatIsNotANumberIsAnEmptyQuotedCellSoNoRowIsLost() throws IOException {
        // hidden units relu(a + b) twice, output h1 - h2: 0 (class "no"), or ∞ - ∞ = NaN where a + b overflows
        MLP mlp = new MLP(2, new int[] {2, 1}, new Activation[] {Activation.RELU, Activation.LINEAR}, 0);
        double[] params = {1, 1, 0, 1, 1, 0, 1, -1, 0};
        List<Value> p = mlp.parameters();
        for (int i = 0; i < params.length; i++) {
            p.get(i).setData(params[i]);
        }
        Path model = dir.resolve("model.json");
        ModelFile.save(new SavedModel(mlp, null, SavedModel.CLASSIFY, List.of("a", "b"), "t", null,
                List.of("no", "yes")), model);
        Path rows = Files.writeString(dir.resolve("rows.csv"), "a,b\n1,2\n1e308,1e308\n3,4\n");
        Path out = dir.resolve("predictions.csv");
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--csv", rows.toString(), "-o",
                out.toString());
        assertEquals(0, predict.status(), predict.err());
        assertEquals("t\nno\n\"\"\nno\n", Files.readString(out));
        assertEquals(3, Csv.read(out, Set.of()).rows().length);
    }

    /**
     * Numbers and text in one target column: with {@code --task classify} every cell is a label, as text; without it,
     * the first text cell is named, since among numbers it may be a typo that would otherwise make a classifier of a
     * regression.
     */
    @Test
    void labelsThatAreNotAllNumbersAreAllTextWhenClassifyingIsAsked() throws IOException {
        List<String> lines = new ArrayList<>(List.of("x,y,label"));
        for (int i = 0; i < 40; i++) {
            lines.add(i + "," + (i % 2) + "," + (i < 20 ? "1" : "high"));
        }
        Path data = Files.write(dir.resolve("mixed.csv"), lines);
        Cli.Result unasked = Cli.run("train", "--csv", data.toString(), "--target", "label", "--epochs", "5",
                "--out", dir.toString());
        assertEquals(2, unasked.status(), unasked.out());
        assertEquals("jgrad: " + data + ":22:3: \"high\" is not a number, though other cells of \"label\" are; to take "
                + "every cell of the column as a class label, give --task classify\n", unasked.err());
        Path model = dir.resolve("mixed.json");
        Cli.Result train = Cli.run("train", "--csv", data.toString(), "--target", "label", "--task", "classify",
                "--epochs", "5", "--save", model.toString(), "--out", dir.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("(2 classes)"), train.out());
        assertEquals(List.of("1", "high"), ModelFile.load(model).classNames());
    }

    @Test
    void moreTextLabelsThanAClassifierTakesAreRefusedAsClasses() throws IOException {
        List<String> lines = new ArrayList<>(List.of("x,kind"));
        for (int i = 0; i < 60; i++) {
            lines.add(i + ",k" + i);
        }
        Path data = Files.write(dir.resolve("many.csv"), lines);
        assertError("jgrad: the target \"kind\" has 60 distinct values, more than 50 classes; each text label is a "
                + "class\n", data, "kind");
    }

    @Test
    void emptyLabelsTextFeaturesAndTextRegressionTargetsAreErrorsWithTheirPlace() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "x,kind\n1,a\n2,b\n3,\n");
        assertError("jgrad: " + empty + ":4:2: empty label in column \"kind\"\n", empty, "kind");
        Path feature = Files.writeString(dir.resolve("feature.csv"), "x,kind\n1,a\nbig,b\n");
        assertError("jgrad: " + feature + ":3:1: \"big\" is not a number\n", feature, "kind");
        // a regression target must be numbers: a text cell in it is an error at its place, not a label
        Path typo = Files.writeString(dir.resolve("typo.csv"), "x,y\n1,2.5\n2,3..5\n");
        Cli.Result regress = Cli.run("train", "--csv", typo.toString(), "--target", "y", "--task", "regress",
                "--out", dir.toString());
        assertEquals(2, regress.status());
        assertEquals("jgrad: " + typo + ":3:2: \"3..5\" is not a number\n", regress.err());
    }

    private void assertError(String message, Path data, String target) {
        Cli.Result result = Cli.run("train", "--csv", data.toString(), "--target", target, "--out", dir.toString());
        assertEquals(2, result.status(), result.out());
        assertEquals(message, result.err());
    }
}
