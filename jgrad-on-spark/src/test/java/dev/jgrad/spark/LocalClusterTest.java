package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The distributed gradient with executors in two separate JVM processes (Spark's local-cluster mode), so that what
 * is shipped to them (the loss, the parameters, the partial sums) is proven serializable across processes.
 *
 * <p>local-cluster mode starts a master and workers inside this JVM, and each worker launches its executor as a new
 * {@code java} process with the classpath of a Spark home: here a directory made by the test, {@code SPARK_HOME}
 * (set by the build, with {@code SPARK_SCALA_VERSION}), holding a {@code RELEASE} file and {@code jars/}: the test
 * classpath's jars, and the code under test packed as one more jar. It runs after the other test classes (see
 * {@code junit-platform.properties}), which share one local session that this one must stop first.
 */
@Order(Integer.MAX_VALUE)
class LocalClusterTest {

    /** How many times {@link #SQUARED_ERROR} was traced in this JVM (each executor process has its own count). */
    private static final AtomicInteger TRACES = new AtomicInteger();

    private static final RowLoss SQUARED_ERROR = (g, p, row) -> {
        TRACES.incrementAndGet();
        int error = g.sub(g.add(p[2], g.add(g.mul(p[0], row[0]), g.mul(p[1], row[1]))), row[2]);
        return g.mul(error, error);
    };

    @Test
    void gradientAcrossTwoExecutorProcessesEqualsOneMachines() throws Exception {
        Path home = sparkHome();
        Spark.stopLocal();
        SparkSession spark = Spark.builder("local-cluster[2,1,512]")
                .config("spark.test.home", home.toString())
                .config("spark.executor.memory", "512m")
                .config("spark.executor.extraJavaOptions", System.getProperty("jgrad.spark.javaOptions", ""))
                .getOrCreate();
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            waitForExecutors(spark, 2);
            Random random = new Random(17);
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                double a = random.nextGaussian();
                double b = random.nextGaussian();
                rows.add(new double[] {a, b, 3 * a - b + 0.1 * random.nextGaussian()});
            }
            JavaRDD<double[]> data = context.parallelize(rows, 8).cache();
            long driver = ProcessHandle.current().pid();
            List<Long> processes = data.mapPartitions(part -> {
                Thread.sleep(100);
                return List.of(ProcessHandle.current().pid()).iterator();
            }).collect();
            Set<Long> distinct = new HashSet<>(processes);
            assertFalse(distinct.contains(driver), "a task ran in the driver's JVM: " + distinct);
            assertEquals(2, distinct.size(), "executor processes " + distinct);

            double[] x = {0.5, -0.25, 1};
            double[] expected = new double[3];
            RowTape tape = RowTape.at(RowTape.trace(SQUARED_ERROR, 3, 3), x, 3);
            double expectedLoss = 0;
            for (double[] row : rows) {
                expectedLoss += tape.addGradient(row, expected);
            }
            try (DistributedObjective objective = DistributedObjective.of(data, 3, 3, SQUARED_ERROR)) {
                DistributedObjective.Total total = objective.total(x);
                assertEquals(1000, total.rows());
                assertEquals(expectedLoss, total.loss(), 1e-12 * expectedLoss);
                for (int j = 0; j < 3; j++) {
                    assertEquals(expected[j], total.gradient()[j], 1e-12 * Math.abs(expected[j]), "parameter " + j);
                }
                DistributedObjective.Total again = objective.total(x);
                assertEquals(total.loss(), again.loss(), 0);
            }
            List<Integer> traces = data.mapPartitions(part -> List.of(TRACES.get()).iterator()).collect();
            assertTrue(traces.stream().allMatch(count -> count <= 1) && traces.contains(1),
                    "tracings of the loss seen by each partition's executor process: " + traces);
        } finally {
            spark.stop();
        }
    }

    private static void waitForExecutors(SparkSession spark, int executors) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        // the driver counts as one block manager
        while (spark.sparkContext().getExecutorMemoryStatus().size() < executors + 1) {
            assertTrue(System.nanoTime() < deadline, "executors did not start within 2 minutes");
            Thread.sleep(200);
        }
    }

    /** The Spark home the workers launch executors from: {@code RELEASE} and {@code jars/}. */
    private static Path sparkHome() throws IOException {
        Path home = Path.of(System.getenv().getOrDefault("SPARK_HOME", "target/spark-home"));
        Path jars = home.resolve("jars");
        if (Files.exists(jars)) {
            try (Stream<Path> old = Files.list(jars)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(jars);
        Files.writeString(home.resolve("RELEASE"), "a Spark home for jgrad-spark's tests\n");
        int directory = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path)) {
                packJar(path, jars.resolve("code-under-test-" + directory++ + ".jar"));
            } else if (entry.endsWith(".jar") && Files.exists(path)) {
                Path link = jars.resolve(path.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, path);
                }
            }
        }
        return home.toAbsolutePath();
    }

    private static void packJar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }
}
