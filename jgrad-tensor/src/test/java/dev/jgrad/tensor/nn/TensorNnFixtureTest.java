package dev.jgrad.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Losses, their gradients, optimizer steps and clipping against PyTorch, read from
 * {@code fixtures/tensor_nn_fixture.txt}, which the committed script {@code fixtures/make_tensor_nn_fixture.py}
 * writes from the same literal inputs as below. Float64 throughout; agreement within 1e-12 relative.
 */
class TensorNnFixtureTest {

    private static final double[][] X = {{0.5, -1.25, 3.0}, {-40.0, 0.0, 2.5}, {1000.0, -1000.0, 0.125}};
    private static final double[][] Y = {{1.0, 0.0, 0.25}, {0.0, 1.0, 1.0}, {0.5, 0.0, 1.0}};
    private static final int[] LABELS = {2, 0, 1};
    private static final double[] P0 = {0.5, -1.5, 2.0};
    private static final double[][] GRADS = {{0.1, -0.2, 0.3}, {-0.4, 0.5, 0.05}, {0.2, 0.2, -0.6}};

    private static Map<String, double[]> fixture;

    @BeforeAll
    static void read() throws IOException {
        fixture = new HashMap<>();
        try (InputStream in = Objects.requireNonNull(
                TensorNnFixtureTest.class.getResourceAsStream("/fixtures/tensor_nn_fixture.txt"));
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] parts = line.trim().split(" ");
                fixture.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble)
                        .toArray());
            }
        }
    }

    private static void assertClose(String name, double[] actual) {
        double[] expected = Objects.requireNonNull(fixture.get(name), name);
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), name + "[" + i + "]");
        }
    }

    private static void checkLoss(String name, Function<Tensor, Tensor> loss) {
        Tensor x = Tensor.of(X).requiresGrad(true);
        Tensor out = loss.apply(x);
        out.backward();
        assertClose(name + ".value", new double[] {out.item()});
        assertClose(name + ".grad", x.grad().toDoubleArray());
    }

    @Test
    void meanSquaredErrorMatchesPyTorch() {
        checkLoss("mse", x -> Losses.mse(x, Tensor.of(Y)));
    }

    @Test
    void binaryCrossEntropyWithLogitsMatchesPyTorchAtLogitsOfPlusMinus1000() {
        checkLoss("bce", x -> Losses.bceWithLogits(x, Tensor.of(Y)));
    }

    @Test
    void crossEntropyMatchesPyTorch() {
        checkLoss("ce", x -> Losses.crossEntropy(x, LABELS));
    }

    private static void checkSteps(String name, Function<List<Tensor>, Optimizer> make) {
        Tensor p = Tensor.of(P0).requiresGrad(true);
        Optimizer opt = make.apply(List.of(p));
        for (int step = 0; step < GRADS.length; step++) {
            p.zeroGrad();
            p.mul(Tensor.of(GRADS[step])).sum().backward();
            opt.step();
            assertClose(name + ".step" + (step + 1), p.toDoubleArray());
        }
    }

    @Test
    void sgdWithMomentumAndWeightDecayMatchesPyTorchForThreeSteps() {
        checkSteps("sgd", ps -> Sgd.of(ps, 0.1, 0.9, 0.01));
    }

    @Test
    void adamWithL2WeightDecayMatchesPyTorchForThreeSteps() {
        checkSteps("adam", ps -> Adam.adam(ps, 0.1, 0.8, 0.99, 1e-3, 0.05));
    }

    @Test
    void adamWWithDecoupledWeightDecayMatchesPyTorchForThreeSteps() {
        checkSteps("adamw", ps -> Adam.adamW(ps, 0.1, 0.8, 0.99, 1e-3, 0.05));
    }

    @Test
    void clippingByGlobalNormMatchesPyTorchClipGradNorm() {
        Tensor a = Tensor.of(new double[][] {{3, -4}}).requiresGrad(true);
        Tensor b = Tensor.of(12).requiresGrad(true);
        a.mul(Tensor.of(new double[][] {{3, -4}})).sum().add(b.mul(12).sum()).backward();
        Optimizer opt = Sgd.of(List.of(a, b), 1).clipGradNorm(6.5);
        double norm = opt.step();
        assertClose("clip.norm", new double[] {norm});
        double[] clippedA = fixture.get("clip.a");
        double[] clippedB = fixture.get("clip.b");
        assertClose("clip.a", new double[] {3 - a.get(0, 0), -4 - a.get(0, 1)});
        assertClose("clip.b", new double[] {12 - b.get(0)});
        assertEquals(6.5, Math.sqrt(clippedA[0] * clippedA[0] + clippedA[1] * clippedA[1]
                + clippedB[0] * clippedB[0]), 1e-5, "PyTorch's clipped norm is the limit");
    }
}
