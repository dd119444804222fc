package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Result dtypes, values and gradients of every promoting operation on float32 and float64 operands, 0-dimensional
 * and not, against PyTorch: {@code fixtures/dtype_fixture.csv}, written by the committed script
 * {@code fixtures/make_dtype_fixture.py}, which documents the case names ({@code mul_d32_s64}: a float32 matrix
 * times a float64 scalar). Dtypes must be equal. Values and gradients must match within 1e-12 relative where every
 * operand is float64, else within 2e-6, a few float32 roundings: jgrad sums a broadcast float32 gradient in
 * {@code double}, PyTorch in {@code float}, and PyTorch's derivatives of {@code pow} and {@code atan2} take each
 * operand in its own dtype even when the result is float64 (the logarithm of a float32 base is a float32), where
 * jgrad converts the operands first (its float64 gradients there are the exact ones, checked by hand).
 */
class DTypePromotionTest {

    private static final String RESOURCE = "/fixtures/dtype_fixture.csv";

    private static final Map<String, Function<Tensor[], Tensor>> OPS = new LinkedHashMap<>();

    static {
        OPS.put("add", x -> x[0].add(x[1]));
        OPS.put("sub", x -> x[0].sub(x[1]));
        OPS.put("mul", x -> x[0].mul(x[1]));
        OPS.put("div", x -> x[0].div(x[1]));
        OPS.put("pow", x -> x[0].pow(x[1]));
        OPS.put("atan2", x -> x[0].atan2(x[1]));
        OPS.put("hypot", x -> x[0].hypot(x[1]));
        OPS.put("maximum", x -> x[0].maximum(x[1]));
        OPS.put("minimum", x -> x[0].minimum(x[1]));
        OPS.put("where", x -> Tensor.where(x[0], x[1], x[2]));
    }

    private static final List<String> KINDS = List.of("d32", "d64", "s32", "s64");

    private static Map<String, Map<String, Tensor>> fixture;

    /** Every line of the fixture: case → key → tensor, in the line's dtype. */
    private static synchronized Map<String, Map<String, Tensor>> fixture() throws IOException {
        if (fixture == null) {
            fixture = read();
        }
        return fixture;
    }

    private static Map<String, Map<String, Tensor>> read() throws IOException {
        Map<String, Map<String, Tensor>> cases = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(
                DTypePromotionTest.class.getResourceAsStream(RESOURCE), () -> RESOURCE + " missing");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(";", -1);
                assertEquals(5, fields.length, line);
                DType dtype = DType.valueOf(fields[2].toUpperCase());
                int[] shape = Arrays.stream(numbers(fields[3])).mapToInt(v -> (int) v).toArray();
                Tensor t = Tensor.of(numbers(fields[4]), shape).to(dtype);
                cases.computeIfAbsent(fields[0], k -> new LinkedHashMap<>()).put(fields[1], t);
            }
        }
        return cases;
    }

    private static double[] numbers(String field) {
        return field.isBlank() ? new double[0]
                : Arrays.stream(field.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    static Stream<String> names() throws IOException {
        return fixture().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void dtypesValuesAndGradientsArePyTorchs(String name) throws IOException {
        Map<String, Tensor> ref = fixture().get(name);
        Function<Tensor[], Tensor> op = OPS.get(name.substring(0, name.indexOf('_')));
        assertNotNull(op, name);
        Tensor[] x = new Tensor[(int) ref.keySet().stream().filter(k -> k.startsWith("x")).count()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ref.get("x" + i).detach().requiresGrad(true);
        }
        double tolerance = Arrays.stream(x).allMatch(t -> t.dtype() == DType.FLOAT64) ? 1e-12 : 2e-6;
        Tensor out = op.apply(x);
        assertEquals(ref.get("out").dtype(), out.dtype(), name + " dtype");
        TensorFixtureTest.assertClose(ref.get("out"), out, tolerance, name + " value");
        out.mul(ref.get("w")).sum().backward();
        for (int i = 0; i < x.length; i++) {
            Tensor expected = ref.get("g" + i);
            Tensor grad = x[i].grad();
            assertEquals(expected.dtype(), grad.dtype(), name + " dtype of the gradient of x" + i);
            TensorFixtureTest.assertClose(expected, grad, tolerance, name + " gradient of x" + i);
            if (out.dtype() == DType.FLOAT32) {
                assertFloat32Numbers(grad, name + " gradient of x" + i);
            }
        }
    }

    /** A float64 gradient out of a float32 computation holds float32 numbers, as PyTorch's does. */
    private static void assertFloat32Numbers(Tensor t, String what) {
        for (double v : t.toDoubleArray()) {
            assertEquals(v, (double) (float) v, what + ": " + v + " is no float32 number");
        }
    }

    @Test
    void everyOperationMeetsEveryKindOfOperand() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String op : OPS.keySet()) {
            List<String> prefixes = op.equals("where") ? List.of("where_d64", "where_d32", "where_s64") : List.of(op);
            for (String prefix : prefixes) {
                for (String a : KINDS) {
                    for (String b : KINDS) {
                        expected.add(prefix + "_" + a + "_" + b);
                    }
                }
            }
        }
        assertEquals(expected, new TreeSet<>(fixture().keySet()));
    }

    @Test
    void aFloat64ScalarBesideFloat32ElementsIsRoundedToFloat32() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        Tensor third = Tensor.scalar(1.0 / 3);
        Tensor sum = x.add(third);
        assertEquals(DType.FLOAT32, sum.dtype());
        assertEquals(1 + (float) (1.0 / 3), sum.toDoubleArray()[0]);
        assertEquals(DType.FLOAT64, x.add(Tensor.of(1.0 / 3)).dtype(), "a float64 tensor of shape [1]");
        assertEquals(DType.FLOAT64, Tensor.scalar(1, DType.FLOAT32).add(third).dtype(), "two scalars");
    }

    @Test
    void theGradientOfAFloat64ScalarCanBeDifferentiatedAgain() {
        Tensor x = Tensor.of(new float[] {1.5f, 2.5f, -0.5f}, 3);
        Tensor s = Tensor.scalar(0.7).requiresGrad(true);
        Tensor y = x.mul(s).mul(s).sum();
        assertEquals(DType.FLOAT32, y.dtype());
        Tensor ds = Tensor.gradients(y, List.of(s), true).get(0);
        assertEquals(DType.FLOAT64, ds.dtype());
        assertEquals(2 * 3.5 * (float) 0.7, ds.item(), 1e-6);
        Tensor dds = Tensor.gradients(ds, List.of(s), false).get(0);
        assertEquals(DType.FLOAT64, dds.dtype());
        assertEquals(2 * 3.5, dds.item(), 1e-6);
    }

    @Test
    void whereKeepsTheSignOfAFloat64ConditionBesideFloat32Values() {
        Tensor tiny = Tensor.scalar(Double.MIN_VALUE);
        Tensor chosen = Tensor.where(tiny, Tensor.of(new float[] {1, 2}, 2), Tensor.scalar(0, DType.FLOAT32));
        assertEquals(DType.FLOAT32, chosen.dtype());
        assertEquals(List.of(1.0, 2.0), Arrays.stream(chosen.toDoubleArray()).boxed().toList());
    }
}
