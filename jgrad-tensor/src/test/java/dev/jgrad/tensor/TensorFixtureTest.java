package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values and gradients against PyTorch, read from {@code fixtures/tensor_fixture.csv}, which the committed script
 * {@code fixtures/make_tensor_fixture.py} writes. Each function below is the script's of the same name, op for op;
 * the gradients are those of {@code Σ out · w}. NaN and infinities must match exactly, other numbers within 1e-12
 * relative in float64 and 1e-5 in float32.
 */
class TensorFixtureTest {

    private static final Map<String, Function<Tensor[], Tensor>> CASES = new LinkedHashMap<>();

    private static void put(String name, Function<Tensor[], Tensor> f) {
        CASES.put(name, f);
    }

    static {
        put("neg", x -> x[0].neg());
        put("exp", x -> x[0].exp());
        put("log", x -> x[0].log());
        put("log1p", x -> x[0].log1p());
        put("sqrt", x -> x[0].sqrt());
        put("tanh", x -> x[0].tanh());
        put("sigmoid", x -> x[0].sigmoid());
        put("relu", x -> x[0].relu());
        put("sin", x -> x[0].sin());
        put("cos", x -> x[0].cos());
        put("abs", x -> x[0].abs());
        put("sign", x -> x[0].sign());
        put("lgamma", x -> x[0].lgamma());
        put("add", x -> x[0].add(x[1]));
        put("sub", x -> x[0].sub(x[1]));
        put("mul", x -> x[0].mul(x[1]));
        put("div", x -> x[0].div(x[1]));
        put("pow", x -> x[0].pow(x[1]));
        put("pow_scalar", x -> x[0].pow(3).add(x[0].pow(0.5)));
        put("where", x -> Tensor.where(x[0], x[1], x[2]));
        put("clamp", x -> x[0].clamp(-1, 0.5));
        put("broadcast_chain", x -> x[0].mul(x[1]).add(x[2]).tanh().mul(x[0]));
        put("scalars", x -> x[0].add(2).mul(3).sub(Tensor.scalar(1).div(x[0].sub(5))));
        put("size_zero", x -> x[0].mul(x[1]).sum(1).add(1));
        put("sum_all", x -> x[0].sum());
        put("sum_axes", x -> x[0].sum(0, 2));
        put("sum_keepdim", x -> x[0].sum(1, true).mul(x[0]));
        put("mean_axes", x -> x[0].mean(new int[] {-1, 0}, true));
        put("max_axis", x -> x[0].max(1));
        put("max_ties", x -> x[0].max(1, true));
        put("max_nan", x -> x[0].max(1));
        put("min_axes", x -> x[0].min(0, 1));
        put("transpose", x -> x[0].transpose(0, 2).mul(arange(24).reshape(4, 3, 2)));
        put("permute_reshape", x -> x[0].permute(2, 0, 1).reshape(4, 6).sin());
        put("slice_step", x -> x[0].slice(1, 1, Integer.MAX_VALUE, 2).mul(x[0].slice(1, 0, 2, 1)));
        put("select", x -> x[0].select(0, 1).mul(x[0].select(1, -1).sum()));
        put("expand", x -> x[0].expand(2, 3, 4).mul(arange(24).reshape(2, 3, 4)));
        put("concat", x -> Tensor.concat(List.of(x[0], x[1].exp(), x[0]), 1));
        put("stack", x -> Tensor.stack(List.of(x[0], x[1].mul(x[0])), 1));
        put("gather", x -> x[0].gather(1, new int[] {0, 0, 2, 1, 1, 2}, 3, 2));
        put("index_select", x -> x[0].indexSelect(0, 2, 0, 2));
        put("matmul", x -> x[0].matmul(x[1]));
        put("matmul_batched", x -> x[0].matmul(x[1]));
        put("matmul_vectors", x -> x[0].matmul(x[1]).mul(x[1].matmul(x[2]).sum()));
        put("matmul_transposed", x -> x[0].transpose(0, 1).matmul(x[1].transpose(0, 1)));
        put("mlp", TensorFixtureTest::mlp);
        put("softmax", x -> x[0].softmax(1));
        put("log_softmax", x -> x[0].logSoftmax(0));
        put("logsumexp", x -> x[0].logsumexp(1, false));
        put("log_softmax_large", x -> x[0].logSoftmax(1));
        put("cross_entropy", x -> x[0].crossEntropy(2, 0, 1, 2));
        put("cross_entropy_large", x -> x[0].crossEntropy(1, 0));
        put("mlp_f32", TensorFixtureTest::mlp);
        put("cross_entropy_f32", x -> x[0].crossEntropy(2, 0, 1, 2));
        put("elementwise_f32", x -> x[0].exp().mul(x[0].tanh()).add(x[0].sigmoid().div(x[0].abs().add(1))));
        put("logsumexp_beside_inf", x -> x[0].logsumexp(1, false));
        put("logsumexp_beside_inf_f32", x -> x[0].logsumexp(0, false));
    }

    private static Tensor mlp(Tensor[] x) {
        return x[0].matmul(x[1]).add(x[2]).relu().matmul(x[3]);
    }

    private static Tensor arange(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Tensor.of(v);
    }

    /** Every line of the fixture: case → key → tensor (float64; the case's dtype is applied when it runs). */
    static Map<String, Map<String, Tensor>> fixture() throws IOException {
        return fixture("/fixtures/tensor_fixture.csv");
    }

    /** Every line of a fixture in this format, by resource name. */
    static Map<String, Map<String, Tensor>> fixture(String resource) throws IOException {
        Map<String, Map<String, Tensor>> cases = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(
                TensorFixtureTest.class.getResourceAsStream(resource), () -> resource + " missing");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(";", -1);
                assertEquals(4, fields.length, line);
                int[] shape = numbers(fields[2]).mapToInt(v -> (int) v).toArray();
                double[] values = numbers(fields[3]).toArray();
                cases.computeIfAbsent(fields[0], k -> new LinkedHashMap<>()).put(fields[1], Tensor.of(values, shape));
            }
        }
        return cases;
    }

    private static java.util.stream.DoubleStream numbers(String field) {
        return field.isBlank() ? java.util.stream.DoubleStream.empty()
                : Arrays.stream(field.trim().split(" ")).mapToDouble(Double::parseDouble);
    }

    static Stream<String> names() {
        return CASES.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void agreesWithPyTorch(String name) throws IOException {
        Map<String, Tensor> ref = fixture().get(name);
        assertTrue(ref != null, "no fixture lines for " + name);
        DType dtype = name.endsWith("_f32") ? DType.FLOAT32 : DType.FLOAT64;
        double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        int inputs = (int) ref.keySet().stream().filter(k -> k.startsWith("x")).count();
        Tensor[] x = new Tensor[inputs];
        for (int i = 0; i < inputs; i++) {
            x[i] = ref.get("x" + i).to(dtype).detach().requiresGrad(true);
        }
        Tensor out = CASES.get(name).apply(x);
        assertEquals(dtype, out.dtype(), name + " dtype");
        assertClose(ref.get("out"), out, tolerance, name + " value");
        out.mul(ref.get("w").to(dtype)).sum().backward();
        for (int i = 0; i < inputs; i++) {
            assertEquals(dtype, x[i].grad().dtype());
            assertClose(ref.get("g" + i), x[i].grad(), tolerance, name + " gradient of x" + i);
        }
    }

    @Test
    void everyCaseOfTheScriptIsChecked() throws IOException {
        assertEquals(fixture().keySet(), CASES.keySet());
    }

    /**
     * Equal NaN and infinities; other numbers within {@code tolerance} relative to themselves, plus the same share of
     * the largest element in float32, where the rounding of a difference of nearly equal numbers (a softmax close to
     * 1, minus 1) is relative to the larger numbers.
     */
    static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double scale = 0;
        for (double v : e) {
            scale = Double.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale;
        }
        double floor = actual.dtype() == DType.FLOAT32 ? tolerance * scale : 0;
        for (int i = 0; i < e.length; i++) {
            if (Double.isFinite(e[i])) {
                double allowed = tolerance * Math.abs(e[i]) + floor + Double.MIN_NORMAL;
                assertEquals(e[i], a[i], allowed, what + " element " + i);
            } else {
                assertEquals(e[i], a[i], what + " element " + i);
            }
        }
    }
}
