package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The affine layer {@code y = x · W + b}: input {@code [N, in]}, weight {@code W} of shape {@code [in, out]}, bias
 * {@code b} of shape {@code [out]} broadcast over the rows, output {@code [N, out]}. (PyTorch stores the weight as
 * {@code [out, in]} and computes {@code x · Wᵀ}: same function, transposed storage.) Gradients:
 * {@code dL/dW = xᵀ · dL/dy}, {@code dL/db = Σ_rows dL/dy}.
 */
public final class Linear implements Module {

    /** How a new layer's weights are drawn; the bias always starts at zero. */
    public enum Init {
        /**
         * He (Kaiming) normal, for ReLU networks: {@code W ~ N(0, 2 / in)}, PyTorch's
         * {@code kaiming_normal_(nonlinearity='relu')}.
         */
        HE,
        /**
         * Xavier (Glorot) uniform, for tanh and sigmoid networks: {@code W ~ U(-a, a)} with
         * {@code a = sqrt(6 / (in + out))}, PyTorch's {@code xavier_uniform_}.
         */
        XAVIER
    }

    private final Tensor weight;
    private final Tensor bias;
    private final List<Tensor> parameters;

    private Linear(Tensor weight, Tensor bias) {
        this.weight = weight;
        this.bias = bias;
        this.parameters = List.of(weight, bias);
    }

    /**
     * A float64 layer initialised from a seed: the same arguments always give the same weights.
     *
     * @param in   the number of input features, at least 1
     * @param out  the number of output features, at least 1
     * @param init the distribution of the weights
     * @param seed the seed of the weights' random numbers (a {@link SplittableRandom} of its own; no global state)
     * @return the layer, its parameters requiring gradients
     * @throws IllegalArgumentException if {@code in} or {@code out} is below 1, or {@code in × out} is more than
     *                                  {@link Integer#MAX_VALUE}
     */
    public static Linear of(int in, int out, Init init, long seed) {
        return of(in, out, init, seed, DType.FLOAT64);
    }

    /**
     * A layer of the given dtype initialised from a seed; the float32 weights are the float64 ones rounded.
     *
     * @param in    the number of input features, at least 1
     * @param out   the number of output features, at least 1
     * @param init  the distribution of the weights
     * @param seed  the seed of the weights' random numbers
     * @param dtype the dtype of the parameters
     * @return the layer, its parameters requiring gradients
     * @throws IllegalArgumentException if {@code in} or {@code out} is below 1, or {@code in × out} is more than
     *                                  {@link Integer#MAX_VALUE}
     */
    public static Linear of(int in, int out, Init init, long seed, DType dtype) {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(dtype, "dtype");
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: in (" + in + ") and out (" + out + ") must be >= 1");
        }
        if ((long) in * out > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Linear: in (" + in + ") × out (" + out + ") is " + (long) in * out
                    + " weights, more than " + Integer.MAX_VALUE);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[in * out];
        double std = Math.sqrt(2.0 / in);
        double bound = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < w.length; i++) {
            w[i] = init == Init.HE ? std * random.nextGaussian() : random.nextDouble(-bound, bound);
        }
        Tensor weight = Tensor.of(w, in, out).to(dtype).detach().requiresGrad(true);
        Tensor bias = Tensor.zeros(dtype, out).requiresGrad(true);
        return new Linear(weight, bias);
    }

    /**
     * A layer with the given weight and bias (copied into new leaves, which require gradients).
     *
     * @param weight a tensor of shape {@code [in, out]}
     * @param bias   a tensor of shape {@code [out]}, of the weight's dtype
     * @return the layer
     * @throws IllegalArgumentException if the shapes or dtypes do not fit together
     */
    public static Linear of(Tensor weight, Tensor bias) {
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(bias, "bias");
        if (weight.dim() != 2 || bias.dim() != 1 || bias.size(0) != weight.size(1)
                || weight.dtype() != bias.dtype()) {
            throw new IllegalArgumentException("Linear: weight " + weight + " and bias " + bias
                    + " do not fit; expected a weight [in, out] and a bias [out] of the same dtype");
        }
        return new Linear(copy(weight), copy(bias));
    }

    private static Tensor copy(Tensor t) {
        return t.detach().contiguous().add(0).detach().requiresGrad(true);
    }

    /**
     * The weight, shape {@code [in, out]}: a leaf requiring a gradient, updated in place by optimizers.
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
     * {@code input · W + b}.
     *
     * @param input a tensor of shape {@code [N, in]} (or {@code [in]} for one row)
     * @throws IllegalArgumentException if the input's last axis is not {@code in} long
     */
    @Override
    public Tensor forward(Tensor input) {
        return input.matmul(weight).add(bias);
    }

    /** The weight, then the bias. */
    @Override
    public List<Tensor> parameters() {
        return parameters;
    }
}
