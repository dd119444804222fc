package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Expressions of sizes no recursive parser survives: parsing, building, differentiating and drawing them must work,
 * and mistakes in them must give the usual short report, never a stack trace.
 */
class ExpressionScaleTest {

    @Test
    void aFlatSumOfAMillionTermsIsDifferentiated() {
        String expression = "x" + "+x".repeat(999_999);
        Cli.Result result = Cli.run("grad", expression, "--at", "x=2");
        assertEquals(0, result.status(), result.err());
        assertEquals("value = 2000000.0\nd/dx = 1000000.0\n", result.out());
    }

    @Test
    void aHundredThousandNestedParenthesesAreParsed() {
        String expression = "(".repeat(100_000) + "x*y" + ")".repeat(100_000);
        Cli.Result result = Cli.run("grad", expression, "--at", "x=2,y=3");
        assertEquals(0, result.status(), result.err());
        assertEquals("value = 6.0\nd/dx = 3.0\nd/dy = 2.0\n", result.out());
    }

    @Test
    void longChainsOfEveryKindAreParsedAndDifferentiated() {
        int n = 100_000;
        // an even number of minus signs is the identity; -(-(...(-x)))) with an odd number is -x
        assertEquals("value = -3.0\nd/dx = -1.0\n", Cli.run("grad", "-".repeat(n + 1) + "x", "--at", "x=3").out());
        // right-associative: x^(1^(1^...)) = x^1
        assertEquals("value = 3.0\nd/dx = 1.0\n", Cli.run("grad", "x" + "^1".repeat(n), "--at", "x=3").out());
        assertEquals("value = -3.0\nd/dx = -1.0\n",
                Cli.run("grad", "neg(".repeat(n + 1) + "x" + ")".repeat(n + 1), "--at", "x=3").out());
        // ((x*1)*1)*... and x-0-0-... are left-deep chains as long as the text
        assertEquals("value = 3.0\nd/dx = 1.0\n", Cli.run("grad", "x" + "*1".repeat(n), "--at", "x=3").out());
        assertEquals("value = 3.0\nd/dx = 1.0\n", Cli.run("grad", "x" + "-0".repeat(n), "--at", "x=3").out());
        Cli.Result sum = Cli.run("grad", "sum(x" + ",x".repeat(n - 1) + ")", "--at", "x=3");
        assertEquals("value = 300000.0\nd/dx = 100000.0\n", sum.out(), sum.err());
    }

    @Test
    void mistakesAtTheEndOfHugeExpressionsAreShortReports() {
        int n = 100_000;
        Cli.Result unclosed = Cli.run("grad", "(".repeat(n) + "x" + ")".repeat(n - 1), "--at", "x=1");
        assertEquals(2, unclosed.status());
        assertTrue(unclosed.err().startsWith("jgrad: error at column " + (2 * n + 1) + " of the expression: expected "
                + "\")\" to close the \"(\" at column 1, found the end of the expression\n"), unclosed.err());
        assertTrue(unclosed.err().length() < 500, unclosed.err().length() + " characters");
        Cli.Result dangling = Cli.run("grad", "x" + "+x".repeat(999_999) + "+", "--at", "x=1");
        assertEquals(2, dangling.status());
        assertTrue(dangling.err().startsWith("jgrad: error at column 2000001 of the expression: expected a number"),
                dangling.err());
        assertTrue(dangling.err().length() < 500, dangling.err().length() + " characters");
        assertFalse(dangling.err().contains("Exception") || dangling.err().contains("\tat "), dangling.err());
    }

    @Test
    void theGraphOfADeepExpressionIsDrawn() {
        int n = 50_000;
        Cli.Result result = Cli.run("graph", "tanh(".repeat(n) + "x" + ")".repeat(n), "--at", "x=0.5");
        assertEquals(0, result.status(), result.err());
        assertEquals(n, result.out().split("_op \\[label=\"tanh\"\\]", -1).length - 1);
        assertTrue(result.out().endsWith("}\n"));
    }
}
