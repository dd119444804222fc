package dev.jgrad.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Spark sessions and data layouts for the tests. */
final class Spark {

    private Spark() {
    }

    /** A session on {@code master}, small and without its web UI. */
    static SparkSession session(String master) {
        return SparkSession.builder().master(master).appName("jgrad-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
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
