package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossHistoryTest {

    @Test
    void keepsEveryEpochWhileThereIsRoom() {
        LossHistory history = new LossHistory();
        for (int epoch = 1; epoch <= 3; epoch++) {
            history.add(epoch, 1.0 / epoch, 2.0 / epoch, 0.5);
        }
        assertArrayEquals(new double[] {1, 2, 3}, history.steps());
        assertArrayEquals(new double[] {1, 0.5, 1.0 / 3}, history.losses());
        assertArrayEquals(new double[] {2, 1, 2.0 / 3}, history.validationLosses());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, history.accuracies());
    }

    @Test
    void aMillionEpochsKeepAtMostTheCapacityEvenlySpacedAndTheLatest() {
        LossHistory history = new LossHistory();
        int epochs = 1_000_000;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            history.add(epoch, epoch, -epoch, Double.NaN);
        }
        double[] kept = history.steps();
        assertTrue(kept.length <= LossHistory.CAPACITY + 1 && kept.length > LossHistory.CAPACITY / 2,
                "kept " + kept.length);
        assertEquals(1, kept[0]);
        assertEquals(epochs, kept[kept.length - 1]);
        // 2^10 · 1024 ≥ 10^6: the stride has doubled to 1024
        for (int i = 1; i < kept.length - 1; i++) {
            assertEquals(1024, kept[i] - kept[i - 1], "gap before " + kept[i]);
        }
        double[] losses = history.losses();
        double[] validation = history.validationLosses();
        for (int i = 0; i < kept.length; i++) {
            assertEquals(kept[i], losses[i]);
            assertEquals(-kept[i], validation[i]);
        }
    }
}
