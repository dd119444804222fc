package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import dev.jgrad.nn.MLP;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The distributed loss and gradient on local[2], against one machine's sum and against the hand-derived gradient. */
class DistributedObjectiveTest {

    /** The shared local[2,2] session: two threads; a failed task is tried once more. */
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Spark.local();
    }

    /** Logistic regression on rows (x₀, x₁, x₂, y): softplus(z) − y·z with z = b + Σ wⱼxⱼ, parameters (w, b). */
    private static final RowLoss LOGISTIC = (g, p, row) -> {
        int z = g.sum(p[3], g.mul(p[0], row[0]), g.mul(p[1], row[1]), g.mul(p[2], row[2]));
        return g.sub(g.softplus(z), g.mul(row[3], z));
    };

    private static List<double[]> rows(int count, long seed) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new double[] {random.nextGaussian(), 3 * random.nextGaussian(), random.nextDouble() - 0.5,
                    random.nextBoolean() ? 1 : 0});
        }
        return rows;
    }

    /** Empty partitions first, in the middle and last, and partitions of 1, 3 and 200 rows. */
    private static List<List<double[]>> unevenParts(List<double[]> rows) {
        return List.of(List.of(), rows.subList(0, 1), rows.subList(1, 201), List.of(), rows.subList(201, 204),
                List.of());
    }

    /** The same sums computed on one machine, one row after another. */
    private static double oneMachine(List<double[]> rows, double[] x, double[] gradient) {
        RowTape tape = RowTape.at(RowTape.trace(LOGISTIC, x.length, 4), x, 4);
        double loss = 0;
        for (double[] row : rows) {
            loss += tape.addGradient(row, gradient);
        }
        return loss;
    }

    @Test
    void distributedSumsEqualOneMachinesWithEmptyAndUnevenPartitions() {
        List<double[]> rows = rows(204, 7);
        double[] x = {0.3, -0.2, 1.5, 0.1};
        double[] expected = new double[4];
        double expectedLoss = oneMachine(rows, x, expected);
        for (int depth = 1; depth <= 3; depth++) {
            try (DistributedObjective objective = DistributedObjective.of(
                    Spark.partitioned(spark, unevenParts(rows)), 4, 4, LOGISTIC).withDepth(depth)) {
                DistributedObjective.Total total = objective.total(x);
                assertEquals(204, total.rows());
                assertEquals(expectedLoss, total.loss(), 1e-12 * Math.abs(expectedLoss));
                for (int j = 0; j < 4; j++) {
                    assertEquals(expected[j], total.gradient()[j], 1e-12 * Math.abs(expected[j]), "depth " + depth
                            + ", parameter " + j);
                }
            }
        }
    }

    @Test
    void meanGradientIsTheHandDerivedOne() {
        List<double[]> rows = rows(50, 11);
        double[] x = {-0.4, 0.25, 2, -0.3};
        double[] handDerived = new double[4];
        double meanLoss = 0;
        for (double[] row : rows) {
            double z = x[3] + x[0] * row[0] + x[1] * row[1] + x[2] * row[2];
            double residual = 1 / (1 + Math.exp(-z)) - row[3];
            meanLoss += (Math.log1p(Math.exp(z)) - row[3] * z) / rows.size();
            for (int j = 0; j < 3; j++) {
                handDerived[j] += residual * row[j] / rows.size();
            }
            handDerived[3] += residual / rows.size();
        }
        double[] gradient = new double[4];
        try (DistributedObjective objective = DistributedObjective.of(
                JavaRddOf(rows, 3), 4, 4, LOGISTIC)) {
            assertEquals(meanLoss, objective.valueAndGradient(x, gradient), 1e-12);
        }
        assertArrayEquals(handDerived, gradient, 1e-12);
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedWithTheSameResult() {
        List<double[]> rows = rows(204, 3);
        double[] x = {1, 2, -1, 0.5};
        JavaRDD<double[]> data = Spark.partitioned(spark, unevenParts(rows));
        JavaRDD<double[]> failingOnce = data.mapPartitions(part -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == 2 && task.attemptNumber() == 0) {
                throw new IllegalStateException("the test's failure of the first attempt");
            }
            return part;
        });
        try (DistributedObjective objective = DistributedObjective.of(data, 4, 4, LOGISTIC)) {
            DistributedObjective.Total clean = objective.total(x);
            DistributedObjective.Total retried = objective.on(failingOnce).total(x);
            assertEquals(clean.loss(), retried.loss(), 0);
            assertArrayEquals(clean.gradient(), retried.gradient(), 0);
            assertEquals(clean.rows(), retried.rows());
        }
    }

    /** How many times {@link #COUNTED} was traced in this JVM: its {@code apply} runs only while tracing. */
    private static final AtomicInteger TRACES = new AtomicInteger();

    /** The squared distance of p from a row, counting its tracings. */
    private static final RowLoss COUNTED = (g, p, row) -> {
        TRACES.incrementAndGet();
        int d0 = g.sub(p[0], row[0]);
        int d1 = g.sub(p[1], row[1]);
        return g.add(g.mul(d0, d0), g.mul(d1, d1));
    };

    @Test
    void theLossIsTracedOncePerJvmOverEvaluationsPartitionsAndSamples() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            rows.add(new double[] {i, i % 5});
        }
        JavaRDD<double[]> data = JavaRddOf(rows, 16);
        TRACES.set(0);
        try (DistributedObjective objective = DistributedObjective.of(data, 2, 2, COUNTED)) {
            for (double shift = 0; shift < 3; shift++) {
                double[] x = {shift, -shift};
                double[] gradient = new double[2];
                double expected = 0;
                double[] expectedGradient = new double[2];
                for (double[] row : rows) {
                    expected += (Math.pow(x[0] - row[0], 2) + Math.pow(x[1] - row[1], 2)) / rows.size();
                    expectedGradient[0] += 2 * (x[0] - row[0]) / rows.size();
                    expectedGradient[1] += 2 * (x[1] - row[1]) / rows.size();
                }
                assertEquals(expected, objective.valueAndGradient(x, gradient), 1e-12 * expected);
                assertArrayEquals(expectedGradient, gradient, 1e-12 * (1 + Math.abs(expectedGradient[0])));
            }
            JavaRDD<double[]> sample = data.sample(false, 0.5, 3).repartition(5);
            assertEquals(sample.count(), objective.on(sample).total(new double[2]).rows());
        }
        assertEquals(1, TRACES.get(), "tracings of one objective's loss in this JVM over 16 partitions");
    }

    @Test
    void anEmptyDataSetHasNoMean() {
        try (DistributedObjective objective = DistributedObjective.of(
                Spark.partitioned(spark, List.of(List.of(), List.of())), 4, 4, LOGISTIC)) {
            assertEquals(0, objective.total(new double[4]).rows());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> objective.valueAndGradient(new double[4], new double[4]));
            assertTrue(e.getMessage().contains("no rows"), e.getMessage());
        }
    }

    /** One row's loss built on nn's own network with {@link Value} operations: the independent truth. */
    private static Value valueGraphLoss(MLP model, NetworkLoss.Kind kind, double[] row) {
        int d = model.inputs();
        List<Value> z = model.apply(java.util.Arrays.copyOf(row, d));
        return switch (kind) {
            case SQUARED_ERROR -> z.get(0).sub(row[d]).pow(2);
            case BINARY_CROSS_ENTROPY -> z.get(0).softplus().sub(z.get(0).mul(row[d]));
            case SOFTMAX_CROSS_ENTROPY -> {
                Value picked = Value.of(0);
                for (int j = 0; j < z.size(); j++) {
                    picked = picked.add(z.get(j).mul(row[d + j]));
                }
                yield Value.logsumexp(z.toArray(Value[]::new)).sub(picked);
            }
        };
    }

    @Test
    void networkGradientsEqualThoseOfNnsValueGraphs() {
        Random random = new Random(5);
        Object[][] cases = {{NetworkLoss.Kind.SQUARED_ERROR, new int[] {1}},
            {NetworkLoss.Kind.BINARY_CROSS_ENTROPY, new int[] {5, 1}},
            {NetworkLoss.Kind.SOFTMAX_CROSS_ENTROPY, new int[] {4, 3, 3}}};
        for (Object[] c : cases) {
            NetworkLoss.Kind kind = (NetworkLoss.Kind) c[0];
            MLP model = MLP.scaled(9, 3, (int[]) c[1]);
            NetworkLoss loss = NetworkLoss.of(model, kind);
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                double[] row = new double[loss.width()];
                for (int j = 0; j < 3; j++) {
                    row[j] = random.nextGaussian();
                }
                if (kind == NetworkLoss.Kind.SOFTMAX_CROSS_ENTROPY) {
                    row[3 + random.nextInt(3)] = 1;
                } else {
                    row[3] = kind == NetworkLoss.Kind.SQUARED_ERROR ? random.nextGaussian() : random.nextInt(2);
                }
                rows.add(row);
            }
            Value total = Value.of(0);
            for (double[] row : rows) {
                total = total.add(valueGraphLoss(model, kind, row));
            }
            total.backward();
            double[] x = NetworkLoss.parametersOf(model);
            try (DistributedObjective objective = DistributedObjective.of(JavaRddOf(rows, 3), loss.width(),
                    loss.parameters(), loss)) {
                DistributedObjective.Total sums = objective.total(x);
                assertEquals(total.data(), sums.loss(), 1e-12 * Math.abs(total.data()), kind.name());
                List<Value> parameters = model.parameters();
                assertEquals(parameters.size(), x.length);
                for (int j = 0; j < x.length; j++) {
                    double expected = parameters.get(j).grad();
                    assertEquals(expected, sums.gradient()[j], 1e-11 * (1 + Math.abs(expected)), kind + " " + j);
                }
            }
        }
    }

    private static JavaRDD<double[]> JavaRddOf(List<double[]> rows, int partitions) {
        return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, partitions);
    }
}
