package dev.jgrad.examples;

/** Checks of the examples' market and contract inputs, each failing with the input's name and value. */
final class Inputs {

    private Inputs() {
    }

    /**
     * @param name  the input's name, for the message
     * @param value a value that must be finite and {@code > 0}
     * @return {@code value}
     * @throws IllegalArgumentException otherwise
     */
    static double positive(String name, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
        return value;
    }

    /**
     * @param name  the input's name, for the message
     * @param value a value that must be finite and {@code >= 0}
     * @return {@code value}
     * @throws IllegalArgumentException otherwise
     */
    static double nonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be non-negative and finite, got " + value);
        }
        return value;
    }

    /**
     * @param name  the input's name, for the message
     * @param value a value that must be finite
     * @return {@code value}
     * @throws IllegalArgumentException otherwise
     */
    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        return value;
    }

    /**
     * @param name  the count's name, for the message
     * @param value a count that must be {@code >= 1}
     * @return {@code value}
     * @throws IllegalArgumentException otherwise
     */
    static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    /**
     * @param name     the array's name, for the message
     * @param array    an array that must have {@code expected} entries
     * @param expected the length it must have
     * @throws IllegalArgumentException otherwise
     */
    static void length(String name, double[] array, int expected) {
        if (array.length != expected) {
            throw new IllegalArgumentException(name + " must have " + expected + " entries, got " + array.length);
        }
    }
}
