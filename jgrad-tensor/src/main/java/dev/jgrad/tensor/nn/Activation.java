package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An elementwise function with no parameters, as a {@link Module} for {@link Sequential}. Each derivative is the
 * rule table's ({@link dev.jgrad.Op}), through the tensor method named.
 */
public final class Activation implements Module {

    private final String name;
    private final UnaryOperator<Tensor> function;

    private Activation(String name, UnaryOperator<Tensor> function) {
        this.name = name;
        this.function = function;
    }

    /**
     * {@code max(x, 0)} ({@link Tensor#relu()}); derivative 1 above 0, else 0.
     *
     * @return the activation
     */
    public static Activation relu() {
        return new Activation("relu", Tensor::relu);
    }

    /**
     * {@code tanh(x)} ({@link Tensor#tanh()}); derivative {@code 1 - tanh²(x)}.
     *
     * @return the activation
     */
    public static Activation tanh() {
        return new Activation("tanh", Tensor::tanh);
    }

    /**
     * {@code 1 / (1 + e^-x)} ({@link Tensor#sigmoid()}); derivative {@code s(1 - s)}.
     *
     * @return the activation
     */
    public static Activation sigmoid() {
        return new Activation("sigmoid", Tensor::sigmoid);
    }

    /** The function applied to every element of the input (any shape). */
    @Override
    public Tensor forward(Tensor input) {
        return function.apply(input);
    }

    /** None: an activation has no parameters. */
    @Override
    public List<Tensor> parameters() {
        return List.of();
    }

    /** The function's name, such as {@code relu}. */
    @Override
    public String toString() {
        return name;
    }
}
