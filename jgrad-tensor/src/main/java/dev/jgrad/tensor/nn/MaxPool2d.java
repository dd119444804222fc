package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.List;

/**
 * 2-D max pooling as a {@link Module} (PyTorch's {@code nn.MaxPool2d}, no padding): the maximum of each
 * {@code kernel × kernel} window of an {@code [N, C, H, W]} input, windows {@code stride} apart; the gradient goes to
 * the element chosen ({@link Tensor#maxPool2d}).
 */
public final class MaxPool2d implements Module {

    private final int kernel;
    private final int stride;

    private MaxPool2d(int kernel, int stride) {
        this.kernel = kernel;
        this.stride = stride;
    }

    /**
     * Pooling over non-overlapping windows: the stride equals the kernel, as PyTorch's default.
     *
     * @param kernel the window's side, at least 1
     * @return the pooling
     * @throws IllegalArgumentException if the kernel is below 1
     */
    public static MaxPool2d of(int kernel) {
        return of(kernel, kernel);
    }

    /**
     * Pooling with its own stride.
     *
     * @param kernel the window's side, at least 1
     * @param stride the step between windows, at least 1
     * @return the pooling
     * @throws IllegalArgumentException if the kernel or the stride is below 1
     */
    public static MaxPool2d of(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: kernel (" + kernel + ") and stride (" + stride
                    + ") must be >= 1");
        }
        return new MaxPool2d(kernel, stride);
    }

    /**
     * The window maxima, {@code [N, C, (H - kernel) / stride + 1, (W - kernel) / stride + 1]}.
     *
     * @param input a tensor of shape {@code [N, C, H, W]}
     * @throws IllegalArgumentException naming the shape, if the input is not 4-D or smaller than the window
     */
    @Override
    public Tensor forward(Tensor input) {
        return input.maxPool2d(kernel, stride);
    }

    /** None: pooling has no parameters. */
    @Override
    public List<Tensor> parameters() {
        return List.of();
    }
}
