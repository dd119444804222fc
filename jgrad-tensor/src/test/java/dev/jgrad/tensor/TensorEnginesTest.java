package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Op;
import dev.jgrad.testing.Parallel;
import dev.jgrad.Rule;
import dev.jgrad.Special;
import dev.jgrad.Value;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Neuron;
import dev.jgrad.tensor.nn.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Tensors against jgrad's other engines: elementwise results equal the scalar {@link Value} engine's bit for bit
 * (NaN and infinities included), the fused matrix product equals its composition from primitives, a tensor MLP's
 * gradient equals the scalar {@link MLP}'s, and independent graphs on several threads give the single-threaded
 * results.
 */
class TensorEnginesTest {

    private static final double[] POINTS = {-3, -2.5, -1, -0.5, -0.0, 0, 1e-300, 0.5, 1, 2, 1000, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** Every rule at every pair (or triple) of edge points: same value, same partials as {@code Value.backward()}. */
    @Test
    void elementwiseEqualsTheScalarEngineEverywhere() {
        List<Rule> rules = new ArrayList<>(List.of(Op.values()));
        rules.removeIf(rule -> rule.arity() == -1);
        rules.add(Special.LOG_GAMMA);
        rules.add(Special.ERF);
        int n = POINTS.length;
        for (Rule rule : rules) {
            int arity = rule.arity();
            int count = arity == 1 ? n : arity == 2 ? n * n : n * n * n;
            double[][] operands = new double[arity][count];
            for (int i = 0; i < count; i++) {
                operands[0][i] = POINTS[i % n];
                if (arity >= 2) {
                    operands[1][i] = POINTS[i / n % n];
                }
                if (arity >= 3) {
                    operands[2][i] = POINTS[i / (n * n)];
                }
            }
            Tensor[] leaves = new Tensor[arity];
            for (int k = 0; k < arity; k++) {
                leaves[k] = Tensor.of(operands[k]).requiresGrad(true);
            }
            Tensor out = leaves[0].apply(rule, java.util.Arrays.copyOfRange(leaves, 1, arity));
            out.sum().backward();
            double[] values = out.toDoubleArray();
            for (int i = 0; i < count; i++) {
                Value[] scalars = new Value[arity];
                for (int k = 0; k < arity; k++) {
                    scalars[k] = Value.of(operands[k][i]);
                }
                Value y = Value.apply(rule, scalars);
                y.backward();
                String at = rule.label() + " at " + operands[0][i] + (arity > 1 ? ", " + operands[1][i] : "")
                        + (arity > 2 ? ", " + operands[2][i] : "");
                assertEquals(y.data(), values[i], 0, at);
                for (int k = 0; k < arity; k++) {
                    assertEquals(scalars[k].grad(), leaves[k].grad().get(i), 0, "d/dx" + k + " of " + at);
                }
            }
        }
    }

    /** The fused product against {@code Σ_k a[..., i, k, None] · b[..., None, k, j]} built from primitives. */
    @Test
    void matmulEqualsItsComposition() {
        Random random = new Random(11);
        int[][][] shapes = {
            {{3, 4}, {4, 5}}, {{2, 1, 3, 4}, {3, 4, 2}}, {{1, 7}, {7, 1}}, {{2, 0}, {0, 3}}, {{5, 2, 3}, {3, 4}},
        };
        for (int[][] s : shapes) {
            Tensor[] fused = TensorCheck.leaves(TensorCheck.random(random, s[0]), TensorCheck.random(random, s[1]));
            Tensor[] composed = TensorCheck.leaves(fused[0], fused[1]);
            Tensor product = fused[0].matmul(fused[1]);
            Tensor composition = composed[0].unsqueeze(-1).mul(composed[1].unsqueeze(-3)).sum(-2);
            assertArrayEquals(composition.shape(), product.shape());
            assertArrayEquals(composition.toDoubleArray(), product.toDoubleArray(), 1e-12);
            Tensor seed = TensorCheck.random(random, product.shape());
            product.backward(seed, false);
            composition.backward(seed, false);
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(composed[k].grad().toDoubleArray(), fused[k].grad().toDoubleArray(), 1e-12,
                        "gradient of operand " + k + " for shapes " + java.util.Arrays.deepToString(s));
            }
        }
    }

    /**
     * micrograd's MLP 3-8-8-2 on a batch of 5, as matrices (weights {@code [in, out]}, biases {@code [out]}) and as
     * scalar neurons with the same weights: the loss and every parameter's gradient agree to 1e-12.
     */
    @Test
    void tensorMlpGradientEqualsTheScalarMlps() {
        MLP scalar = MLP.of(7, 3, 8, 8, 2);
        Random random = new Random(5);
        double[][] batch = new double[5][3];
        for (double[] row : batch) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextGaussian();
            }
        }
        List<Value> outputs = new ArrayList<>();
        for (double[] x : batch) {
            outputs.addAll(scalar.apply(x));
        }
        Value scalarLoss = Value.sum(outputs.stream().map(o -> o.mul(o)).toList()).div(outputs.size());
        scalarLoss.backward();

        List<Tensor[]> layers = new ArrayList<>();
        Tensor h = Tensor.of(batch);
        for (Layer layer : scalar.layers()) {
            Tensor[] wb = parameters(layer);
            layers.add(wb);
            h = h.matmul(wb[0]).add(wb[1]);
            h = layer == scalar.layers().get(scalar.layers().size() - 1) ? h : h.relu();
        }
        Tensor tensorLoss = h.mul(h).mean();
        tensorLoss.backward();

        assertEquals(scalarLoss.data(), tensorLoss.item(), 1e-12);
        for (int l = 0; l < layers.size(); l++) {
            List<Neuron> neurons = scalar.layers().get(l).neurons();
            for (int j = 0; j < neurons.size(); j++) {
                Neuron neuron = neurons.get(j);
                assertEquals(neuron.bias().grad(), layers.get(l)[1].grad().get(j), 1e-12, "bias " + l + "," + j);
                for (int i = 0; i < neuron.inputs(); i++) {
                    assertEquals(neuron.weights().get(i).grad(), layers.get(l)[0].grad().get(i, j), 1e-12,
                            "weight " + l + "," + i + "," + j);
                }
            }
        }
    }

    private static Tensor[] parameters(Layer layer) {
        List<Neuron> neurons = layer.neurons();
        double[] w = new double[layer.inputs() * neurons.size()];
        double[] b = new double[neurons.size()];
        for (int j = 0; j < neurons.size(); j++) {
            b[j] = neurons.get(j).bias().data();
            for (int i = 0; i < layer.inputs(); i++) {
                w[i * neurons.size() + j] = neurons.get(j).weights().get(i).data();
            }
        }
        return new Tensor[] {Tensor.of(w, layer.inputs(), neurons.size()).requiresGrad(true),
            Tensor.of(b).requiresGrad(true)};
    }

    /**
     * A small network's loss, gradients, a Hessian-vector product and the weights after one Adam step, all computed
     * from the seed. The first product (64 × 40 × 32) is large enough to be packed into the thread's own buffers,
     * and the elementwise ops span several of the thread's work blocks.
     */
    private static double[] train(long seed, DType dtype) {
        Random random = new Random(seed);
        Tensor x = TensorCheck.random(random, 64, 40).to(dtype);
        Tensor w1 = TensorCheck.random(random, 40, 32).to(dtype).detach().requiresGrad(true);
        Tensor w2 = TensorCheck.random(random, 32, 4).to(dtype).detach().requiresGrad(true);
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(4);
        }
        Tensor loss = x.matmul(w1).tanh().matmul(w2).crossEntropy(labels);
        loss.backward();
        List<Tensor> second = Tensor.gradients(x.matmul(w1).sigmoid().sum(), List.of(w1), true);
        Tensor hv = Tensor.gradients(second.get(0).mul(w1).sum(), List.of(w1), false).get(0);
        double[] g1 = w1.grad().toDoubleArray();
        double[] g2 = w2.grad().toDoubleArray();
        double[] h = hv.toDoubleArray();
        Adam.adam(List.of(w1, w2), 0.01).step();
        double[] stepped = w1.toDoubleArray();
        double[] all = new double[1 + g1.length + g2.length + h.length + stepped.length];
        all[0] = loss.item();
        System.arraycopy(g1, 0, all, 1, g1.length);
        System.arraycopy(g2, 0, all, 1 + g1.length, g2.length);
        System.arraycopy(h, 0, all, 1 + g1.length + g2.length, h.length);
        System.arraycopy(stepped, 0, all, 1 + g1.length + g2.length + h.length, stepped.length);
        return all;
    }

    /**
     * Four threads train (first and second order, each with an optimizer of its own), each also opening no-grad
     * scopes, which are its own.
     */
    @Test
    void independentGraphsOnSeveralThreadsGiveTheSingleThreadedResults() throws Exception {
        int threads = 4;
        double[][] expected = new double[threads][];
        for (int t = 0; t < threads; t++) {
            expected[t] = train(t, t % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32);
        }
        Parallel.run(threads, t -> {
            Tensor parameter = Tensor.of(1, 2).requiresGrad(true);
            for (int repeat = 0; repeat < 5; repeat++) {
                try (NoGrad scope = Tensor.noGrad()) {
                    assertEquals(false, parameter.mul(2).requiresGrad(), "thread " + t + " in its scope");
                }
                assertArrayEquals(expected[t], train(t, t % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32), 0,
                        "thread " + t);
            }
        });
    }
}
