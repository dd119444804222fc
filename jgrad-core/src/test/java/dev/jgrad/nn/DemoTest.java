package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** micrograd's demo notebook: MLP 2-16-16-1 on 100 noisy moons, hinge loss + 1e-4 L2, SGD with a decaying rate. */
class DemoTest {

    /** micrograd's seed ({@code np.random.seed(1337)}), used as jgrad's default seed for the demo. */
    static final long SEED = 1337;

    /** Trains as the demo does and returns the loss of each step, then the final accuracy as the last element. */
    static double[] train(long seed) {
        Dataset data = Datasets.moons(100, 0.1, seed);
        double[] labels = new double[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.targets()[i] * 2 - 1;
        }
        MLP model = MLP.of(seed, 2, 16, 16, 1);
        Optimizer sgd = new Sgd(model.parameters(), Schedule.linear(1.0, 0.1, 100), 0);
        double[] history = new double[101];
        for (int k = 0; k < 100; k++) {
            List<Value> scores = new ArrayList<>();
            for (double[] x : data.features()) {
                scores.add(model.apply(x).get(0));
            }
            Value loss = Losses.hinge(scores, labels).add(Losses.l2(model.parameters()).mul(1e-4));
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
            history[k] = loss.data();
        }
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if ((model.predict(data.features()[i])[0] > 0) == (labels[i] > 0)) {
                correct++;
            }
        }
        history[100] = correct / (double) data.size();
        return history;
    }

    @Test
    void reachesAtLeast95PercentAndIsReproducible() {
        double[] first = train(SEED);
        double[] second = train(SEED);
        assertArrayEquals(first, second, "same seed, same losses and accuracy");
        assertTrue(first[100] >= 0.95, "accuracy " + first[100]);
        assertTrue(first[99] < first[0] / 4, "loss fell from " + first[0] + " to " + first[99]);
    }
}
