package dev.jgrad.cli;

import dev.jgrad.nn.Csv;
import dev.jgrad.nn.CsvException;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.ModelFileException;
import dev.jgrad.nn.SavedModel;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/** Reading the files the user names, with every problem turned into an {@link InputException} (exit status 2). */
final class Inputs {

    /** What CSV files may be, for the commands' help. */
    static final String CSV_LIMITS = "UTF-8 (a byte-order mark is skipped), LF, CRLF or CR line ends, cells "
            + "quoted as RFC 4180 says allowed (\"a,b\", \"say \"\"hi\"\"\") but not a line break in one, at "
            + "most " + (Csv.MAX_FILE_BYTES >> 20) + " MiB and " + (Csv.MAX_LINE_BYTES >> 20) + " MiB per line.";

    private Inputs() {
    }

    /**
     * Reads a numeric CSV file with a header line.
     *
     * @throws InputException naming the file, line and column of a malformed cell or row, or why it cannot be read
     */
    static Csv.Table csv(Path file) {
        try {
            return Csv.read(file);
        } catch (CsvException | UncheckedIOException e) {
            throw new InputException("jgrad: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a CSV file with a header line, parsing only the cells of the named columns (the others are NaN).
     *
     * @throws InputException naming the file, line and column of a malformed cell of those columns or of a row of
     *                        the wrong length, or why it cannot be read
     */
    static Csv.Table csv(Path file, Set<String> columns) {
        try {
            return Csv.read(file, columns);
        } catch (CsvException | UncheckedIOException e) {
            throw new InputException("jgrad: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a CSV file whose label column may hold text ({@link Csv#readLabeled}); every other cell is a number.
     *
     * @throws InputException naming the file, line and column of a malformed cell or row or of an empty label, the
     *                        missing label column, or why the file cannot be read
     */
    static Csv.Labeled labeledCsv(Path file, String label) {
        try {
            return Csv.readLabeled(file, label);
        } catch (CsvException | UncheckedIOException e) {
            throw new InputException("jgrad: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model file.
     *
     * @throws InputException saying what is wrong with the file and where, or why it cannot be read
     */
    static SavedModel model(Path file) {
        try {
            return ModelFile.load(file);
        } catch (ModelFileException | UncheckedIOException e) {
            throw new InputException("jgrad: " + e.getMessage(), e);
        }
    }
}
