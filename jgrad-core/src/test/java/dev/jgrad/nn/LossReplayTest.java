package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Losses recorded on one batch and replayed on others give the loss and gradient of the other batch. */
class LossReplayTest {

    private static final int N = 3;
    private static final int K = 4;

    private static List<List<Value>> rows(List<Value> leaves, double[] flat) {
        List<List<Value>> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            List<Value> row = new ArrayList<>();
            for (int j = 0; j < K; j++) {
                Value v = Value.of(flat[i * K + j]);
                leaves.add(v);
                row.add(v);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double[] oneHot(int... classes) {
        double[] t = new double[N * K];
        for (int i = 0; i < N; i++) {
            t[i * K + classes[i]] = 1;
        }
        return t;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static Workspace recordSoftmaxCrossEntropy(double[] logits, double[] targets) {
        List<Value> inputs = new ArrayList<>();
        List<List<Value>> z = rows(inputs, logits);
        List<List<Value>> t = rows(inputs, targets);
        return Tape.record(Losses.softmaxCrossEntropy(z, t), inputs).newWorkspace();
    }

    @Test
    void softmaxCrossEntropyReplayedOnOtherLogitsAndClassesIsTheirLoss() {
        double[] recordedLogits = {0.1, 0.2, 0.3, 0.4, 1, -1, 0, 2, -0.5, 0.5, 3, 0};
        Workspace w = recordSoftmaxCrossEntropy(recordedLogits, oneHot(0, 1, 2));

        // other classes, and logits whose shift differs from the recorded batch's by 1000: a frozen shift overflows
        double[] logits = {1000, 999, -1000, 998.5, 2, 1, 0, -3, -700, -701, -699.5, -702};
        double[] targets = oneHot(3, 0, 2);
        double[] gradient = new double[2 * N * K];
        double loss = w.gradient(concat(logits, targets), gradient);

        double expected = 0;
        for (int i = 0; i < N; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < K; j++) {
                max = Math.max(max, logits[i * K + j]);
            }
            double sum = 0;
            for (int j = 0; j < K; j++) {
                sum += Math.exp(logits[i * K + j] - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < K; j++) {
                // not e^(z - lse), which carries the rounding of lse: up to 6e-14 relative at logits near 1000
                double softmax = Math.exp(logits[i * K + j] - max) / sum;
                double t = targets[i * K + j];
                expected += t * (lse - logits[i * K + j]) / N;
                assertEquals((softmax - t) / N, gradient[i * K + j], 1e-15, "d/dz[" + i + "][" + j + "]");
                assertEquals((lse - logits[i * K + j]) / N, gradient[N * K + i * K + j], 1e-12,
                        "d/dt[" + i + "][" + j + "]");
            }
        }
        assertEquals(expected, loss, 1e-12);
        assertTrue(Double.isFinite(loss));
    }

    @Test
    void theIntClassFormFreezesItsClassesWhenRecordedWhichIsWhyTheValueFormExists() {
        double[] logits = {0.1, 0.2, 0.3, 0.4, 1, -1, 0, 2, -0.5, 0.5, 3, 0};
        List<Value> inputs = new ArrayList<>();
        List<List<Value>> z = rows(inputs, logits);
        Workspace frozen = Tape.record(Losses.softmaxCrossEntropy(z, new int[] {0, 1, 2}), inputs).newWorkspace();
        Workspace replayable = recordSoftmaxCrossEntropy(logits, oneHot(0, 1, 2));

        double[] sameLogits = logits.clone();
        double frozenLoss = frozen.value(sameLogits);
        double replayedLoss = replayable.value(concat(sameLogits, oneHot(0, 1, 2)));
        assertEquals(frozenLoss, replayedLoss, 1e-14, "the same loss on the recorded batch");
        double otherClasses = replayable.value(concat(sameLogits, oneHot(1, 0, 0)));
        double fresh = Losses.softmaxCrossEntropy(rows(new ArrayList<>(), logits), new int[] {1, 0, 0}).data();
        assertEquals(fresh, otherClasses, 1e-14, "the value form replays new classes");
        assertTrue(Math.abs(fresh - frozenLoss) > 0.1, "the frozen form still computes the recorded classes' loss");
    }

    @Test
    void mseAndBceReplayedOnOtherTargetsAreTheirLosses() {
        List<Value> inputs = new ArrayList<>();
        List<Value> p = new ArrayList<>();
        List<Value> y = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            p.add(Value.of(0.5 * i));
            y.add(Value.of(1));
        }
        inputs.addAll(p);
        inputs.addAll(y);
        Workspace mse = Tape.record(Losses.mse(p, y), inputs).newWorkspace();
        Workspace bce = Tape.record(Losses.bceWithLogits(p, y), inputs).newWorkspace();

        double[] predictions = {2, -1, 40};
        double[] targets = {0, 1, 0};
        double[] x = concat(predictions, targets);
        double[] gradient = new double[2 * N];
        double expectedMse = 0;
        double expectedBce = 0;
        for (int i = 0; i < N; i++) {
            double d = predictions[i] - targets[i];
            expectedMse += d * d / N;
            double z = predictions[i];
            expectedBce += (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - targets[i] * z) / N;
        }
        assertEquals(expectedMse, mse.gradient(x, gradient), 1e-12);
        assertEquals(2 * (40 - 0) / 3.0, gradient[2], 1e-12);
        assertEquals(expectedBce, bce.gradient(x, gradient), 1e-12);
        double sigmoid = 1 / (1 + Math.exp(1));
        assertEquals((sigmoid - 1) / N, gradient[1], 1e-15, "d/dz at z = -1, y = 1");
        assertEquals(-40 / 3.0, gradient[N + 2], 1e-12, "d/dy = -z/n");
    }
}
