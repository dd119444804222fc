package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error reports that quote what the user typed: invisible characters escaped (no terminal escape reaches the
 * terminal), a window around the error instead of the whole input, the caret under the right character, and number
 * scanning in linear time.
 */
class UserTextEchoTest {

    /** The caret's index in the input line of a two-line echo: the shown line and the caret line. */
    private static char underCaret(String err) {
        String[] lines = err.split("\n");
        String shown = lines[1];
        int caret = lines[2].indexOf('^');
        return shown.charAt(caret);
    }

    private static void assertPrintable(String err) {
        for (int i = 0; i < err.length(); i++) {
            char c = err.charAt(i);
            assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0),
                    "raw U+" + Integer.toHexString(c) + " at " + i + " in " + err);
        }
    }

    @Test
    void controlCharactersInTheExpressionAreEscapedAndTheCaretStaysOnTheError() {
        Cli.Result result = Cli.run("grad", "x\u001b[2J\t+ # y", "--at", "x=1,y=2");
        assertEquals(2, result.status());
        assertPrintable(result.err());
        assertEquals("jgrad: error at column 2 of the expression: expected an operator (+ - * / ^) here, found "
                + "\"\\u001B\"\n"
                + "  x\\u001B[2J\\t+ # y\n"
                + "   ^\n", result.err());
        Cli.Result later = Cli.run("grad", "\u001f\u000b\f x + #", "--at", "x=1");
        assertEquals(2, later.status());
        assertPrintable(later.err());
        assertEquals('#', underCaret(later.err()));
    }

    @Test
    void controlCharactersInAtAreEscaped() {
        Cli.Result name = Cli.run("grad", "x", "--at", "x\u001b]0;pwned\u0007=1");
        assertEquals(2, name.status());
        assertPrintable(name.err());
        assertTrue(name.err().contains("\"x\\u001B]0;pwned\\u0007\" is not a variable name"), name.err());
        Cli.Result number = Cli.run("grad", "x", "--at", "x=1\u009b31m");
        assertEquals(2, number.status());
        assertPrintable(number.err());
        assertTrue(number.err().contains("\"1\\u009B31m\" is not a number"), number.err());
        assertEquals('1', underCaret(number.err()));
    }

    @Test
    void aHugeBadExpressionGivesAShortReportWithTheCaretUnderTheError() {
        String filler = "x+".repeat(2_500_000);
        Cli.Result result = Cli.run("grad", filler + "#" + "+x".repeat(2_500_000), "--at", "x=1");
        assertEquals(2, result.status());
        String[] lines = result.err().split("\n");
        assertEquals(3, lines.length, result.err());
        assertTrue(result.err().length() < 400, result.err().length() + " characters");
        assertTrue(lines[0].startsWith("jgrad: error at column 5000001 of the expression: expected a number, "
                + "variable, function or \"(\", found \"#\""), lines[0]);
        assertTrue(lines[1].startsWith("  ...") && lines[1].endsWith("..."), lines[1]);
        assertEquals('#', underCaret(result.err()));
    }

    @Test
    void aHugeNameIsQuotedShortened() {
        String name = "a".repeat(1_000_000);
        Cli.Result unknown = Cli.run("grad", name + "(x)", "--at", "x=1");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().length() < 600, unknown.err().length() + " characters");
        assertTrue(unknown.err().contains("unknown function \"aaaa"), unknown.err());
        Cli.Result missing = Cli.run("grad", "x+" + name, "--at", "x=1");
        assertEquals(2, missing.status());
        assertTrue(missing.err().length() < 600, missing.err().length() + " characters");
        Cli.Result twice = Cli.run("grad", "x", "--at", name + "=1," + name + "=2");
        assertEquals(2, twice.status());
        assertTrue(twice.err().length() < 600, twice.err().length() + " characters");
    }

    @Test
    void longDigitStringsAreScannedInLinearTime() {
        String digits = "1".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Cli.Result bad = Cli.run("grad", "x", "--at", "x=" + digits + "z");
            assertEquals(2, bad.status());
            assertTrue(bad.err().startsWith("jgrad: error at column 3 of --at: \"1111"), bad.err());
            assertTrue(bad.err().length() < 400, bad.err().length() + " characters");
            Cli.Result dotted = Cli.run("grad", "x", "--at", "x=" + digits + "." + digits + "e");
            assertEquals(2, dotted.status());
            Cli.Result good = Cli.run("grad", "x*2", "--at", "x=0." + digits);
            assertEquals(0, good.status(), good.err());
            assertEquals("value = 0.2222222222222222\nd/dx = 2.0\n", good.out());
            Cli.Result inExpression = Cli.run("grad", "0." + digits + "*x", "--at", "x=3");
            assertEquals("value = 0.3333333333333333\nd/dx = 0.1111111111111111\n", inExpression.out());
            Cli.Result badExponent = Cli.run("grad", digits + "e+", "--at", "x=3");
            assertEquals(2, badExponent.status());
            assertTrue(badExponent.err().length() < 400, badExponent.err().length() + " characters");
        });
    }

    @Test
    void theNoValueHintIsUnchangedForOrdinaryNames() {
        Cli.Result result = Cli.run("grad", "w_1 * 2", "--at", "x=1");
        assertEquals(2, result.status());
        assertFalse(result.err().contains("\\u"), result.err());
        assertTrue(result.err().contains("no value for \"w_1\"; give one with --at w_1=..."), result.err());
    }

    @Test
    void optionValuesAndUnknownArgumentsAreEscapedToo() {
        Cli.Result steps = Cli.run("demo", "--steps", "1\u001b[2J");
        assertEquals(2, steps.status());
        assertPrintable(steps.err());
        assertTrue(steps.err().contains("1\\u001B[2J"), steps.err());
        Cli.Result wrt = Cli.run("grad", "x", "--at", "x=1", "--order", "1", "--wrt", "y\u001b]2;t\u0007");
        assertEquals(2, wrt.status());
        assertPrintable(wrt.err());
        assertTrue(wrt.err().startsWith("jgrad: --wrt \"y\\u001B]2;t\\u0007\" is not a variable of --at (x)"),
                wrt.err());
        Cli.Result workload = Cli.run("bench", "\u001b[5m" + "w".repeat(100_000));
        assertEquals(2, workload.status());
        assertPrintable(workload.err());
        assertTrue(workload.err().length() < 300, workload.err().length() + " characters");
    }

    @Test
    void trainAndPredictEchoTargetNamesOptionsAndFileNamesEscaped(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("bad\u001b[31m.csv"), "a,b\n1,2\n3,4\n5,6\n");
        Cli.Result target = Cli.run("train", "--csv", csv.toString(), "--target", "b\u001b[2J", "--out",
                dir.toString());
        assertEquals(2, target.status(), target.err());
        assertPrintable(target.err());
        assertTrue(target.err().contains("b\\u001B[2J"), target.err());
        Cli.Result hidden = Cli.run("train", "--csv", csv.toString(), "--target", "b", "--hidden", "4,\u001b[1m",
                "--out", dir.toString());
        assertEquals(2, hidden.status(), hidden.err());
        assertPrintable(hidden.err());
        Cli.Result single = Cli.run("train", "--csv", Files.writeString(dir.resolve("one\u0007.csv"), "b\n1\n2\n")
                .toString(), "--target", "b", "--out", dir.toString());
        assertEquals(2, single.status(), single.err());
        assertPrintable(single.err());
        assertTrue(single.err().contains("one\\u0007.csv"), single.err());
        Cli.Result output = Cli.run("train", "--csv", csv.toString(), "--target", "b", "--out",
                dir.resolve("missing\u001b").resolve("deeper").toString());
        assertEquals(2, output.status(), output.err());
        assertPrintable(output.err());
    }
}
