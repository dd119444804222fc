package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.nn.Metrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A regression's RMSE and R² summed over partitions, against exact values, at every scale of a double. */
class FiguresTest {

    private static final double[] SPREAD = {0, 3e-6, -7e-6, 1.2e-5, 5e-7, -2e-6, 9e-6};
    private static final double[] MISS = {1e-6, -2e-6, 3e-6, 0, -1e-6, 2e-6, -3e-6};

    /**
     * Targets {@code y = scale · (1 + spread)} and predictions {@code y · (1 + miss)}. The expected values are those of
     * these doubles computed in exact rationals (Python's {@code fractions}, the root by {@code mpmath} at 200 bits):
     * <pre>
     * y = [s * (1 + d) for d in SPREAD]; p = [a * (1 + e) for a, e in zip(y, MISS)]
     * Y, P = [Fraction(v) for v in y], [Fraction(v) for v in p]; m = sum(Y) / 7
     * rmse = mpmath.sqrt(sum((a - b)**2 for a, b in zip(P, Y)) / 7)
     * r2 = 1 - sum((a - b)**2 for a, b in zip(P, Y)) / sum((a - m)**2 for a in Y)
     * </pre>
     * Targets near 1e154 square beyond the largest double, near 1e-160 below the smallest, and at every scale
     * {@code Σ y² - (Σ y)² / n} cancels to a few digits (R² 0.88929692 at scale 1).
     */
    @ParameterizedTest(name = "scale {0}")
    @CsvSource({
            "1,      2.0000016071642057e-06, 0.8892966308910164",
            "1e154,  2.0000016071636315e+148, 0.8892966308916828",
            "1e-160, 2.0000016071719583e-166, 0.8892966308905583"})
    void rmseAndR2MatchExactValuesHoweverTheRowsArePartitioned(double scale, double rmse, double r2) {
        for (int[] cuts : new int[][] {{}, {3, 4}, {0, 1, 6}, {2, 2, 5}}) {
            Figures whole = new Figures();
            int from = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int to = k < cuts.length ? cuts[k] : SPREAD.length;
                Figures part = new Figures();
                for (int i = from; i < to; i++) {
                    double y = scale * (1 + SPREAD[i]);
                    part.add(y * (1 + MISS[i]), y);
                }
                whole.plus(part);
                from = to;
            }
            assertEquals(SPREAD.length, whole.rows);
            assertEquals(rmse, whole.rmse(), 1e-15 * rmse);
            // the running mean's rounding costs the deviations about n ε |ȳ| / σ (1e-11 here, with |ȳ| / σ ≈ 1e5)
            assertEquals(r2, whole.r2(), 1e-11);
        }
    }

    /** Equal targets have no spread to explain: R² is 1 for perfect predictions and 0 otherwise, as jgrad's. */
    @ParameterizedTest(name = "target {0}")
    @CsvSource({"0", "0.1", "-3e200", "1e-300"})
    void equalTargetsGiveOneForPerfectPredictionsAndZeroOtherwise(double target) {
        double miss = target == 0 ? 1 : 1.5 * target;
        double[] predictions = {target, target, target, miss, target};
        Figures perfect = new Figures();
        Figures missed = new Figures();
        Figures part = new Figures();
        for (int i = 0; i < predictions.length; i++) {
            perfect.add(target, target);
            (i < 2 ? missed : part).add(predictions[i], target);
        }
        missed.plus(part);
        assertEquals(1, perfect.r2());
        assertEquals(0, missed.r2());
        assertEquals(Metrics.r2(predictions, new double[] {target, target, target, target, target}), missed.r2());
    }
}
