package dev.jgrad.nn;

/**
 * A model file that cannot be loaded: not a jgrad model, a future version, corrupt or truncated. The message starts
 * with the file name and says what is wrong and where: a line and column for malformed JSON
 * ({@code model.json:12:5: malformed JSON: expected ',' or ']' in an array, found '}'}), the field's path for a bad field
 * ({@code model.json: layers[1].weights[0]: 15 numbers, expected 16}). {@link #line()} and {@link #column()} are
 * those of a syntax error, from 1, and 0 when the error concerns a field or the whole file.
 */
public final class ModelFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * An error in a model file.
     *
     * @param message the full message, file name included
     * @param line    the line of a syntax error, from 1, or 0 when the error concerns a field or the whole file
     * @param column  the column of a syntax error, from 1, or 0
     */
    public ModelFileException(String message, int line, int column) {
        super(message, line, column);
    }
}
