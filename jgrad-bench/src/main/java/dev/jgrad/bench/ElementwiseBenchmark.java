package dev.jgrad.bench;

import dev.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
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
 * One elementwise op forward and backward over a float64 tensor of 1,000,000 elements ({@code tensor}: the op on a
 * leaf requiring a gradient, then {@code backward} with a gradient of ones, which fills the leaf's gradient), against
 * a plain Java loop computing the same value and derivative into two arrays ({@code loop}: the same {@code Math}
 * calls, the derivative in terms of the value as the rule table writes it). The target: {@code tensor}
 * within 3× of {@code loop}.
 *
 * <pre>java -jar jgrad-bench/target/benchmarks.jar ElementwiseBenchmark -prof gc</pre>
 *
 * <p>On a shared machine, where wall time counts the waits for a core, {@link #main} times the same two methods in
 * CPU time instead, alternating them round by round so that both see the same load:
 * {@code java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.ElementwiseBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ElementwiseBenchmark {

    /** Elements per tensor. */
    static final int N = 1_000_000;

    @Param({"tanh", "exp", "sigmoid"})
    String op;

    private double[] x;
    private double[] value;
    private double[] derivative;
    private Tensor leaf;
    private Tensor ones;

    private static final int ROUNDS = 9;
    private static final int CALLS = 20;

    /**
     * For each op, prints the median over {@value #ROUNDS} rounds (after warm-up rounds) of the milliseconds per call
     * of {@code tensor} and {@code loop}, in process CPU time (the garbage collector's threads count, which the
     * tensor side's allocations keep busy) and in this thread's CPU time, and their ratios.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (String name : new String[] {"tanh", "exp", "sigmoid"}) {
            ElementwiseBenchmark b = new ElementwiseBenchmark();
            b.op = name;
            b.setUp();
            double[][] ms = new double[4][ROUNDS];
            for (int round = -4; round < ROUNDS; round++) {
                long p0 = CpuTime.processCpu();
                long t0 = CpuTime.threadCpu();
                for (int i = 0; i < CALLS; i++) {
                    b.tensor();
                }
                long p1 = CpuTime.processCpu();
                long t1 = CpuTime.threadCpu();
                for (int i = 0; i < CALLS; i++) {
                    b.loop();
                }
                if (round >= 0) {
                    ms[0][round] = (p1 - p0) / 1e6 / CALLS;
                    ms[1][round] = (t1 - t0) / 1e6 / CALLS;
                    ms[2][round] = (CpuTime.processCpu() - p1) / 1e6 / CALLS;
                    ms[3][round] = (CpuTime.threadCpu() - t1) / 1e6 / CALLS;
                }
            }
            double[] m = new double[4];
            for (int k = 0; k < 4; k++) {
                m[k] = CpuTime.median(ms[k]);
            }
            System.out.printf(java.util.Locale.ROOT, "op=%s n=%d tensor_ms=%.2f loop_ms=%.2f ratio=%.2f"
                    + " (process CPU); tensor_ms=%.2f loop_ms=%.2f ratio=%.2f (thread CPU)%n", name, N, m[0], m[2],
                    m[0] / m[2], m[1], m[3], m[1] / m[3]);
        }
    }

    /** Inputs in [-3, 3], seeded. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = random.nextDouble(-3, 3);
        }
        value = new double[N];
        derivative = new double[N];
        leaf = Tensor.of(x).requiresGrad(true);
        ones = Tensor.full(1, leaf.dtype(), N);
    }

    /** The op and its gradient on tensors; returns the gradient. */
    @Benchmark
    public Tensor tensor() {
        leaf.zeroGrad();
        Tensor y = switch (op) {
            case "tanh" -> leaf.tanh();
            case "exp" -> leaf.exp();
            default -> leaf.sigmoid();
        };
        y.backward(ones, false);
        return leaf.grad();
    }

    /** Value and derivative by hand into arrays kept across calls; returns the derivatives. */
    @Benchmark
    public double[] loop() {
        switch (op) {
            case "tanh" -> {
                for (int i = 0; i < N; i++) {
                    double t = Math.tanh(x[i]);
                    value[i] = t;
                    derivative[i] = 1 - t * t;
                }
            }
            case "exp" -> {
                for (int i = 0; i < N; i++) {
                    double e = Math.exp(x[i]);
                    value[i] = e;
                    derivative[i] = e;
                }
            }
            default -> {
                for (int i = 0; i < N; i++) {
                    double a = x[i];
                    double s = a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
                    value[i] = s;
                    derivative[i] = s * (1 - s);
                }
            }
        }
        return derivative;
    }
}
