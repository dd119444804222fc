package dev.jgrad.cli;

import dev.jgrad.internal.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The output paths of every command, checked before the work starts and written whole or not at all
 * ({@link AtomicWrite}: a temporary file in the same directory, forced to the storage device, then a move over the
 * target), so a crash, a power loss or a full disk never leaves a half-written file under the target's name.
 *
 * <p>The rule, as careful Unix tools follow it: a symbolic link is written through, to the file it points to; only a
 * regular file is replaced, never a directory, FIFO, device or socket; a file's directory must exist; a directory
 * option ({@code --out DIR}) is created if missing, but its parent must exist; and {@code -o -} means standard
 * output.
 */
final class AtomicFiles {

    /** The file name that stands for standard output in {@code -o}. */
    static final String STANDARD_OUTPUT = "-";

    private AtomicFiles() {
    }

    /** Whether an {@code -o} path means standard output ({@code -o -}). */
    static boolean isStandardOutput(Path path) {
        return path.toString().equals(STANDARD_OUTPUT);
    }

    /**
     * Checks, before any long work, that a file can be written at {@code target}.
     *
     * @param option the option that named it, such as {@code "-o"}, for the message
     * @throws InputException if the path is a directory or a special file, or its directory is missing, not a
     *                        directory or not writable
     */
    static void checkFile(String option, Path target) {
        Path file;
        try {
            file = AtomicWrite.destination(target);
        } catch (IOException e) {
            throw new InputException("jgrad: " + option + " " + Echo.line(e.getMessage()), e);
        }
        String refusal = AtomicWrite.refusal(file);
        if (refusal != null) {
            throw new InputException("jgrad: " + option + " " + Echo.line(target.toString()) + ": " + refusal
                    + (refusal.equals("is a directory") ? "; give a file name" : ""));
        }
        checkDirectory(option, target, file.getParent());
    }

    /**
     * Checks, before any work, that an output is not a file the command also reads or writes, which writing it would
     * destroy: {@code jgrad predict --csv rows.csv -o rows.csv} would replace the rows by their predictions, and
     * {@code jgrad train --save loss.png} the saved model by the loss picture. Links are followed, and hard links
     * to one file are one file.
     *
     * @param option the option that named the output, such as {@code "-o"}, for the message
     * @param target the output
     * @param other  the other file
     * @param what   the other file, for the message, such as {@code "the --csv file"}
     * @throws InputException if the two are one file
     */
    static void checkNotSameFile(String option, Path target, Path other, String what) {
        if (AtomicWrite.sameFile(target, other)) {
            throw new InputException("jgrad: " + option + " " + Echo.line(target.toString()) + " is " + what
                    + "; give another name");
        }
    }

    /**
     * Checks, before any long work, that {@code dir} is a writable directory or can be created as one, and that the
     * named files in it can be written.
     *
     * @param option the option that named it, such as {@code "--out"}, for the message
     * @param files  the names of the files the command writes into it
     * @throws InputException if it is not a directory, or is missing and its parent is missing or not writable, or
     *                        one of the files cannot be written
     */
    static void checkOutputDirectory(String option, Path dir, String... files) {
        Path absolute = dir.toAbsolutePath();
        if (Files.exists(absolute)) {
            checkDirectory(option, dir, absolute);
            for (String name : files) {
                checkFile(option, dir.resolve(name));
            }
        } else {
            checkDirectory(option, dir, absolute.getParent());
        }
    }

    /** Checks that {@code directory}, where {@code target} goes, exists as a writable directory. */
    private static void checkDirectory(String option, Path target, Path directory) {
        String problem = null;
        String shown = Echo.line(directory.toString());
        if (!Files.exists(directory)) {
            problem = "the directory " + shown + " does not exist";
        } else if (!Files.isDirectory(directory)) {
            problem = shown + " is not a directory";
        } else if (!Files.isWritable(directory) || !canCreateFileIn(directory)) {
            problem = "the directory " + shown + " is not writable";
        }
        if (problem != null) {
            throw new InputException("jgrad: " + option + " " + Echo.line(target.toString()) + ": " + problem);
        }
    }

    /**
     * Whether a file can be created in {@code directory}, by creating and deleting one: {@link Files#isWritable} asks
     * the permissions, which grant a superuser everything, even where nothing can be created (such as /proc).
     */
    private static boolean canCreateFileIn(Path directory) {
        try {
            Files.delete(Files.createTempFile(directory, ".jgrad-", ".probe"));
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Writes text as UTF-8; see {@link #write(Path, byte[])}. */
    static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the bytes to {@code target}, replacing it if it is a regular file and writing through it if it is a
     * symbolic link, creating its directory if missing (for the files of {@code --out DIR}).
     *
     * @throws OutputException if the file cannot be written, naming {@code target}; the target is then unchanged
     */
    static void write(Path target, byte[] bytes) {
        try {
            Files.createDirectories(AtomicWrite.destination(target).getParent());
            AtomicWrite.write(target, bytes);
        } catch (IOException e) {
            throw new OutputException("jgrad: cannot write " + Echo.line(target.toString()) + ": " + reason(e), e);
        }
    }

    /** What went wrong, in words, naming the path involved when it is not the target itself. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is not a directory";
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + " does not exist";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
