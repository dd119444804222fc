package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Training on real digits in a small, fast configuration (the full run is {@code jgrad mnist}, not a test), and the
 * measures of a run by hand.
 */
class MnistTrainingTest {

    private static final Progress SILENT = new Progress() {
        @Override
        public void step(String message) {
        }

        @Override
        public void close() {
        }
    };

    @Test
    void anMlpOnFiveHundredDigitsForFiveEpochsClassifiesMostHeldOutDigits() {
        MnistData.Split data = MnistData.load();
        MnistData.Digits train = data.train().every(16);
        MnistData.Digits test = data.test().every(4);
        MnistTraining.Run run = MnistTraining.train(MnistTraining.Model.MLP, 5, 1, train, test, SILENT);
        // chance is 10%; 40 steps on 500 digits gave 81% on these 500 held-out digits
        assertTrue(run.testAccuracy() >= 0.7, "test accuracy " + run.testAccuracy());
        assertTrue(run.trainAccuracy() >= run.testAccuracy() - 0.05, "train accuracy " + run.trainAccuracy());
        assertEquals(5, run.epochSeconds().length);
        assertEquals(500, run.testPredictions().length);
        assertEquals(run.testAccuracy(), MnistTraining.accuracy(run.testPredictions(), test.labels()));
    }

    @Test
    void aCnnOnFiveHundredDigitsForThreeEpochsLearnsWellAboveChance() {
        MnistData.Split data = MnistData.load();
        MnistTraining.Run run = MnistTraining.train(MnistTraining.Model.CNN, 3, 1, data.train().every(16),
                data.test().every(5), SILENT);
        // chance is 10%; 24 steps gave 57.5% on these 400 held-out digits
        assertTrue(run.testAccuracy() >= 0.4, "test accuracy " + run.testAccuracy());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        MnistData.Split data = MnistData.load();
        MnistTraining.Run a = MnistTraining.train(MnistTraining.Model.MLP, 1, 7, data.train().every(40),
                data.test().every(20), SILENT);
        MnistTraining.Run b = MnistTraining.train(MnistTraining.Model.MLP, 1, 7, data.train().every(40),
                data.test().every(20), SILENT);
        assertArrayEquals(a.testPredictions(), b.testPredictions());
    }

    @Test
    void accuracyAndConfusionCountByHand() {
        int[] labels = {0, 1, 1, 2, 9};
        int[] predicted = {0, 1, 2, 2, 1};
        assertEquals(0.6, MnistTraining.accuracy(predicted, labels));
        int[][] confusion = MnistTraining.confusion(predicted, labels);
        assertEquals(1, confusion[0][0]);
        assertEquals(1, confusion[1][1]);
        assertEquals(1, confusion[1][2]);
        assertEquals(1, confusion[2][2]);
        assertEquals(1, confusion[9][1]);
        int total = 0;
        for (int[] row : confusion) {
            for (int c : row) {
                total += c;
            }
        }
        assertEquals(5, total);
    }
}
