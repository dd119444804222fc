package dev.jgrad.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes output files whole or not at all: the bytes go to a temporary file in the same directory, which is then
 * moved over the target, so a crash or a full disk never leaves a half-written file under the target's name.
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
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        try {
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
