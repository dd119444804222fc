package dev.jgrad.tensor;

/**
 * A scope in which tensor operations record no graph, for evaluation and for updating parameters: results require
 * no gradient even when their operands do. Scopes nest and belong to the thread that opened them.
 *
 * <pre>{@code
 * try (NoGrad scope = Tensor.noGrad()) {
 *     Tensor prediction = model(x);       // no graph is kept
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    NoGrad() {
        previous = Autograd.setEnabled(false);
    }

    /** Restores the setting from before this scope was opened. */
    @Override
    public void close() {
        Autograd.setEnabled(previous);
    }
}
