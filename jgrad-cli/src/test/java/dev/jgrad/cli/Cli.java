package dev.jgrad.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the jgrad command in-process and captures what it prints. */
final class Cli {

    /** The exit status and the two output streams of one run. */
    record Result(int status, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }
}
