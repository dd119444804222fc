package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files as the commands read them: huge values, encodings, line ends, limits, hostile text. */
class CsvInputCommandTest {

    @TempDir
    Path dir;

    /** Iris with every feature multiplied by {@code scale}. */
    private Path scaledIris(double scale) throws IOException {
        List<String> lines = Files.readAllLines(TrainCommandTest.iris());
        StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            for (int j = 0; j < cells.length; j++) {
                boolean target = j == cells.length - 1;
                out.append(j == 0 ? "" : ",").append(target ? cells[j] : Double.toString(Double.parseDouble(cells[j])
                        * scale));
            }
            out.append('\n');
        }
        Path file = dir.resolve("iris-" + scale + ".csv");
        Files.writeString(file, out);
        return file;
    }

    @Test
    void hugeFiniteFeaturesTrainAsOrdinaryOnesDo() throws IOException {
        assertTrue(Files.readAllLines(TrainCommandTest.iris()).get(0).endsWith("species"));
        Cli.Result plain = Cli.run("train", "--csv", scaledIris(1).toString(), "--target", "species", "--json",
                "--epochs", "20", "--out", dir.toString());
        Cli.Result huge = Cli.run("train", "--csv", scaledIris(1e200).toString(), "--target", "species", "--json",
                "--epochs", "20", "--out", dir.toString(), "--save", dir.resolve("huge.json").toString());
        assertEquals(0, plain.status(), plain.err());
        assertEquals(0, huge.status(), huge.err());
        assertEquals(plain.out(), huge.out());
        Cli.Result predicted = Cli.run("predict", "--model", dir.resolve("huge.json").toString(), "--csv",
                scaledIris(1e200).toString());
        assertEquals(0, predicted.status(), predicted.err());
    }

    private Path scaledLine(double scale) throws IOException {
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i < 40; i++) {
            double a = i / 40.0;
            csv.append(a).append(',').append((3 * a + 1) * scale).append('\n');
        }
        Path file = dir.resolve("target-" + scale + ".csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void hugeFiniteTargetsAreRegressedAndSaved() throws IOException {
        Path file = scaledLine(1e200);
        Path model = dir.resolve("model.json");
        Cli.Result trained = Cli.run("train", "--csv", file.toString(), "--target", "y", "--task", "regress",
                "--epochs", "50", "--out", dir.toString(), "--save", model.toString(), "--json");
        assertEquals(0, trained.status(), trained.err());
        // standardized, the same line at scale 1 trains alike: its RMSE scales with the target, R² stays
        Cli.Result plain = Cli.run("train", "--csv", scaledLine(1).toString(), "--target", "y", "--task", "regress",
                "--epochs", "50", "--out", dir.toString(), "--json");
        assertEquals(0, plain.status(), plain.err());
        for (String part : new String[] {"train", "test"}) {
            assertEquals(TrainCommandTest.field(plain.out(), part, "rmse") * 1e200,
                    TrainCommandTest.field(trained.out(), part, "rmse"), 1e-9 * 1e200, trained.out());
            assertEquals(TrainCommandTest.field(plain.out(), part, "r2"),
                    TrainCommandTest.field(trained.out(), part, "r2"), 1e-9, trained.out());
        }
        Cli.Result predicted = Cli.run("predict", "--model", model.toString(), "--csv", file.toString());
        assertEquals(0, predicted.status(), predicted.err());
        List<String> lines = predicted.out().lines().toList();
        for (String line : lines.subList(1, lines.size())) {
            double y = Double.parseDouble(line);
            assertTrue(y > 0 && y < 5e200, line);
        }
    }

    @Test
    void anOldMacCsvHasItsRows() throws IOException {
        Path file = dir.resolve("mac.csv");
        Files.writeString(file, String.join("\r", Files.readAllLines(TrainCommandTest.iris())) + "\r");
        Cli.Result result = Cli.run("train", "--csv", file.toString(), "--target", "species", "--json",
                "--epochs", "2", "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("{\"train\": {\"rows\": 96"), result.out());
        assertTrue(result.out().contains("\"validation\": {\"rows\": 24"), result.out());
        assertTrue(result.out().contains("\"test\": {\"rows\": 30"), result.out());
    }

    @Test
    void encodingErrorsAndLimitsAreInputErrorsNamingTheFileAndLine() throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "a,b\n1,2\n3,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Cli.Result encoding = Cli.run("train", "--csv", latin1.toString(), "--target", "b", "--out", dir.toString());
        assertEquals(2, encoding.status());
        assertEquals("jgrad: " + latin1 + ":3: not UTF-8 text: byte 0xE9 at byte 6 of the line (byte 14 of the "
                + "file)\n", encoding.err());
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            Cli.Result endlessTrain = Cli.run("train", "--csv", zero.toString(), "--target", "y");
            assertEquals(2, endlessTrain.status());
            assertEquals("jgrad: /dev/zero:1: line longer than 1 MiB (1048576 bytes); jgrad reads lines up to that "
                    + "length\n", endlessTrain.err());
        }
    }

    @Test
    void cellsAndFileNamesAreEchoedEscaped() throws IOException {
        Path file = dir.resolve("evil\u001b[1m.csv");
        Files.writeString(file, "a,b\n1,\u009b2J" + "9".repeat(1_000_000) + "\n");
        // b is a feature, whose cells must be numbers (a target's text would be class labels)
        Cli.Result result = Cli.run("train", "--csv", file.toString(), "--target", "a", "--out", dir.toString());
        assertEquals(2, result.status());
        assertTrue(result.err().length() < 500, result.err().length() + " characters");
        assertFalse(result.err().contains("\u001b") || result.err().contains("\u009b"), result.err());
        assertTrue(result.err().startsWith("jgrad: " + dir + "/evil\\u001B[1m.csv:2:2: \"\\u009B2J999"),
                result.err());
    }
}
