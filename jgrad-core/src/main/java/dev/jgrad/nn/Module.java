package dev.jgrad.nn;

import dev.jgrad.Value;
import java.util.List;

/**
 * Something with trainable parameters: a neuron, a layer, a network. As micrograd's {@code Module}.
 */
public interface Module {

    /**
     * The trainable parameters (leaves), in a fixed order: the same module always lists the same nodes in the same
     * order, which is the order {@link ModelFile} and the optimizers rely on.
     *
     * @return the parameters; callers must not modify the list
     */
    List<Value> parameters();

    /** Sets the gradient of every parameter to 0, as before each training step (leaves accumulate gradients). */
    default void zeroGrad() {
        for (Value p : parameters()) {
            p.zeroGrad();
        }
    }
}
