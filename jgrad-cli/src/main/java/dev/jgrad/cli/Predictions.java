package dev.jgrad.cli;

/** How predictions are written in output CSV files. */
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
}
