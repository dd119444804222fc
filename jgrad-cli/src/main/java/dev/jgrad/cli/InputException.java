package dev.jgrad.cli;

/**
 * A mistake in what the user typed or gave (an expression, an option value, a CSV file): reported as a message and
 * exit status 2, never as a stack trace.
 */
final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the complete report, possibly several lines (for example a caret line under the input) */
    InputException(String message) {
        super(message);
    }

    /** @param message the complete report; {@code cause} is kept for debugging only, never printed to the user */
    InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An error at a column of a one-line input, reported as micrograd users expect from a calculator: the message,
     * then the input, then a caret under the column.
     *
     * <pre>
     * jgrad: error at column 5 of the expression: unknown function "foo"
     *   2 * foo(x)
     *       ^
     * </pre>
     *
     * <p>The input is shown through {@link Echo#window}: at most about 80 characters around the column, invisible
     * characters escaped, so that a long or hostile input gives a short and harmless report.
     *
     * @param what   the input's name, such as {@code "the expression"} or {@code "--at"}
     * @param input  the input text, shown on the second line
     * @param column the 1-based column; {@code input.length() + 1} points just past the end
     * @param reason what was wrong, with any user text in it already passed through {@link Echo}
     * @return the exception to throw
     */
    static InputException at(String what, String input, int column, String reason) {
        return new InputException("jgrad: error at column " + column + " of " + what + ": " + reason + "\n"
                + "  " + Echo.window(input, column - 1).replace("\n", "\n  "));
    }
}
