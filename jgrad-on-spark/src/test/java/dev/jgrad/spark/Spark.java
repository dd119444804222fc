package dev.jgrad.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions and data layouts for the tests. The local[2] test classes share one session per test JVM
 * ({@link #local()}): starting Spark costs seconds, a test on it tens of milliseconds. Spark stops it when the JVM
 * exits.
 */
final class Spark {

    private static SparkSession shared;

    private Spark() {
    }

    /**
     * The shared session on {@code local[2,2]}: two task threads, and a failed task is tried once more. Started on
     * first use, and again after {@link #stopLocal()}.
     */
    static synchronized SparkSession local() {
        if (shared == null || shared.sparkContext().isStopped()) {
            shared = builder("local[2,2]").getOrCreate();
        }
        return shared;
    }

    /** Stops the shared session if it runs, for a test that needs a session of its own (one per JVM at a time). */
    static synchronized void stopLocal() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
    }

    /**
     * A session builder on {@code master}: no web UI, few shuffle partitions, the driver on the loopback address.
     */
    static SparkSession.Builder builder(String master) {
        return SparkSession.builder().master(master).appName("jgrad-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1");
    }

    /** Rows laid out in exactly the given partitions: partition {@code i} holds {@code parts.get(i)}, in order. */
    static JavaRDD<double[]> partitioned(SparkSession spark, List<List<double[]>> parts) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<List<double[]>> copies = new ArrayList<>();
        for (List<double[]> part : parts) {
            copies.add(new ArrayList<>(part));
        }
        return context.parallelize(copies, parts.size()).flatMap(List::iterator);
    }
}
