package dev.jgrad.cli;

import dev.jgrad.internal.Plural;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs Graphviz's {@code dot} program to turn DOT text into an SVG or PNG picture. */
final class Graphviz {

    /** What to tell a person whose machine has no {@code dot}. */
    static final String INSTALL_HINT = "install Graphviz (Debian/Ubuntu: apt-get install graphviz; "
            + "Fedora: dnf install graphviz; macOS: brew install graphviz; Windows: winget install graphviz)";

    /**
     * Graphs with more values than this can take Graphviz many seconds to lay out (a sum of 250 products, about
     * 750 values, took dot 8.6 s of CPU here): a warning is printed first.
     */
    static final int LARGE_GRAPH = 500;

    /** How long to wait for the pipes to close once {@code dot} has exited. */
    private static final Duration PIPE_GRACE = Duration.ofSeconds(5);

    private Graphviz() {
    }

    /**
     * The {@code dot} to run: the one named by the system property {@code jgrad.dot} if it is set, else the first on
     * {@code PATH}.
     */
    static Optional<Path> locate() {
        String named = System.getProperty("jgrad.dot");
        return named != null ? Optional.of(Path.of(named)) : find(System.getenv("PATH"));
    }

    /**
     * Finds the {@code dot} executable on a search path.
     *
     * @param searchPath directories separated by {@link File#pathSeparator}, as in the {@code PATH} variable; may be null
     * @return the executable, or empty if no directory has one
     */
    static Optional<Path> find(String searchPath) {
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            for (String name : new String[] {"dot", "dot.exe"}) {
                Path candidate = Path.of(directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Renders DOT text with {@code dot -T<format>}. The text goes to {@code dot} and its picture and messages come
     * back through pipes, read by background threads, so no temporary file is ever left behind and a {@code dot}
     * that stops reading cannot block this one.
     *
     * @param dot     the executable
     * @param format  {@code "svg"} or {@code "png"}
     * @param text    the DOT text
     * @param timeout how long {@code dot} may take; it is killed after that (any length: one beyond the most
     *                nanoseconds a {@code long} holds, some 292 years, is taken as that many)
     * @return the picture's bytes, never empty
     * @throws OutputException if {@code dot} cannot run, fails (the message includes what it printed), takes
     *                         longer than {@code timeout}, stops reading its input or writes nothing
     */
    static byte[] render(Path dot, String format, String text, Duration timeout) {
        String command = dot + " -T" + format;
        Process process;
        try {
            process = new ProcessBuilder(dot.toString(), "-T" + format).start();
        } catch (IOException e) {
            throw new OutputException("jgrad: cannot run " + command + ": " + e.getMessage(), e);
        }
        try {
            Future<IOException> input = inBackground(() -> feed(process, text));
            Future<byte[]> picture = inBackground(() -> process.getInputStream().readAllBytes());
            Future<byte[]> messages = inBackground(() -> process.getErrorStream().readAllBytes());
            // TimeUnit.convert saturates where Duration.toMillis overflows (--timeout 99999999999999999)
            if (!process.waitFor(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS)) {
                throw new OutputException("jgrad: " + command + " did not finish within "
                        + Plural.of(timeout.toSeconds(), "second") + " and was stopped; the graph may be too large to draw (raise --timeout, or write "
                        + "DOT text with -o FILE.dot)");
            }
            String said = new String(result(messages, command), StandardCharsets.UTF_8).strip();
            String saying = said.isEmpty() ? "" : ": " + said;
            if (process.exitValue() != 0) {
                throw new OutputException("jgrad: " + command + " failed with exit status " + process.exitValue()
                        + (said.isEmpty() ? " and printed no message" : saying));
            }
            IOException unread = result(input, command);
            if (unread != null) {
                throw new OutputException("jgrad: " + command + " stopped reading the graph before its end ("
                        + unread.getMessage() + ")" + saying, unread);
            }
            byte[] bytes = result(picture, command);
            if (bytes.length == 0) {
                throw new OutputException("jgrad: " + command + " exited with status 0 but wrote no picture" + saying);
            }
            return bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutputException("jgrad: interrupted while waiting for " + command, e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Writes the DOT text to {@code dot}'s input; returns the failure (such as a broken pipe) instead of throwing. */
    private static IOException feed(Process process, String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Runs a task on a daemon thread, which never keeps the JVM alive if {@code dot} leaves a pipe open. */
    private static <T> Future<T> inBackground(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(future, "jgrad-dot-io");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    /**
     * The result of a pipe's thread once {@code dot} has exited; a pipe still open after a short grace period
     * (a program {@code dot} started keeps it) counts as a failure.
     */
    private static <T> T result(Future<T> future, String command) throws InterruptedException {
        try {
            return future.get(PIPE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new OutputException("jgrad: cannot read what " + command + " wrote: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new OutputException("jgrad: " + command + " exited but left its output open", e);
        }
    }
}
