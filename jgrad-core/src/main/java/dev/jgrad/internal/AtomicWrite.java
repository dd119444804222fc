package dev.jgrad.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files whole or not at all, as {@link dev.jgrad.nn.ModelFile#save} and the {@code jgrad} command do: the
 * bytes go to a temporary file in the directory of the file being replaced, which is forced to the storage device
 * ({@link FileChannel#force}, an fsync) and only then moved over the target; after the move the directory is forced
 * too, so that the new name is on the device when {@link #write} returns. A crash of the JVM or of the operating
 * system, a power loss or a full disk therefore leaves either the old file or the new one under its name, never half
 * of one or an empty one.
 *
 * <p>Forcing the directory is done where the platform allows it: Linux and macOS can open and force a directory,
 * Windows cannot open one, and some file systems refuse to force one. Such a failure is ignored: the file's content
 * is already on the device and in place, and only the rename may not have reached the device yet, so a power loss
 * right after the write may bring back the old file, whole. On a file system
 * without atomic moves the file is moved over the target by an ordinary replacing move.
 *
 * <p>A symbolic link is written through: the file it points to (at the end of a chain of links) is replaced, in its
 * own directory, and the link stays a link. Only regular files are replaced: a directory, FIFO, device or socket at
 * the path is refused, so writing to {@code /dev/null} never replaces the device node.
 */
public final class AtomicWrite {

    /** Numbers temporary files, so concurrent writes from one process never collide. */
    private static final AtomicLong TEMP_FILES = new AtomicLong();

    /**
     * At most this many characters of the target's name go into the temporary file's name: 64 UTF-16 characters
     * are at most 192 UTF-8 bytes, which with the process id and counter stays under the usual 255-byte limit.
     */
    private static final int NAME_PREFIX = 64;

    /** More links than this in a chain is a loop (Linux's own limit is 40). */
    private static final int MAX_LINKS = 40;

    private AtomicWrite() {
    }

    /**
     * Writes the bytes to {@code target}, replacing it if it is a regular file, or writing through it to the file
     * it points to if it is a symbolic link. The file gets the usual permissions of a new file, not the owner-only
     * ones of {@link Files#createTempFile}. Returns once the content is on the storage device, and its name too
     * where the platform can force a directory.
     *
     * @param target the file; its directory must exist
     * @param bytes  the whole content
     * @throws IOException if the file cannot be written or forced to the device, or the path is a directory or a
     *                     special file; the message names {@code target}, never the temporary file; the target is
     *                     then as it was and no temporary file is left (unless it cannot be deleted either)
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(bytes, "bytes");
        Path file = destination(target);
        String refusal = refusal(file);
        if (refusal != null) {
            throw new FileSystemException(target.toString(), null, refusal);
        }
        Path temp = file.resolveSibling(temporaryName(file.getFileName().toString()));
        boolean moved = false;
        try {
            writeToDevice(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            FileSystemException named = new FileSystemException(target.toString(), null, reason(e));
            named.initCause(e);
            throw named;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed and is being reported; a leftover temporary file is the lesser harm.
                }
            }
        }
        forceDirectory(file.getParent());
    }

    /** Writes the bytes to a new file and forces them, with the file's size, to the storage device. */
    private static void writeToDevice(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer rest = ByteBuffer.wrap(bytes);
            while (rest.hasRemaining()) {
                channel.write(rest);
            }
            channel.force(true);
        }
    }

    /**
     * Forces a directory's entries (the name a move just gave a file) to the storage device, where the platform can:
     * opening a directory fails on Windows, and forcing one fails on some file systems.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // The file is whole and in place; at worst a power loss now brings back the old file, also whole.
        }
    }

    /**
     * The file a {@link #write} to {@code target} replaces: the absolute {@code target} itself, or, if it is a
     * symbolic link, the end of its chain of links (which need not exist yet).
     *
     * @param target the path written to
     * @return the absolute path of the file that is replaced or created
     * @throws FileSystemException if the links form a loop or cannot be read
     */
    public static Path destination(Path target) throws IOException {
        Path file = target.toAbsolutePath();
        for (int links = 0; Files.isSymbolicLink(file); links++) {
            if (links == MAX_LINKS) {
                throw new FileSystemException(target.toString(), null, "too many levels of symbolic links");
            }
            file = file.resolveSibling(Files.readSymbolicLink(file));
        }
        return file;
    }

    /**
     * Whether a {@link #write} to {@code target} would replace {@code other}: their {@link #destination}s are one
     * path, or both exist and are one file (links followed, hard links to one file compared equal).
     *
     * @param target the path written to
     * @param other  another path, such as a file the same command reads
     * @return whether they are one file; false where either cannot be resolved (a loop of links)
     */
    public static boolean sameFile(Path target, Path other) {
        try {
            Path x = destination(target).normalize();
            Path y = destination(other).normalize();
            return x.equals(y) || Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Why a write may not replace {@code file}, or null if it may: only a regular file or nothing is replaced.
     *
     * @param file a path as returned by {@link #destination}
     * @return {@code "is a directory"}, a sentence naming a special file, or null
     */
    public static String refusal(Path file) {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return "is a directory";
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "is a special file (a device, FIFO or socket), not a regular file; only regular files are replaced";
        }
        return null;
    }

    /** A hidden name in the same directory, short enough for any file system whatever the target's name. */
    private static String temporaryName(String name) {
        int keep = Math.min(name.length(), NAME_PREFIX);
        if (keep > 0 && Character.isHighSurrogate(name.charAt(keep - 1))) {
            keep--;
        }
        return "." + name.substring(0, keep) + "." + ProcessHandle.current().pid() + "."
                + TEMP_FILES.incrementAndGet() + ".tmp";
    }

    /** What went wrong, without the temporary file's name that the exception's own message carries. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
