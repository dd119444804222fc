package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code jgrad grad --hessian} and {@code jgrad grad --order K --wrt x}, against hand-derived derivatives. */
class GradHigherOrderCommandTest {

    @Test
    void hessianInTextFollowsAtOrder() {
        // f = x^2 y + y/x at (2, 3): f_xx = 2y + 2y/x^3 = 6.75, f_xy = 2x - 1/x^2 = 3.75, f_yy = 0
        Cli.Result result = Cli.run("grad", "x^2*y + y/x", "--at", "x=2,y=3", "--hessian");
        assertEquals(0, result.status(), result.err());
        assertEquals("value = 13.5\nd/dx = 11.25\nd/dy = 4.5\nhessian (rows and columns: x, y) =\n"
                + "  [6.75, 3.75]\n  [3.75, 0.0]\n", result.out());
        Cli.Result swapped = Cli.run("grad", "x^2*y + y/x", "--at", "y=3,x=2", "--hessian");
        assertTrue(swapped.out().endsWith("hessian (rows and columns: y, x) =\n  [0.0, 3.75]\n  [3.75, 6.75]\n"),
                swapped.out());
    }

    @Test
    void hessianInJsonIsAnArrayOfRows() {
        Cli.Result result = Cli.run("grad", "x^2*y + y/x", "--at", "x=2,y=3", "--hessian", "--json");
        assertEquals("{\"value\": 13.5, \"gradient\": {\"x\": 11.25, \"y\": 4.5}, "
                + "\"hessian\": [[6.75, 3.75], [3.75, 0.0]]}\n", result.out());
        assertEquals("{\"value\": 3.0, \"gradient\": {\"x\": 3.0, \"z\": 0.0}, \"hessian\": [[0.0, 0.0], [0.0, 0.0]]}\n",
                Cli.run("grad", "3*x", "--at", "x=1,z=5", "--hessian", "--json").out());
        assertEquals("{\"value\": 7.0, \"gradient\": {}, \"hessian\": []}\n",
                Cli.run("grad", "1 + 2*3", "--hessian", "--json").out());
        assertEquals("{\"value\": \"-Infinity\", \"gradient\": {\"x\": \"Infinity\"}, \"hessian\": [[\"-Infinity\"]]}\n",
                Cli.run("grad", "log(x)", "--at", "x=0", "--hessian", "--json").out());
    }

    @Test
    void derivativesUpToOrderInText() {
        Cli.Result result = Cli.run("grad", "x^3", "--at", "x=2", "--order", "4", "--wrt", "x");
        assertEquals(0, result.status(), result.err());
        assertEquals("value = 8.0\nd/dx = 12.0\nd2/dx2 = 12.0\nd3/dx3 = 6.0\nd4/dx4 = 0.0\n", result.out());
    }

    @Test
    void derivativesInJsonHoldTheOtherVariablesFixed() {
        // f = x^3 y at x=2, y=5 along x: [40, 3x^2 y = 60, 6xy = 60, 6y = 30]
        Cli.Result result = Cli.run("grad", "x^3*y", "--at", "x=2,y=5", "--order", "3", "--wrt", "x", "--json");
        assertEquals("{\"value\": 40.0, \"wrt\": \"x\", \"derivatives\": [40.0, 60.0, 60.0, 30.0]}\n", result.out());
        // along y: [40, x^3 = 8, 0]
        assertEquals("{\"value\": 40.0, \"wrt\": \"y\", \"derivatives\": [40.0, 8.0, 0.0]}\n",
                Cli.run("grad", "x^3*y", "--at", "x=2,y=5", "--order", "2", "--wrt", "y", "--json").out());
    }

    @Test
    void highOrdersAreCheap() {
        // d^k/dx^k exp(2x) at 0 = 2^k
        Cli.Result result = Cli.run("grad", "exp(2*x)", "--at", "x=0", "--order", "60", "--json");
        String prefix = "{\"value\": 1.0, \"wrt\": \"x\", \"derivatives\": [";
        assertTrue(result.out().startsWith(prefix) && result.out().endsWith("]}\n"), result.out());
        String[] numbers = result.out().substring(prefix.length(), result.out().length() - 3).split(", ");
        assertEquals(61, numbers.length);
        for (int k = 0; k <= 60; k++) {
            assertEquals(Math.pow(2, k), Double.parseDouble(numbers[k]), 1e-13 * Math.pow(2, k), "order " + k);
        }
    }

    @Test
    void wrtMayBeLeftOutWithOneVariableAndOrderZeroIsTheValue() {
        assertEquals("{\"value\": 1.0, \"wrt\": \"t\", \"derivatives\": [1.0, 1.0, 1.0]}\n",
                Cli.run("grad", "exp(t)", "--at", "t=0", "--order", "2", "--json").out());
        assertEquals("value = 1.0\n", Cli.run("grad", "exp(t)", "--at", "t=0", "--order", "0").out());
    }

    static void assertUsageError(String message, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(2, result.status(), result.out());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("jgrad: " + message + "\n"), result.err());
    }

    @Test
    void mistakesAreReportedWithExitStatus2() {
        assertUsageError("--order (-1) must be between 0 and 100", "grad", "x", "--at", "x=1", "--order", "-1");
        assertUsageError("--order (101) must be between 0 and 100", "grad", "x", "--at", "x=1", "--order", "101");
        assertUsageError("--order needs --wrt NAME, one of: x, y", "grad", "x*y", "--at", "x=1,y=2", "--order", "2");
        assertUsageError("--wrt \"z\" is not a variable of --at (x, y)", "grad", "x*y", "--at", "x=1,y=2", "--order",
                "2", "--wrt", "z");
        assertUsageError("--wrt is only used with --order K", "grad", "x", "--at", "x=1", "--wrt", "x");
        assertUsageError("--hessian and --order cannot be combined", "grad", "x", "--at", "x=1", "--order", "2",
                "--hessian");
        assertUsageError("--order needs a variable: give its value with --at, such as --at x=1", "grad", "3",
                "--order", "1");
        Cli.Result missing = Cli.run("grad", "x*y", "--at", "x=1", "--order", "1", "--wrt", "x");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("no value for \"y\""), missing.err());
    }
}
