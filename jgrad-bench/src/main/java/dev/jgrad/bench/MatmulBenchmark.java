package dev.jgrad.bench;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Tensor#matmul} of two random {@code n × n} tensors, in ms per product (GFLOP/s = 2n³ / time): both kernels,
 * float64 and float32. The fork runs with {@code --add-modules jdk.incubator.vector}, as {@code ./jgrad} does; for
 * {@code path=scalar} the set-up sets {@link Tensor#MATMUL_PATH_PROPERTY} before the fork's first product (JMH runs
 * each parameter combination in forks of its own).
 *
 * <pre>java -jar jgrad-bench/target/benchmarks.jar MatmulBenchmark -p n=512</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class MatmulBenchmark {

    @Param({"128", "512"})
    int n;

    @Param({"vector", "scalar"})
    String path;

    private Tensor a64;
    private Tensor b64;
    private Tensor a32;
    private Tensor b32;

    /** Chooses the kernels, then makes the random operands; refuses a fork whose path is not the one asked for. */
    @Setup
    public void setUp() {
        if (path.equals("scalar")) {
            System.setProperty(Tensor.MATMUL_PATH_PROPERTY, "scalar");
        }
        if (!Tensor.matmulPath().equals(path)) {
            throw new IllegalStateException("asked for path=" + path + ", the fork has path=" + Tensor.matmulPath());
        }
        Random random = new Random(42);
        double[] x = new double[n * n];
        double[] y = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            x[i] = random.nextGaussian();
            y[i] = random.nextGaussian();
        }
        a64 = Tensor.of(x, n, n);
        b64 = Tensor.of(y, n, n);
        a32 = a64.to(DType.FLOAT32);
        b32 = b64.to(DType.FLOAT32);
    }

    /** {@code A · B} in float64; returns the product so that the JIT cannot drop it. */
    @Benchmark
    public Tensor float64() {
        return a64.matmul(b64);
    }

    /** {@code A · B} in float32. */
    @Benchmark
    public Tensor float32() {
        return a32.matmul(b32);
    }
}
