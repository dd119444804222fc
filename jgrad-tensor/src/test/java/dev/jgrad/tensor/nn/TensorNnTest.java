package dev.jgrad.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.BceTruths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Layers, initialisation, dropout, optimizers by hand, losses against finite differences, training against a
 * by-hand computation, and training to high accuracy.
 */
class TensorNnTest {

    // ---------------------------------------------------------------- the in-place hook

    @Test
    void assignOverwritesALeafAndItsViewsInPlace() {
        Tensor p = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor view = p.detach().transpose(0, 1);
        view.assign(new double[] {10, 20, 30, 40});
        assertArrayEquals(new double[] {10, 30, 20, 40}, p.toDoubleArray(), "written through the strided view");
        p.assign(new double[] {5, 6, 7, 8});
        assertArrayEquals(new double[] {5, 7, 6, 8}, view.toDoubleArray());
        Tensor f = Tensor.zeros(DType.FLOAT32, 2);
        f.assign(new double[] {0.1, 1e40});
        assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY}, f.toFloatArray());
    }

    @Test
    void assignRefusesInteriorTensorsExpandedViewsAndWrongCounts() {
        Tensor p = Tensor.of(1, 2).requiresGrad(true);
        IllegalStateException interior = assertThrows(IllegalStateException.class,
                () -> p.mul(2).assign(new double[] {1, 2}));
        assertTrue(interior.getMessage().contains("only leaves"), interior.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Tensor.of(1).detach().expand(3).assign(new double[] {1, 2, 3}));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> p.assign(new double[] {1, 2, 3}));
        assertTrue(count.getMessage().contains("3 values"), count.getMessage());
    }

    // ---------------------------------------------------------------- layers

    @Test
    void linearInitialisationIsReproducibleAndHasTheStatedSpread() {
        Linear he = Linear.of(400, 300, Linear.Init.HE, 7);
        assertArrayEquals(he.weight().toDoubleArray(), Linear.of(400, 300, Linear.Init.HE, 7).weight()
                .toDoubleArray(), "same seed, same weights");
        assertFalse(Arrays.equals(he.weight().toDoubleArray(), Linear.of(400, 300, Linear.Init.HE, 8).weight()
                .toDoubleArray()));
        assertEquals(Math.sqrt(2.0 / 400), std(he.weight().toDoubleArray()), 0.01 * Math.sqrt(2.0 / 400));
        assertArrayEquals(new double[300], he.bias().toDoubleArray());
        Linear xavier = Linear.of(400, 300, Linear.Init.XAVIER, 7);
        double bound = Math.sqrt(6.0 / 700);
        for (double w : xavier.weight().toDoubleArray()) {
            assertTrue(Math.abs(w) <= bound, "within the Xavier bound: " + w);
        }
        assertEquals(bound / Math.sqrt(3), std(xavier.weight().toDoubleArray()), 0.01 * bound);
        Linear f = Linear.of(3, 2, Linear.Init.HE, 7, DType.FLOAT32);
        assertEquals(DType.FLOAT32, f.weight().dtype());
        double[] w64 = Linear.of(3, 2, Linear.Init.HE, 7).weight().toDoubleArray();
        for (int i = 0; i < w64.length; i++) {
            assertEquals((float) w64[i], f.weight().toFloatArray()[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> Linear.of(0, 2, Linear.Init.HE, 1));
        assertEquals("Linear: in (46341) × out (46341) is 2147488281 weights, more than 2147483647",
                assertThrows(IllegalArgumentException.class, () -> Linear.of(46341, 46341, Linear.Init.HE, 1))
                        .getMessage());
        assertEquals("Linear: in (70000) × out (70000) is 4900000000 weights, more than 2147483647",
                assertThrows(IllegalArgumentException.class,
                        () -> Linear.of(70000, 70000, Linear.Init.XAVIER, 1, DType.FLOAT32)).getMessage());
    }

    private static double std(double[] xs) {
        double mean = Arrays.stream(xs).average().orElseThrow();
        return Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / xs.length);
    }

    @Test
    void linearComputesXTimesWPlusBAndSequentialChainsAndCollectsParameters() {
        Linear layer = Linear.of(Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), Tensor.of(0.5, -0.5));
        Tensor y = layer.forward(Tensor.of(new double[][] {{1, 0, -1}, {2, 1, 0}}));
        assertArrayEquals(new double[] {-3.5, -4.5, 5.5, 7.5}, y.toDoubleArray());
        Linear second = Linear.of(2, 1, Linear.Init.XAVIER, 3);
        Sequential net = Sequential.of(layer, Activation.relu(), second);
        assertEquals(List.of(layer.weight(), layer.bias(), second.weight(), second.bias()), net.parameters());
        Tensor out = net.forward(Tensor.of(new double[][] {{1, 0, -1}}));
        assertEquals(second.bias().get(0), out.item(), 1e-15, "both units negative, so relu zeroes them");
        assertThrows(IllegalArgumentException.class, () -> Linear.of(Tensor.zeros(3, 2), Tensor.zeros(3)));
        assertThrows(NullPointerException.class, () -> Sequential.of(layer, null));
    }

    /**
     * A layer used twice (shared weights) is stepped once, as in PyTorch: with {@code lin = Linear(1, 1)} of weight
     * 0.5 and bias 0, {@code Sequential(lin, Tanh(), lin)} lists two parameters, and one SGD step of rate 0.1 from the
     * input 1 leaves the weight at {@code 0.5 - 0.1 · 0.85534...}; listed twice it was stepped twice.
     */
    @Test
    void sequentialListsASharedLayersParametersOnce() {
        Linear shared = Linear.of(Tensor.of(new double[] {0.5}, 1, 1), Tensor.of(0.0));
        Sequential net = Sequential.of(shared, Activation.tanh(), shared);
        assertEquals(List.of(shared.weight(), shared.bias()), net.parameters());
        Optimizer opt = Sgd.of(net.parameters(), 0.1);
        net.forward(Tensor.of(new double[] {1}, 1, 1)).sum().backward();
        double t = Math.tanh(0.5);
        double gradient = t + 0.5 * (1 - t * t);
        assertEquals(gradient, shared.weight().grad().item(), 1e-15);
        opt.step();
        assertEquals(0.5 - 0.1 * gradient, shared.weight().item(), 1e-15);
    }

    // ---------------------------------------------------------------- dropout

    @Test
    void dropoutInTrainingModeKeepsOrScalesEachElementAndItsGradientIsTheMask() {
        Dropout dropout = Dropout.of(0.25, 11);
        Tensor x = Tensor.full(2, DType.FLOAT64, 100, 100).detach().requiresGrad(true);
        Tensor y = dropout.forward(x);
        y.sum().backward();
        double[] out = y.toDoubleArray();
        double[] grad = x.grad().toDoubleArray();
        int dropped = 0;
        for (int i = 0; i < out.length; i++) {
            assertTrue(out[i] == 0 || out[i] == 2 / 0.75, "dropped or scaled by 1/(1-p): " + out[i]);
            assertEquals(out[i] / 2, grad[i], 1e-15, "the gradient is the mask");
            dropped += out[i] == 0 ? 1 : 0;
        }
        assertEquals(2500, dropped, 150, "about p of the elements dropped");
        assertArrayEquals(out, Dropout.of(0.25, 11).forward(x).toDoubleArray(), "same seed, same mask");
        assertFalse(Arrays.equals(out, dropout.forward(x).toDoubleArray()), "a fresh mask per call");
        assertArrayEquals(new double[10], Dropout.of(1, 1).forward(Tensor.ones(10)).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Dropout.of(1.5, 1));
    }

    @Test
    void dropoutInEvaluationModeIsTheIdentityAndSequentialPassesTheModeOn() {
        Dropout dropout = Dropout.of(0.5, 3);
        Sequential net = Sequential.of(Activation.tanh(), dropout);
        net.train(false);
        assertFalse(dropout.isTraining());
        Tensor x = Tensor.of(0.1, 0.2, 0.3);
        assertSame(x, dropout.forward(x));
        assertArrayEquals(x.tanh().toDoubleArray(), net.forward(x).toDoubleArray());
        net.train(true);
        assertTrue(dropout.isTraining());
    }

    // ---------------------------------------------------------------- optimizers by hand

    private static Tensor stepWithGradient(Optimizer opt, Tensor p, double g) {
        p.zeroGrad();
        p.mul(g).sum().backward();
        opt.step();
        return p;
    }

    @Test
    void sgdMomentumAndWeightDecayFollowTheirDefinitionByHand() {
        Tensor p = Tensor.of(1.0).requiresGrad(true);
        Optimizer opt = Sgd.of(List.of(p), 0.1, 0.9, 0.1);
        // step 1: g = 0.5 + 0.1·1 = 0.6, v = g, p = 1 - 0.1·0.6
        assertEquals(0.94, stepWithGradient(opt, p, 0.5).item(), 1e-15);
        // step 2: g = 0.5 + 0.1·0.94 = 0.594, v = 0.9·0.6 + 0.594 = 1.134, p = 0.94 - 0.1134
        assertEquals(0.8266, stepWithGradient(opt, p, 0.5).item(), 1e-15);
        Tensor q = Tensor.of(1.0).requiresGrad(true);
        assertEquals(0.95, stepWithGradient(Sgd.of(List.of(q), 0.1), q, 0.5).item(), 1e-15);
    }

    @Test
    void adamAndAdamWFirstTwoStepsFollowTheirDefinitionByHand() {
        Tensor p = Tensor.of(1.0).requiresGrad(true);
        Optimizer adam = Adam.adam(List.of(p), 0.1);
        double p1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
        assertEquals(p1, stepWithGradient(adam, p, 0.5).item(), 1e-15, "m̂ = g, v̂ = g²: a step of lr");
        double m = 0.9 * 0.05 + 0.1 * -0.25;
        double v = 0.999 * 0.00025 + 0.001 * 0.0625;
        double p2 = p1 - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
        assertEquals(p2, stepWithGradient(adam, p, -0.25).item(), 1e-15);

        Tensor q = Tensor.of(1.0).requiresGrad(true);
        Optimizer adamW = Adam.adamW(List.of(q), 0.1, 0.9, 0.999, 1e-8, 0.1);
        double q1 = 1 * (1 - 0.1 * 0.1) - 0.1 * 0.5 / (0.5 + 1e-8);
        assertEquals(q1, stepWithGradient(adamW, q, 0.5).item(), 1e-15, "decay decoupled from the gradient");
        double q2 = q1 * (1 - 0.01) - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.998001)) + 1e-8);
        assertEquals(q2, stepWithGradient(adamW, q, -0.25).item(), 1e-15);
    }

    /**
     * An infinite parameter stays infinite under Adam without weight decay and under AdamW, as in PyTorch
     * ({@code p = tensor([inf, -inf, 1.]); p.grad = tensor([.5, .5, .5]); Adam([p], lr=0.1).step()} gives
     * {@code [inf, -inf, 0.9]}, AdamW {@code [inf, -inf, 0.899]}): no L2 term {@code 0 · p} is added to its gradient.
     */
    @Test
    void adamKeepsAnInfiniteParameterInfinite() {
        for (boolean decoupled : new boolean[] {false, true}) {
            Tensor p = Tensor.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1).requiresGrad(true);
            Optimizer opt = decoupled ? Adam.adamW(List.of(p), 0.1) : Adam.adam(List.of(p), 0.1);
            p.mul(Tensor.of(0.5, 0.5, 0.5)).sum().backward();
            opt.step();
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    decoupled ? 0.899 : 0.9}, p.toDoubleArray(), 1e-8, () -> (decoupled ? "AdamW " : "Adam ") + p);
        }
    }

    @Test
    void clippingScalesAllGradientsTogetherOnlyAboveTheLimit() {
        Tensor a = Tensor.of(0.0, 0.0).requiresGrad(true);
        Tensor b = Tensor.of(0.0).requiresGrad(true);
        a.mul(Tensor.of(6.0, 0.0)).sum().add(b.mul(8).sum()).backward();
        assertEquals(10, Optimizer.globalGradNorm(List.of(a, b)), 1e-15);
        Optimizer opt = Sgd.of(List.of(a, b), 1).clipGradNorm(5);
        assertEquals(10, opt.step(), 1e-15, "the norm before clipping");
        double scale = 5 / (10 + 1e-6);
        assertArrayEquals(new double[] {-6 * scale, 0}, a.toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-8 * scale}, b.toDoubleArray(), 1e-15);
        Tensor c = Tensor.of(0.0).requiresGrad(true);
        c.mul(3).sum().backward();
        Sgd.of(List.of(c), 1).clipGradNorm(5).step();
        assertEquals(-3, c.item(), 0, "below the limit the gradient is untouched");
        assertThrows(IllegalArgumentException.class, () -> opt.clipGradNorm(0));
    }

    /**
     * A NaN gradient element makes the global norm NaN, and PyTorch's {@code clip_grad_norm_} then multiplies every
     * gradient by NaN: {@code p.grad = [nan, 1]; q.grad = [3, 4]; clip_grad_norm_([p, q], 1.0)} leaves both
     * {@code [nan, nan]}, so an SGD step makes every parameter NaN, not only the one whose gradient was.
     */
    @Test
    void clippingANaNNormMakesEveryGradientNaNAsPyTorch() {
        Tensor p = Tensor.of(0.0, 0.0).requiresGrad(true);
        Tensor q = Tensor.of(0.0, 0.0).requiresGrad(true);
        p.mul(Tensor.of(Double.NaN, 1)).sum().add(q.mul(Tensor.of(3.0, 4.0)).sum()).backward();
        assertTrue(Double.isNaN(Sgd.of(List.of(p, q), 0.1).clipGradNorm(1).step()), "the norm before clipping");
        for (double v : new double[] {p.get(0), p.get(1), q.get(0), q.get(1)}) {
            assertTrue(Double.isNaN(v), () -> p + " " + q);
        }
        // without clipping, a NaN or infinite gradient element touches no other element's step
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Tensor r = Tensor.of(0.0, 0.0).requiresGrad(true);
            r.mul(Tensor.of(bad, 1)).sum().backward();
            Sgd.of(List.of(r), 0.1).step();
            assertEquals(-0.1, r.get(1), () -> r.toString());
        }
    }

    @Test
    void optimizersRefuseNonLeavesAndBadRatesAndRoundFloat32Parameters() {
        Tensor p = Tensor.of(1.0).requiresGrad(true);
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(List.of(p.mul(2)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(List.of(Tensor.of(1.0)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(List.of(p), -1));
        assertThrows(IllegalArgumentException.class, () -> Adam.adam(List.of(p), 0.1, 1, 0.9, 1e-8, 0));
        Tensor q = Tensor.of(2.0).requiresGrad(true);
        assertEquals("parameters[2] is parameters[0] again; each would be stepped twice",
                assertThrows(IllegalArgumentException.class, () -> Sgd.of(List.of(p, q, p), 0.1)).getMessage());
        Tensor f = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        stepWithGradient(Sgd.of(List.of(f), 0.1), f, 1.0 / 3);
        assertEquals((float) (1 - 0.1 / 3), f.toFloatArray()[0]);
    }

    // ---------------------------------------------------------------- losses against finite differences

    @Test
    void lossGradientsAgreeWithCentralDifferencesOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(5);
        double[] x = random.doubles(12, -3, 3).toArray();
        double[] y = random.doubles(12, 0, 1).toArray();
        int[] labels = random.ints(4, 0, 3).toArray();
        checkAgainstDifferences(x, t -> Losses.mse(t, Tensor.of(y, 4, 3)));
        checkAgainstDifferences(x, t -> Losses.bceWithLogits(t, Tensor.of(y, 4, 3)));
        checkAgainstDifferences(x, t -> Losses.crossEntropy(t, labels));
        checkAgainstDifferences(new double[] {0, 0, 0}, t -> Losses.bceWithLogits(t, Tensor.of(0.0, 0.5, 1.0)));
    }

    /**
     * Infinite, NaN and huge logits against PyTorch 1.13's binary_cross_entropy_with_logits in float64 (loss, gradient
     * in the logit and in the target), with one deliberate difference: at -Infinity PyTorch's loss is NaN for every
     * target, this one +Infinity for a positive target. At ±1e308 the loss is the mpmath truth to within the
     * rounding of {@code 1 - y} (PyTorch: 6.999999999999999e307 at 1e308 and 3.000000000000001e307 at -1e308 with the
     * target 0.3). The formula before gave NaN for loss and gradients at +Infinity.
     */
    @Test
    void bceWithLogitsAtInfiniteAndNaNLogitsIsPyTorchs() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        double[][] cases = {
            // logit, target, loss, d/dlogit, d/dtarget
            {inf, 0, inf, 1, -inf}, {inf, 0.3, inf, 0.7, -inf}, {inf, 1, nan, 0, -inf},
            {-inf, 0, nan, 0, inf}, {-inf, 0.3, inf, -0.3, inf}, {-inf, 1, inf, -1, inf},
            {nan, 0, nan, nan, nan}, {nan, 0.3, nan, nan, nan}, {nan, 1, nan, nan, nan},
            {1e308, 0, 1e308, 1, -1e308}, {1e308, 0.3, 7e307, 0.7, -1e308}, {1e308, 1, 0, 0, -1e308},
            {-1e308, 0, 0, 0, 1e308}, {-1e308, 0.3, 3e307, -0.3, 1e308}, {-1e308, 1, 1e308, -1, 1e308}};
        for (double[] c : cases) {
            Tensor x = Tensor.of(c[0]).requiresGrad(true);
            Tensor y = Tensor.of(c[1]).requiresGrad(true);
            Tensor loss = Losses.bceWithLogits(x, y);
            loss.backward();
            double rounding = Double.isFinite(c[2]) ? Math.ulp(c[2]) : 0;
            assertEquals(c[2], loss.item(), rounding, () -> Arrays.toString(c));
            assertEquals(c[3], x.grad().item(), () -> Arrays.toString(c));
            assertEquals(c[4], y.grad().item(), () -> Arrays.toString(c));
        }
        Tensor x = Tensor.of(new float[] {Float.POSITIVE_INFINITY}, 1).requiresGrad(true);
        Tensor loss = Losses.bceWithLogits(x, Tensor.of(new float[] {0.3f}, 1));
        loss.backward();
        assertEquals(inf, loss.item());
        assertEquals(0.7f, (float) x.grad().item());
    }

    /**
     * Where {@code ln(1 + e^x)} and {@code x y} nearly cancel ({@link BceTruths}). Subtracting gave 0 at 40 and at
     * -40, 0.0015240 in float32 at 6.4858; PyTorch 1.13 gives 0 at ±40 too, 0.0015237787854790158 at 6.4858 and
     * 0.00152376376 in float32. Loss and gradient in float64 are held to a few units in their own last place (the
     * gradient at 40 was 0, as PyTorch's, and 745 gave 0 for both), the gradient in float32 to the rounding of
     * {@code sigmoid(x) - y}.
     */
    @Test
    void bceWithLogitsKeepsTinyLossesWhereItsTwoTermsCancel() {
        for (double[] c : BceTruths.CASES) {
            Tensor x = Tensor.of(c[0]).requiresGrad(true);
            Tensor loss = Losses.bceWithLogits(x, Tensor.of(c[1]));
            loss.backward();
            assertEquals(c[2], loss.item(), 4 * Math.ulp(c[2]), () -> Arrays.toString(c));
            assertEquals(c[3], x.grad().item(), 4 * Math.ulp(c[3]), () -> Arrays.toString(c));
        }
        Tensor x = Tensor.of(new float[] {6.4858f}, 1).requiresGrad(true);
        Tensor loss = Losses.bceWithLogits(x, Tensor.of(new float[] {1}, 1));
        loss.backward();
        assertEquals(0.0015237791f, (float) loss.item(), 2 * Math.ulp(0.0015237791f));
        assertEquals(-0.0015226187f, (float) x.grad().item(), 0x1p-24f);
    }

    @Test
    void lossesNameTheirOwnNullArgument() {
        Tensor t = Tensor.of(1.0, 2.0);
        assertEquals("logits", assertThrows(NullPointerException.class, () -> Losses.bceWithLogits(null, t))
                .getMessage());
        assertEquals("targets", assertThrows(NullPointerException.class, () -> Losses.bceWithLogits(t, null))
                .getMessage());
        assertEquals("prediction", assertThrows(NullPointerException.class, () -> Losses.mse(null, t)).getMessage());
        assertEquals("target", assertThrows(NullPointerException.class, () -> Losses.mse(t, null)).getMessage());
    }

    private static void checkAgainstDifferences(double[] x, Function<Tensor, Tensor> loss) {
        int[] shape = x.length == 12 ? new int[] {4, 3} : new int[] {x.length};
        Tensor t = Tensor.of(x, shape).requiresGrad(true);
        loss.apply(t).backward();
        double[] grad = t.grad().toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += h;
            minus[i] -= h;
            double diff = (loss.apply(Tensor.of(plus, shape)).item() - loss.apply(Tensor.of(minus, shape)).item())
                    / (2 * h);
            assertEquals(diff, grad[i], 1e-8, "element " + i);
        }
    }

    @Test
    void lossesRefuseMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(Tensor.zeros(3, 1), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[3, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.bceWithLogits(Tensor.zeros(2), Tensor.zeros(3)));
    }

    // ---------------------------------------------------------------- training

    /** A 2-3-1 tanh network as a plain function of its 13 parameters (W1 row-major, b1, W2, b2), by hand. */
    private static double handLoss(double[] q, double[][] xs, double[] ys) {
        double total = 0;
        for (int n = 0; n < xs.length; n++) {
            double out = q[12];
            for (int j = 0; j < 3; j++) {
                double h = Math.tanh(xs[n][0] * q[j] + xs[n][1] * q[3 + j] + q[6 + j]);
                out += h * q[9 + j];
            }
            total += (out - ys[n]) * (out - ys[n]);
        }
        return total / xs.length;
    }

    @Test
    void threeSgdStepsOfATensorMlpEqualTheSameStepsByHandWithFiniteDifferences() {
        double[][] xs = {{0.5, -1}, {1.5, 0.25}, {-0.75, 2}, {0, 0.5}};
        double[] ys = {1, -0.5, 0.25, 2};
        Linear first = Linear.of(2, 3, Linear.Init.XAVIER, 21);
        Linear second = Linear.of(3, 1, Linear.Init.XAVIER, 22);
        Sequential net = Sequential.of(first, Activation.tanh(), second);
        Optimizer opt = Sgd.of(net.parameters(), 0.2);
        double[] q = new double[13];
        System.arraycopy(first.weight().toDoubleArray(), 0, q, 0, 6);
        System.arraycopy(second.weight().toDoubleArray(), 0, q, 9, 3);
        for (int step = 0; step < 3; step++) {
            net.zeroGrad();
            Losses.mse(net.forward(Tensor.of(xs)), Tensor.of(ys, 4, 1)).backward();
            opt.step();
            double[] grad = new double[13];
            for (int i = 0; i < 13; i++) {
                double[] plus = q.clone();
                double[] minus = q.clone();
                plus[i] += 1e-6;
                minus[i] -= 1e-6;
                grad[i] = (handLoss(plus, xs, ys) - handLoss(minus, xs, ys)) / 2e-6;
            }
            for (int i = 0; i < 13; i++) {
                q[i] -= 0.2 * grad[i];
            }
        }
        double[] tensorParams = new double[13];
        System.arraycopy(first.weight().toDoubleArray(), 0, tensorParams, 0, 6);
        System.arraycopy(first.bias().toDoubleArray(), 0, tensorParams, 6, 3);
        System.arraycopy(second.weight().toDoubleArray(), 0, tensorParams, 9, 3);
        tensorParams[12] = second.bias().get(0);
        assertArrayEquals(q, tensorParams, 1e-8);
    }

    @Test
    void miniBatchesCoverEveryRowOnceInASeededOrder() {
        List<int[]> batches = Batches.shuffled(10, 4, 9);
        assertEquals(List.of(4, 4, 2), batches.stream().map(b -> b.length).toList());
        Set<Integer> seen = new HashSet<>();
        batches.forEach(b -> Arrays.stream(b).forEach(seen::add));
        assertEquals(10, seen.size());
        assertArrayEquals(batches.get(0), Batches.shuffled(10, 4, 9).get(0));
        assertArrayEquals(new int[] {30, 10}, Batches.pick(new int[] {10, 20, 30}, new int[] {2, 0}));
        assertEquals("pick: index 3 at position 1 of the batch is out of range for 3 labels",
                assertThrows(ArrayIndexOutOfBoundsException.class,
                        () -> Batches.pick(new int[] {10, 20, 30}, new int[] {2, 3})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(3, 0, 1));
    }

    @Test
    void aTensorMlpLearnsTheQuadrantsOfThePlaneToHighAccuracy() {
        SplittableRandom random = new SplittableRandom(13);
        int n = 400;
        double[] x = new double[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double a;
            double b;
            do {
                a = random.nextDouble(-1, 1);
                b = random.nextDouble(-1, 1);
            } while (Math.abs(a) < 0.1 || Math.abs(b) < 0.1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            labels[i] = a * b > 0 ? 1 : 0;
        }
        Tensor data = Tensor.of(x, n, 2);
        Sequential net = Sequential.of(Linear.of(2, 16, Linear.Init.HE, 1), Activation.relu(),
                Linear.of(16, 16, Linear.Init.HE, 2), Activation.relu(), Dropout.of(0.1, 3),
                Linear.of(16, 2, Linear.Init.XAVIER, 4));
        Optimizer opt = Adam.adamW(net.parameters(), 0.02).clipGradNorm(5);
        for (int epoch = 0; epoch < 60; epoch++) {
            for (int[] batch : Batches.shuffled(n, 32, epoch)) {
                net.zeroGrad();
                Losses.crossEntropy(net.forward(data.indexSelect(0, batch)), Batches.pick(labels, batch))
                        .backward();
                opt.step();
            }
        }
        net.train(false);
        int[] predicted = net.forward(data).argmax(1);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        assertTrue(correct >= 0.97 * n, "accuracy " + correct + "/" + n);
    }
}
