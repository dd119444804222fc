package dev.jgrad.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Runs Graphviz's {@code dot} program to turn DOT text into an SVG or PNG picture. */
final class Graphviz {

    /** What to tell a person whose machine has no {@code dot}. */
    static final String INSTALL_HINT = "install Graphviz (Debian/Ubuntu: apt-get install graphviz; "
            + "Fedora: dnf install graphviz; macOS: brew install graphviz; Windows: winget install graphviz)";

    private Graphviz() {
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
     * Renders DOT text with {@code dot -T<format>}.
     *
     * @param dot    the executable
     * @param format {@code "svg"} or {@code "png"}
     * @param text   the DOT text
     * @return the picture's bytes
     * @throws IOException if {@code dot} cannot run or fails; the message includes what it printed
     */
    static byte[] render(Path dot, String format, String text) throws IOException {
        Path errors = Files.createTempFile("jgrad-dot", ".err");
        try {
            Process process = new ProcessBuilder(dot.toString(), "-T" + format)
                    .redirectError(errors.toFile())
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            byte[] picture;
            try (InputStream out = process.getInputStream()) {
                picture = out.readAllBytes();
            }
            int status = waitFor(process, dot);
            if (status != 0) {
                throw new IOException(dot + " -T" + format + " failed with status " + status + ": "
                        + Files.readString(errors).strip());
            }
            return picture;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static int waitFor(Process process, Path dot) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + dot, e);
        }
    }
}
