package dev.jgrad.bench;

import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * micrograd's demo training step with {@link Value}: an MLP 2-16-16-1 (ReLU hidden layers, linear output) on 100
 * two-moons points, loss = mean of the hinge {@code relu(1 - y·score)} plus {@code 1e-4 · Σ p²}; one step is
 * zero-grad, forward of the whole batch, backward and an SGD update, as in micrograd's demo notebook.
 *
 * <p>The network is built directly from {@code Value}, so the figure measures the engine alone, in two shapes:
 * {@link #step()} makes each neuron's weighted sum one {@link Value#sum} node and zeroes the parameters' gradients;
 * {@link #chainedStep()} is micrograd's code ported line for line, as users write it: every sum a chain of binary
 * additions ({@code sum((wi*xi for ...), b)} becomes {@code b.add(w0.mul(x0)).add(w1.mul(x1))...}), and the
 * gradients zeroed by {@code loss.zeroGrad()} over the whole graph.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlpStepBenchmark {

    static final int POINTS = 100;
    static final double ALPHA = 1e-4;
    static final double LEARNING_RATE = 0.1;

    private double[][] points;
    private double[] labels;
    private Value[][][] weights;
    private Value[][] biases;
    private List<Value> parameters;

    /** Seeded two-moons data (labels ±1, Gaussian noise 0.1) and micrograd's uniform(-1, 1) initialisation. */
    @Setup
    public void setUp() {
        Random random = new Random(1337);
        points = new double[POINTS][];
        labels = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            boolean upper = i < POINTS / 2;
            double t = Math.PI * random.nextDouble();
            double x = upper ? Math.cos(t) : 1 - Math.cos(t);
            double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            points[i] = new double[] {x + 0.1 * random.nextGaussian(), y + 0.1 * random.nextGaussian()};
            labels[i] = upper ? -1 : 1;
        }
        int[] sizes = {2, 16, 16, 1};
        weights = new Value[sizes.length - 1][][];
        biases = new Value[sizes.length - 1][];
        parameters = new ArrayList<>();
        for (int layer = 0; layer < sizes.length - 1; layer++) {
            weights[layer] = new Value[sizes[layer + 1]][sizes[layer]];
            biases[layer] = new Value[sizes[layer + 1]];
            for (int n = 0; n < sizes[layer + 1]; n++) {
                for (int i = 0; i < sizes[layer]; i++) {
                    weights[layer][n][i] = Value.of(2 * random.nextDouble() - 1);
                    parameters.add(weights[layer][n][i]);
                }
                biases[layer][n] = Value.of(0);
                parameters.add(biases[layer][n]);
            }
        }
    }

    private Value[] layer(int index, Value[] input, boolean relu) {
        Value[][] w = weights[index];
        Value[] out = new Value[w.length];
        for (int n = 0; n < w.length; n++) {
            Value[] terms = new Value[input.length + 1];
            for (int i = 0; i < input.length; i++) {
                terms[i] = w[n][i].mul(input[i]);
            }
            terms[input.length] = biases[index][n];
            Value act = Value.sum(terms);
            out[n] = relu ? act.relu() : act;
        }
        return out;
    }

    /** The loss of the whole batch, as micrograd's demo builds it. */
    Value loss() {
        Value[] hinges = new Value[POINTS];
        for (int p = 0; p < POINTS; p++) {
            Value[] x = {Value.of(points[p][0]), Value.of(points[p][1])};
            Value score = layer(2, layer(1, layer(0, x, true), true), false)[0];
            hinges[p] = score.mul(-labels[p]).add(1).relu();
        }
        Value[] squares = new Value[parameters.size()];
        for (int i = 0; i < squares.length; i++) {
            squares[i] = parameters.get(i).mul(parameters.get(i));
        }
        return Value.sum(hinges).mul(1.0 / POINTS).add(Value.sum(squares).mul(ALPHA));
    }

    /** A neuron as micrograd's {@code Neuron.__call__}: the bias plus each {@code wi*xi}, one addition at a time. */
    private Value chainedNeuron(Value[] w, Value b, Value[] x) {
        Value act = b;
        for (int i = 0; i < x.length; i++) {
            act = act.add(w[i].mul(x[i]));
        }
        return act;
    }

    private Value[] chainedLayer(int index, Value[] input, boolean relu) {
        Value[][] w = weights[index];
        Value[] out = new Value[w.length];
        for (int n = 0; n < w.length; n++) {
            Value act = chainedNeuron(w[n], biases[index][n], input);
            out[n] = relu ? act.relu() : act;
        }
        return out;
    }

    /**
     * The loss of micrograd's demo in micrograd's own shape: Python's {@code sum} starts from 0 and adds one term at
     * a time, and {@code alpha * sum(p*p ...)} multiplies by a constant leaf.
     */
    Value chainedLoss() {
        Value dataLoss = Value.of(0);
        for (int p = 0; p < POINTS; p++) {
            Value[] x = {Value.of(points[p][0]), Value.of(points[p][1])};
            Value score = chainedLayer(2, chainedLayer(1, chainedLayer(0, x, true), true), false)[0];
            dataLoss = dataLoss.add(score.mul(-labels[p]).add(1).relu());
        }
        Value squares = Value.of(0);
        for (Value p : parameters) {
            squares = squares.add(p.mul(p));
        }
        return dataLoss.mul(1.0 / POINTS).add(squares.mul(ALPHA));
    }

    /** One step with {@link Value#sum} nodes, the parameters' gradients zeroed one by one. */
    @Benchmark
    public double step() {
        for (Value p : parameters) {
            p.zeroGrad();
        }
        Value loss = loss();
        loss.backward();
        for (Value p : parameters) {
            p.setData(p.data() - LEARNING_RATE * p.grad());
        }
        return loss.data();
    }

    /** One step as micrograd's code is usually ported: chained binary additions and {@code loss.zeroGrad()}. */
    @Benchmark
    public double chainedStep() {
        Value loss = chainedLoss();
        loss.zeroGrad();
        loss.backward();
        for (Value p : parameters) {
            p.setData(p.data() - LEARNING_RATE * p.grad());
        }
        return loss.data();
    }
}
