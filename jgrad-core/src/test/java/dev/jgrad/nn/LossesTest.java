package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import dev.jgrad.testing.BceTruths;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every loss against hand values and its gradient against central finite differences. */
class LossesTest {

    private static List<Value> leaves(double... xs) {
        List<Value> out = new ArrayList<>();
        for (double x : xs) {
            out.add(Value.of(x));
        }
        return out;
    }

    /** Checks the gradient of {@code loss} at {@code x} against central differences of its value. */
    private static void checkGradient(Function<List<Value>, Value> loss, double[] x) {
        List<Value> in = leaves(x);
        loss.apply(in).backward();
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (loss.apply(leaves(up)).data() - loss.apply(leaves(down)).data()) / (2 * h);
            assertEquals(numeric, in.get(i).grad(), 1e-6 * Math.max(1, Math.abs(numeric)), "d/dx" + i + " at x=" + x[i]);
        }
    }

    private static double[] randomVector(Random r, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * scale;
        }
        return x;
    }

    @Test
    void handValues() {
        assertEquals(2.5, Losses.mse(leaves(1, 2), new double[] {0, 4}).data());
        assertEquals((0 + 1.5 + 0.5) / 3, Losses.hinge(leaves(2, -0.5, -0.5), new double[] {1, 1, -1}).data());
        assertEquals(Math.log(2), Losses.bceWithLogits(leaves(0), new double[] {1}).data(), 1e-15);
        // -log σ(2) and -log(1 - σ(-1)) = -log σ(1)
        double expected = (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-1))) / 2;
        assertEquals(expected, Losses.bceWithLogits(leaves(2, -1), new double[] {1, 0}).data(), 1e-15);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 2, Losses.softmaxCrossEntropy(List.of(leaves(1, 2, 3)), new int[] {1}).data(), 1e-15);
        assertEquals(1 + 4 + 0.25, Losses.l2(leaves(1, -2, 0.5)).data());
        assertEquals(0.0, Losses.l2(List.of()).data());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random r = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            double[] targets = randomVector(r, 4, 1);
            checkGradient(p -> Losses.mse(p, targets), randomVector(r, 4, 2));
            double[] signs = {1, -1, -1, 1};
            checkGradient(s -> Losses.hinge(s, signs), randomVector(r, 4, 0.4));
            double[] labels = {0, 1, 1, 0.3};
            checkGradient(z -> Losses.bceWithLogits(z, labels), randomVector(r, 4, 3));
            int[] classes = {2, 0};
            checkGradient(z -> Losses.softmaxCrossEntropy(List.of(z.subList(0, 3), z.subList(3, 6)), classes),
                    randomVector(r, 6, 3));
            checkGradient(Losses::l2, randomVector(r, 5, 2));
        }
    }

    @Test
    void bceGradientIsExactAtZeroLogit() {
        checkGradient(z -> Losses.bceWithLogits(z, new double[] {1, 0}), new double[] {0, 0});
        List<Value> z = leaves(0);
        Losses.bceWithLogits(z, new double[] {1}).backward();
        assertEquals(-0.5, z.get(0).grad());
    }

    @Test
    void stableLossesAreFiniteAtExtremeLogits() {
        List<Value> z = leaves(1000, -1000, 1000, -1000);
        Value bce = Losses.bceWithLogits(z, new double[] {1, 0, 0, 1});
        bce.backward();
        assertEquals((0 + 0 + 1000 + 1000) / 4.0, bce.data());
        double[] expectedGrad = {0, 0, 0.25, -0.25};
        for (int i = 0; i < 4; i++) {
            assertEquals(expectedGrad[i], z.get(i).grad(), "d/dz" + i);
        }

        List<Value> a = leaves(1000, -1000, 0);
        List<Value> b = leaves(-1000, -1000, -1000);
        Value ce = Losses.softmaxCrossEntropy(List.of(a, b), new int[] {1, 2});
        ce.backward();
        assertEquals((2000 + Math.log(3)) / 2, ce.data(), 1e-12);
        assertEquals(0.5, a.get(0).grad());
        assertEquals(-0.5, a.get(1).grad());
        assertEquals(1.0 / 6 - 0.5, b.get(2).grad(), 1e-15);
        for (Value v : List.of(a.get(2), b.get(0), b.get(1))) {
            assertTrue(Double.isFinite(v.grad()));
        }
    }

    /**
     * Infinite and NaN logits against PyTorch 1.13's binary_cross_entropy_with_logits in float64: at +∞ the loss is ∞
     * for the labels 0 and 0.3 and NaN for 1, with d/dz = σ(z) - y = 1, 0.7, 0 and d/dy = -z = -∞. At -∞ PyTorch's
     * formula gives NaN throughout; here the loss is its mirror image, ∞ for the labels 1 and 0.3 and NaN for 0, with
     * d/dz = -y and d/dy = ∞ as PyTorch's. A NaN logit gives NaN loss and derivatives, as PyTorch's. A tape recorded
     * at a finite logit chooses again when replayed at +∞.
     */
    @Test
    void bceAtInfiniteLogits() {
        double inf = Double.POSITIVE_INFINITY;
        double[][] cases = { // z, y, loss, d/dz
            {inf, 0, inf, 1}, {inf, 0.3, inf, 0.7}, {inf, 1, Double.NaN, 0},
            {-inf, 1, inf, -1}, {-inf, 0.3, inf, -0.3}, {-inf, 0, Double.NaN, 0},
            {Double.NaN, 0.3, Double.NaN, Double.NaN}};
        for (double[] c : cases) {
            String at = "z = " + c[0] + ", y = " + c[1];
            List<Value> z = leaves(c[0]);
            Value byArray = Losses.bceWithLogits(z, new double[] {c[1]});
            byArray.backward();
            assertEquals(c[2], byArray.data(), at);
            assertEquals(c[3], z.get(0).grad(), at);
            List<Value> w = leaves(c[0]);
            List<Value> y = leaves(c[1]);
            Value byValues = Losses.bceWithLogits(w, y);
            byValues.backward();
            assertEquals(c[2], byValues.data(), at);
            assertEquals(c[3], w.get(0).grad(), at);
            assertEquals(-c[0], y.get(0).grad(), at);
        }
        List<Value> inputs = leaves(1, 0);
        Value recorded = Losses.bceWithLogits(inputs.subList(0, 1), inputs.subList(1, 2));
        double[] gradient = new double[2];
        assertEquals(inf, Tape.record(recorded, inputs).newWorkspace().gradient(new double[] {inf, 0}, gradient));
        assertEquals(1, gradient[0]);
        assertEquals(-inf, gradient[1]);
    }

    /**
     * Where {@code softplus(z)} and {@code y z} nearly cancel ({@link BceTruths}): loss and gradient are held to a few
     * units in their own last place, in both forms, and on a tape recorded at other data.
     */
    @Test
    void bceKeepsTinyLossesWhereItsTwoTermsCancel() {
        List<Value> inputs = leaves(0.5, 0);
        Value recorded = Losses.bceWithLogits(inputs.subList(0, 1), inputs.subList(1, 2));
        Workspace replay = Tape.record(recorded, inputs).newWorkspace();
        for (double[] c : BceTruths.CASES) {
            String at = "z = " + c[0] + ", y = " + c[1];
            List<Value> z = leaves(c[0]);
            Value byArray = Losses.bceWithLogits(z, new double[] {c[1]});
            byArray.backward();
            List<Value> w = leaves(c[0]);
            Value byValues = Losses.bceWithLogits(w, leaves(c[1]));
            byValues.backward();
            double[] gradient = new double[2];
            double replayed = replay.gradient(new double[] {c[0], c[1]}, gradient);
            for (double[] lossAndGradient : new double[][] {
                {byArray.data(), z.get(0).grad()}, {byValues.data(), w.get(0).grad()}, {replayed, gradient[0]}}) {
                assertEquals(c[2], lossAndGradient[0], 4 * Math.ulp(c[2]), at);
                assertEquals(c[3], lossAndGradient[1], 4 * Math.ulp(c[3]), at);
            }
        }
    }

    /**
     * A logit of +Infinity: PyTorch 1.13's cross_entropy in float64 gives NaN for the loss and for both derivatives at
     * the logits (∞, 0), with class indices and with probabilities alike, whichever the class; so do both forms here.
     */
    @Test
    void aPlusInfiniteLogitMakesBothFormsNaN() {
        double inf = Double.POSITIVE_INFINITY;
        for (int c = 0; c < 2; c++) {
            List<Value> z = leaves(inf, 0);
            Value byClass = Losses.softmaxCrossEntropy(List.of(z), new int[] {c});
            byClass.backward();
            assertTrue(Double.isNaN(byClass.data()), "class " + c);
            assertTrue(Double.isNaN(z.get(0).grad()) && Double.isNaN(z.get(1).grad()), "class " + c);
            List<Value> w = leaves(inf, 0);
            Value byTarget = Losses.softmaxCrossEntropy(List.of(w), List.of(leaves(1 - c, c)));
            byTarget.backward();
            assertTrue(Double.isNaN(byTarget.data()), "class " + c);
            assertTrue(Double.isNaN(w.get(0).grad()) && Double.isNaN(w.get(1).grad()), "class " + c);
        }
    }

    /**
     * The target form at logits far from 0, against PyTorch 1.13's cross_entropy on probabilities in float64: logits
     * (a, a, 0) with the target (1, 0, 0) give ln 2 and the gradient (-0.5, 0.5, 0) for a = 745 and 1e308, where
     * logsumexp(z) - z_0 gave 0.6931471805598903 and (-0.49999999999997247, 0.5000000000000275, 0) at 745, 0 and
     * (0, 1, 0) at 1e308 (logsumexp rounded to a, and the softmax taken as e^(z - logsumexp)). At (40, 0, 0) the loss
     * is ln(1 + 2e^-40) and the gradient (-2e^-40, e^-40, e^-40) to double precision, as mpmath gives them (PyTorch
     * gives 0 for the loss and the first derivative). Computed afresh and on a tape recorded at small logits.
     */
    @Test
    void targetFormIsAccurateAtLargeLogits() {
        double tiny = 4.248354255291589e-18; // e^-40
        double[][] cases = { // a, b, loss, d/dz0, d/dz1, d/dz2
            {745, 745, Math.log(2), -0.5, 0.5, 0}, {1e308, 1e308, Math.log(2), -0.5, 0.5, 0},
            {40, 0, 2 * tiny, -2 * tiny, tiny, tiny}};
        List<Value> inputs = leaves(0.1, -0.2, 0.3, 1, 0, 0);
        Value recorded = Losses.softmaxCrossEntropy(List.of(inputs.subList(0, 3)), List.of(inputs.subList(3, 6)));
        Workspace replay = Tape.record(recorded, inputs).newWorkspace();
        for (double[] c : cases) {
            String at = "logits (" + c[0] + ", " + c[1] + ", 0)";
            List<Value> z = leaves(c[0], c[1], 0);
            Value loss = Losses.softmaxCrossEntropy(List.of(z), List.of(leaves(1, 0, 0)));
            loss.backward();
            double[] gradient = new double[6];
            double replayed = replay.gradient(new double[] {c[0], c[1], 0, 1, 0, 0}, gradient);
            assertEquals(c[2], loss.data(), 2 * Math.ulp(c[2]), at);
            assertEquals(c[2], replayed, 2 * Math.ulp(c[2]), at);
            for (int j = 0; j < 3; j++) {
                assertEquals(c[3 + j], z.get(j).grad(), 2 * Math.ulp(c[3 + j]), at + ", d/dz" + j);
                assertEquals(c[3 + j], gradient[j], 2 * Math.ulp(c[3 + j]), at + ", replayed d/dz" + j);
            }
        }
    }

    /**
     * A logit of -Infinity (a masked class) outside the target: the class form gives ln(1 + e) for logits (-∞, 0, 1)
     * and class 1; the form on target distributions multiplies the masked logit's ∞ by its target 0, so its loss is
     * NaN, as PyTorch's cross_entropy on probabilities, while its gradient with respect to the logits stays the
     * softmax minus the target.
     */
    @Test
    void maskedLogitOutsideTheTarget() {
        double inf = Double.POSITIVE_INFINITY;
        List<Value> z = leaves(-inf, 0, 1);
        Value byClass = Losses.softmaxCrossEntropy(List.of(z), new int[] {1});
        assertEquals(Math.log1p(Math.E), byClass.data(), 1e-15);
        List<Value> w = leaves(-inf, 0, 1);
        Value byTarget = Losses.softmaxCrossEntropy(List.of(w), List.of(leaves(0, 1, 0)));
        assertTrue(Double.isNaN(byTarget.data()));
        byClass.backward();
        byTarget.backward();
        double softmax1 = 1 / (1 + Math.E);
        for (List<Value> logits : List.of(z, w)) {
            assertEquals(0, logits.get(0).grad());
            assertEquals(softmax1 - 1, logits.get(1).grad(), 1e-15);
            assertEquals(1 - softmax1, logits.get(2).grad(), 1e-15);
        }
    }

    @Test
    void badBatchesAreReported() {
        assertEquals("labels[1] (0.0) must be -1 or +1 for the hinge loss", assertThrows(
                IllegalArgumentException.class, () -> Losses.hinge(leaves(1, 2), new double[] {1, 0})).getMessage());
        assertEquals("2 predictions but 3 targets; they must match", assertThrows(
                IllegalArgumentException.class, () -> Losses.mse(leaves(1, 2), new double[3])).getMessage());
        assertEquals("1 prediction but 2 targets; they must match", assertThrows(
                IllegalArgumentException.class, () -> Losses.mse(leaves(1), new double[2])).getMessage());
        assertEquals("2 logits but 1 class; they must match", assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(List.of(leaves(1, 2), leaves(1, 2)), new int[] {0})).getMessage());
        assertEquals("logits[1] has 1 entry and targets[1] 2; both need 2, as logits[0]", assertThrows(
                IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(List.of(leaves(1, 2), leaves(1)),
                        List.of(leaves(0, 1), leaves(0, 1)))).getMessage());
        assertEquals("logits is empty; a loss needs at least one example", assertThrows(
                IllegalArgumentException.class, () -> Losses.bceWithLogits(List.of(), new double[0])).getMessage());
        assertEquals("classes[0] (3) must be in [0, 3)", assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(List.of(leaves(1, 2, 3)), new int[] {3})).getMessage());
        assertEquals("logits[1] has 2 logits, logits[0] has 3", assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(List.of(leaves(1, 2, 3), leaves(1, 2)), new int[] {0, 0}))
                .getMessage());
        assertEquals("logits[1] has 1 logit, logits[0] has 3", assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(List.of(leaves(1, 2, 3), leaves(1)), new int[] {0, 0}))
                .getMessage());
        assertEquals("labels[0] (2.0) must be in [0, 1] (0 or 1 for classes)", assertThrows(
                IllegalArgumentException.class, () -> Losses.bceWithLogits(leaves(1), new double[] {2})).getMessage());
    }

    @Test
    void aMissingLogitIsNamedByItsPlace() {
        List<Value> holed = leaves(1, 2);
        holed.set(1, null);
        assertEquals("logits[1][1]", assertThrows(NullPointerException.class,
                () -> Losses.softmaxCrossEntropy(List.of(leaves(1, 2), holed), new int[] {0, 1})).getMessage());
        assertEquals("logits[1][1]", assertThrows(NullPointerException.class,
                () -> Losses.softmaxCrossEntropy(List.of(leaves(1, 2), holed), List.of(leaves(0, 1), leaves(1, 0))))
                .getMessage());
    }
}
