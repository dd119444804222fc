package dev.jgrad.cli;

/**
 * An output that could not be produced: a file or standard output could not be written, or Graphviz failed to draw.
 * Reported as its message and exit status 1, never as a stack trace.
 */
final class OutputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the complete report, starting with {@code "jgrad: "} */
    OutputException(String message) {
        super(message);
    }

    /** @param message the complete report; {@code cause} is kept for debugging only, never printed to the user */
    OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
