package dev.jgrad.spark;

/**
 * A row that cannot be used as numbers: a missing value, a value that is not a finite number (or, in text, not a
 * number as {@link dev.jgrad.nn.Csv#parseCell} reads one), or a CSV line with the wrong number of fields. The message says where the row came from (file and row, or partition and row) and what
 * was wrong, with which column.
 */
public final class BadRowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A bad row.
     *
     * @param message where the row came from and what was wrong
     */
    public BadRowException(String message) {
        super(message);
    }
}
