package dev.jgrad.bench;

import dev.jgrad.Value;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * micrograd's demo: an MLP 2-16-16-1 (ReLU hidden layers, linear output) trained on 100 two-moons points with the
 * hinge loss {@code mean(relu(1 - y score)) + 1e-4 sum(p^2)} and SGD at rate {@code 1 - 0.9 k / 100}. The loss is
 * built once from {@link Value}s, with the parameters as inputs and the data as constants, recorded on a tape, and
 * each step replays it.
 */
public final class Moons {

    /** Samples in the data set. */
    public static final int SAMPLES = 100;
    private static final int[] SIZES = {2, 16, 16, 1};

    private final double[][] xs;
    private final double[] ys;
    private final double[] params;
    private final Tape tape;
    private final Workspace workspace;
    private final double[] grad;

    /**
     * A freshly initialized model (weights uniform in [-1, 1], biases 0, as micrograd) and its recorded loss.
     *
     * @param seed the seed of the data and of the initial weights
     */
    public Moons(long seed) {
        Random random = new Random(seed);
        xs = new double[SAMPLES][];
        ys = new double[SAMPLES];
        makeMoons(random, xs, ys);
        List<Value> p = new ArrayList<>();
        for (int layer = 0; layer + 1 < SIZES.length; layer++) {
            for (int neuron = 0; neuron < SIZES[layer + 1]; neuron++) {
                for (int i = 0; i < SIZES[layer]; i++) {
                    p.add(Value.of(2 * random.nextDouble() - 1));
                }
                p.add(Value.of(0));
            }
        }
        params = new double[p.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = p.get(i).data();
        }
        tape = Tape.record(loss(p, xs, ys), p);
        workspace = tape.newWorkspace();
        grad = new double[params.length];
    }

    /** Two interleaved half circles with Gaussian noise 0.1, labels -1 and 1, as scikit-learn's {@code make_moons}. */
    static void makeMoons(Random random, double[][] xs, double[] ys) {
        int half = xs.length / 2;
        for (int i = 0; i < xs.length; i++) {
            boolean outer = i < half;
            double t = Math.PI * (outer ? i : i - half) / (outer ? half - 1 : xs.length - half - 1);
            double x = outer ? Math.cos(t) : 1 - Math.cos(t);
            double y = outer ? Math.sin(t) : 0.5 - Math.sin(t);
            xs[i] = new double[] {x + 0.1 * random.nextGaussian(), y + 0.1 * random.nextGaussian()};
            ys[i] = outer ? -1 : 1;
        }
    }

    /** The model's loss over the data set, as micrograd's demo builds it. */
    static Value loss(List<Value> params, double[][] xs, double[] ys) {
        List<Value> margins = new ArrayList<>();
        for (int s = 0; s < xs.length; s++) {
            Value[] activations = {Value.of(xs[s][0]), Value.of(xs[s][1])};
            int next = 0;
            for (int layer = 0; layer + 1 < SIZES.length; layer++) {
                Value[] out = new Value[SIZES[layer + 1]];
                for (int neuron = 0; neuron < out.length; neuron++) {
                    Value[] terms = new Value[activations.length + 1];
                    for (int i = 0; i < activations.length; i++) {
                        terms[i] = params.get(next++).mul(activations[i]);
                    }
                    terms[activations.length] = params.get(next++);
                    Value act = Value.sum(terms);
                    out[neuron] = layer + 2 < SIZES.length ? act.relu() : act;
                }
                activations = out;
            }
            margins.add(Value.of(1).add(Value.of(-ys[s]).mul(activations[0])).relu());
        }
        Value dataLoss = Value.sum(margins).mul(1.0 / xs.length);
        List<Value> squares = new ArrayList<>();
        for (Value p : params) {
            squares.add(p.mul(p));
        }
        return dataLoss.add(Value.sum(squares).mul(1e-4));
    }

    /** The number of parameters (337). */
    public int parameterCount() {
        return params.length;
    }

    /** The recorded loss. */
    public Tape tape() {
        return tape;
    }

    /**
     * One training step: replays the loss and its gradient at the current parameters, then one SGD update.
     *
     * @param k the step number, 0 to 99, for the learning rate {@code 1 - 0.9 k / 100}
     * @return the loss before the update
     */
    public double step(int k) {
        double loss = workspace.gradient(params, grad);
        double rate = 1.0 - 0.9 * k / 100;
        for (int i = 0; i < params.length; i++) {
            params[i] -= rate * grad[i];
        }
        return loss;
    }
}
