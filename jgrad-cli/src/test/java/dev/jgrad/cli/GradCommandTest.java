package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GradCommandTest {

    @Test
    void printsValueAndPartialsOfAHandDerivedExpression() {
        // f = x^2 y + y/x at (2, 3): f = 12 + 1.5; df/dx = 2xy - y/x^2 = 12 - 0.75; df/dy = x^2 + 1/x = 4.5
        Cli.Result result = Cli.run("grad", "x^2*y + y/x", "--at", "x=2,y=3");
        assertEquals(0, result.status());
        assertEquals("value = 13.5\nd/dx = 11.25\nd/dy = 4.5\n", result.out());
        assertEquals("", result.err());
    }

    @Test
    void partialsFollowTheOrderOfAt() {
        Cli.Result result = Cli.run("grad", "x^2*y + y/x", "--at", "y=3, x=2");
        assertEquals("value = 13.5\nd/dy = 4.5\nd/dx = 11.25\n", result.out());
    }

    @Test
    void aVariableOnlyInAtHasPartialZero() {
        Cli.Result result = Cli.run("grad", "3*x", "--at", "x=1,z=5");
        assertEquals("value = 3.0\nd/dx = 3.0\nd/dz = 0.0\n", result.out());
    }

    @Test
    void aVariableUsedTwiceAccumulatesBothPaths() {
        // d/dx (x*x + x) = 2x + 1 = 7 at 3
        assertEquals("value = 12.0\nd/dx = 7.0\n", Cli.run("grad", "x*x + x", "--at", "x=3").out());
    }

    @Test
    void jsonHasValueAndGradientInAtOrder() {
        Cli.Result result = Cli.run("grad", "x^2*y + y/x", "--at", "x=2,y=3", "--json");
        assertEquals(0, result.status());
        assertEquals("{\"value\": 13.5, \"gradient\": {\"x\": 11.25, \"y\": 4.5}}\n", result.out());
    }

    @Test
    void jsonWritesNonFiniteNumbersAsStrings() {
        // log(0) = -Infinity with derivative 1/0 = +Infinity; sqrt(-1) is NaN
        assertEquals("{\"value\": \"-Infinity\", \"gradient\": {\"x\": \"Infinity\"}}\n",
                Cli.run("grad", "log(x)", "--at", "x=0", "--json").out());
        assertEquals("{\"value\": \"NaN\", \"gradient\": {\"x\": \"NaN\"}}\n",
                Cli.run("grad", "sqrt(x)", "--at", "x=-1", "--json").out());
        assertEquals("{\"value\": \"NaN\", \"gradient\": {\"x\": 1.0}}\n",
                Cli.run("grad", "x", "--at", "x=NaN", "--json").out());
    }

    @Test
    void anExpressionWithoutVariablesHasOnlyAValue() {
        assertEquals("value = 7.0\n", Cli.run("grad", "1 + 2*3").out());
        assertEquals("{\"value\": 7.0, \"gradient\": {}}\n", Cli.run("grad", "1 + 2*3", "--json").out());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "2+3*4            | 14.0",
        "(2+3)*4          | 20.0",
        "10-4-3           | 3.0",
        "8/4/2            | 1.0",
        "2^3^2            | 512.0",
        "2**3**2          | 512.0",
        "-2^2             | -4.0",
        "(-2)^2           | 4.0",
        "2^-1             | 0.5",
        "--3              | 3.0",
        "+3 - -3          | 6.0",
        "1e-3 * 1000      | 1.0",
        "2.5E+2 + .5      | 250.5",
        "exp(0) + log(1)  | 1.0",
        "sqrt(16)         | 4.0",
        "relu(-1)+relu(2) | 2.0",
        "abs(-3)*sign(-3) | -3.0",
        "pow(2, 10)       | 1024.0",
        "where(1, 2, 3)   | 2.0",
        "where(0, 2, 3)   | 3.0",
        "sum(1, 2, 3, 4)  | 10.0",
        "sin(0) + cos(0)  | 1.0",
        "tanh(0) + sigmoid(0) | 0.5",
    })
    void operatorsHaveTheUsualPrecedence(String expression, String value) {
        Cli.Result result = Cli.run("grad", expression, "--json");
        assertEquals("{\"value\": " + value + ", \"gradient\": {}}\n", result.out(), result.err());
    }

    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("exp", (DoubleUnaryOperator) Math::exp),
                Arguments.of("log", (DoubleUnaryOperator) Math::log),
                Arguments.of("sqrt", (DoubleUnaryOperator) Math::sqrt),
                Arguments.of("tanh", (DoubleUnaryOperator) Math::tanh),
                Arguments.of("sigmoid", (DoubleUnaryOperator) x -> 1 / (1 + Math.exp(-x))),
                Arguments.of("relu", (DoubleUnaryOperator) x -> Math.max(x, 0)),
                Arguments.of("sin", (DoubleUnaryOperator) Math::sin),
                Arguments.of("cos", (DoubleUnaryOperator) Math::cos),
                Arguments.of("abs", (DoubleUnaryOperator) Math::abs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void functionDerivativesMatchCentralDifferences(String name, DoubleUnaryOperator f) {
        double x = 0.7;
        double h = 1e-6;
        double expected = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
        String out = Cli.run("grad", name + "(x)", "--at", "x=" + x).out();
        double value = Double.parseDouble(out.lines().toList().get(0).substring("value = ".length()));
        double derivative = Double.parseDouble(out.lines().toList().get(1).substring("d/dx = ".length()));
        assertEquals(f.applyAsDouble(x), value, 1e-15);
        assertEquals(expected, derivative, 1e-8);
    }

    private static Arguments mistake(String expression, String at, String... lines) {
        return Arguments.of(expression, at, String.join("\n", lines) + "\n");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("x * (y + )", "x=1,y=2",
                        "jgrad: error at column 10 of the expression: expected a number, variable, function or "
                                + "\"(\", found \")\"",
                        "  x * (y + )",
                        "           ^"),
                mistake("2 * foo(x)", "x=1",
                        "jgrad: error at column 5 of the expression: unknown function \"foo\" (functions: add, sub, "
                                + "mul, div, pow, neg, exp, log, sqrt, tanh, sigmoid, relu, sin, cos, abs, sign, where, "
                                + "sum, log1p, expm1, tan, asin, acos, atan, atan2, sinh, cosh, hypot, max, min, softplus, "
                                + "logsumexp, cbrt, log10, asinh, acosh, atanh)",
                        "  2 * foo(x)",
                        "      ^"),
                mistake("x + y", "x=1",
                        "jgrad: error at column 5 of the expression: no value for \"y\"; give one with --at y=...",
                        "  x + y",
                        "      ^"),
                mistake("(x + 1", "x=1",
                        "jgrad: error at column 7 of the expression: expected \")\" to close the \"(\" at column 1, "
                                + "found the end of the expression",
                        "  (x + 1",
                        "        ^"),
                mistake("x y", "x=1",
                        "jgrad: error at column 3 of the expression: expected an operator (+ - * / ^) here, found "
                                + "\"y\"",
                        "  x y",
                        "    ^"),
                mistake("1e+ * x", "x=1",
                        "jgrad: error at column 2 of the expression: the exponent of \"1e+\" needs digits, as in 1e-3",
                        "  1e+ * x",
                        "   ^"),
                mistake("x*1e999", "x=1",
                        "jgrad: error at column 3 of the expression: \"1e999\" is out of the range of a double",
                        "  x*1e999",
                        "    ^"),
                mistake("x + 2.5E+400/x", "x=1",
                        "jgrad: error at column 5 of the expression: \"2.5E+400\" is out of the range of a double",
                        "  x + 2.5E+400/x",
                        "      ^"),
                mistake("exp(x, x)", "x=1",
                        "jgrad: error at column 1 of the expression: exp takes 1 argument, given 2",
                        "  exp(x, x)",
                        "  ^"),
                mistake("x # 2", "x=1",
                        "jgrad: error at column 3 of the expression: expected an operator (+ - * / ^) here, found "
                                + "\"#\"",
                        "  x # 2",
                        "    ^"),
                mistake(" ", "x=1",
                        "jgrad: error at column 2 of the expression: the expression is empty",
                        "   ",
                        "   ^"),
                mistake("x + y", "x=1,y=a",
                        "jgrad: error at column 7 of --at: \"a\" is not a number",
                        "  x=1,y=a",
                        "        ^"),
                mistake("x + y", "x=1,y=-1e999",
                        "jgrad: error at column 7 of --at: \"-1e999\" is out of the range of a double",
                        "  x=1,y=-1e999",
                        "        ^"),
                mistake("x + y", "x=1,,y=2",
                        "jgrad: error at column 5 of --at: expected NAME=NUMBER, as in x=2",
                        "  x=1,,y=2",
                        "      ^"),
                mistake("x + y", "x=1,y=",
                        "jgrad: error at column 7 of --at: a number is missing after \"y=\"",
                        "  x=1,y=",
                        "        ^"),
                mistake("x + y", "x=1,x=2",
                        "jgrad: error at column 5 of --at: \"x\" is given twice",
                        "  x=1,x=2",
                        "      ^"),
                mistake("x + y", "2x=1",
                        "jgrad: error at column 1 of --at: \"2x\" is not a variable name (letters, digits and _, not "
                                + "starting with a digit)",
                        "  2x=1",
                        "  ^"));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("mistakes")
    void mistakesGiveOneLineWithTheColumnAndACaret(String expression, String at, String expected) {
        Cli.Result result = Cli.run("grad", expression, "--at", at);
        assertEquals(2, result.status());
        assertEquals("", result.out());
        assertEquals(expected, result.err());
    }

    @Test
    void aNumberTooSmallForAnyDoubleIsZeroInTheExpressionAsInAt() {
        assertEquals("value = 0.0\nd/dx = 0.0\n", Cli.run("grad", "x*1e-999", "--at", "x=1").out());
        assertEquals("value = 0.0\nd/dx = 1.0\n", Cli.run("grad", "x", "--at", "x=1e-999").out());
    }

    @Test
    void anExpressionMayStartWithAMinusSign() {
        Cli.Result result = Cli.run("grad", "-x^2", "--at", "x=3");
        assertEquals(0, result.status(), result.err());
        assertEquals("value = -9.0\nd/dx = -6.0\n", result.out());
    }

    @Test
    void usageMistakesExitWithTwoAndNoStackTrace() {
        Cli.Result missing = Cli.run("grad");
        assertEquals(2, missing.status());
        assertEquals("jgrad: Missing required parameter: 'EXPR'\nTry 'jgrad grad --help'.\n", missing.err());
        Cli.Result unknown = Cli.run("frobnicate");
        assertEquals(2, unknown.status());
        assertTrue(!unknown.err().contains("Exception"), unknown.err());
        assertEquals(2, Cli.run().status());
    }

    @Test
    void helpAndVersion() {
        Cli.Result help = Cli.run("grad", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("Examples:") && help.out().contains("jgrad grad 'x*y + tanh(x)'"),
                help.out());
        String words = " " + help.out().replaceAll("[\\s(),]+", " ") + " ";
        for (String function : Expression.functionNames().split(", ")) {
            assertTrue(words.contains(" " + function + " "), "the help does not name the function " + function);
        }
        Cli.Result version = Cli.run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("jgrad 0."), version.out());
    }
}
