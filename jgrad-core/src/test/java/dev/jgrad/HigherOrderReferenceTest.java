package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares {@link Grad} with reference numbers from PyTorch (float64) and mpmath, written by the committed script
 * {@code src/test/resources/dev/jgrad/higher_order_reference.py} into {@code higher_order_reference.txt}. The
 * functions below are the script's, op for op; together they use every rule of {@link Op} and the custom ops of
 * {@link Special}. Agreement is required within 1e-10 relative (1e-13 absolute for values that are 0).
 */
class HigherOrderReferenceTest {

    static final double RELATIVE = 1e-10;
    static final double ABSOLUTE = 1e-13;

    static final Map<String, ScalarFunction> SCALAR = new LinkedHashMap<>();

    static {
        SCALAR.put("arith", x -> x[0].mul(x[1]).sub(x[2].div(x[0])).add(x[1].sub(x[2]).mul(x[0]))
                .add(x[1].neg().mul(x[2]).mul(x[2])));
        SCALAR.put("pow", x -> x[0].pow(x[1]).add(x[1].pow(3.0)).add(x[2].pow(0.5))
                .add(x[0].add(x[2]).pow(x[1].sub(x[0]))));
        SCALAR.put("transcendental", x -> x[0].mul(x[1]).exp().add(Value.apply(Op.LOG1P, x[2].mul(x[0])))
                .add(x[1].add(x[2]).log().mul(x[0].sin()))
                .add(x[1].mul(x[2]).cos()).add(x[0].add(x[1].mul(x[1])).sqrt()));
        SCALAR.put("activations", x -> x[0].mul(x[1]).tanh().mul(x[1].sub(x[2]).sigmoid())
                .add(x[0].sub(x[2]).relu().mul(x[1].pow(2.0))).add(x[2].sub(x[0]).relu().mul(x[0])));
        SCALAR.put("abs_sign", x -> x[0].sub(x[1]).abs().mul(x[2]).add(x[1].sign().mul(x[0]).mul(x[1]))
                .add(x[2].abs().pow(2.5)));
        SCALAR.put("where", x -> Value.where(x[0].sub(x[1]), x[0].mul(x[1].pow(2.0)), x[2].pow(3.0))
                .add(Value.where(x[2].sub(x[0]), x[2].mul(x[1]).sin(), x[0].div(x[1]).exp())));
        SCALAR.put("sum", x -> Value.sum(x[0].mul(x[1]), x[2].sin(), x[0].pow(2.0), x[1].mul(x[2]).mul(x[0]),
                x[0].exp()));
        SCALAR.put("erf", x -> Special.erf(x[0].mul(x[1])).mul(x[2]).add(Special.erf(x[2].sub(x[1]))));
        SCALAR.put("inverse_trig", x -> x[0].mul(x[1]).tan().add(x[0].mul(x[2]).div(3.0).asin().mul(x[1]))
                .add(x[1].mul(x[2]).div(2.0).acos()).add(x[0].mul(x[1]).mul(x[2]).atan())
                .add(x[0].add(x[1]).atan2(x[2].mul(x[0]))).add(x[1].mul(x[2]).hypot(x[0].sub(x[1])))
                .add(x[0].mul(x[2]).sub(x[1]).expm1()));
        SCALAR.put("hyperbolic_max", x -> x[0].mul(x[2]).sinh().mul(x[1].sub(x[0]).cosh())
                .add(Value.max(x[0].mul(x[1]), x[2].sub(x[0])).mul(x[1]))
                .add(Value.min(x[0].pow(2.0), x[1].mul(x[2])).mul(x[0]))
                .add(x[1].mul(x[2]).add(x[0]).softplus())
                .add(Value.logsumexp(x[0].mul(x[1]), x[2], x[1].sub(x[0]), x[2].mul(x[2]))));
        // PyTorch has no cbrt: the reference takes a positive operand to the power 1/3
        SCALAR.put("inverse_hyperbolic", x -> x[0].mul(x[1]).asinh().mul(x[2].add(x[0].pow(2.0)).acosh())
                .add(x[1].mul(x[2]).div(3.0).atanh())
                .add(x[0].add(x[2]).log10().mul(x[1].mul(x[1]).add(x[2]).cbrt())));
    }

    static final Map<String, VectorFunction> VECTOR = Map.of(
            "stacked", x -> SCALAR.values().stream().map(f -> f.apply(x)).toArray(Value[]::new),
            "pair", x -> new Value[] {SCALAR.get("transcendental").apply(x), SCALAR.get("where").apply(x)});

    static final Map<String, UnivariateFunction> UNIVARIATE = Map.of(
            "u_sin_exp", x -> x.sin().mul(x.div(2.0).exp()).add(x.pow(2.5)),
            "u_sigmoid_tanh", x -> x.sigmoid().mul(x.tanh()),
            "u_erf", x -> Special.erf(x).mul(x),
            "u_sqrt_log", x -> Value.of(1).add(x.mul(x)).sqrt().mul(x.log()),
            "u_div_cos", x -> x.cos().div(Value.of(1).add(x.mul(x))),
            "special_lgamma", Special::logGamma,
            "special_erf", Special::erf);

    /** name → key → numbers; a name used twice (lgamma at several points) keeps every occurrence in order. */
    static final Map<String, List<Map<String, double[]>>> FIXTURE = load();

    static Map<String, List<Map<String, double[]>>> load() {
        Map<String, List<Map<String, double[]>>> fixture = new HashMap<>();
        try (InputStream in = HigherOrderReferenceTest.class.getResourceAsStream("higher_order_reference.txt")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                double[] numbers = new double[parts.length - 2];
                for (int i = 0; i < numbers.length; i++) {
                    numbers[i] = Double.parseDouble(parts[i + 2]);
                }
                List<Map<String, double[]>> entries = fixture.computeIfAbsent(parts[0], k -> new ArrayList<>());
                if (parts[1].equals("x") || entries.isEmpty()) {
                    entries.add(new HashMap<>());
                }
                entries.get(entries.size() - 1).put(parts[1], numbers);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return fixture;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = Math.max(ABSOLUTE, RELATIVE * Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    static double[] flatten(double[][] matrix) {
        return Stream.of(matrix).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static Map<String, double[]> only(String name) {
        List<Map<String, double[]>> entries = FIXTURE.get(name);
        assertEquals(1, entries.size(), name);
        return entries.get(0);
    }

    static Value[] leaves(double[] x) {
        return java.util.Arrays.stream(x).mapToObj(Value::of).toArray(Value[]::new);
    }

    static Value dot(List<Value> a, double[] v) {
        Value[] terms = new Value[v.length];
        for (int i = 0; i < v.length; i++) {
            terms[i] = a.get(i).mul(v[i]);
        }
        return Value.sum(terms);
    }

    @Test
    void fixtureCoversEveryFunction() {
        for (String name : SCALAR.keySet()) {
            assertTrue(FIXTURE.containsKey(name), name);
        }
        assertEquals(7, FIXTURE.get("special_lgamma").size());
        assertEquals(4, FIXTURE.get("special_erf").size());
    }

    @Test
    void functionsUseEveryOpOfTheTable() {
        java.util.Set<String> used = new java.util.HashSet<>();
        Value[] x = leaves(new double[] {0.8, 1.2, 1.5});
        for (ScalarFunction f : SCALAR.values()) {
            for (Value node : f.apply(x).topologicalOrder()) {
                used.add(node.op());
            }
        }
        for (Op op : Op.values()) {
            assertTrue(used.contains(op.label()), op.name());
        }
        assertTrue(used.contains("erf"));
    }

    @TestFactory
    Stream<DynamicTest> scalarFunctions() {
        return SCALAR.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String name = e.getKey();
            ScalarFunction f = e.getValue();
            Map<String, double[]> ref = only(name);
            double[] x = ref.get("x");
            double[] v = ref.get("v");
            Grad.ValueAndGrad vg = Grad.valueAndGrad(f, x);
            assertClose(ref.get("value"), new double[] {vg.value()}, name + " value");
            assertClose(ref.get("grad"), vg.gradient(), name + " grad");
            assertClose(ref.get("grad"), Grad.grad(f, x), name + " grad");
            double[][] h = Grad.hessian(f, x);
            assertClose(ref.get("hessian"), flatten(h), name + " hessian");
            assertSymmetric(h, name);
            assertClose(ref.get("hvp"), Grad.hessianVectorProduct(f, x, v), name + " hvp");

            // Reverse over reverse, through the Value-level API: PyTorch's nested grad with create_graph=True.
            Value[] leaves = leaves(x);
            List<Value> wrt = List.of(leaves);
            List<Value> g = Grad.gradient(f.apply(leaves), wrt, true);
            assertClose(ref.get("grad"), g.stream().mapToDouble(Value::data).toArray(), name + " graph grad");
            List<Value> hv = Grad.gradient(dot(g, v), wrt, true);
            assertClose(ref.get("hvp"), hv.stream().mapToDouble(Value::data).toArray(), name + " nested hvp");
            List<Value> third = Grad.gradient(dot(hv, v), wrt, false);
            assertClose(ref.get("third"), third.stream().mapToDouble(Value::data).toArray(), name + " third");
            double[][] reverseOverReverse = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                reverseOverReverse[i] = Grad.gradient(g.get(i), wrt, false).stream()
                        .mapToDouble(Value::data).toArray();
            }
            assertClose(ref.get("hessian"), flatten(reverseOverReverse), name + " reverse-over-reverse hessian");
        }));
    }

    static void assertSymmetric(double[][] h, String name) {
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < i; j++) {
                double tolerance = 1e-12 * Math.max(1, Math.max(Math.abs(h[i][j]), Math.abs(h[j][i])));
                assertEquals(h[i][j], h[j][i], tolerance, name + " hessian symmetry at " + i + "," + j);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> vectorFunctions() {
        return VECTOR.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String name = e.getKey();
            VectorFunction f = e.getValue();
            Map<String, double[]> ref = only(name);
            double[] x = ref.get("x");
            assertClose(ref.get("jacobian"), flatten(Grad.jacobian(f, x)), name + " jacobian");
            Grad.Jvp jvp = Grad.jvp(f, x, ref.get("v"));
            assertClose(ref.get("value"), jvp.value(), name + " jvp value");
            assertClose(ref.get("jvp"), jvp.tangent(), name + " jvp");
            Grad.Vjp vjp = Grad.vjp(f, x, ref.get("u"));
            assertClose(ref.get("value"), vjp.value(), name + " vjp value");
            assertClose(ref.get("vjp"), vjp.cotangent(), name + " vjp");
        }));
    }

    @TestFactory
    Stream<DynamicTest> derivativesOfOneVariable() {
        return UNIVARIATE.entrySet().stream().flatMap(e -> FIXTURE.get(e.getKey()).stream().map(ref ->
                DynamicTest.dynamicTest(e.getKey() + " at " + ref.get("x")[0], () -> {
                    double[] expected = ref.get("derivatives");
                    double[] actual = Grad.derivatives(e.getValue(), ref.get("x")[0], expected.length - 1);
                    assertClose(expected, actual, e.getKey() + " at " + ref.get("x")[0]);
                })));
    }
}
