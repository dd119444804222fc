package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Loss functions, each the mean over all elements (PyTorch's {@code reduction='mean'}), composed of tensor
 * operations so their gradients come from the rule table and nothing is differentiated by hand here.
 */
public final class Losses {

    private Losses() {
    }

    /**
     * The mean squared error {@code mean((prediction - target)²)}; gradient {@code 2 (prediction - target) / n}.
     *
     * @param prediction the predictions
     * @param target     the targets, of the same shape
     * @return the loss, a scalar
     * @throws IllegalArgumentException if the shapes differ (no broadcasting, which would silently average the
     *                                  wrong pairs)
     */
    public static Tensor mse(Tensor prediction, Tensor target) {
        checkSameShape("mse", prediction, "prediction", target, "target");
        Tensor diff = prediction.sub(target);
        return diff.mul(diff).mean();
    }

    /**
     * Binary cross-entropy of logits {@code x} against targets {@code y} in {@code [0, 1]}, PyTorch's
     * {@code binary_cross_entropy_with_logits}: {@code mean(ln(1 + e^x) - x y)}, the cross-entropy of
     * {@code sigmoid(x)} without computing it; gradient {@code (sigmoid(x) - y) / n}. With {@code x⁺ = max(x, 0)}
     * and {@code x⁻ = min(x, 0)} each element is computed as {@code (1 - y) x⁺ - y x⁻ + ln(1 + e^(x⁻ - x⁺))}, three
     * terms none of which is negative (the last is {@code ln(1 + e^-|x|)}), so nothing cancels: the loss keeps its
     * relative accuracy where it is tiny ({@code e^-40} at {@code x = 40, y = 1} in float64, where
     * {@code ln(1 + e^x) - x y} gives 0), and every finite {@code x} gives a finite loss. Its gradient,
     * {@code 1 - y - sigmoid(-x)} for {@code x > 0} and {@code sigmoid(x) - y} for {@code x ≤ 0}, is as accurate,
     * and {@code 0.5 - y} at {@code x = 0} ({@code x⁻} takes the logit there). {@code x⁺} and {@code x⁻} are selected
     * with {@link Tensor#where}, each 0 where the other holds the logit, so no {@code ∞ - ∞} or {@code 0·∞} arises at
     * an infinite logit. As PyTorch 1.13's: at +Infinity the loss is {@code (1 - y)·∞}, +Infinity for {@code y < 1}
     * and NaN for {@code y = 1}, with gradient {@code (1 - y) / n}; at -Infinity the gradient is {@code -y / n}; the
     * gradient with respect to the targets is {@code -x / n}; a NaN logit gives a NaN loss and gradients. Unlike
     * PyTorch's, whose loss is NaN at -Infinity for every target, the loss at -Infinity is its mirror image,
     * +Infinity for {@code y > 0} and NaN ({@code 0·∞}) for {@code y = 0}.
     *
     * @param logits  the logits
     * @param targets the targets in [0, 1], of the same shape
     * @return the loss, a scalar
     * @throws IllegalArgumentException if the shapes differ
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        checkSameShape("bceWithLogits", logits, "logits", targets, "targets");
        Tensor zero = Tensor.scalar(0, logits.dtype());
        Tensor positivePart = Tensor.where(logits, logits, zero);
        // x⁻ takes x at 0 too, so that the gradient at 0 is the true sigmoid(0) - y, not a one-sided subgradient.
        Tensor negativePart = Tensor.where(logits, zero, logits);
        Tensor log1pExp = negativePart.sub(positivePart).exp().log1p();
        return positivePart.mul(targets.neg().add(1)).sub(negativePart.mul(targets)).add(log1pExp).mean();
    }

    /**
     * The mean cross-entropy of logits {@code [N, C]} against integer class labels,
     * {@code -mean_i logSoftmax(logits)[i, labels[i]]} ({@link Tensor#crossEntropy}); gradient
     * {@code (softmax(logits) - onehot(labels)) / N}.
     *
     * @param logits the logits, {@code [N, C]}
     * @param labels the class of each row, from 0 to {@code C - 1}
     * @return the loss, a scalar
     * @throws IllegalArgumentException  if the logits are not {@code [N, C]} with {@code N} labels
     * @throws IndexOutOfBoundsException naming the first label out of range
     */
    public static Tensor crossEntropy(Tensor logits, int... labels) {
        Objects.requireNonNull(logits, "logits");
        return logits.crossEntropy(labels);
    }

    private static void checkSameShape(String op, Tensor a, String aName, Tensor b, String bName) {
        Objects.requireNonNull(a, aName);
        Objects.requireNonNull(b, bName);
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " differ");
        }
    }
}
