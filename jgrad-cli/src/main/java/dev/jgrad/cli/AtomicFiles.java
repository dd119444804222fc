package dev.jgrad.cli;

import dev.jgrad.nn.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes output files whole or not at all ({@link AtomicWrite}: a temporary file in the same directory, then a move
 * over the target), so a crash or a full disk never leaves a half-written file under the target's name.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes text as UTF-8; see {@link #write(Path, byte[])}. */
    static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the bytes to {@code target}, replacing it if it exists, creating missing parent directories.
     *
     * @throws IOException if the directory cannot be written; the target is then unchanged
     */
    static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicWrite.write(target, bytes);
    }
}
