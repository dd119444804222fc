package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {

    private static final String X_TIMES_Y_PLUS_X = """
            digraph jgrad {
              rankdir=LR;
              v0 [shape=record, label="{ x | data 2.0000 | grad 4.0000 }"];
              v1 [shape=record, label="{ y | data 3.0000 | grad 2.0000 }"];
              v2 [shape=record, label="{ data 6.0000 | grad 1.0000 }"];
              v2_op [label="*"];
              v0 -> v2_op [label="1"];
              v1 -> v2_op [label="2"];
              v2_op -> v2;
              v3 [shape=record, label="{ data 8.0000 | grad 1.0000 }"];
              v3_op [label="+"];
              v2 -> v3_op [label="1"];
              v0 -> v3_op [label="2"];
              v3_op -> v3;
            }
            """;

    @TempDir
    Path dir;

    @Test
    void printsMicrogradStyleDotForASmallGraph() {
        // d/dx (x*y + x) = y + 1 = 4, d/dy = x = 2
        Cli.Result result = Cli.run("graph", "x*y + x", "--at", "x=2,y=3");
        assertEquals(0, result.status(), result.err());
        assertEquals(X_TIMES_Y_PLUS_X, result.out());
    }

    @Test
    void unaryOperationsAndConstantsHaveUnnumberedEdges() {
        String dot = Cli.run("graph", "relu(-x)", "--at", "x=-1.5").out();
        assertEquals("""
                digraph jgrad {
                  rankdir=LR;
                  v0 [shape=record, label="{ x | data -1.5000 | grad -1.0000 }"];
                  v1 [shape=record, label="{ data 1.5000 | grad 1.0000 }"];
                  v1_op [label="neg"];
                  v0 -> v1_op;
                  v1_op -> v1;
                  v2 [shape=record, label="{ data 1.5000 | grad 1.0000 }"];
                  v2_op [label="ReLU"];
                  v1 -> v2_op;
                  v2_op -> v2;
                }
                """, dot);
    }

    @Test
    void writesDotFiles() throws IOException {
        Path file = dir.resolve("graph.dot");
        Cli.Result result = Cli.run("graph", "x*y + x", "--at", "x=2,y=3", "-o", file.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals("wrote " + file + "\n", result.out());
        assertEquals(X_TIMES_Y_PLUS_X, Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void rejectsUnknownPictureFormats() {
        Cli.Result result = Cli.run("graph", "x", "--at", "x=1", "-o", dir.resolve("g.gif").toString());
        assertEquals(2, result.status());
        assertTrue(result.err().contains("must end in .dot, .svg or .png"), result.err());
    }

    @Test
    void anImpossibleOutputPathExitsWithTwoAndNoStackTrace() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "not a directory");
        Cli.Result result = Cli.run("graph", "x", "--at", "x=1", "-o", blocker.resolve("g.dot").toString());
        assertEquals(2, result.status());
        assertEquals("jgrad: -o " + blocker.resolve("g.dot") + ": " + blocker + " is not a directory\n", result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }

    @Test
    void expressionMistakesAreReportedAsByGrad() {
        Cli.Result result = Cli.run("graph", "x +", "--at", "x=1");
        assertEquals(2, result.status());
        assertTrue(result.err().endsWith("  x +\n     ^\n"), result.err());
    }

    @Test
    void findsDotOnlyWhereItIsExecutable() throws IOException {
        assertEquals(Optional.empty(), Graphviz.find(""));
        assertEquals(Optional.empty(), Graphviz.find(null));
        assertEquals(Optional.empty(), Graphviz.find(dir.toString()));
        Path dot = Files.writeString(dir.resolve("dot"), "#!/bin/sh\n");
        assumeTrue(dot.toFile().setExecutable(true));
        assertEquals(Optional.of(dot), Graphviz.find("/nonexistent" + File.pathSeparator + dir));
    }

    @Test
    void rendersSvgWhenGraphvizIsInstalled() throws IOException {
        assumeTrue(Graphviz.find(System.getenv("PATH")).isPresent(), "Graphviz's dot is not installed");
        Path file = dir.resolve("graph.svg");
        Cli.Result result = Cli.run("graph", "x*y + x", "--at", "x=2,y=3", "-o", file.toString());
        assertEquals(0, result.status(), result.err());
        String svg = Files.readString(file);
        assertTrue(svg.contains("<svg") && svg.contains("data 8.0000"), svg);
    }

    @Test
    void withoutGraphvizSaysHowToInstallIt() {
        Path file = dir.resolve("graph.png");
        InputException e = assertThrows(InputException.class,
                () -> GraphCommand.write(file, "png", X_TIMES_Y_PLUS_X, Graphviz.find(dir.toString()),
                        Duration.ofSeconds(60)));
        assertEquals("jgrad: writing PNG needs Graphviz's 'dot' program, which is not on PATH; install Graphviz "
                + "(Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; macOS: brew install "
                + "graphviz; Windows: winget install graphviz), or write DOT text with -o " + dir.resolve("graph.dot"),
                e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void withoutGraphvizTheCommandExitsWithTwo() {
        assumeTrue(Graphviz.find(System.getenv("PATH")).isEmpty(), "Graphviz's dot is installed");
        Cli.Result result = Cli.run("graph", "x*y", "--at", "x=2,y=3", "-o", dir.resolve("graph.svg").toString());
        assertEquals(2, result.status());
        assertTrue(result.err().contains("apt-get install graphviz"), result.err());
    }
}
