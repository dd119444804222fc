package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.List;

/**
 * A differentiable function of a tensor with trainable parameters (a layer, an activation, a whole network), as
 * PyTorch's {@code nn.Module}: {@link #forward} records a graph from the input to the output through the
 * parameters, so that {@code loss.backward()} fills the parameters' gradients.
 */
public interface Module {

    /**
     * The output for an input; recorded when the parameters or the input require a gradient.
     *
     * @param input a batch, rows along axis 0 (the shape each module expects is in its own documentation)
     * @return the output
     */
    Tensor forward(Tensor input);

    /**
     * The trainable parameters (leaves that require a gradient), in a fixed order: the same module lists the same
     * tensors in the same order every time, which optimizers rely on.
     *
     * @return the parameters, possibly none; an unmodifiable list
     */
    List<Tensor> parameters();

    /**
     * Switches between training mode (the default) and evaluation mode, for modules that behave differently in the
     * two, such as {@link Dropout}; containers pass it on. Does nothing for the others.
     *
     * @param training {@code true} for training mode, {@code false} for evaluation mode
     */
    default void train(boolean training) {
    }

    /** Forgets the accumulated gradient of every parameter, as before each training step. */
    default void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }
}
