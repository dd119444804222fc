package dev.jgrad.nn;

import dev.jgrad.Value;
import dev.jgrad.internal.Plural;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A multi-layer perceptron: layers applied in turn, each with its own activation. Weights come from a
 * {@code java.util.Random} seeded with the given seed, layer by layer, neuron by neuron, so the same seed gives the
 * same model (and the same training results) on every JVM.
 *
 * <pre>{@code
 * MLP model = MLP.of(1337, 2, 16, 16, 1);      // micrograd's MLP(2, [16, 16, 1])
 * List<Value> score = model.apply(new double[] {0.5, -1});
 * double[] same = model.predict(new double[] {0.5, -1});
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #predict(double[])} only reads the parameters: one model may serve predictions from many
 * threads at once. Training (building graphs with {@link #apply}, {@code backward()}, optimizer steps) must happen on
 * one thread, with no prediction running at the same time.
 */
public final class MLP implements Module {

    private final int inputs;
    private final List<Layer> layers;

    /**
     * A network with fresh weights.
     *
     * @param inputs      the number of inputs, at least 1
     * @param layerSizes  the number of neurons of each layer, in order, each at least 1; at least one layer
     * @param activations the activation of each layer, as many as layers
     * @param seed        the seed of the weights' random source
     * @throws IllegalArgumentException for a size below 1 or a count mismatch
     */
    public MLP(int inputs, int[] layerSizes, Activation[] activations, long seed) {
        this(inputs, layerSizes, activations, seed, false);
    }

    /** A network with fresh weights, each neuron's divided by the square root of its inputs if {@code scaled}. */
    private MLP(int inputs, int[] layerSizes, Activation[] activations, long seed, boolean scaled) {
        Objects.requireNonNull(layerSizes, "layerSizes");
        Objects.requireNonNull(activations, "activations");
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs (" + inputs + ") must be >= 1");
        }
        if (layerSizes.length == 0) {
            throw new IllegalArgumentException("layerSizes is empty; a network needs at least one layer");
        }
        if (activations.length != layerSizes.length) {
            throw new IllegalArgumentException(Plural.of(activations.length, "activation") + " for "
                    + Plural.of(layerSizes.length, "layer") + "; give one activation per layer");
        }
        Random random = new Random(seed);
        List<Layer> list = new ArrayList<>(layerSizes.length);
        int in = inputs;
        for (int i = 0; i < layerSizes.length; i++) {
            if (layerSizes[i] < 1) {
                throw new IllegalArgumentException("layerSizes[" + i + "] (" + layerSizes[i] + ") must be >= 1");
            }
            list.add(new Layer(in, layerSizes[i], Objects.requireNonNull(activations[i], "activations[" + i + "]"),
                    random, scaled ? 1 / Math.sqrt(in) : 1));
            in = layerSizes[i];
        }
        this.inputs = inputs;
        this.layers = List.copyOf(list);
    }

    /**
     * micrograd's {@code MLP(inputs, layerSizes)}: ReLU on every hidden layer, linear on the last.
     *
     * @param seed       the seed of the weights' random source
     * @param inputs     the number of inputs
     * @param layerSizes the number of neurons of each layer
     * @return the network
     */
    public static MLP of(long seed, int inputs, int... layerSizes) {
        return new MLP(inputs, layerSizes, reluThenLinear(layerSizes), seed, false);
    }

    /**
     * {@link #of}'s network with smaller initial weights: each neuron's weights divided by {@code √n} for its
     * {@code n} inputs, so uniform in {@code [-1/√n, 1/√n)} (PyTorch's default for {@code nn.Linear}), from the same
     * draws. A neuron's initial weighted sum then has about the spread of one input however many inputs it has,
     * where {@link #of}'s grows with {@code √n}: a fresh network computes a small, smooth function, and training
     * that stops early (on a validation loss) ends near a simple fit instead of a wild one.
     *
     * @param seed       the seed of the weights' random source
     * @param inputs     the number of inputs
     * @param layerSizes the number of neurons of each layer
     * @return the network
     */
    public static MLP scaled(long seed, int inputs, int... layerSizes) {
        return new MLP(inputs, layerSizes, reluThenLinear(layerSizes), seed, true);
    }

    /** ReLU on every layer but the last, which is linear. */
    private static Activation[] reluThenLinear(int[] layerSizes) {
        Objects.requireNonNull(layerSizes, "layerSizes");
        Activation[] activations = new Activation[layerSizes.length];
        Arrays.fill(activations, Activation.RELU);
        if (activations.length > 0) {
            activations[activations.length - 1] = Activation.LINEAR;
        }
        return activations;
    }

    /**
     * The network's outputs as graph nodes, for training.
     *
     * @param x exactly {@link #inputs()} nodes
     * @return one node per output of the last layer (a list even for one output)
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    public List<Value> apply(List<Value> x) {
        Objects.requireNonNull(x, "x");
        checkInputs(x.size());
        List<Value> out = x;
        for (Layer layer : layers) {
            out = layer.apply(out);
        }
        return out;
    }

    /**
     * The network's outputs for constant inputs, as graph nodes (each input wrapped in a new leaf).
     *
     * @param x exactly {@link #inputs()} values
     * @return one node per output of the last layer
     */
    public List<Value> apply(double[] x) {
        Objects.requireNonNull(x, "x");
        List<Value> in = new ArrayList<>(x.length);
        for (double v : x) {
            in.add(Value.of(v));
        }
        return apply(in);
    }

    /**
     * The network's outputs in plain doubles, without building a graph; bit for bit the data of {@link #apply}'s
     * nodes. Thread-safe: many threads may predict with one model at once, as long as none trains it meanwhile.
     *
     * @param x exactly {@link #inputs()} values
     * @return one value per output of the last layer
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    public double[] predict(double[] x) {
        Objects.requireNonNull(x, "x");
        checkInputs(x.length);
        double[] out = x;
        for (Layer layer : layers) {
            out = layer.predict(out);
        }
        return out;
    }

    private void checkInputs(int given) {
        if (given != inputs) {
            throw new IllegalArgumentException("model takes " + Plural.of(inputs, "input") + ", given " + given);
        }
    }

    /**
     * Makes every output predict {@code scale · o + shift} where it predicted {@code o}: each weight and bias of the
     * last layer is multiplied by {@code scale}, and {@code shift} is added to each bias. This is how a network
     * trained on a standardized target {@code (y - mean) / std} is turned into one that predicts {@code y}
     * ({@code scale = std}, {@code shift = mean}). Only exact for a {@link Activation#LINEAR} last layer.
     *
     * @param scale the factor, finite
     * @param shift the offset, finite
     * @throws IllegalStateException if the last layer is not linear
     * @throws IllegalArgumentException if {@code scale} or {@code shift} is not finite, or if a rescaled weight or
     *     bias would not be finite (then the network is left unchanged)
     */
    public void rescaleOutputs(double scale, double shift) {
        if (!Double.isFinite(scale) || !Double.isFinite(shift)) {
            throw new IllegalArgumentException("scale and shift must be finite, given " + scale + " and " + shift);
        }
        Layer last = layers.get(layers.size() - 1);
        if (last.activation() != Activation.LINEAR) {
            throw new IllegalStateException("the outputs can only be rescaled through a linear last layer, this one "
                    + "is " + last.activation());
        }
        List<Value> outputParameters = last.parameters();
        double[] rescaled = new double[outputParameters.size()];
        int index = 0;
        for (Neuron neuron : last.neurons()) {
            for (Value w : neuron.weights()) {
                rescaled[index++] = checkedRescale(w.data() * scale, w.data(), scale);
            }
            rescaled[index++] = checkedRescale(neuron.bias().data() * scale + shift, neuron.bias().data(), scale);
        }
        for (int i = 0; i < rescaled.length; i++) {
            outputParameters.get(i).setData(rescaled[i]);
        }
    }

    private static double checkedRescale(double rescaled, double parameter, double scale) {
        if (!Double.isFinite(rescaled)) {
            throw new IllegalArgumentException("an output parameter " + parameter + " times the scale " + scale
                    + " is " + rescaled + ", not a finite number");
        }
        return rescaled;
    }

    /**
     * The number of inputs.
     *
     * @return the number of inputs
     */
    public int inputs() {
        return inputs;
    }

    /**
     * The number of outputs (the size of the last layer).
     *
     * @return the number of outputs (the size of the last layer)
     */
    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /**
     * The number of neurons of each layer, in order (a new array).
     *
     * @return the number of neurons of each layer, in order (a new array)
     */
    public int[] layerSizes() {
        return layers.stream().mapToInt(Layer::outputs).toArray();
    }

    /**
     * The activation of each layer, in order (a new array).
     *
     * @return the activation of each layer, in order (a new array)
     */
    public Activation[] activations() {
        return layers.stream().map(Layer::activation).toArray(Activation[]::new);
    }

    /**
     * The layers, in order.
     *
     * @return the layers, in order
     */
    public List<Layer> layers() {
        return layers;
    }

    /** Each layer's parameters in turn: for each neuron, its weights then its bias. */
    @Override
    public List<Value> parameters() {
        List<Value> params = new ArrayList<>();
        for (Layer layer : layers) {
            params.addAll(layer.parameters());
        }
        return params;
    }

    /** {@code MLP of [Layer of [...], ...]}, as micrograd prints it. */
    @Override
    public String toString() {
        return "MLP of " + layers;
    }
}
