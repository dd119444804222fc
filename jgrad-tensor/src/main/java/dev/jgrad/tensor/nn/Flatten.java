package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.List;

/**
 * Each row of a batch as one vector (PyTorch's {@code nn.Flatten}): an input {@code [N, d1, d2, ...]} becomes
 * {@code [N, d1·d2·...]}, the elements of each row in row-major order, as between convolutions and a
 * {@link Linear} layer. The gradient is reshaped back.
 */
public final class Flatten implements Module {

    private Flatten() {
    }

    /**
     * The flattening module.
     *
     * @return the module
     */
    public static Flatten of() {
        return new Flatten();
    }

    /**
     * The input with all axes after the first merged into one.
     *
     * @param input a tensor with at least one axis
     * @throws IllegalArgumentException if the input is a scalar (no axis)
     */
    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException("Flatten: the input must have at least one axis, got a scalar");
        }
        int[] shape = input.shape();
        int row = 1;
        for (int axis = 1; axis < shape.length; axis++) {
            row *= shape[axis];
        }
        return input.reshape(shape[0], row);
    }

    /** None: flattening has no parameters. */
    @Override
    public List<Tensor> parameters() {
        return List.of();
    }
}
