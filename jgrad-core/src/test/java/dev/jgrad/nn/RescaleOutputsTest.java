package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class RescaleOutputsTest {

    private static MLP regressionNetwork() {
        return new MLP(3, new int[] {4, 2}, new Activation[] {Activation.TANH, Activation.LINEAR}, 7);
    }

    @Test
    void everyOutputPredictsScaleTimesItsOldPredictionPlusShift() {
        MLP network = regressionNetwork();
        double[][] inputs = {{0.5, -1.0, 2.0}, {0, 0, 0}, {-3.5, 0.25, 1e-3}};
        double[][] before = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            before[i] = network.predict(inputs[i]);
        }
        network.rescaleOutputs(2.5, -7.0);
        for (int i = 0; i < inputs.length; i++) {
            double[] after = network.predict(inputs[i]);
            for (int o = 0; o < after.length; o++) {
                assertEquals(2.5 * before[i][o] - 7.0, after[o], 1e-12, "input " + i + ", output " + o);
            }
        }
    }

    @Test
    void hiddenLayersAreUntouched() {
        MLP network = regressionNetwork();
        double[] hidden = network.layers().get(0).parameters().stream().mapToDouble(Value::data).toArray();
        network.rescaleOutputs(3, 1);
        assertArrayEquals(hidden,
                network.layers().get(0).parameters().stream().mapToDouble(Value::data).toArray(), 0);
    }

    @Test
    void anOverflowingParameterLeavesTheNetworkUnchangedAndNamesTheValues() {
        MLP network = regressionNetwork();
        List<Value> outputParameters = network.layers().get(1).parameters();
        outputParameters.get(outputParameters.size() - 2).setData(1e10);
        double[] before = network.parameters().stream().mapToDouble(Value::data).toArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> network.rescaleOutputs(1e300, 0));
        assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
        assertArrayEquals(before, network.parameters().stream().mapToDouble(Value::data).toArray(), 0);
    }

    @Test
    void refusesANonLinearLastLayerAndNonFiniteArguments() {
        MLP classifier = new MLP(2, new int[] {3, 1}, new Activation[] {Activation.RELU, Activation.SIGMOID}, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> classifier.rescaleOutputs(2, 0));
        assertTrue(e.getMessage().contains("SIGMOID"), e.getMessage());
        MLP network = regressionNetwork();
        assertThrows(IllegalArgumentException.class, () -> network.rescaleOutputs(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> network.rescaleOutputs(1, Double.POSITIVE_INFINITY));
    }
}
