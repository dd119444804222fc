package dev.jgrad.nn;

/**
 * A file whose content cannot be read: its message names the file and says what is wrong and where, and
 * {@link #line()} and {@link #column()} give the place when the error is at one place in the text.
 */
public abstract sealed class FileFormatException extends IllegalArgumentException
        permits CsvException, ModelFileException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * An error at a place in a file.
     *
     * @param message the full message, file name and place included
     * @param line    the line, from 1, or 0 when the error is not at one line
     * @param column  the column, from 1, or 0 when the error is not at one column
     */
    FileFormatException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** The line, from 1; 0 when the error is not at one line. */
    public int line() {
        return line;
    }

    /** The column, from 1; 0 when the error is not at one column. */
    public int column() {
        return column;
    }
}
