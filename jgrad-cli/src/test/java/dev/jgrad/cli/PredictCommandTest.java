package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Csv;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

    @TempDir
    static Path trained;

    @TempDir
    Path dir;

    static Path model;

    @BeforeAll
    static void trainOnIris() {
        model = trained.resolve("iris.json");
        Cli.Result result = Cli.run("train", "--csv", TrainCommandTest.iris().toString(), "--target", "species",
                "--save", model.toString(), "--out", trained.toString(), "--epochs", "40");
        assertEquals(0, result.status(), result.err());
        // the model is saved before the loss picture is written
        assertTrue(result.out().endsWith("saved the model to " + model + "\nwrote " + trained.resolve("loss.png")
                + "\n"), result.out());
    }

    @Test
    void oneRowIsOnePrediction() throws IOException {
        Path row = Files.writeString(dir.resolve("row.csv"), "sepal_length,sepal_width,petal_length,petal_width\n"
                + "5.1,3.5,1.4,0.2\n");
        Path out = dir.resolve("one.csv");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv", row.toString(), "-o",
                out.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("wrote 1 prediction to " + out + "\n", result.out());
    }

    @Test
    void predictsEveryRowAsTheSavedModelDoes() throws IOException {
        Path out = dir.resolve("iris.csv");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv",
                TrainCommandTest.iris().toString(), "-o", out.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("wrote 150 predictions to " + out + "\n", result.out());

        List<String> lines = Files.readAllLines(out);
        assertEquals(151, lines.size());
        assertEquals("species", lines.get(0));
        SavedModel loaded = ModelFile.load(model);
        Csv.Table iris = Csv.read(TrainCommandTest.iris());
        int correct = 0;
        for (int i = 0; i < iris.rows().length; i++) {
            double[] row = iris.rows()[i];
            double expected = loaded.predict(Arrays.copyOf(row, 4));
            assertEquals(Predictions.format(expected), lines.get(i + 1), "row " + (i + 1));
            if (expected == row[4]) {
                correct++;
            }
        }
        assertTrue(correct >= 140, correct + " of 150 right");

        Cli.Result stdout = Cli.run("predict", "--model", model.toString(), "--csv",
                TrainCommandTest.iris().toString());
        assertEquals(String.join("\n", lines) + "\n", stdout.out());
    }

    @Test
    void findsFeatureColumnsByNameInAnyOrder() throws IOException {
        Path csv = Files.writeString(dir.resolve("reordered.csv"),
                "petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n2.3,5.4,3.4,6.2\n");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv", csv.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("species\n0\n2\n", result.out());
    }

    @Test
    void columnsTheModelDoesNotUseMayBeEmptyOrText() throws IOException {
        Path csv = Files.writeString(dir.resolve("unlabelled.csv"), "id,sepal_length,sepal_width,petal_length,"
                + "petal_width,species\nfirst,5.1,3.5,1.4,0.2,\nsecond,6.2,3.4,5.4,2.3,NA\n");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv", csv.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("species\n0\n2\n", result.out());
    }

    @Test
    void aBadCellOfAFeatureColumnIsNamed() throws IOException {
        Path csv = Files.writeString(dir.resolve("missing.csv"), "id,sepal_length,sepal_width,petal_length,"
                + "petal_width\nfirst,5.1,3.5,1.4,0.2\nsecond,6.2,NA,5.4,2.3\n");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv", csv.toString());
        assertEquals(2, result.status());
        assertEquals("jgrad: " + csv + ":3:3: \"NA\" is not a number\n", result.err());
    }

    @Test
    void aBadCsvWritesNothing() throws IOException {
        Path out = Files.writeString(dir.resolve("out.csv"), "old\n");
        Path bad = Files.writeString(dir.resolve("bad.csv"),
                "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n4.9,3.0,1.4\n");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv", bad.toString(), "-o",
                out.toString());
        assertEquals(2, result.status());
        assertEquals("jgrad: " + bad + ":3: 3 cells, header has 4\n", result.err());
        assertEquals("old\n", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aMissingFeatureColumnIsNamed() throws IOException {
        Path csv = Files.writeString(dir.resolve("three.csv"), "sepal_length,sepal_width,petal_length\n1,2,3\n");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv", csv.toString());
        assertEquals(2, result.status());
        assertEquals("jgrad: no column \"petal_width\" in " + csv + " (columns: sepal_length, sepal_width, "
                + "petal_length); the model " + model + " needs the columns sepal_length, sepal_width, "
                + "petal_length, petal_width\n", result.err());
    }

    @Test
    void badModelFilesAreInputErrors() throws IOException {
        Path future = Files.writeString(dir.resolve("future.json"), "{\"format\": \"jgrad-mlp\", \"version\": 99}");
        Cli.Result result = Cli.run("predict", "--model", future.toString(), "--csv",
                TrainCommandTest.iris().toString());
        assertEquals(2, result.status());
        assertTrue(result.err().startsWith("jgrad: " + future + ": "), result.err());
        assertTrue(result.err().contains("version 99"), result.err());

        Path truncated = Files.writeString(dir.resolve("truncated.json"),
                Files.readString(model).substring(0, 200));
        Cli.Result cut = Cli.run("predict", "--model", truncated.toString(), "--csv",
                TrainCommandTest.iris().toString());
        assertEquals(2, cut.status());
        assertTrue(cut.err().startsWith("jgrad: " + truncated), cut.err());
        assertTrue(!cut.err().contains("\tat "), cut.err());
    }
}
