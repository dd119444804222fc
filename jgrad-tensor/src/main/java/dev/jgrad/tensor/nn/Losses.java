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
     * {@code sigmoid(x)} without computing it; gradient {@code (sigmoid(x) - y) / n}. Each element is computed as
     * {@code (1 - y) relu(x) + y (relu(x) - x) + ln(1 + e^(x - 2 relu(x)))}, three terms none of which is negative
     * (the middle one is {@code y relu(-x)}, the last {@code ln(1 + e^-|x|)}), so nothing cancels: the loss keeps its
     * relative accuracy where it is tiny ({@code e^-40} at {@code x = 40, y = 1} in float64, where
     * {@code ln(1 + e^x) - x y} gives 0), and every finite {@code x} gives a finite loss. Its gradient is
     * {@code relu'(x) - y + (1 - 2 relu'(x)) sigmoid(-|x|)}, that is {@code sigmoid(x) - y}, and {@code 0.5 - y} at
     * {@code x = 0} (where {@code relu'(0) = 0}). An infinite logit is an edge of that formula: at +Infinity
     * {@code x - 2 relu(x)} is {@code ∞ - ∞}, so the loss and the gradient are NaN; at -Infinity the loss is +Infinity
     * with gradient {@code -y / n} for a positive target, NaN ({@code 0·∞}) with gradient 0 for the target 0. A NaN
     * logit gives a NaN loss and gradient. (PyTorch 1.13's loss is NaN at -Infinity with the target 0 or 1 and at
     * +Infinity with the target 1, +Infinity at +Infinity with the target 0; its gradient is always
     * {@code (sigmoid(x) - y) / n}.)
     *
     * @param logits  the logits
     * @param targets the targets in [0, 1], of the same shape
     * @return the loss, a scalar
     * @throws IllegalArgumentException if the shapes differ
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        checkSameShape("bceWithLogits", logits, "logits", targets, "targets");
        Tensor positivePart = logits.relu();
        Tensor negativePart = positivePart.sub(logits);
        Tensor minusAbs = logits.sub(positivePart.mul(2));
        return positivePart.mul(targets.neg().add(1)).add(negativePart.mul(targets))
                .add(minusAbs.exp().log1p()).mean();
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
