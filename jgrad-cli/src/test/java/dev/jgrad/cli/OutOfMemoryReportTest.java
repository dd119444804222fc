package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

/** An {@link OutOfMemoryError} during a command is one line on standard error and exit status 1, not a stack trace. */
class OutOfMemoryReportTest {

    /** A writer that runs out of memory as soon as the command prints its result. */
    private static final class Exhausted extends Writer {
        @Override
        public void write(char[] buffer, int offset, int length) {
            throw new OutOfMemoryError("Java heap space");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void outOfMemoryIsOneLineAndExitOne() {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new Exhausted()), new PrintWriter(err), "grad", "x", "--at", "x=1");
        assertEquals(Main.FAILURE, status);
        String report = err.toString().replace(System.lineSeparator(), "\n");
        assertTrue(report.startsWith("jgrad: out of memory (the Java heap's limit is "), report);
        assertEquals(1, report.lines().count(), report);
    }
}
