package dev.jgrad.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad} command. Exit status: 0 on success, 2 for a mistake in the input (usage, expression, CSV, model
 * file), 1 when the work itself failed (a file could not be written). Errors are one report on standard error,
 * never a stack trace.
 */
@Command(name = "jgrad",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Automatic differentiation and small neural networks in pure Java.",
        subcommands = {DemoCommand.class, GradCommand.class, GraphCommand.class, TrainCommand.class,
            PredictCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad demo            train micrograd's two-moons classifier, draw two plots",
                  "  jgrad grad 'x*y + tanh(x)' --at x=2,y=3",
                  "  jgrad bench rosenbrock --n 1000000",
                  "  jgrad help grad       help on one command"})
public final class Main implements Callable<Integer> {

    /** Exit status for a mistake in the input: usage, expression, CSV or model file. */
    static final int INPUT_ERROR = 2;
    /** Exit status when the work failed for another reason, such as an unwritable file. */
    static final int FAILURE = 1;

    @Spec
    private CommandSpec spec;

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs the command with the given output streams, as {@link #main} does, without exiting.
     *
     * @return the exit status
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // so that an expression starting with a minus sign, such as '-x^2', is an expression and not an option
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("jgrad: " + Echo.line(exception.getMessage()));
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            cmd.getErr().flush();
            return INPUT_ERROR;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            PrintWriter errors = cmd.getErr();
            if (exception instanceof InputException) {
                errors.println(exception.getMessage());
                errors.flush();
                return INPUT_ERROR;
            }
            errors.println("jgrad: " + Echo.line(describe(exception)));
            errors.flush();
            return FAILURE;
        });
        int status;
        try {
            status = commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only exceptions to the handler above; an error escapes execute()
            err.println("jgrad: out of memory (" + e.getMessage() + "): the input is too large for the Java heap; "
                    + "give more with JDK_JAVA_OPTIONS=-Xmx8g or use a smaller input");
            status = FAILURE;
        }
        out.flush();
        err.flush();
        return status;
    }

    private static String describe(Exception exception) {
        if (exception instanceof IOException || exception instanceof UncheckedIOException) {
            Throwable cause = exception instanceof UncheckedIOException ? exception.getCause() : exception;
            String message = cause.getMessage();
            String kind = cause.getClass().getSimpleName();
            return message == null ? kind : kind + ": " + message;
        }
        return exception.toString();
    }

    /** {@code jgrad} alone: the usage, on standard error, as a usage mistake. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return INPUT_ERROR;
    }

    /** The version from the build, for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"jgrad " + properties.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
