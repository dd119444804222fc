package dev.jgrad.tensor;

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
 * The matrix-product kernel ({@link Gemm}, package-private, hence this benchmark's package) on two random
 * {@code n × n} matrices, in ms per product (GFLOP/s = 2n³ / time): both kernels, float64 and float32. The fork runs
 * with {@code --add-modules jdk.incubator.vector}, as {@code ./jgrad} does, so that {@code path=vector} can run;
 * {@code path=scalar} uses the plain-Java kernels whatever the JVM has.
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

    private Kernel64 kernel64;
    private Kernel32 kernel32;
    private double[] a64;
    private double[] b64;
    private double[] c64;
    private float[] a32;
    private float[] b32;
    private float[] c32;

    /** Random matrices and the kernels of the path; refuses {@code vector} if the fork lacks the module. */
    @Setup
    public void setUp() {
        if (path.equals("vector") && !Gemm.path().equals("vector")) {
            throw new IllegalStateException("the fork has no jdk.incubator.vector: path=" + Gemm.path());
        }
        kernel64 = path.equals("vector") ? Gemm.KERNEL64 : new KernelScalar64();
        kernel32 = path.equals("vector") ? Gemm.KERNEL32 : new KernelScalar32();
        Random random = new Random(42);
        a64 = new double[n * n];
        b64 = new double[n * n];
        c64 = new double[n * n];
        a32 = new float[n * n];
        b32 = new float[n * n];
        c32 = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            a64[i] = random.nextGaussian();
            b64[i] = random.nextGaussian();
            a32[i] = (float) a64[i];
            b32[i] = (float) b64[i];
        }
    }

    /** {@code C = A · B} in float64; returns C so that the JIT cannot drop the product. */
    @Benchmark
    public double[] float64() {
        Gemm.gemm(kernel64, false, false, n, n, n, a64, 0, n, b64, 0, n, c64, 0, n, false);
        return c64;
    }

    /** {@code C = A · B} in float32. */
    @Benchmark
    public float[] float32() {
        Gemm.gemm(kernel32, false, false, n, n, n, a32, 0, n, b32, 0, n, c32, 0, n, false);
        return c32;
    }
}
