package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    private static final Progress SILENT = new Progress() {
        @Override
        public void step(String message) {
        }

        @Override
        public void close() {
        }
    };

    @TempDir
    Path dir;

    @Test
    void reachesAtLeast95PercentAndDrawsBothPictures() throws IOException {
        Cli.Result result = Cli.run("demo", "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        Matcher accuracy = Pattern.compile("final accuracy: ([0-9.]+)% \\((\\d+) of 100 points\\)")
                .matcher(result.out());
        assertTrue(accuracy.find(), result.out());
        assertTrue(Double.parseDouble(accuracy.group(1)) >= 95, result.out());
        // not a terminal: plain progress lines, the last one at step 100
        assertTrue(result.out().contains("\nstep 100/100  loss "), result.out());

        BufferedImage boundary = PlotsTest.decode(Files.readAllBytes(dir.resolve("decision-boundary.png")));
        assertEquals(Plots.WIDTH, boundary.getWidth());
        assertEquals(Plots.HEIGHT, boundary.getHeight());
        assertTrue(PlotsTest.count(boundary, Plots.POSITIVE) > 500, "points of class 1");
        assertTrue(PlotsTest.count(boundary, Plots.NEGATIVE) > 500, "points of class 0");
        assertTrue(PlotsTest.count(boundary, Plots.POSITIVE_REGION) > 20_000, "region of class 1");
        assertTrue(PlotsTest.count(boundary, Plots.NEGATIVE_REGION) > 20_000, "region of class 0");

        BufferedImage loss = PlotsTest.decode(Files.readAllBytes(dir.resolve("loss.png")));
        assertEquals(Plots.WIDTH, loss.getWidth());
        assertEquals(Plots.HEIGHT, loss.getHeight());
    }

    @Test
    void theCompiledStepGivesTheSameLossesAsTheGraph() {
        DemoCommand.Run graph = DemoCommand.train(DemoCommand.DEFAULT_SEED, 15, SILENT, false);
        DemoCommand.Run compiled = DemoCommand.train(DemoCommand.DEFAULT_SEED, 15, SILENT, true);
        assertArrayEquals(graph.losses(), compiled.losses());
        assertArrayEquals(graph.accuracies(), compiled.accuracies());
        assertEquals(graph.correct(), compiled.correct());
    }

    @Test
    void demoCompiledReachesTheSameAccuracy() {
        Cli.Result result = Cli.run("demo", "--compiled", "--steps", "30", "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("\nstep 30/30  loss "), result.out());
        assertTrue(result.out().contains("final accuracy: "), result.out());
    }

    @Test
    void theSameSeedGivesTheSameLosses() {
        DemoCommand.Run first = DemoCommand.train(DemoCommand.DEFAULT_SEED, 15, SILENT);
        DemoCommand.Run second = DemoCommand.train(DemoCommand.DEFAULT_SEED, 15, SILENT);
        assertArrayEquals(first.losses(), second.losses());
        assertArrayEquals(first.accuracies(), second.accuracies());
        DemoCommand.Run other = DemoCommand.train(7, 15, SILENT);
        assertTrue(first.losses()[14] != other.losses()[14], "another seed, other losses");
        assertTrue(first.losses()[14] < first.losses()[0], "the loss falls");
    }

    @Test
    void oneStepIsSingular() {
        Cli.Result result = Cli.run("demo", "--steps", "1", "--out", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains(", 1 step of SGD, "), result.out());
    }

    @Test
    void rejectsZeroSteps() {
        Cli.Result result = Cli.run("demo", "--steps", "0", "--out", dir.toString());
        assertEquals(2, result.status());
        assertEquals("jgrad: --steps must be at least 1, got 0\n", result.err());
    }
}
