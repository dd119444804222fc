package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tape.Tape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values and gradients against PyTorch (float64), read from {@code fixtures/core_fixture.csv}, which
 * {@code fixtures/make_core_fixture.py} writes; that script also documents the expression notation interpreted here.
 * A tape recorded from each case's graph gives the graph's value and gradient to the bit.
 */
class CoreFixtureTest {

    /** Rounding may differ in the last bits (PyTorch multiplies partials in another order), nothing more. */
    private static final double RELATIVE_TOLERANCE = 1e-12;

    record Case(String name, String expression, double[] variables, double value, double[] gradients) {
        @Override
        public String toString() {
            return name + ": " + expression + " at " + Arrays.toString(variables);
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(
                CoreFixtureTest.class.getResourceAsStream("/fixtures/core_fixture.csv"), "fixture missing");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(";", -1);
                assertEquals(5, fields.length, "fixture line: " + line);
                cases.add(new Case(fields[0], fields[1], numbers(fields[2]), Double.parseDouble(fields[3]),
                        numbers(fields[4])));
            }
        }
        return cases;
    }

    private static double[] numbers(String field) {
        return Arrays.stream(field.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    static Stream<Case> fixture() throws IOException {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixture")
    void agreesWithPyTorch(Case c) {
        Value[] variables = Arrays.stream(c.variables()).mapToObj(Value::of).toArray(Value[]::new);
        Value out = evaluate(c.expression(), variables);
        out.backward();
        assertClose(c.value(), out.data(), "value of " + c);
        for (int i = 0; i < variables.length; i++) {
            assertClose(c.gradients()[i], variables[i].grad(), "d/dx" + i + " of " + c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixture")
    void aTapeAgreesWithTheGraphToTheBit(Case c) {
        Value[] variables = Arrays.stream(c.variables()).mapToObj(Value::of).toArray(Value[]::new);
        Value out = evaluate(c.expression(), variables);
        out.backward();
        double[] gradient = new double[variables.length];
        double value = Tape.record(out, Arrays.asList(variables)).newWorkspace().gradient(c.variables(), gradient);
        // assertEquals on doubles compares bit patterns (all NaNs alike), so -0.0 and 0.0 are told apart
        assertEquals(out.data(), value, "value of " + c);
        for (int i = 0; i < variables.length; i++) {
            assertEquals(variables[i].grad(), gradient[i], "d/dx" + i + " of " + c);
        }
    }

    @Test
    void fixtureCoversEveryOpAndTheEdgePoints() throws IOException {
        List<Case> cases = cases();
        String all = String.join(" ", cases.stream().map(Case::expression).toList());
        for (String op : List.of("add", "sub", "mul", "div", "pow", "neg", "exp", "log", "log1p", "sqrt", "tanh",
                "sigmoid", "relu", "sin", "cos", "abs", "sign", "where", "sum", "expm1", "tan", "asin", "acos", "atan",
                "atan2", "sinh", "cosh", "hypot", "max", "min", "softplus", "logsumexp", "log10", "asinh", "acosh",
                "atanh")) {
            assertTrue(Arrays.asList(all.split(" ")).stream().anyMatch(t -> t.startsWith(op)), op);
        }
        for (String edge : List.of("pow_at_0_0", "max_tie", "atan2_at_0_0", "hypot_at_0_0", "softplus_at_20",
                "logsumexp_all_-inf")) {
            assertTrue(cases.stream().anyMatch(c -> c.name().equals(edge)), edge);
        }
        assertFalse(cases.size() < 140, "fixture truncated: " + cases.size() + " cases");
    }

    private static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        assertEquals(expected, actual, RELATIVE_TOLERANCE * Math.abs(expected) + Double.MIN_NORMAL, what);
    }

    /** Builds the expression in prefix notation over the given leaves (the notation of make_core_fixture.py). */
    static Value evaluate(String expression, Value... variables) {
        Iterator<String> tokens = Arrays.asList(expression.trim().split("\\s+")).iterator();
        Value out = (Value) parse(tokens, variables, new HashMap<>(), false);
        assertFalse(tokens.hasNext(), "trailing tokens in " + expression);
        return out;
    }

    /** A {@link Value}, or a {@link Double} where a binary op's second operand is a number. */
    private static Object parse(Iterator<String> tokens, Value[] variables, Map<String, Value> names,
            boolean numberAllowed) {
        String token = tokens.next();
        if (token.matches("[-+0-9.].*|nan|inf")) {
            double number = Double.parseDouble(token.replace("nan", "NaN").replace("inf", "Infinity"));
            return numberAllowed ? (Object) number : Value.of(number);
        }
        if (names.containsKey(token)) {
            return names.get(token);
        }
        if (token.matches("x[0-9]+")) {
            return variables[Integer.parseInt(token.substring(1))];
        }
        switch (token) {
            case "add": case "sub": case "mul": case "div": case "pow":
                Value left = value(tokens, variables, names);
                return binary(token, left, parse(tokens, variables, names, true));
            case "atan2":
                return value(tokens, variables, names).atan2(value(tokens, variables, names));
            case "hypot":
                return value(tokens, variables, names).hypot(value(tokens, variables, names));
            case "max":
                return Value.max(value(tokens, variables, names), value(tokens, variables, names));
            case "min":
                return Value.min(value(tokens, variables, names), value(tokens, variables, names));
            case "where":
                Value cond = value(tokens, variables, names);
                Value ifPositive = value(tokens, variables, names);
                return Value.where(cond, ifPositive, value(tokens, variables, names));
            case "let":
                String name = tokens.next();
                Map<String, Value> inner = new HashMap<>(names);
                inner.put(name, value(tokens, variables, names));
                return parse(tokens, variables, inner, numberAllowed);
            default:
                break;
        }
        if (token.startsWith("logsumexp")) {
            Value[] terms = new Value[Integer.parseInt(token.substring("logsumexp".length()))];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = value(tokens, variables, names);
            }
            return Value.logsumexp(terms);
        }
        if (token.startsWith("sum")) {
            Value[] terms = new Value[Integer.parseInt(token.substring(3))];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = value(tokens, variables, names);
            }
            return Value.sum(terms);
        }
        return unary(token, value(tokens, variables, names));
    }

    private static Value value(Iterator<String> tokens, Value[] variables, Map<String, Value> names) {
        return (Value) parse(tokens, variables, names, false);
    }

    private static Value binary(String op, Value a, Object b) {
        if (b instanceof Double number) {
            return switch (op) {
                case "add" -> a.add(number);
                case "sub" -> a.sub(number);
                case "mul" -> a.mul(number);
                case "div" -> a.div(number);
                default -> a.pow(number);
            };
        }
        Value v = (Value) b;
        return switch (op) {
            case "add" -> a.add(v);
            case "sub" -> a.sub(v);
            case "mul" -> a.mul(v);
            case "div" -> a.div(v);
            default -> a.pow(v);
        };
    }

    private static Value unary(String op, Value a) {
        return switch (op) {
            case "neg" -> a.neg();
            case "exp" -> a.exp();
            case "log" -> a.log();
            case "log1p" -> a.log1p();
            case "expm1" -> a.expm1();
            case "tan" -> a.tan();
            case "asin" -> a.asin();
            case "acos" -> a.acos();
            case "atan" -> a.atan();
            case "sinh" -> a.sinh();
            case "cosh" -> a.cosh();
            case "softplus" -> a.softplus();
            case "log10" -> a.log10();
            case "asinh" -> a.asinh();
            case "acosh" -> a.acosh();
            case "atanh" -> a.atanh();
            case "sqrt" -> a.sqrt();
            case "tanh" -> a.tanh();
            case "sigmoid" -> a.sigmoid();
            case "relu" -> a.relu();
            case "sin" -> a.sin();
            case "cos" -> a.cos();
            case "abs" -> a.abs();
            case "sign" -> a.sign();
            default -> throw new IllegalArgumentException("unknown token '" + op + "'");
        };
    }
}
