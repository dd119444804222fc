package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write to standard output is an error (exit status 1, a message naming standard output), never silent. */
class StandardOutputTest {

    @TempDir
    Path dir;

    /** A stream that accepts {@code capacity} bytes, then fails as a full disk does. */
    static final class FullDisk extends OutputStream {
        private int room;
        int attempts;

        FullDisk(int capacity) {
            this.room = capacity;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            attempts++;
            if (len > room) {
                room = 0;
                throw new IOException("No space left on device");
            }
            room -= len;
        }
    }

    private static Cli.Result runWithFailingOutput(int capacity, String... args) {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new FullDisk(capacity)), new PrintWriter(err), args);
        return new Cli.Result(status, "", err.toString().replace(System.lineSeparator(), "\n"));
    }

    private static void assertReportsStandardOutput(Cli.Result result) {
        assertEquals(1, result.status(), result.err());
        assertTrue(result.err().endsWith(Main.STANDARD_OUTPUT_FAILED + "\n"), result.err());
        assertEquals(1, result.err().lines().filter(line -> line.startsWith("jgrad: ")).count(),
                "one report: " + result.err());
    }

    @Test
    void gradGraphTrainAndPredictFailWhenStandardOutputFails() throws IOException {
        assertReportsStandardOutput(runWithFailingOutput(0, "grad", "x*y", "--at", "x=2,y=3"));
        assertReportsStandardOutput(runWithFailingOutput(0, "grad", "x*y", "--at", "x=2,y=3", "--json"));
        assertReportsStandardOutput(runWithFailingOutput(10, "graph", "x*y", "--at", "x=2,y=3"));
        assertReportsStandardOutput(runWithFailingOutput(0, "--help"));
        assertReportsStandardOutput(runWithFailingOutput(0, "train", "--csv", TrainCommandTest.iris().toString(),
                "--target", "species", "--json", "--epochs", "2", "--out", dir.toString()));
        Path model = dir.resolve("iris.json");
        assertEquals(0, Cli.run("train", "--csv", TrainCommandTest.iris().toString(), "--target", "species",
                "--epochs", "2", "--out", dir.toString(), "--save", model.toString()).status());
        assertReportsStandardOutput(runWithFailingOutput(100, "predict", "--model", model.toString(), "--csv",
                TrainCommandTest.iris().toString()));
    }

    @Test
    void predictStopsAtTheFirstCheckAfterStandardOutputFails() throws IOException {
        Path model = dir.resolve("iris.json");
        assertEquals(0, Cli.run("train", "--csv", TrainCommandTest.iris().toString(), "--target", "species",
                "--epochs", "2", "--out", dir.toString(), "--save", model.toString()).status());
        StringBuilder csv = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width\n");
        int rows = 20 * PredictCommand.CHECK_EVERY;
        csv.append("5.1,3.5,1.4,0.2\n".repeat(rows));
        Path big = Files.writeString(dir.resolve("big.csv"), csv);
        FullDisk disk = new FullDisk(100);
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(disk), new PrintWriter(err), "predict", "--model", model.toString(),
                "--csv", big.toString());
        assertEquals(1, status, err.toString());
        assertTrue(disk.attempts <= 2, "writes after the failure: " + disk.attempts);
    }

    @Test
    void aFullDeviceOrAClosedStandardOutputExitsWithOne() throws Exception {
        assumeTrue(new File("/dev/full").exists() && new File("/bin/sh").exists(), "needs /dev/full and sh");
        for (String redirect : List.of(">/dev/full", ">&-")) {
            Cli.Result grad = Cli.runInNewJvm(List.of(), redirect, "grad", "x*y", "--at", "x=2,y=3");
            assertEquals(1, grad.status(), redirect + ": " + grad.err());
            assertEquals(Main.STANDARD_OUTPUT_FAILED + "\n", grad.err(), redirect);
        }
        Cli.Result graph = Cli.runInNewJvm(List.of(), ">/dev/full", "graph", "x*y", "--at", "x=2,y=3");
        assertEquals(1, graph.status(), graph.err());
        Cli.Result fine = Cli.runInNewJvm(List.of(), ">/dev/null", "grad", "x*y", "--at", "x=2,y=3");
        assertEquals(0, fine.status(), fine.err());
    }
}
