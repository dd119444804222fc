package dev.jgrad.nn;

import dev.jgrad.Op;
import dev.jgrad.Value;
import java.util.Locale;
import java.util.Objects;

/**
 * The nonlinearity a layer applies to each neuron's weighted sum. Values and derivatives come from the rule table
 * {@link Op}, both on {@link Value} graphs ({@link #apply(Value)}) and in plain doubles ({@link #apply(double)}), so
 * the two agree bit for bit.
 */
public enum Activation {

    /** {@code max(x, 0)}; derivative 1 above 0, else 0. */
    RELU(Op.RELU),
    /** {@code tanh x}; derivative {@code 1 - tanh² x}. */
    TANH(Op.TANH),
    /** {@code 1/(1+e^-x)}; derivative {@code s(1-s)}. */
    SIGMOID(Op.SIGMOID),
    /** The identity {@code x}; derivative 1. Used on output layers that produce scores, logits or regression values. */
    LINEAR(null);

    private final Op op;

    Activation(Op op) {
        this.op = op;
    }

    /**
     * This activation applied to a node of a graph.
     *
     * @param x the weighted sum
     * @return a new node, or {@code x} itself for {@link #LINEAR}
     */
    public Value apply(Value x) {
        Objects.requireNonNull(x, "x");
        return op == null ? x : Value.apply(op, x);
    }

    /**
     * This activation in plain doubles, with the same value as {@link #apply(Value)}.
     *
     * @param x the weighted sum
     * @return the activation of {@code x}
     */
    public double apply(double x) {
        return op == null ? x : op.value(x, 0, 0);
    }

    /**
     * The lower-case name used in model files and on the command line: {@code relu}, {@code tanh}, ...
     *
     * @return the lower-case name used in model files and on the command line
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The activation with the given name, ignoring case: {@code relu}, {@code tanh}, {@code sigmoid} or
     * {@code linear}.
     *
     * @param name the name
     * @return the activation
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static Activation parse(String name) {
        Objects.requireNonNull(name, "name");
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown activation \"" + name + "\" (expected one of relu, tanh, sigmoid, linear)");
    }
}
