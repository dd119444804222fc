package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad mnist}: its JSON, its pictures, its text output and its refusals. */
class MnistCommandTest {

    private static final Pattern JSON = Pattern.compile("\\{\"train\": \\{\"accuracy\": ([0-9.E-]+)\\}, "
            + "\"test\": \\{\"accuracy\": ([0-9.E-]+)\\}, \"seconds\": ([0-9.E-]+), \"model\": \"mlp\", "
            + "\"epochs\": 1, \"epoch_seconds\": ([0-9.E-]+), \"epoch_cpu_seconds\": ([0-9.E-]+)\\}\n");

    @TempDir
    Path dir;

    @Test
    void jsonHoldsTheAccuraciesAndTimeAndBothPicturesAreWritten() throws IOException {
        Cli.Result result = Cli.run("mnist", "--model", "mlp", "--epochs", "1", "--json", "--out",
                dir.resolve("new").toString());
        assertEquals(0, result.status(), result.err());
        Matcher json = JSON.matcher(result.out());
        assertTrue(json.matches(), result.out());
        double train = Double.parseDouble(json.group(1));
        double test = Double.parseDouble(json.group(2));
        // one epoch of the MLP on 8,000 digits: about 90% (chance is 10%)
        assertTrue(test > 0.85 && test <= 1, result.out());
        assertTrue(train > 0.85 && train <= 1, result.out());
        assertTrue(Double.parseDouble(json.group(3)) >= Double.parseDouble(json.group(4)), result.out());
        assertTrue(result.err().contains("epoch 1/1  loss "), "progress on standard error: " + result.err());

        BufferedImage confusion = PlotsTest.decode(Files.readAllBytes(dir.resolve("new/confusion-matrix.png")));
        assertEquals(Plots.WIDTH, confusion.getWidth());
        assertEquals(Plots.HEIGHT, confusion.getHeight());
        BufferedImage wrong = PlotsTest.decode(Files.readAllBytes(dir.resolve("new/misclassified.png")));
        assertTrue(PlotsTest.count(wrong, Plots.NEGATIVE) > 100, "red captions");
        assertTrue(wrong.getHeight() > 6 * MnistData.SIDE * 3, "six full rows of misclassified digits");
    }

    @Test
    void textOutputNamesTheAccuraciesAndTheFilesWritten() {
        Cli.Result result = Cli.run("mnist", "--model", "mlp", "--epochs", "1", "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("Training MLP 784-128-10"), result.out());
        assertTrue(result.out().contains(", 1 epoch of Adam 1e-3, "), result.out());
        assertTrue(Pattern.compile("\ntest accuracy: [0-9.]+% \\(\\d+ of 2000 digits\\)\n").matcher(result.out())
                .find(), result.out());
        assertTrue(result.out().contains("wrote " + dir.resolve("confusion-matrix.png")), result.out());
        assertTrue(result.out().contains("wrote " + dir.resolve("misclassified.png")), result.out());
    }

    @Test
    void badOptionsAreRefusedWithStatusTwoBeforeAnyWork() throws IOException {
        Cli.Result model = Cli.run("mnist", "--model", "resnet", "--out", dir.toString());
        assertEquals(2, model.status());
        assertEquals("jgrad: --model must be cnn or mlp, got \"resnet\"\n", model.err());
        for (String epochs : new String[] {"0", "1001", "-3"}) {
            Cli.Result result = Cli.run("mnist", "--epochs", epochs, "--out", dir.toString());
            assertEquals(2, result.status(), epochs);
            assertTrue(result.err().startsWith("jgrad: --epochs must be from 1 to 1000, got " + epochs),
                    result.err());
        }
        Cli.Result notANumber = Cli.run("mnist", "--epochs", "ten");
        assertEquals(2, notANumber.status());
        Path file = Files.writeString(dir.resolve("file"), "x");
        Cli.Result out = Cli.run("mnist", "--out", file.resolve("sub").toString());
        assertEquals(2, out.status());
        assertTrue(out.err().contains("is not a directory"), out.err());
        Files.createDirectory(dir.resolve("confusion-matrix.png"));
        Cli.Result occupied = Cli.run("mnist", "--out", dir.toString());
        assertEquals(2, occupied.status());
        assertTrue(occupied.err().contains("is a directory"), occupied.err());
        assertFalse(Files.exists(dir.resolve("misclassified.png")));
        assertEquals("", occupied.out());
    }
}
