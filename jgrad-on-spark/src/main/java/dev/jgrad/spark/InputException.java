package dev.jgrad.spark;

/** Bad input to the command (an option, the data): exit status 2, its message on standard error as it is. */
final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }

    InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
