package dev.jgrad.nn;

import dev.jgrad.Op;
import dev.jgrad.Value;
import dev.jgrad.internal.Plural;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * One neuron: {@code act(b + w·x)}, as micrograd's {@code Neuron}. Weights start uniform in [-1, 1) from the given
 * random source and the bias starts at 0, so the same source state gives the same neuron.
 *
 * <p>The derivatives are those of the parts: {@code d/dw_i = act'(s) x_i}, {@code d/db = act'(s)},
 * {@code d/dx_i = act'(s) w_i} where {@code s = b + w·x}.
 */
public final class Neuron implements Module {

    private final Value[] weights;
    private final Value bias;
    private final Activation activation;

    /**
     * A neuron with fresh weights.
     *
     * @param inputs     the number of inputs, at least 1
     * @param activation its nonlinearity
     * @param random     the source of the initial weights ({@code inputs} draws of {@code nextDouble})
     * @throws IllegalArgumentException if {@code inputs < 1}
     */
    public Neuron(int inputs, Activation activation, Random random) {
        this(inputs, activation, random, 1);
    }

    /**
     * A neuron whose initial weights are {@code scale} times those of {@link #Neuron(int, Activation, Random)}: the
     * same draws, each multiplied by {@code scale} (1 leaves them unchanged to the bit).
     */
    Neuron(int inputs, Activation activation, Random random, double scale) {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs (" + inputs + ") must be >= 1");
        }
        this.activation = Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(random, "random");
        weights = new Value[inputs];
        for (int i = 0; i < inputs; i++) {
            weights[i] = Value.of((random.nextDouble() * 2 - 1) * scale);
        }
        bias = Value.of(0);
    }

    /**
     * The neuron's output for the given inputs: {@code act(b + w_0 x_0 + ... + w_{n-1} x_{n-1})}, the weighted sum
     * being one {@link Value#sum} node.
     *
     * @param x exactly {@link #inputs()} values
     * @return the output node
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    public Value apply(List<Value> x) {
        Objects.requireNonNull(x, "x");
        checkInputs(x.size());
        Value[] terms = new Value[weights.length + 1];
        terms[0] = bias;
        for (int i = 0; i < weights.length; i++) {
            terms[i + 1] = weights[i].mul(Objects.requireNonNull(x.get(i), "x[" + i + "]"));
        }
        return activation.apply(Value.sum(terms));
    }

    /**
     * The same as {@link #apply(List)} in plain doubles, bit for bit, without building a graph. Only reads the
     * parameters, so many threads may call it at once while nobody trains the neuron.
     *
     * @param x exactly {@link #inputs()} values
     * @return the output
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    public double predict(double[] x) {
        Objects.requireNonNull(x, "x");
        checkInputs(x.length);
        // The same operations in the same order as Value.sum's fold, so the result is identical.
        double s = bias.data();
        for (int i = 0; i < weights.length; i++) {
            s = Op.SUM.value(s, Op.MUL.value(weights[i].data(), x[i], 0), 0);
        }
        return activation.apply(s);
    }

    private void checkInputs(int given) {
        if (given != weights.length) {
            throw new IllegalArgumentException("neuron takes " + Plural.of(weights.length, "input") + ", given "
                    + given);
        }
    }

    /**
     * The number of inputs.
     *
     * @return the number of inputs
     */
    public int inputs() {
        return weights.length;
    }

    /**
     * The nonlinearity.
     *
     * @return the nonlinearity
     */
    public Activation activation() {
        return activation;
    }

    /**
     * The weights, one per input, in input order.
     *
     * @return the weights, one per input, in input order
     */
    public List<Value> weights() {
        return List.of(weights);
    }

    /**
     * The bias.
     *
     * @return the bias
     */
    public Value bias() {
        return bias;
    }

    /** The weights in input order, then the bias. */
    @Override
    public List<Value> parameters() {
        List<Value> params = new ArrayList<>(weights.length + 1);
        params.addAll(List.of(weights));
        params.add(bias);
        return params;
    }

    /** {@code ReLUNeuron(2)}, as micrograd prints it. */
    @Override
    public String toString() {
        String kind = switch (activation) {
            case RELU -> "ReLU";
            case TANH -> "Tanh";
            case SIGMOID -> "Sigmoid";
            case LINEAR -> "Linear";
        };
        return kind + "Neuron(" + weights.length + ")";
    }
}
