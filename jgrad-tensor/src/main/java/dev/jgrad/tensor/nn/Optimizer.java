package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Updates parameter tensors in place from their gradients, recording no graph (through {@link Tensor#assign}).
 * A step reads every parameter's {@link Tensor#grad()} (zeros for one without a gradient), optionally scales all
 * gradients together so that their global norm is at most a limit ({@link #clipGradNorm}), then applies the
 * method's update rule to each parameter; state (momentum, moments) is kept in {@code double} per element. Elements
 * are computed in {@code double} and stored in the parameter's dtype. The arrays a step reads parameters and
 * gradients into are kept from one step to the next, so a step allocates nothing once the state exists.
 */
public abstract class Optimizer {

    private final List<Tensor> parameters;
    /** Per parameter: its elements and its gradient's, read at each step into arrays kept across steps. */
    private final double[][] values;
    private final double[][] grads;
    private double maxNorm = Double.POSITIVE_INFINITY;

    Optimizer(List<Tensor> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        Map<Tensor, Integer> positions = new IdentityHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = Objects.requireNonNull(parameters.get(i), "parameters[" + i + "]");
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalArgumentException("parameters[" + i + "] is not a leaf requiring a gradient: " + p);
            }
            Integer first = positions.putIfAbsent(p, i);
            if (first != null) {
                throw new IllegalArgumentException("parameters[" + i + "] is parameters[" + first
                        + "] again; each would be stepped twice");
            }
        }
        this.parameters = List.copyOf(parameters);
        this.values = new double[parameters.size()][];
        this.grads = new double[parameters.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new double[parameters.get(i).numel()];
            grads[i] = new double[values[i].length];
        }
    }

    /**
     * The parameters this optimizer updates, in order.
     *
     * @return the parameters
     */
    public List<Tensor> parameters() {
        return parameters;
    }

    /**
     * Clips gradients by global norm before every step, as PyTorch's {@code clip_grad_norm_}: with
     * {@code g = sqrt(Σ over all parameters and elements of grad²)}, every gradient is multiplied by
     * {@code min(1, maxNorm / (g + 1e-6))}, which keeps the direction and bounds the length. As in PyTorch, a NaN
     * gradient element makes {@code g} and so every gradient NaN, and an infinite one (with none NaN) makes
     * {@code g} infinite and every gradient 0 times itself (NaN at the infinite elements).
     *
     * @param maxNorm the largest global norm, positive ({@code Infinity}, the default, turns clipping off)
     * @return this optimizer
     * @throws IllegalArgumentException if {@code maxNorm} is not positive
     */
    public Optimizer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm (" + maxNorm + ") must be positive");
        }
        this.maxNorm = maxNorm;
        return this;
    }

    /**
     * The global norm of the gradients, {@code sqrt(Σ grad²)} over all elements of all the tensors' gradients.
     *
     * @param parameters tensors whose {@link Tensor#grad()} is measured
     * @return the norm (NaN if a gradient element is NaN, Infinity if one is infinite)
     */
    public static double globalGradNorm(List<Tensor> parameters) {
        double sum = 0;
        for (Tensor p : parameters) {
            for (double g : p.grad().toDoubleArray()) {
                sum += g * g;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * One update of every parameter from its current gradient (after clipping, if set). Gradients are not reset;
     * call {@link Module#zeroGrad()} before the next backward pass.
     *
     * @return the global norm of the gradients before clipping
     */
    public final double step() {
        int n = parameters.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            parameters.get(i).grad().copyTo(grads[i]);
            for (double g : grads[i]) {
                sum += g * g;
            }
        }
        double norm = Math.sqrt(sum);
        double scale = maxNorm == Double.POSITIVE_INFINITY ? 1 : Math.min(1, maxNorm / (norm + 1e-6));
        beginStep();
        for (int i = 0; i < n; i++) {
            Tensor p = parameters.get(i);
            double[] g = grads[i];
            if (!(scale >= 1)) { // a NaN norm makes every gradient NaN, as in PyTorch
                for (int k = 0; k < g.length; k++) {
                    g[k] *= scale;
                }
            }
            p.copyTo(values[i]);
            update(i, values[i], g);
            p.assign(values[i]);
        }
        return norm;
    }

    /** Called once at the start of each step, before the updates (for a step counter). */
    void beginStep() {
    }

    /**
     * Overwrites {@code values} (parameter {@code index}'s elements) with their updated values.
     *
     * @param grad the (clipped) gradient; may be overwritten
     */
    abstract void update(int index, double[] values, double[] grad);

    static double checkedNonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " (" + value + ") must be finite and >= 0");
        }
        return value;
    }
}
