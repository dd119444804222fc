package dev.jgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the jgrad command in-process, or in a new JVM, and captures what it prints. */
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

    /**
     * Runs the command in a new JVM started by {@code sh}, with its standard output redirected as a user's shell
     * would ({@code ">/dev/full"}, {@code ">&-"}); what reaches standard output is not kept.
     *
     * @param javaOptions options for {@code java}, such as {@code -Xmx24m}
     * @param redirect    the shell redirection of standard output
     */
    static Result runInNewJvm(List<String> javaOptions, String redirect, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "java=$0; exec \"$java\" \"$@\" "
                + redirect, Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("jgrad " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), "", err);
    }
}
