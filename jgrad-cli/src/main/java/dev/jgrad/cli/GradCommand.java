package dev.jgrad.cli;

import dev.jgrad.Grad;
import dev.jgrad.Value;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
                + "Numbers: 3, .5, 1e-3. Functions: exp log log1p log10 expm1 sqrt cbrt tanh sigmoid softplus relu sin "
                + "cos tan asin acos atan sinh cosh asinh acosh atanh abs sign neg (one argument), pow add sub mul div "
                + "atan2 hypot max min (two), "
                + "where(c, a, b) = (c > 0 ? a : b), sum(a, b, ...), logsumexp(a, b, ...).",
                "",
                "A mistake in the expression or in --at is reported with its column and a caret under it "
                + "(exit status 2). A number beyond the largest double, such as 1e999, is such a mistake, in either; "
                + "one too close to 0 for any double, such as 1e-999, is 0 (or -0).",
                "",
                Main.DASH_RULE},
        footerHeading = "%nExamples:%n",
        footer = {"  $ jgrad grad 'x*y + tanh(x)' --at x=2,y=3",
                  "  value = 6.9640275800758165",
                  "  d/dx = 3.0706508248531645",
                  "  d/dy = 2.0",
                  "  $ jgrad grad 'x^2' --at x=3 --json",
                  "  {\"value\": 9.0, \"gradient\": {\"x\": 6.0}}",
                  "  $ jgrad grad 'x^2*y' --at x=2,y=3 --hessian --json",
                  "  {\"value\": 12.0, \"gradient\": {\"x\": 12.0, \"y\": 4.0}, \"hessian\": [[6.0, 4.0], [4.0, 0.0]]}",
                  "  $ jgrad grad 'x^3*y' --at x=2,y=1 --order 3 --wrt x",
                  "  value = 8.0",
                  "  d/dx = 12.0",
                  "  d2/dx2 = 12.0",
                  "  d3/dx3 = 6.0",
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

    @Option(names = "--hessian", description = "Also print the Hessian, the second partial derivatives, rows and "
            + "columns in --at order (in JSON: \"hessian\": [[d2/dx2, d2/dxdy, ...], ...]).")
    private boolean hessian;

    @Option(names = "--order", paramLabel = "K", description = "Print instead the derivatives of orders 0 to K "
            + "(0 to " + MAX_ORDER + ") with respect to the variable of --wrt, the others held at their --at values "
            + "(in JSON: \"derivatives\": [f, f', ..., f^(K)]).")
    private Integer order;

    @Option(names = "--wrt", paramLabel = "NAME", description = "The variable of --order; may be left out when --at "
            + "gives one variable.")
    private String wrt;

    /** The highest --order: Taylor mode costs about K³ operations per node, and K! overflows beyond 170. */
    static final int MAX_ORDER = 100;

    @Override
    public Integer call() {
        if (order != null || wrt != null) {
            return derivatives();
        }
        Evaluation evaluation = Evaluation.of(expression, at);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Value> variables = evaluation.variables();
        double[][] h = hessian ? hessian(evaluation) : null;
        if (json) {
            StringJoiner gradient = new StringJoiner(", ", "{", "}");
            variables.forEach((name, leaf) -> gradient.add(Json.string(name) + ": " + Json.number(leaf.grad())));
            String hessianJson = h == null ? "" : ", \"hessian\": " + jsonRows(h);
            out.println("{\"value\": " + Json.number(evaluation.output().data()) + ", \"gradient\": " + gradient
                    + hessianJson + "}");
        } else {
            out.println("value = " + evaluation.output().data());
            variables.forEach((name, leaf) -> out.println("d/d" + name + " = " + leaf.grad()));
            if (h != null) {
                out.println("hessian (rows and columns: " + String.join(", ", variables.keySet()) + ") =");
                for (double[] row : h) {
                    out.println("  " + textRow(row));
                }
            }
        }
        out.flush();
        return 0;
    }

    /** The Hessian at the --at point, forward-over-reverse through {@link Grad#hessian}, in --at order. */
    private static double[][] hessian(Evaluation evaluation) {
        List<String> names = new ArrayList<>(evaluation.variables().keySet());
        double[] point = evaluation.variables().values().stream().mapToDouble(Value::data).toArray();
        return Grad.hessian(x -> {
            Map<String, Value> leaves = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                leaves.put(names.get(i), x[i]);
            }
            return evaluation.expression().build(leaves);
        }, point);
    }

    /** {@code --order K [--wrt NAME]}: f and its derivatives up to order K along one variable. */
    private int derivatives() {
        if (order == null) {
            throw new ParameterException(spec.commandLine(), "--wrt is only used with --order K");
        }
        if (hessian) {
            throw new ParameterException(spec.commandLine(), "--hessian and --order cannot be combined");
        }
        if (order < 0 || order > MAX_ORDER) {
            throw new ParameterException(spec.commandLine(),
                    "--order (" + order + ") must be between 0 and " + MAX_ORDER);
        }
        Expression parsed = Expression.parse(expression);
        Map<String, Double> values = Assignments.parse(at);
        String variable = wrt;
        if (variable == null) {
            if (values.size() != 1) {
                throw new ParameterException(spec.commandLine(), values.isEmpty()
                        ? "--order needs a variable: give its value with --at, such as --at x=1"
                        : "--order needs --wrt NAME, one of: " + String.join(", ", values.keySet()));
            }
            variable = values.keySet().iterator().next();
        }
        if (!values.containsKey(variable)) {
            throw new ParameterException(spec.commandLine(), "--wrt " + Echo.quote(variable)
                    + " is not a variable of --at" + (values.isEmpty() ? " (none given)" : " (" + String.join(", ", values.keySet()) + ")"));
        }
        String name = variable;
        double[] d = Grad.derivatives(v -> {
            Map<String, Value> leaves = new LinkedHashMap<>();
            values.forEach((n, value) -> leaves.put(n, n.equals(name) ? v : Value.of(value)));
            return parsed.build(leaves);
        }, values.get(name), order);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            StringJoiner list = new StringJoiner(", ", "[", "]");
            for (double x : d) {
                list.add(Json.number(x));
            }
            out.println("{\"value\": " + Json.number(d[0]) + ", \"wrt\": " + Json.string(name)
                    + ", \"derivatives\": " + list + "}");
        } else {
            out.println("value = " + d[0]);
            for (int k = 1; k < d.length; k++) {
                out.println(k == 1 ? "d/d" + name + " = " + d[k] : "d" + k + "/d" + name + k + " = " + d[k]);
            }
        }
        out.flush();
        return 0;
    }

    private static String jsonRows(double[][] rows) {
        StringJoiner all = new StringJoiner(", ", "[", "]");
        for (double[] row : rows) {
            StringJoiner r = new StringJoiner(", ", "[", "]");
            for (double x : row) {
                r.add(Json.number(x));
            }
            all.add(r.toString());
        }
        return all.toString();
    }

    private static String textRow(double[] row) {
        StringJoiner r = new StringJoiner(", ", "[", "]");
        for (double x : row) {
            r.add(Double.toString(x));
        }
        return r.toString();
    }
}
