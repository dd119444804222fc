package dev.jgrad.nn;

/**
 * A CSV file that cannot be read as numbers: the message starts with {@code file:line:column:} (or
 * {@code file:line:} for a whole-line problem) and says what is wrong with which text. {@link #line()} counts from 1
 * (the file's first line, blank or not); {@link #column()} is the cell, from 1, or 0 when the error concerns a whole
 * line or the whole file.
 */
public final class CsvException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * An error at a position.
     *
     * @param message the full message, position included
     * @param line    the line number, from 1
     * @param column  the column (cell) number, from 1, or 0 when the error concerns a whole line
     */
    public CsvException(String message, int line, int column) {
        super(message, line, column);
    }
}
