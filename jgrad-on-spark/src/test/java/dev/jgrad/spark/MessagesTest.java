package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.MLP;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

/** The command's lines, the module's errors with a count of one, --version and --master, and the launcher's logging. */
class MessagesTest {

    @Test
    void aCountOfOneTakesTheSingular() {
        assertEquals("on 1 row, holding out 0 (seed 7, 1 partition)", TrainCommand.rowsAndPartitions(1, 0, 7, 1));
        assertEquals("on 2 rows, holding out 1 (seed 7, 3 partitions)", TrainCommand.rowsAndPartitions(2, 1, 7, 3));
        assertEquals("lbfgs: 1 iteration, 1 evaluation, 0.500 s per evaluation (converged)",
                new TrainCommand.Outcome(new double[0], 1, 1, "converged").text("lbfgs", 0.5));
        assertEquals("adam: 0 iterations, 0 evaluations, 0.000 s per evaluation (steps)",
                new TrainCommand.Outcome(new double[0], 0, 0, "steps").text("adam", 0));
        Figures one = new Figures();
        one.add(2, 2);
        assertEquals("accuracy 100.0% (1 of 1 row)", one.text(true));
        assertEquals("RMSE 0.000  R² 1.0000  (1 row)", one.text(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkLoss.setParameters(new double[1], MLP.scaled(1, 1, new int[] {1})));
        assertEquals("1 value for 2 parameters", e.getMessage());
        RowTape tape = RowTape.at(RowTape.trace((g, p, row) -> g.mul(p[0], row[1]), 1, 2), new double[1], 2);
        e = assertThrows(IllegalArgumentException.class, () -> tape.addGradient(new double[1], new double[1]));
        assertEquals("a row has 1 number; the loss was traced for 2", e.getMessage());
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        for (String[] args : new String[][] {{"--version"}, {"train", "-V"}}) {
            StringWriter out = new StringWriter();
            assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args));
            assertTrue(out.toString().matches("jgrad-spark \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\RJava .*\\R"),
                    out.toString());
        }
    }

    @Test
    void aMasterSparkCannotUseIsBadInput() {
        Spark.stopLocal();   // Spark would hand a running session over, whatever the master
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "train", "--master",
                "nonsense", "--data", "x.csv", "--target", "t");
        assertEquals(2, status, err.toString());
        assertEquals("jgrad-spark: --master nonsense: Could not parse Master URL: 'nonsense'", err.toString().strip());
    }

    @Test
    void theLaunchersLoggingWritesSparksErrorsOnOneLineEach() throws IOException {
        PrintStream standardError = System.err;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext("jgrad-spark");
        try {
            System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
            context.start(new PropertiesConfigurationFactory().getConfiguration(context,
                    ConfigurationSource.fromUri(Path.of("conf/log4j2.properties").toUri())));
            context.getLogger("org.apache.spark.executor.Executor").error("Exception in task 0.0 in stage 0.0",
                    new IllegalStateException("not a Parquet file"));
            context.getLogger("org.apache.spark.executor.Executor").warn("not shown");
        } finally {
            context.stop();
            System.setErr(standardError);
        }
        assertEquals("spark: ERROR Executor: Exception in task 0.0 in stage 0.0" + System.lineSeparator(),
                written.toString(StandardCharsets.UTF_8));
    }
}
