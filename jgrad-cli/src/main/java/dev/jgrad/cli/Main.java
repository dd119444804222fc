package dev.jgrad.cli;

import dev.jgrad.internal.VersionLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad} command. Exit status: 0 on success, 2 for a mistake in the input (usage, expression, CSV, model
 * file, an impossible output path), 1 when the work itself failed (a file or standard output could not be written,
 * Graphviz failed, memory ran out). Errors are one report on standard error, never a stack trace.
 */
@Command(name = "jgrad",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Automatic differentiation and small neural networks in pure Java.",
        subcommands = {DemoCommand.class, GradCommand.class, GraphCommand.class, TrainCommand.class,
            PredictCommand.class, MnistCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
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

    /** The rule for output paths, a paragraph of the help of every command that writes files. */
    static final String OUTPUT_RULE = "Output paths are checked before the work starts: a file whose directory is "
            + "missing or not writable, a path that is a directory, FIFO or device, or a file the command also reads "
            + "or writes, is refused (exit status 2). "
            + "A symbolic link is written through to the file it points to, which is replaced whole or not at all.";

    /** How to give an expression that starts with '-', a paragraph of the help of grad and graph. */
    static final String DASH_RULE = "An expression that starts with '-' is read as an expression (-x^2), except "
            + "one that is also an option of the command, such as -h or -V: put the options first, then '--', then "
            + "the expression, as in: jgrad grad --at h=3 -- -h. Arguments starting with '@' are taken as they are, "
            + "never as files of arguments.";

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
     * Runs the command with the given output streams, as {@link #main} does, without exiting. A command that
     * succeeded but could not write all of {@code out} (a full disk, a closed stream) ends with one message and exit
     * status 1; one that failed already reported why.
     *
     * @return the exit status
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // so that an expression starting with a minus sign, such as '-x^2', is an expression and not an option
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        // '@file' arguments stay what they are: an expression or a file name is never replaced by a file's content
        commandLine.setExpandAtFiles(false);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
        }
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("jgrad: " + Echo.line(exception.getMessage()));
            if (exception instanceof CommandLine.UnmatchedArgumentException && Arrays.asList(arguments).contains("--")) {
                cmd.getErr().println("Options go before '--'; what follows it is the expression, such as: "
                        + "jgrad grad --at h=3 -- -h");
            }
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            cmd.getErr().flush();
            return INPUT_ERROR;
        });
        commandLine.setExecutionStrategy(Main::execute);
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> report(
                exception instanceof CommandLine.ExecutionException && exception.getCause() != null
                        ? exception.getCause() : exception, cmd.getErr()));
        int status;
        try {
            status = commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            // what picocli passes on instead of to the handler above, such as an OutOfMemoryError
            status = report(e, err);
        }
        if (out.checkError() && status == 0) {
            err.println(STANDARD_OUTPUT_FAILED);
            status = FAILURE;
        }
        err.flush();
        return status;
    }

    /** The report of a failed write to standard output. */
    static final String STANDARD_OUTPUT_FAILED = "jgrad: error writing to standard output (closed, or no space "
            + "left?); the output is incomplete";

    /**
     * Stops a command whose standard output has failed, so that long work ends early instead of computing output
     * that nobody receives; call it between chunks of a long output.
     *
     * @throws OutputException if a write to {@code out} has failed
     */
    static void checkStandardOutput(PrintWriter out) {
        if (out.checkError()) {
            throw new OutputException(STANDARD_OUTPUT_FAILED);
        }
    }

    /**
     * Runs the chosen command, except that {@code -h}, {@code --help}, {@code -V} or {@code --version} given to a
     * command that takes an expression, along with other arguments, is a usage mistake: the person may have meant an
     * expression such as {@code -h}, which goes after {@code --}.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        boolean help = command.isUsageHelpRequested() || command.isVersionHelpRequested();
        boolean takesExpression = command.commandSpec().positionalParameters().stream()
                .anyMatch(p -> p.paramLabel().equals("EXPR"));
        if (help && takesExpression && command.matchedArgs().size() > 1) {
            throw new CommandLine.ParameterException(command.commandSpec().commandLine(), "-h, --help, -V and "
                    + "--version are options of '" + command.commandSpec().qualifiedName() + "'; for an expression "
                    + "that starts with '-', put the options first, then '--', then the expression, such as: "
                    + "jgrad " + command.commandSpec().name() + " --at h=3 -- -h");
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** Reports an exception as one message on {@code errors} and returns the exit status. */
    static int report(Throwable exception, PrintWriter errors) {
        int status = exception instanceof InputException ? INPUT_ERROR : FAILURE;
        if (exception instanceof InputException || exception instanceof OutputException) {
            errors.println(exception.getMessage());
        } else {
            errors.println("jgrad: " + Echo.line(oneLine(describe(exception))));
        }
        errors.flush();
        return status;
    }

    private static String describe(Throwable exception) {
        if (exception instanceof OutOfMemoryError) {
            return "out of memory (the Java heap's limit is " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB; give Java more with -Xmx, such as java -Xmx4g -jar jgrad.jar)";
        }
        if (exception instanceof IOException || exception instanceof UncheckedIOException) {
            Throwable cause = exception instanceof UncheckedIOException ? exception.getCause() : exception;
            String message = cause.getMessage();
            String kind = cause.getClass().getSimpleName();
            return message == null ? kind : kind + ": " + message;
        }
        return "internal error: " + exception;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
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
            return VersionLines.of("jgrad", Main.class.getResourceAsStream("version.properties"));
        }
    }
}
