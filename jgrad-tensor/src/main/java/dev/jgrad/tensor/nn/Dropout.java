package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inverted dropout, PyTorch's {@code nn.Dropout}: in training mode each element is kept with probability
 * {@code 1 - p} and scaled by {@code 1 / (1 - p)}, else set to 0, so the expected output is the input; in evaluation
 * mode the input passes unchanged. The output is {@code input · mask}, so the gradient is the same mask
 * ({@code 1 / (1 - p)} where kept, 0 where dropped). Masks are drawn from a random generator seeded at construction:
 * the same seed and the same sequence of calls give the same masks.
 */
public final class Dropout implements Module {

    private final double p;
    private final SplittableRandom random;
    private boolean training = true;

    private Dropout(double p, long seed) {
        this.p = p;
        this.random = new SplittableRandom(seed);
    }

    /**
     * A dropout layer, in training mode.
     *
     * @param p    the probability of dropping an element, in {@code [0, 1]} (1 drops everything)
     * @param seed the seed of the masks
     * @return the layer
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]} or NaN
     */
    public static Dropout of(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p (" + p + ") must be in [0, 1]");
        }
        return new Dropout(p, seed);
    }

    /**
     * In training mode the input times a fresh random mask of its shape and dtype; in evaluation mode (or for
     * {@code p = 0}) the input itself.
     */
    @Override
    public Tensor forward(Tensor input) {
        if (!training || p == 0) {
            return input;
        }
        double[] mask = new double[input.numel()];
        double scale = p == 1 ? 0 : 1 / (1 - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < p ? 0 : scale;
        }
        return input.mul(Tensor.of(mask, input.shape()).to(input.dtype()));
    }

    /** None: dropout has no parameters. */
    @Override
    public List<Tensor> parameters() {
        return List.of();
    }

    /** Training mode drops elements; evaluation mode does not. */
    @Override
    public void train(boolean training) {
        this.training = training;
    }

    /**
     * Whether this layer is in training mode.
     *
     * @return true in training mode
     */
    public boolean isTraining() {
        return training;
    }
}
