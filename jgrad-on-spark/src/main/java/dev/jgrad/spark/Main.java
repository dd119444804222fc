package dev.jgrad.spark;

import dev.jgrad.internal.VersionLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad-spark} command, run by {@code ./jgrad-spark} or by
 * {@code spark-submit --class dev.jgrad.spark.Main jgrad-spark.jar}. Exit status 0 on success, 2 for bad input
 * (options, data), 1 when the work or its output failed; one error report on standard error, never a stack trace.
 */
@Command(name = "jgrad-spark",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Trains jgrad models on Apache Spark, for data that outgrows one machine.",
        subcommands = {TrainCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad-spark train --master local[2] --data iris.csv --target species --json",
                  "  spark-submit --class dev.jgrad.spark.Main jgrad-spark.jar train \\",
                  "      --data hdfs:///data/clicks.parquet --target clicked --model logistic --save model.json"})
public final class Main implements Callable<Integer> {

    static final int INPUT_ERROR = 2;
    static final int FAILURE = 1;

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command.
     *
     * @param out  standard output
     * @param err  standard error
     * @param args the command line
     * @return the exit status
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExpandAtFiles(false);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
        }
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("jgrad-spark: " + exception.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            cmd.getErr().flush();
            return INPUT_ERROR;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> report(exception, cmd.getErr()));
        int status;
        try {
            status = commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            status = report(e, err);
        }
        out.flush();
        err.flush();
        return status;
    }

    /** One line on standard error for a failure: the message of bad input, else what failed. */
    static int report(Throwable exception, PrintWriter errors) {
        BadRowException badRow = badRow(exception);
        int status;
        String message;
        if (exception instanceof InputException) {
            status = INPUT_ERROR;
            message = exception.getMessage();
        } else if (badRow != null) {
            status = INPUT_ERROR;
            message = "jgrad-spark: a bad row: " + badRow.getMessage();
        } else {
            status = FAILURE;
            message = "jgrad-spark: " + (exception instanceof OutOfMemoryError ? "out of memory (give the driver "
                    + "more with --driver-memory or -Xmx)" : "failed: " + exception);
        }
        errors.println(message.strip().replaceAll("\\s*\\R\\s*", " "));
        errors.flush();
        return status;
    }

    /** The bad row behind a failure, when a task failed on one. */
    private static BadRowException badRow(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof BadRowException bad) {
                return bad;
            }
        }
        return null;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return INPUT_ERROR;
    }

    /** The version from the build, for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return VersionLines.of("jgrad-spark", Main.class.getResourceAsStream("version.properties"));
        }
    }
}
