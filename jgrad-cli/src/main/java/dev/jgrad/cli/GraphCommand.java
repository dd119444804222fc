package dev.jgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jgrad graph EXPR --at ... -o FILE}: the computation graph, as micrograd's {@code draw_dot} draws it. */
@Command(name = "graph",
        mixinStandardHelpOptions = true,
        description = {"Draws the computation graph of an expression (DOT, SVG or PNG).", "",
                "Draws the computation graph of an expression after the backward pass, as micrograd's "
                + "draw_dot does: one box per value with its data and grad, one node per operation, left to right "
                + "in the direction data flows. Expressions are written as for 'jgrad grad'.",
                "",
                "-o FILE: .dot writes Graphviz's text (always available); .svg and .png run Graphviz's 'dot' "
                + "program, which must be installed (" + Graphviz.INSTALL_HINT + "). Without -o the DOT text "
                + "is printed."},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad graph 'x*y + tanh(x)' --at x=2,y=3 -o graph.svg",
                  "  jgrad graph 'relu(w*x + b)' --at w=-3,x=2,b=6.5 | dot -Tpng > neuron.png"})
final class GraphCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPR", description = "The expression, such as 'x*y + tanh(x)'.")
    private String expression;

    @Option(names = "--at", paramLabel = "NAME=NUMBER[,...]", defaultValue = "",
            description = "The value of every variable, such as x=2,y=3.")
    private String at;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the graph: FILE.dot, FILE.svg or FILE.png (default: DOT on standard output).")
    private Path output;

    @Override
    public Integer call() throws IOException {
        String format = output == null ? "dot" : extension(output);
        if (!format.equals("dot") && !format.equals("svg") && !format.equals("png")) {
            throw new InputException("jgrad: cannot write \"" + output + "\": the file name must end in .dot, .svg "
                    + "or .png");
        }
        Evaluation evaluation = Evaluation.of(expression, at);
        String dot = DotGraph.render(evaluation.output(), evaluation.labels());
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            out.print(dot);
            out.flush();
            return 0;
        }
        write(output, format, dot, System.getenv("PATH"));
        out.println("wrote " + output);
        out.flush();
        return 0;
    }

    /**
     * Writes the graph as DOT text, or as a picture drawn by the Graphviz {@code dot} found on {@code searchPath}.
     *
     * @throws InputException if a picture is asked for and there is no {@code dot}, saying how to install it
     */
    static void write(Path output, String format, String dot, String searchPath) throws IOException {
        if (format.equals("dot")) {
            AtomicFiles.write(output, dot);
            return;
        }
        Optional<Path> program = Graphviz.find(searchPath);
        if (program.isEmpty()) {
            throw new InputException("jgrad: writing " + format.toUpperCase(Locale.ROOT) + " needs Graphviz's "
                    + "'dot' program, which is not on PATH; " + Graphviz.INSTALL_HINT
                    + ", or write DOT text with -o " + withExtension(output, "dot"));
        }
        AtomicFiles.write(output, Graphviz.render(program.get(), format, dot));
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static Path withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + "." + extension);
    }
}
