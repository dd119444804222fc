package dev.jgrad.nn;

import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A layer of neurons sharing their inputs and activation. Unlike micrograd's, it always returns a list, even of one
 * output, so a network with a one-wide hidden layer ({@code MLP(2, [16, 1, 1])}) works.
 */
public final class Layer implements Module {

    private final List<Neuron> neurons;

    /**
     * A layer with fresh weights, drawn neuron by neuron from {@code random}.
     *
     * @param inputs     the number of inputs, at least 1
     * @param outputs    the number of neurons, at least 1
     * @param activation the nonlinearity of every neuron
     * @param random     the source of the initial weights
     * @throws IllegalArgumentException if a size is below 1
     */
    public Layer(int inputs, int outputs, Activation activation, Random random) {
        this(inputs, outputs, activation, random, 1);
    }

    /** A layer whose neurons' initial weights are {@code scale} times those of the public constructor's. */
    Layer(int inputs, int outputs, Activation activation, Random random, double scale) {
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs (" + outputs + ") must be >= 1");
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(random, "random");
        List<Neuron> list = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            list.add(new Neuron(inputs, activation, random, scale));
        }
        neurons = List.copyOf(list);
    }

    /**
     * Every neuron's output for the given inputs.
     *
     * @param x exactly {@link #inputs()} values
     * @return one node per neuron, in order (a list even for one neuron)
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    public List<Value> apply(List<Value> x) {
        Objects.requireNonNull(x, "x");
        List<Value> out = new ArrayList<>(neurons.size());
        for (Neuron n : neurons) {
            out.add(n.apply(x));
        }
        return out;
    }

    /**
     * The same as {@link #apply(List)} in plain doubles, bit for bit; safe to call from many threads at once while
     * nobody trains the layer.
     *
     * @param x exactly {@link #inputs()} values
     * @return one output per neuron
     */
    public double[] predict(double[] x) {
        Objects.requireNonNull(x, "x");
        double[] out = new double[neurons.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = neurons.get(i).predict(x);
        }
        return out;
    }

    /**
     * The number of inputs.
     *
     * @return the number of inputs
     */
    public int inputs() {
        return neurons.get(0).inputs();
    }

    /**
     * The number of neurons (outputs).
     *
     * @return the number of neurons (outputs)
     */
    public int outputs() {
        return neurons.size();
    }

    /**
     * The activation of every neuron.
     *
     * @return the activation of every neuron
     */
    public Activation activation() {
        return neurons.get(0).activation();
    }

    /**
     * The neurons, in output order.
     *
     * @return the neurons, in output order
     */
    public List<Neuron> neurons() {
        return neurons;
    }

    /** Each neuron's parameters in turn (its weights, then its bias). */
    @Override
    public List<Value> parameters() {
        List<Value> params = new ArrayList<>(neurons.size() * (inputs() + 1));
        for (Neuron n : neurons) {
            params.addAll(n.parameters());
        }
        return params;
    }

    /** {@code Layer of [ReLUNeuron(2), ReLUNeuron(2)]}, as micrograd prints it. */
    @Override
    public String toString() {
        return "Layer of " + neurons;
    }
}
