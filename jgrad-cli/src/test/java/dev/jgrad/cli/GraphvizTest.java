package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running Graphviz's {@code dot}, with fake {@code dot} programs that hang, fail or print nothing. */
class GraphvizTest {

    /** More than a pipe holds (64 KiB on Linux), so a {@code dot} that reads nothing blocks a plain writer. */
    private static final String BIG_GRAPH = "digraph g {\n" + "  a -> b;\n".repeat(20_000) + "}\n";

    @TempDir
    Path dir;

    @BeforeEach
    void needsAShell() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "fake dot programs are shell scripts");
    }

    @AfterEach
    void forgetTheFakeDot() {
        System.clearProperty("jgrad.dot");
    }

    private Path fakeDot(String body) throws IOException {
        Path script = Files.writeString(dir.resolve("dot"), "#!/bin/sh\n" + body + "\n");
        assumeTrue(script.toFile().setExecutable(true));
        return script;
    }

    private static Set<String> temporaryDotFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("jgrad-dot"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void returnsWhatDotWrote() throws IOException {
        Path dot = fakeDot("cat >/dev/null; printf '<svg/>'");
        assertArrayEquals("<svg/>".getBytes(StandardCharsets.UTF_8),
                Graphviz.render(dot, "svg", BIG_GRAPH, Duration.ofSeconds(30)));
    }

    @Test
    void aHangingDotIsStoppedAfterTheTimeout() throws IOException {
        Path dot = fakeDot("exec sleep 30");
        Set<String> before = temporaryDotFiles();
        long start = System.nanoTime();
        OutputException e = assertThrows(OutputException.class,
                () -> Graphviz.render(dot, "png", BIG_GRAPH, Duration.ofSeconds(1)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertEquals("jgrad: " + dot + " -Tpng did not finish within 1 second and was stopped; the graph may be too "
                + "large to draw (raise --timeout, or write DOT text with -o FILE.dot)", e.getMessage());
        assertEquals(before, temporaryDotFiles(), "no temporary file left behind");
    }

    @Test
    void theTimeoutIsAnOptionOfGraphAndStatedInItsHelp() throws IOException {
        System.setProperty("jgrad.dot", fakeDot("exec sleep 30").toString());
        Path file = dir.resolve("g.svg");
        Cli.Result result = Cli.run("graph", "x*y", "--at", "x=2,y=3", "--timeout", "1", "-o", file.toString());
        assertEquals(1, result.status());
        assertTrue(result.err().contains("did not finish within 1 second"), result.err());
        assertFalse(Files.exists(file));
        String help = Cli.run("graph", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--timeout=SECONDS"), help);
        assertTrue(help.contains("(default: 60 seconds)"), help);
    }

    @Test
    void aTimeoutTooLongForMillisecondsStillWaitsForDot() throws IOException {
        Path dot = fakeDot("cat >/dev/null; printf '<svg/>'");
        assertArrayEquals("<svg/>".getBytes(StandardCharsets.UTF_8),
                Graphviz.render(dot, "svg", BIG_GRAPH, Duration.ofSeconds(Long.MAX_VALUE)));
        System.setProperty("jgrad.dot", dot.toString());
        Path file = dir.resolve("g.svg");
        Cli.Result result = Cli.run("graph", "x*y", "--at", "x=2,y=3", "--timeout", String.valueOf(Long.MAX_VALUE),
                "-o", file.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("<svg/>", Files.readString(file));
    }

    @Test
    void aDotThatFailsBeforeReadingReportsItsOwnMessage() throws IOException {
        Path dot = fakeDot("echo 'Error: <stdin>: syntax error in line 1 near x' >&2; exit 1");
        Set<String> before = temporaryDotFiles();
        OutputException e = assertThrows(OutputException.class,
                () -> Graphviz.render(dot, "svg", BIG_GRAPH, Duration.ofSeconds(30)));
        assertEquals("jgrad: " + dot + " -Tsvg failed with exit status 1: Error: <stdin>: syntax error in line 1 "
                + "near x", e.getMessage());
        assertEquals(before, temporaryDotFiles(), "no temporary file left behind");
    }

    @Test
    void aDotThatWritesNothingIsAnErrorAndNoFileIsWritten() throws IOException {
        System.setProperty("jgrad.dot", fakeDot("cat >/dev/null; exit 0").toString());
        Path file = dir.resolve("g.png");
        Cli.Result result = Cli.run("graph", "x*y", "--at", "x=2,y=3", "-o", file.toString());
        assertEquals(1, result.status());
        assertTrue(result.err().endsWith("-Tpng exited with status 0 but wrote no picture\n"), result.err());
        assertEquals("", result.out());
        assertFalse(Files.exists(file));
    }

    @Test
    void aDotThatStopsReadingEarlyIsAnError() throws IOException {
        Path dot = fakeDot("head -c 10 >/dev/null; printf x");
        OutputException e = assertThrows(OutputException.class,
                () -> Graphviz.render(dot, "svg", BIG_GRAPH, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("stopped reading the graph before its end"), e.getMessage());
    }

    @Test
    void warnsBeforeDrawingALargeGraphOnly() throws IOException {
        System.setProperty("jgrad.dot", fakeDot("cat >/dev/null; printf '<svg/>'").toString());
        String large = String.join(" + ", Collections.nCopies(Graphviz.LARGE_GRAPH + 1, "x"));
        Path file = dir.resolve("large.svg");
        Cli.Result result = Cli.run("graph", large, "--at", "x=1", "-o", file.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.err().startsWith("jgrad: warning: the graph has " + (Graphviz.LARGE_GRAPH + 1) + " values"),
                result.err());
        assertEquals("<svg/>", Files.readString(file));

        Cli.Result small = Cli.run("graph", "x + x", "--at", "x=1", "-o", file.toString());
        assertEquals(0, small.status(), small.err());
        assertEquals("", small.err());
        for (List<String> dotText : List.of(List.of("-o", dir.resolve("large.dot").toString()), List.<String>of())) {
            Cli.Result text = Cli.run(Stream.concat(
                    Stream.of("graph", large, "--at", "x=1"), dotText.stream()).toArray(String[]::new));
            assertEquals("", text.err(), "DOT text takes no time to write");
        }
    }
}
