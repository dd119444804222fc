package dev.jgrad.nn;

import dev.jgrad.Value;
import dev.jgrad.internal.Plural;
import java.util.List;
import java.util.Objects;

/**
 * Loss functions as graph nodes. Each batch loss is the mean over the batch of a per-example loss, returned as one
 * {@link Value} to call {@code backward()} on; {@link #l2} is a plain sum.
 *
 * <p>The two losses on logits are written in numerically stable forms, finite with finite gradients at logits of
 * ±1000 and beyond, and with the exact gradient everywhere (also at a logit of exactly 0).
 *
 * <p><b>Recording and replaying.</b> The forms taking targets as {@code double[]} or {@code int[]} build the data into
 * the graph as constants (and {@code softmaxCrossEntropy} with {@code int[]} also picks each row's target logit and
 * shift when the graph is built): right for a graph built per batch, wrong for a {@link dev.jgrad.tape.Tape} replayed
 * on other data. The forms taking targets as {@code List<Value>} contain no datum and no choice made from one: record
 * them with the targets among the tape's inputs and every replay computes the loss of the data it is given.
 */
public final class Losses {

    private Losses() {
    }

    /**
     * Mean squared error {@code (1/n) Σ (p_i - t_i)²}; {@code d/dp_i = 2(p_i - t_i)/n}.
     *
     * @param predictions the predictions, at least one
     * @param targets     the targets, as many as predictions
     * @return the loss
     * @throws IllegalArgumentException if the batch is empty or the sizes differ
     */
    public static Value mse(List<Value> predictions, double[] targets) {
        int n = checkBatch(predictions, "predictions", "prediction", Objects.requireNonNull(targets, "targets").length,
                "target", "targets");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            Value d = predictions.get(i).sub(targets[i]);
            terms[i] = d.mul(d);
        }
        return mean(terms);
    }

    /**
     * Mean squared error {@code (1/n) Σ (p_i - t_i)²} with the targets as values, safe to record and replay (see the
     * class description); {@code d/dp_i = 2(p_i - t_i)/n}, {@code d/dt_i = -2(p_i - t_i)/n}.
     *
     * @param predictions the predictions, at least one
     * @param targets     the targets, as many as predictions
     * @return the loss
     * @throws IllegalArgumentException if the batch is empty or the sizes differ
     */
    public static Value mse(List<Value> predictions, List<Value> targets) {
        int n = checkBatch(predictions, "predictions", "prediction", checkTargets(targets, "targets"), "target",
                "targets");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            Value d = predictions.get(i).sub(targets.get(i));
            terms[i] = d.mul(d);
        }
        return mean(terms);
    }

    /**
     * The max-margin (hinge) loss of micrograd's demo, {@code (1/n) Σ relu(1 - y_i s_i)} with labels ±1;
     * {@code d/ds_i = -y_i/n} where {@code y_i s_i < 1}, else 0.
     *
     * @param scores the scores, at least one
     * @param labels the labels, each -1 or +1, as many as scores
     * @return the loss
     * @throws IllegalArgumentException if the batch is empty, the sizes differ or a label is not ±1
     */
    public static Value hinge(List<Value> scores, double[] labels) {
        int n = checkBatch(scores, "scores", "score", Objects.requireNonNull(labels, "labels").length, "label",
                "labels");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            double y = labels[i];
            if (y != 1 && y != -1) {
                throw new IllegalArgumentException("labels[" + i + "] (" + y + ") must be -1 or +1 for the hinge loss");
            }
            terms[i] = scores.get(i).mul(-y).add(1).relu();
        }
        return mean(terms);
    }

    /**
     * Binary cross-entropy on logits, {@code (1/n) Σ [softplus(z_i) - y_i z_i]}, which equals
     * {@code -(1/n) Σ [y log σ(z) + (1-y) log(1-σ(z))]}; {@code d/dz_i = (σ(z_i) - y_i)/n}.
     *
     * <p>Accurate form: with {@code z⁺ = max(z, 0)} and {@code z⁻ = min(z, 0)} each term is
     * {@code (1 - y) z⁺ - y z⁻ + ln(1 + e^(z⁻ - z⁺))}, three terms none negative, so nothing cancels and a tiny
     * loss keeps its relative accuracy: {@code ln(1 + e^-40) = 4.248354255291589e-18} at {@code z = 40, y = 1}, where
     * {@code softplus(z) - y z} gives 0. Its gradient, {@code 1 - y - σ(-z)} for {@code z > 0} and
     * {@code σ(z) - y} for {@code z ≤ 0}, is as accurate ({@code -σ(-40)}, not 0, at {@code z = 40, y = 1}), and the
     * true {@code 0.5 - y} at {@code z = 0}. {@code z⁺} and {@code z⁻} are selected with {@link Value#where}, so a tape
     * replays the choice, and each is 0 where the other holds the logit, so no {@code 0·∞} reaches a gradient.
     *
     * <p>Infinite logits: at {@code z = +∞} the loss is {@code (1 - y) z}, so {@code +∞} for {@code y < 1} and NaN
     * ({@code 0·∞}) for {@code y = 1}, as PyTorch's {@code binary_cross_entropy_with_logits}; at {@code z = -∞} it is
     * {@code +∞} for {@code y > 0} (where PyTorch's formula gives NaN) and NaN for {@code y = 0}. The gradient there is
     * {@code (σ(z) - y)/n}, as PyTorch's: {@code (1 - y)/n} at {@code +∞}, {@code -y/n} at {@code -∞}. A NaN logit
     * gives a NaN loss and gradient, as PyTorch's.
     *
     * @param logits the logits, at least one
     * @param labels the labels, each in [0, 1] (usually 0 or 1), as many as logits
     * @return the loss
     * @throws IllegalArgumentException if the batch is empty, the sizes differ or a label is outside [0, 1]
     */
    public static Value bceWithLogits(List<Value> logits, double[] labels) {
        int n = checkBatch(logits, "logits", "logit", Objects.requireNonNull(labels, "labels").length, "label",
                "labels");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            double y = labels[i];
            if (!(y >= 0 && y <= 1)) {
                throw new IllegalArgumentException("labels[" + i + "] (" + y + ") must be in [0, 1] (0 or 1 for classes)");
            }
            terms[i] = bceTerm(logits.get(i), Value.of(y));
        }
        return mean(terms);
    }

    /**
     * Binary cross-entropy on logits with the labels as values, safe to record and replay (see the class
     * description): the same stable form and gradient as {@link #bceWithLogits(List, double[])}, and
     * {@code d/dy_i = -z_i/n}. The labels are not checked (a replay could not check them either): values outside
     * [0, 1] give a loss that is not a cross-entropy.
     *
     * @param logits the logits, at least one
     * @param labels the labels, as many as logits
     * @return the loss
     * @throws IllegalArgumentException if the batch is empty or the sizes differ
     */
    public static Value bceWithLogits(List<Value> logits, List<Value> labels) {
        int n = checkBatch(logits, "logits", "logit", checkTargets(labels, "labels"), "label", "labels");
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            terms[i] = bceTerm(logits.get(i), labels.get(i));
        }
        return mean(terms);
    }

    /** One example's {@code (1 - y) z⁺ - y z⁻ + ln(1 + e^(z⁻ - z⁺))}, as the class description gives it. */
    private static Value bceTerm(Value z, Value y) {
        Value zero = Value.constant(0);
        Value positivePart = Value.where(z, z, zero);
        // z⁻ takes z at 0 too, so that the gradient at 0 is the true σ(0) - y, not a one-sided subgradient.
        Value negativePart = Value.where(z, zero, z);
        Value log1pExp = negativePart.sub(positivePart).exp().log1p();
        return positivePart.mul(y.neg().add(1)).sub(negativePart.mul(y)).add(log1pExp);
    }

    /**
     * Softmax cross-entropy, {@code (1/n) Σ [log Σ_j exp(z_ij) - z_i,c_i]}, the negative log-likelihood of the
     * classes under the softmax of the logits; {@code d/dz_ij = (softmax(z_i)_j - [j = c_i])/n}.
     *
     * <p>Stable form (log-sum-exp): each row's largest logit {@code m} is subtracted first as a constant, so every
     * exponent is at most 0 and the largest is exactly 1: {@code log Σ exp(z_j - m) - (z_c - m)}. The gradient does
     * not depend on {@code m}.
     *
     * <p>A row with a logit of +∞ has the loss NaN and a NaN gradient, as PyTorch's {@code cross_entropy} (which
     * subtracts {@code m} as well: {@code ∞ - ∞}), whatever its class; the target form's loss is NaN there too. A
     * logit of -∞ (a masked class) is fine outside the class, and makes the loss +∞ as the class.
     *
     * @param logits  one row of logits per example, all rows of the same length k ≥ 1; at least one row
     * @param classes the class of each example, in {@code [0, k)}
     * @return the loss
     * @throws IllegalArgumentException if the batch is empty, sizes differ, rows are ragged or a class is out of range
     */
    public static Value softmaxCrossEntropy(List<List<Value>> logits, int[] classes) {
        int n = checkBatch(logits, "logits", "logit", Objects.requireNonNull(classes, "classes").length, "class",
                "classes");
        int k = logits.get(0).size();
        if (k < 1) {
            throw new IllegalArgumentException("logits[0] is empty; each row needs one logit per class");
        }
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            List<Value> row = Objects.requireNonNull(logits.get(i), "logits[" + i + "]");
            if (row.size() != k) {
                throw new IllegalArgumentException(
                        "logits[" + i + "] has " + Plural.of(row.size(), "logit") + ", logits[0] has " + k);
            }
            int c = classes[i];
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("classes[" + i + "] (" + c + ") must be in [0, " + k + ")");
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, Objects.requireNonNull(row.get(j), "logits[" + i + "][" + j + "]").data());
            }
            // A maximum of +∞ is subtracted too, as PyTorch's log_softmax subtracts it: the row's loss is then NaN,
            // as in PyTorch and in the target form. One of -∞ (every logit -∞) would make every shifted logit NaN;
            // unshifted, the IEEE result stands.
            Value shift = Value.of(max == Double.NEGATIVE_INFINITY ? 0 : max);
            Value[] exps = new Value[k];
            Value target = null;
            for (int j = 0; j < k; j++) {
                Value shifted = row.get(j).sub(shift);
                exps[j] = shifted.exp();
                if (j == c) {
                    target = shifted;
                }
            }
            terms[i] = Value.sum(exps).log().sub(target);
        }
        return mean(terms);
    }

    /**
     * Softmax cross-entropy against target distributions given as values, safe to record and replay (see the class
     * description): {@code (1/n) Σ_i Σ_j t_ij (logsumexp(z_i) - z_ij)}, which for one-hot targets (the class
     * {@code c_i} as 1, the rest 0) is {@link #softmaxCrossEntropy(List, int[])}. Derivatives:
     * {@code d/dz_ij = (softmax(z_i)_j Σ_l t_il - t_ij)/n}, {@code d/dt_ij = (logsumexp(z_i) - z_ij)/n}.
     *
     * <p>Stable form: each row's largest logit {@code m}, taken with {@link Value#max} so that a replay takes it again,
     * is subtracted first, {@code logsumexp(z - m) - (z_j - m)}, as PyTorch's {@code log_softmax} does; the loss and
     * the softmax are then accurate at logits of any size, where {@code logsumexp(z) - z_j} loses {@code ln 2} against
     * {@code 1e308} (logits (1e308, 1e308, 0) with the target (1, 0, 0) give {@code ln 2} and the gradient
     * (-0.5, 0.5, 0)). The gradient through {@code m} is 0 up to rounding, the loss not depending on it.
     *
     * <p>Unlike the class form, a logit of -Infinity (a masked class) with target 0 makes the loss NaN, being
     * {@code 0 · Infinity}, as PyTorch's {@code cross_entropy} on probabilities; the gradient with respect to the
     * logits stays finite, the masked logit's being 0. A logit of +Infinity makes the loss and the row's gradient
     * NaN, as in PyTorch.
     *
     * @param logits  one row of logits per example, all rows of the same length k &ge; 1; at least one row
     * @param targets one row of k target probabilities per example (one-hot for classes)
     * @return the loss
     * @throws IllegalArgumentException if the batch is empty, sizes differ or rows are ragged
     */
    public static Value softmaxCrossEntropy(List<List<Value>> logits, List<List<Value>> targets) {
        int n = checkBatch(logits, "logits", "logit", checkTargets(targets, "targets"), "target", "targets");
        int k = logits.get(0).size();
        if (k < 1) {
            throw new IllegalArgumentException("logits[0] is empty; each row needs one logit per class");
        }
        Value[] terms = new Value[n];
        for (int i = 0; i < n; i++) {
            List<Value> row = logits.get(i);
            List<Value> target = targets.get(i);
            if (row.size() != k || target.size() != k) {
                throw new IllegalArgumentException("logits[" + i + "] has " + Plural.of(row.size(), "entry", "entries")
                        + " and targets[" + i + "] " + target.size() + "; both need " + k + ", as logits[0]");
            }
            for (int j = 0; j < k; j++) {
                Objects.requireNonNull(row.get(j), "logits[" + i + "][" + j + "]");
                Objects.requireNonNull(target.get(j), "targets[" + i + "][" + j + "]");
            }
            Value largest = row.get(0);
            for (int j = 1; j < k; j++) {
                largest = Value.max(largest, row.get(j));
            }
            Value[] shifted = new Value[k];
            for (int j = 0; j < k; j++) {
                shifted[j] = row.get(j).sub(largest);
            }
            Value lse = Value.logsumexp(shifted);
            Value[] parts = new Value[k];
            for (int j = 0; j < k; j++) {
                parts[j] = target.get(j).mul(lse.sub(shifted[j]));
            }
            terms[i] = Value.sum(parts);
        }
        return mean(terms);
    }

    /**
     * The L2 penalty {@code Σ p²} (a sum, not a mean; scale it by the regularization strength, as micrograd's
     * {@code 1e-4 * sum(p*p)}); {@code d/dp = 2p}.
     *
     * @param params the parameters
     * @return the penalty, a constant 0 for no parameters
     */
    public static Value l2(List<Value> params) {
        Objects.requireNonNull(params, "params");
        Value[] terms = new Value[params.size()];
        for (int i = 0; i < terms.length; i++) {
            Value p = Objects.requireNonNull(params.get(i), "params[" + i + "]");
            terms[i] = p.mul(p);
        }
        return Value.sum(terms);
    }

    /**
     * Checks a batch of inputs against its labels, one each, and returns their number. {@code input} is the singular
     * of {@code name}, and {@code label} and {@code labelsName} the singular and plural of the labels, for the message.
     */
    private static int checkBatch(List<?> inputs, String name, String input, int labels, String label,
            String labelsName) {
        Objects.requireNonNull(inputs, name);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty; a loss needs at least one example");
        }
        if (inputs.size() != labels) {
            throw new IllegalArgumentException(
                    Plural.of(inputs.size(), input) + " but " + Plural.of(labels, label, labelsName)
                            + "; they must match");
        }
        for (int i = 0; i < inputs.size(); i++) {
            Objects.requireNonNull(inputs.get(i), name + "[" + i + "]");
        }
        return labels;
    }

    private static int checkTargets(List<?> targets, String name) {
        Objects.requireNonNull(targets, name);
        for (int i = 0; i < targets.size(); i++) {
            Objects.requireNonNull(targets.get(i), name + "[" + i + "]");
        }
        return targets.size();
    }

    private static Value mean(Value[] terms) {
        return Value.sum(terms).div(terms.length);
    }
}
