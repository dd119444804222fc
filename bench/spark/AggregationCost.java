import dev.jgrad.spark.DistributedObjective;
import dev.jgrad.spark.RowLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * What one evaluation of a DistributedObjective costs beyond the rows' own work: one row per partition and a loss
 * whose per-row work is one multiply-add per parameter, so the time is the broadcast of the parameters, the tasks,
 * and the partial-sum vectors travelling up the tree. Prints the median of 5 evaluations for each parameter count,
 * partition count and tree depth. Arguments: master, parameter counts (comma-separated), partition counts.
 */
public final class AggregationCost {

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master(args[0]).appName("jgrad-spark aggregation cost")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try {
            for (String ps : args[1].split(",")) {
                int p = Integer.parseInt(ps);
                RowLoss dot = (g, x, row) -> {
                    int[] terms = new int[p];
                    for (int j = 0; j < p; j++) {
                        terms[j] = g.mul(x[j], row[0]);
                    }
                    return g.sum(terms);
                };
                for (String parts : args[2].split(",")) {
                    int partitions = Integer.parseInt(parts);
                    List<double[]> rows = new ArrayList<>();
                    for (int i = 0; i < partitions; i++) {
                        rows.add(new double[] {1});
                    }
                    JavaRDD<double[]> data = context.parallelize(rows, partitions).cache();
                    data.count();
                    for (int depth = 1; depth <= 2; depth++) {
                        try (DistributedObjective f = DistributedObjective.of(data, 1, p, dot).withDepth(depth)) {
                            double[] x = new double[p];
                            f.total(x);
                            double[] seconds = new double[5];
                            for (int r = 0; r < seconds.length; r++) {
                                long start = System.nanoTime();
                                f.total(x);
                                seconds[r] = (System.nanoTime() - start) / 1e9;
                            }
                            Arrays.sort(seconds);
                            System.out.printf(Locale.ROOT, "%-9s parameters %8d  partitions %3d  depth %d  %7.3f s%n",
                                    args[0], p, partitions, depth, seconds[2]);
                        }
                    }
                }
            }
        } finally {
            spark.stop();
        }
    }
}
