package dev.jgrad.spark;

import dev.jgrad.Algebra;
import dev.jgrad.Value;
import dev.jgrad.internal.Plural;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.MLP;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The loss of one row for a network of {@link dev.jgrad.nn}'s shape ({@link MLP}: each neuron computes
 * {@code act(b + Σᵢ wᵢxᵢ)}), as a {@link RowLoss}. The parameter vector lists the network's parameters in
 * {@link MLP#parameters()} order (layer by layer, neuron by neuron, its weights then its bias); a row holds the
 * network's inputs, then the target in the form the loss wants:
 * <ul>
 *   <li>{@link Kind#SQUARED_ERROR}, one output {@code z} and a target {@code y}: {@code (z − y)²};</li>
 *   <li>{@link Kind#BINARY_CROSS_ENTROPY}, one output, the logit {@code z}, and {@code y ∈ {0, 1}}:
 *       {@code softplus(z) − y·z}, which is {@code −log σ(z)} for {@code y = 1} and {@code −log(1 − σ(z))} for
 *       {@code y = 0};</li>
 *   <li>{@link Kind#SOFTMAX_CROSS_ENTROPY}, {@code k} outputs (logits) and the target one-hot in {@code k} numbers:
 *       {@code log Σⱼ e^zⱼ − Σⱼ yⱼzⱼ}.</li>
 * </ul>
 * A network with no hidden layer is linear regression, logistic regression, or multinomial logistic regression.
 */
public final class NetworkLoss implements RowLoss {

    private static final long serialVersionUID = 1L;

    /** The loss on the network's outputs. */
    public enum Kind {
        /** Squared error of the one output. */
        SQUARED_ERROR,
        /** Binary cross-entropy on the one output, a logit. */
        BINARY_CROSS_ENTROPY,
        /** Softmax cross-entropy on the outputs, one logit per class. */
        SOFTMAX_CROSS_ENTROPY
    }

    private final int inputs;
    private final int[] sizes;
    private final Activation[] activations;
    private final Kind kind;

    private NetworkLoss(int inputs, int[] sizes, Activation[] activations, Kind kind) {
        this.inputs = inputs;
        this.sizes = sizes;
        this.activations = activations;
        this.kind = kind;
    }

    /**
     * The loss of a network shaped as {@code model} (its sizes and activations; its weights are not used).
     *
     * @param model the network
     * @param kind  the loss on its outputs
     * @return the loss
     * @throws IllegalArgumentException if the loss needs one output and the network has several, softmax
     *                                  cross-entropy is asked of a network with fewer than 2 outputs, or the network
     *                                  has more parameters than an array holds (2<sup>31</sup> − 1)
     */
    public static NetworkLoss of(MLP model, Kind kind) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.SOFTMAX_CROSS_ENTROPY ? model.outputs() < 2 : model.outputs() != 1) {
            throw new IllegalArgumentException(kind + " needs " + (kind == Kind.SOFTMAX_CROSS_ENTROPY
                    ? "at least 2 outputs" : "one output") + "; the network has " + model.outputs());
        }
        int[] sizes = model.layerSizes();
        long parameters = 0;
        int in = model.inputs();
        for (int size : sizes) {
            parameters += ((long) in + 1) * size;
            in = size;
        }
        if (parameters > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the network has " + parameters + " parameters, more than an array "
                    + "holds (" + Integer.MAX_VALUE + ")");
        }
        return new NetworkLoss(model.inputs(), sizes, model.activations(), kind);
    }

    /**
     * The number of numbers in a row: the network's inputs, then 1 target, or one per class for softmax
     * cross-entropy.
     *
     * @return the row width
     */
    public int width() {
        return inputs + targets();
    }

    /**
     * The number of parameters of the network.
     *
     * @return the length of the parameter vector
     */
    public int parameters() {
        int count = 0;
        int in = inputs;
        for (int size : sizes) {
            count += size * (in + 1);
            in = size;
        }
        return count;
    }

    /**
     * The parameters of {@code model} as a vector, in {@link MLP#parameters()} order.
     *
     * @param model the network
     * @return its parameters' values
     */
    public static double[] parametersOf(MLP model) {
        return model.parameters().stream().mapToDouble(Value::data).toArray();
    }

    /**
     * Sets the parameters of {@code model} from a vector in {@link MLP#parameters()} order.
     *
     * @param x     the values
     * @param model the network, changed
     * @throws IllegalArgumentException if the lengths differ
     */
    public static void setParameters(double[] x, MLP model) {
        List<Value> parameters = model.parameters();
        if (x.length != parameters.size()) {
            throw new IllegalArgumentException(Plural.of(x.length, "value") + " for "
                    + Plural.of(parameters.size(), "parameter"));
        }
        for (int i = 0; i < x.length; i++) {
            parameters.get(i).setData(x[i]);
        }
    }

    private int targets() {
        return kind == Kind.SOFTMAX_CROSS_ENTROPY ? sizes[sizes.length - 1] : 1;
    }

    @Override
    public int apply(Algebra g, int[] parameters, int[] row) {
        int[] x = Arrays.copyOf(row, inputs);
        int next = 0;
        for (int layer = 0; layer < sizes.length; layer++) {
            int[] out = new int[sizes[layer]];
            for (int neuron = 0; neuron < out.length; neuron++) {
                int[] terms = new int[x.length + 1];
                for (int i = 0; i < x.length; i++) {
                    terms[i + 1] = g.mul(parameters[next++], x[i]);
                }
                terms[0] = parameters[next++];
                out[neuron] = activate(g, activations[layer], g.sum(terms));
            }
            x = out;
        }
        return switch (kind) {
            case SQUARED_ERROR -> {
                int error = g.sub(x[0], row[inputs]);
                yield g.mul(error, error);
            }
            case BINARY_CROSS_ENTROPY -> g.sub(g.softplus(x[0]), g.mul(row[inputs], x[0]));
            case SOFTMAX_CROSS_ENTROPY -> {
                int[] picked = new int[x.length];
                for (int j = 0; j < x.length; j++) {
                    picked[j] = g.mul(row[inputs + j], x[j]);
                }
                yield g.sub(g.logsumexp(x), g.sum(picked));
            }
        };
    }

    private static int activate(Algebra g, Activation activation, int z) {
        return switch (activation) {
            case RELU -> g.relu(z);
            case TANH -> g.tanh(z);
            case SIGMOID -> g.sigmoid(z);
            case LINEAR -> z;
        };
    }
}
