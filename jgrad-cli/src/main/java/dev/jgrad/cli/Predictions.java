package dev.jgrad.cli;

/** How predictions and their header are written in output CSV files. */
final class Predictions {

    private Predictions() {
    }

    /**
     * A predicted class label or value: whole numbers without a fraction ({@code 2}, not {@code 2.0}), so class
     * labels read as they were written in the training file; other values with {@link Double#toString}, which reads
     * back to the same double.
     */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /**
     * A field of a CSV line as RFC 4180 writes it: as it is, or, if it holds a comma, a double quote, a carriage
     * return or a line feed, between double quotes with each double quote doubled ({@code a"b,c} is
     * {@code "a""b,c"}).
     */
    static String csvField(String text) {
        if (text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
