package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The classification losses drive real training: softmax on three blobs, binary cross-entropy on circles. */
class TrainingTest {

    @Test
    void softmaxCrossEntropyLearnsThreeBlobs() {
        Dataset.Split split = Datasets.blobs(150, 3, 1.5, 1).split(0.2, 1);
        Standardizer std = Standardizer.fit(split.train().features());
        double[][] x = std.apply(split.train().features());
        int[] classes = new int[x.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (int) split.train().targets()[i];
        }
        MLP model = new MLP(2, new int[] {8, 3}, new Activation[] {Activation.TANH, Activation.LINEAR}, 1);
        Adam adam = new Adam(model.parameters(), 0.05);
        for (int step = 0; step < 60; step++) {
            List<List<Value>> logits = new ArrayList<>();
            for (double[] row : x) {
                logits.add(model.apply(row));
            }
            Value loss = Losses.softmaxCrossEntropy(logits, classes);
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        SavedModel saved = new SavedModel(model, std, "classify", null, null, new double[] {0, 1, 2});
        double[] predicted = new double[split.test().size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = saved.predict(split.test().features()[i]);
        }
        double accuracy = Metrics.accuracy(predicted, split.test().targets());
        assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy);
    }

    @Test
    void binaryCrossEntropyLearnsCirclesWithMiniBatches() {
        Dataset data = Datasets.circles(120, 0.05, 0.4, 5);
        MLP model = new MLP(2, new int[] {8, 1}, new Activation[] {Activation.TANH, Activation.LINEAR}, 5);
        Adam adam = new Adam(model.parameters(), 0.05);
        Random shuffle = new Random(5);
        for (int epoch = 0; epoch < 40; epoch++) {
            for (Dataset batch : data.batches(30, shuffle)) {
                List<Value> logits = new ArrayList<>();
                for (double[] row : batch.features()) {
                    logits.add(model.apply(row).get(0));
                }
                Value loss = Losses.bceWithLogits(logits, batch.targets());
                adam.zeroGrad();
                loss.backward();
                adam.step();
            }
        }
        SavedModel saved = new SavedModel(model, null, "classify", null, null, null);
        double[] predicted = new double[data.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = saved.predict(data.features()[i]);
        }
        double accuracy = Metrics.accuracy(predicted, data.targets());
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    }
}
