package dev.jgrad.cli;

import dev.jgrad.Value;
import java.io.PrintWriter;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgrad grad EXPR --at x=2,y=3}: the value of an expression and its partial derivatives. */
@Command(name = "grad",
        mixinStandardHelpOptions = true,
        description = {"Prints the value of an expression and its partial derivatives.", "",
                "Prints the value of an expression and its partial derivative with respect to each variable "
                + "of --at (in --at order), by reverse-mode automatic differentiation.",
                "",
                "Operators: + - * / and ^ (or **, right-associative; -x^2 is -(x^2)), unary minus, parentheses. "
                + "Numbers: 3, .5, 1e-3. Functions: exp log sqrt tanh sigmoid relu sin cos abs sign neg (one "
                + "argument), pow add sub mul div (two), where(c, a, b) = (c > 0 ? a : b), sum(a, b, ...).",
                "",
                "A mistake in the expression or in --at is reported with its column and a caret under it "
                + "(exit status 2)."},
        footerHeading = "%nExamples:%n",
        footer = {"  $ jgrad grad 'x*y + tanh(x)' --at x=2,y=3",
                  "  value = 6.9640275800758165",
                  "  d/dx = 3.0706508248531645",
                  "  d/dy = 2.0",
                  "  $ jgrad grad 'x^2' --at x=3 --json",
                  "  {\"value\": 9.0, \"gradient\": {\"x\": 6.0}}",
                  "",
                  "In JSON, NaN and infinities are the strings \"NaN\", \"Infinity\" and \"-Infinity\"."})
final class GradCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPR", description = "The expression, such as 'x*y + tanh(x)'.")
    private String expression;

    @Option(names = "--at", paramLabel = "NAME=NUMBER[,...]", defaultValue = "",
            description = "The value of every variable, such as x=2,y=-3.5 (also NaN, Infinity, -Infinity).")
    private String at;

    @Option(names = "--json", description = "Print {\"value\": v, \"gradient\": {\"x\": dx, ...}} on one line.")
    private boolean json;

    @Override
    public Integer call() {
        Evaluation evaluation = Evaluation.of(expression, at);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Value> variables = evaluation.variables();
        if (json) {
            StringJoiner gradient = new StringJoiner(", ", "{", "}");
            variables.forEach((name, leaf) -> gradient.add(Json.string(name) + ": " + Json.number(leaf.grad())));
            out.println("{\"value\": " + Json.number(evaluation.output().data()) + ", \"gradient\": " + gradient + "}");
        } else {
            out.println("value = " + evaluation.output().data());
            variables.forEach((name, leaf) -> out.println("d/d" + name + " = " + leaf.grad()));
        }
        out.flush();
        return 0;
    }
}
