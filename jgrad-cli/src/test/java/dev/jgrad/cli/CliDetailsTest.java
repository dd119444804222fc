package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.nn.Activation;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.SavedModel;
import dev.jgrad.nn.Standardizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version, help and expression arguments, {@code @file} arguments, CSV quoting and unexpected errors. */
class CliDetailsTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandPrintsTheVersion() {
        String version = Cli.run("--version").out();
        assertTrue(version.startsWith("jgrad "), version);
        for (String command : List.of("demo", "grad", "graph", "train", "predict", "bench")) {
            for (String flag : List.of("--version", "-V")) {
                Cli.Result result = Cli.run(command, flag);
                assertEquals(0, result.status(), command + " " + flag + ": " + result.err());
                assertEquals(version, result.out(), command + " " + flag);
            }
        }
    }

    @Test
    void aHelpOrVersionFlagAmongAnExpressionsArgumentsIsAMistakeThatNamesDoubleDash() {
        for (String command : List.of("grad", "graph")) {
            for (String flag : List.of("-h", "--help", "-V", "--version")) {
                Cli.Result result = Cli.run(command, flag, "--at", "h=3");
                assertEquals(2, result.status(), command + " " + flag);
                assertTrue(result.err().contains("put the options first, then '--', then the expression"),
                        result.err());
                assertEquals("", result.out());
            }
            assertEquals(0, Cli.run(command, "-h").status(), "help alone is help");
        }
    }

    @Test
    void anExpressionThatLooksLikeAnOptionWorksAfterDoubleDash() {
        Cli.Result result = Cli.run("grad", "--at", "h=3", "--", "-h");
        assertEquals(0, result.status(), result.err());
        assertEquals("value = -3.0\nd/dh = -1.0\n", result.out());
        Cli.Result late = Cli.run("grad", "--", "-h", "--at", "h=3");
        assertEquals(2, late.status());
        assertTrue(late.err().contains("Options go before '--'"), late.err());
    }

    @Test
    void theHelpOfGradAndGraphExplainsDoubleDash() {
        for (String command : List.of("grad", "graph")) {
            String help = Cli.run(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("jgrad grad --at h=3 -- -h"), help);
        }
    }

    @Test
    void atFileArgumentsAreTakenAsTheyAre() throws IOException {
        Path file = Files.writeString(dir.resolve("args"), "x*y\n--at\nx=2,y=3\n");
        Cli.Result result = Cli.run("grad", "@" + file);
        assertEquals(2, result.status(), result.out());
        assertFalse(result.out().contains("d/dy"), result.out());
    }

    @Test
    void aTargetNameWithACommaQuoteOrLineBreakIsQuotedInThePredictionsHeader() throws IOException {
        for (String target : List.of("price, in $", "the \"best\"", "two\nlines", "plain")) {
            MLP mlp = new MLP(1, new int[] {1}, new Activation[] {Activation.LINEAR}, 0);
            mlp.parameters().get(0).setData(2);
            mlp.parameters().get(1).setData(1);
            SavedModel model = new SavedModel(mlp, new Standardizer(new double[] {0}, new double[] {1}),
                    SavedModel.REGRESS, List.of("x"), target, null);
            Path file = dir.resolve("model.json");
            ModelFile.save(model, file);
            Path csv = Files.writeString(dir.resolve("x.csv"), "x\n1.5\n");
            Cli.Result result = Cli.run("predict", "--model", file.toString(), "--csv", csv.toString());
            assertEquals(0, result.status(), result.err());
            String header = target.contains(",") || target.contains("\"") || target.contains("\n")
                    ? "\"" + target.replace("\"", "\"\"") + "\"" : target;
            assertEquals(header + "\n4\n", result.out());
        }
        assertEquals("\"a\"\"b,c\"", Predictions.csvField("a\"b,c"));
        assertEquals("\"x\r\"", Predictions.csvField("x\r"));
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitStatusOne() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs sh");
        Cli.Result result = Cli.runInNewJvm(List.of("-Xmx24m"), ">/dev/null", "bench", "rosenbrock", "--n",
                "10000000");
        assertEquals(1, result.status(), result.err());
        assertTrue(result.err().startsWith("jgrad: out of memory (the Java heap's limit is "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void anUnexpectedErrorIsOneLineAndExitStatusOne() {
        StringWriter err = new StringWriter();
        assertEquals(1, Main.report(new OutOfMemoryError("Java heap space"), new PrintWriter(err)));
        assertTrue(err.toString().startsWith("jgrad: out of memory (the Java heap's limit is "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());

        StringWriter other = new StringWriter();
        assertEquals(1, Main.report(new IllegalStateException("first\nsecond"), new PrintWriter(other)));
        assertEquals("jgrad: internal error: java.lang.IllegalStateException: first second",
                other.toString().strip());
    }
}
