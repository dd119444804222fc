package dev.jgrad.nn;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files whole or not at all, as {@link ModelFile#save} does: the bytes go to a temporary file in the target's
 * directory, which is then moved over the target, so a crash or a full disk leaves either the old file or the new
 * one under the target's name, never half of one.
 */
public final class AtomicWrite {

    /** Numbers temporary files, so concurrent writes from one process never collide. */
    private static final AtomicLong TEMP_FILES = new AtomicLong();

    private AtomicWrite() {
    }

    /**
     * Writes the bytes to {@code target}, replacing it if it exists. The file gets the usual permissions of a new
     * file, not the owner-only ones of {@link Files#createTempFile}.
     *
     * @param target the file; its directory must exist
     * @param bytes  the whole content
     * @throws IOException if the file cannot be written; the target is then as it was and no temporary file is left
     *                     (unless it cannot be deleted either)
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(bytes, "bytes");
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
                + TEMP_FILES.incrementAndGet() + ".tmp");
        boolean moved = false;
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed and is being reported; a leftover temporary file is the lesser harm.
                }
            }
        }
    }
}
