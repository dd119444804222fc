package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The 2-D convolution layer (PyTorch's {@code nn.Conv2d}): input {@code [N, in, H, W]}, kernels {@code W} of shape
 * {@code [out, in, k, k]}, bias {@code b} of shape {@code [out]}, output {@code [N, out, oH, oW]} with
 * {@code oH = (H + 2·padding - k) / stride + 1}, likewise {@code oW}; the computation and its gradients are
 * {@link Tensor#conv2d(Tensor, Tensor, int, int)}'s.
 */
public final class Conv2d implements Module {

    private final Tensor weight;
    private final Tensor bias;
    private final int stride;
    private final int padding;
    private final List<Tensor> parameters;

    private Conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        this.weight = weight;
        this.bias = bias;
        this.stride = stride;
        this.padding = padding;
        this.parameters = List.of(weight, bias);
    }

    /**
     * A layer with stride 1 and no padding, initialised from a seed: the same arguments always give the same
     * weights. The fan-in is {@code in·k²}: He draws {@code W ~ N(0, 2 / fanIn)}, Xavier
     * {@code W ~ U(-a, a)} with {@code a = sqrt(6 / (in·k² + out·k²))} (PyTorch's {@code kaiming_normal_} and
     * {@code xavier_uniform_} on a convolution's weight); the bias starts at zero. The float32 weights are the
     * float64 ones rounded.
     *
     * @param in     the input channels, at least 1
     * @param out    the output channels, at least 1
     * @param kernel the side of the square kernel, at least 1
     * @param init   the distribution of the weights
     * @param seed   the seed of the weights' random numbers (a {@link SplittableRandom} of its own)
     * @param dtype  the dtype of the parameters
     * @return the layer, its parameters requiring gradients
     * @throws IllegalArgumentException if {@code in}, {@code out} or {@code kernel} is below 1, or
     *                                  {@code out × in × kernel²} is more than {@link Integer#MAX_VALUE}
     */
    public static Conv2d of(int in, int out, int kernel, Linear.Init init, long seed, DType dtype) {
        return of(in, out, kernel, 1, 0, init, seed, dtype);
    }

    /**
     * A layer with the given stride and padding, initialised as {@link #of(int, int, int, Linear.Init, long, DType)}.
     *
     * @param in      the input channels, at least 1
     * @param out     the output channels, at least 1
     * @param kernel  the side of the square kernel, at least 1
     * @param stride  the step between windows along both axes, at least 1
     * @param padding the zeros added on each side of both spatial axes, at least 0
     * @param init    the distribution of the weights
     * @param seed    the seed of the weights' random numbers
     * @param dtype   the dtype of the parameters
     * @return the layer, its parameters requiring gradients
     * @throws IllegalArgumentException if a size is below 1 or the padding negative, naming the values, or if
     *                                  {@code out × in × kernel²} is more than {@link Integer#MAX_VALUE}
     */
    public static Conv2d of(int in, int out, int kernel, int stride, int padding, Linear.Init init, long seed,
            DType dtype) {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(dtype, "dtype");
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: in (" + in + "), out (" + out + "), kernel (" + kernel
                    + ") and stride (" + stride + ") must be >= 1 and padding (" + padding + ") >= 0");
        }
        // in doubles, which neither overflow nor round across the limit here: as ints, out · in · kernel² wrapped
        // into a small or negative array length
        if ((double) out * in * kernel * kernel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Conv2d: out (" + out + ") × in (" + in + ") × kernel (" + kernel
                    + ")² is more than " + Integer.MAX_VALUE + " weights");
        }
        int fanIn = in * kernel * kernel;
        int fanOut = out * kernel * kernel;
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[out * fanIn];
        double std = Math.sqrt(2.0 / fanIn);
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < w.length; i++) {
            w[i] = init == Linear.Init.HE ? std * random.nextGaussian() : random.nextDouble(-bound, bound);
        }
        Tensor weight = Tensor.of(w, out, in, kernel, kernel).to(dtype).detach().requiresGrad(true);
        Tensor bias = Tensor.zeros(dtype, out).requiresGrad(true);
        return new Conv2d(weight, bias, stride, padding);
    }

    /**
     * The kernels, shape {@code [out, in, k, k]}: a leaf requiring a gradient, updated in place by optimizers.
     *
     * @return the weight
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * The bias, shape {@code [out]}: a leaf requiring a gradient, updated in place by optimizers.
     *
     * @return the bias
     */
    public Tensor bias() {
        return bias;
    }

    /**
     * The convolution of the input with the kernels, plus the bias per output channel.
     *
     * @param input a tensor of shape {@code [N, in, H, W]}
     * @throws IllegalArgumentException naming the shapes, if the input is not 4-D, has other than {@code in}
     *                                  channels, or is smaller than the kernel
     */
    @Override
    public Tensor forward(Tensor input) {
        return input.conv2d(weight, bias, stride, padding);
    }

    /** The weight, then the bias. */
    @Override
    public List<Tensor> parameters() {
        return parameters;
    }
}
