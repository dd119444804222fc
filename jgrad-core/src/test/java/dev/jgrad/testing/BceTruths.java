package dev.jgrad.testing;

/**
 * Binary cross-entropy with logits where {@code softplus(z)} and {@code y z} nearly cancel, for the scalar and the
 * tensor losses alike. The truths are {@code ln(1 + e^z) - y z} and {@code σ(z) - y} to 60 digits (mpmath), rounded;
 * for the label 1 at {@code z} or 0 at {@code -z} the loss is {@code ln(1 + e^-|z|)}: {@code e^-40} to double
 * precision at ±40 and the smallest subnormal at 745. {@code softplus(z) - y z} gave 0 for the loss and the gradient
 * at 40 and 745, as PyTorch 1.13 does.
 */
public final class BceTruths {

    /** Rows of logit, label, loss and {@code d loss / d logit}. */
    public static final double[][] CASES = {
        {40, 1, 4.248354255291589e-18, -4.248354255291589e-18},
        {-40, 0, 4.248354255291589e-18, 4.248354255291589e-18},
        {745, 1, Double.MIN_VALUE, -Double.MIN_VALUE},
        {6.4858, 1, 0.0015237787854790795, -0.001522618424038423},
        {30, 0.999, 0.030000000000093605, 0.0009999999999064247},
        {-30, 0.001, 0.030000000000093577, -0.0009999999999064238}};

    private BceTruths() {
    }
}
