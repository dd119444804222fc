package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void neuronComputesActivationOfBiasPlusWeightedSum() {
        Neuron n = new Neuron(2, Activation.TANH, new Random(1));
        n.weights().get(0).setData(0.5);
        n.weights().get(1).setData(-2);
        n.bias().setData(0.25);
        Value x0 = Value.of(3);
        Value x1 = Value.of(1);
        Value out = n.apply(List.of(x0, x1));
        double s = 0.25 + 0.5 * 3 - 2 * 1;
        assertEquals(Math.tanh(s), out.data(), 1e-15);
        out.backward();
        double dact = 1 - Math.tanh(s) * Math.tanh(s);
        assertEquals(dact * 3, n.weights().get(0).grad(), 1e-15);
        assertEquals(dact, n.bias().grad(), 1e-15);
        assertEquals(dact * -2, x1.grad(), 1e-15);
        assertEquals("sum", out.inputs().get(0).op(), "the weighted sum is one node");
        assertEquals(3, out.inputs().get(0).inputs().size());
    }

    @Test
    void weightsAreMicrogradsUniformAndBiasZero() {
        Neuron n = new Neuron(3, Activation.RELU, new Random(42));
        Random r = new Random(42);
        for (Value w : n.weights()) {
            assertEquals(r.nextDouble() * 2 - 1, w.data());
        }
        assertEquals(0.0, n.bias().data());
        assertEquals("ReLUNeuron(3)", n.toString());
    }

    @Test
    void mlpHasMicrogradsParameterCountAndActivations() {
        MLP m = MLP.of(1337, 2, 16, 16, 1);
        assertEquals(337, m.parameters().size());
        assertEquals(2, m.inputs());
        assertEquals(1, m.outputs());
        assertEquals(List.of(16, 16, 1), List.of(m.layerSizes()[0], m.layerSizes()[1], m.layerSizes()[2]));
        assertEquals(List.of(Activation.RELU, Activation.RELU, Activation.LINEAR), List.of(m.activations()));
        assertTrue(m.toString().startsWith("MLP of [Layer of [ReLUNeuron(2), "), m.toString());
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        List<Value> a = MLP.of(7, 3, 4, 2).parameters();
        List<Value> b = MLP.of(7, 3, 4, 2).parameters();
        List<Value> c = MLP.of(8, 3, 4, 2).parameters();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).data(), b.get(i).data());
        }
        assertNotEquals(a.get(0).data(), c.get(0).data());
    }

    @Test
    void oneWideHiddenLayerWorks() {
        MLP m = MLP.of(3, 2, 16, 1, 1);
        List<Value> out = m.apply(new double[] {0.5, -1});
        assertEquals(1, out.size());
        out.get(0).backward();
        assertEquals(m.predict(new double[] {0.5, -1})[0], out.get(0).data());
        Layer single = new Layer(2, 1, Activation.LINEAR, new Random(0));
        assertEquals(1, single.apply(List.of(Value.of(1), Value.of(2))).size());
    }

    @Test
    void predictAgreesBitForBitWithTheGraphForEveryActivation() {
        Random r = new Random(5);
        for (Activation act : Activation.values()) {
            MLP m = new MLP(3, new int[] {5, 4, 2}, new Activation[] {act, act, Activation.LINEAR}, 11);
            for (Value p : m.parameters()) {
                p.setData(r.nextGaussian());
            }
            for (int t = 0; t < 200; t++) {
                double[] x = {r.nextGaussian() * 3, r.nextGaussian(), r.nextDouble() - 0.5};
                List<Value> graph = m.apply(x);
                double[] plain = m.predict(x);
                for (int j = 0; j < plain.length; j++) {
                    assertEquals(Double.doubleToRawLongBits(graph.get(j).data()), Double.doubleToRawLongBits(plain[j]),
                            act + " output " + j);
                }
            }
        }
    }

    @Test
    void activationsMatchTheRuleTableAndParse() {
        Value x = Value.of(-0.5);
        assertSame(x, Activation.LINEAR.apply(x));
        assertEquals(0.0, Activation.RELU.apply(-0.5));
        assertEquals(1 / (1 + Math.exp(0.5)), Activation.SIGMOID.apply(-0.5), 1e-16);
        assertEquals(Math.tanh(-0.5), Activation.TANH.apply(x).data());
        assertEquals(Activation.SIGMOID, Activation.parse("Sigmoid"));
        assertEquals("relu", Activation.RELU.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu"));
        assertEquals("unknown activation \"gelu\" (expected one of relu, tanh, sigmoid, linear)", e.getMessage());
    }

    @Test
    void badShapesAreReported() {
        MLP m = MLP.of(1, 2, 3, 1);
        assertEquals("model takes 2 inputs, given 3",
                assertThrows(IllegalArgumentException.class, () -> m.predict(new double[3])).getMessage());
        assertEquals("model takes 2 inputs, given 1",
                assertThrows(IllegalArgumentException.class, () -> m.apply(new double[1])).getMessage());
        assertEquals("model takes 1 input, given 2", assertThrows(IllegalArgumentException.class,
                () -> MLP.of(1, 1, 1).predict(new double[2])).getMessage());
        assertEquals("neuron takes 1 input, given 2", assertThrows(IllegalArgumentException.class,
                () -> new Neuron(1, Activation.LINEAR, new Random(1)).predict(new double[2])).getMessage());
        assertEquals("layerSizes[1] (0) must be >= 1",
                assertThrows(IllegalArgumentException.class, () -> MLP.of(1, 2, 3, 0)).getMessage());
        assertEquals("1 activation for 2 layers; give one activation per layer",
                assertThrows(IllegalArgumentException.class,
                        () -> new MLP(2, new int[] {3, 1}, new Activation[] {Activation.RELU}, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MLP.of(1, 2));
    }

    @Test
    void zeroGradClearsEveryParameter() {
        MLP m = MLP.of(2, 2, 3, 1);
        m.apply(new double[] {1, 2}).get(0).backward();
        assertTrue(m.parameters().stream().anyMatch(p -> p.grad() != 0));
        m.zeroGrad();
        assertTrue(m.parameters().stream().allMatch(p -> p.grad() == 0));
    }

    @Test
    void scaledWeightsAreTheSameDrawsOverTheRootOfTheFanIn() {
        MLP plain = MLP.of(7, 3, 4, 2);
        MLP scaled = MLP.scaled(7, 3, 4, 2);
        int[] fanIn = {3, 4};
        for (int l = 0; l < 2; l++) {
            List<Neuron> plainNeurons = plain.layers().get(l).neurons();
            List<Neuron> scaledNeurons = scaled.layers().get(l).neurons();
            for (int n = 0; n < plainNeurons.size(); n++) {
                for (int i = 0; i < fanIn[l]; i++) {
                    assertEquals(plainNeurons.get(n).weights().get(i).data() / Math.sqrt(fanIn[l]),
                            scaledNeurons.get(n).weights().get(i).data(), 1e-16);
                    assertTrue(Math.abs(scaledNeurons.get(n).weights().get(i).data()) < 1 / Math.sqrt(fanIn[l]));
                }
                assertEquals(0.0, scaledNeurons.get(n).bias().data());
            }
        }
        assertEquals(Activation.RELU, scaled.activations()[0]);
        assertEquals(Activation.LINEAR, scaled.activations()[1]);
    }
}
