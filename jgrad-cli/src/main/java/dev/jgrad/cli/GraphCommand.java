package dev.jgrad.cli;

import dev.jgrad.internal.Plural;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
                + "program, which must be installed (" + Graphviz.INSTALL_HINT + "); the one named by the Java "
                + "system property jgrad.dot is used if set, else the first on PATH. dot is stopped after --timeout "
                + "seconds (60 by default), and a warning comes first for a graph of more than "
                + Graphviz.LARGE_GRAPH + " values. Without -o, or with -o -, the DOT text is printed.",
                "",
                Main.OUTPUT_RULE,
                "",
                Main.DASH_RULE},
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
            description = "Where to write the graph: FILE.dot, FILE.svg or FILE.png (default, or -o -: DOT on "
                    + "standard output).")
    private Path output;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long Graphviz's dot may take to draw an SVG or PNG before it is stopped and the "
                    + "command fails (default: ${DEFAULT-VALUE} seconds).")
    private long timeout;

    @Override
    public Integer call() {
        boolean toFile = output != null && !AtomicFiles.isStandardOutput(output);
        String format = "dot";
        if (toFile) {
            AtomicFiles.checkFile("-o", output);
            format = extension(output);
            if (!format.equals("dot") && !format.equals("svg") && !format.equals("png")) {
                throw new InputException("jgrad: cannot write \"" + output + "\": the file name must end in .dot, "
                        + ".svg or .png");
            }
        }
        if (timeout < 1) {
            throw new InputException("jgrad: --timeout must be at least 1 second, got " + timeout);
        }
        Evaluation evaluation = Evaluation.of(expression, at);
        String dot = DotGraph.render(evaluation.output(), evaluation.labels());
        PrintWriter out = spec.commandLine().getOut();
        if (!toFile) {
            out.print(dot);
            out.flush();
            return 0;
        }
        if (!format.equals("dot")) {
            int values = evaluation.output().topologicalOrder().size();
            if (values > Graphviz.LARGE_GRAPH) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("jgrad: warning: the graph has " + values + " values; Graphviz may take many seconds to "
                        + "draw it (it is stopped after " + Plural.of(timeout, "second") + ", see --timeout)");
                err.flush();
            }
        }
        write(output, format, dot, Graphviz.locate(), Duration.ofSeconds(timeout));
        out.println("wrote " + output);
        out.flush();
        return 0;
    }

    /**
     * Writes the graph as DOT text, or as a picture drawn by Graphviz's {@code dot}.
     *
     * @param program the {@code dot} executable, if there is one
     * @param timeout how long {@code dot} may take
     * @throws InputException  if a picture is asked for and there is no {@code dot}, saying how to install it
     * @throws OutputException if the file cannot be written or {@code dot} fails
     */
    static void write(Path output, String format, String dot, Optional<Path> program, Duration timeout) {
        if (format.equals("dot")) {
            AtomicFiles.write(output, dot);
            return;
        }
        if (program.isEmpty()) {
            throw new InputException("jgrad: writing " + format.toUpperCase(Locale.ROOT) + " needs Graphviz's "
                    + "'dot' program, which is not on PATH; " + Graphviz.INSTALL_HINT
                    + ", or write DOT text with -o " + withExtension(output, "dot"));
        }
        AtomicFiles.write(output, Graphviz.render(program.get(), format, dot, timeout));
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
