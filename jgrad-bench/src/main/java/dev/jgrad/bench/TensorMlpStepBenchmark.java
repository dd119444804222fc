package dev.jgrad.bench;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.nn.Activation;
import dev.jgrad.tensor.nn.Adam;
import dev.jgrad.tensor.nn.Linear;
import dev.jgrad.tensor.nn.Losses;
import dev.jgrad.tensor.nn.Optimizer;
import dev.jgrad.tensor.nn.Sequential;
import dev.jgrad.tensor.nn.Sgd;
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
 * One training step of the tensor 784-128-10 ReLU network of {@code jgrad bench mlp} (zero the gradients, forward of
 * a fixed batch of 64 random rows, softmax cross-entropy against random labels, backward, optimizer step), for SGD
 * (lr 0.01, momentum 0.9) and Adam (lr 1e-3), float64 and float32. The fork runs with
 * {@code --add-modules jdk.incubator.vector}, as {@code ./jgrad} does ({@code path=vector}). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the steady-state allocation per step.
 *
 * <pre>java -jar jgrad-bench/target/benchmarks.jar TensorMlpStepBenchmark -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TensorMlpStepBenchmark {

    /** Rows per step. */
    static final int BATCH = 64;

    @Param({"float64", "float32"})
    String dtype;

    @Param({"sgd", "adam"})
    String optimizer;

    private Sequential net;
    private Optimizer opt;
    private Tensor input;
    private int[] labels;

    /** The network, its optimizer and the fixed batch (seeded as {@code jgrad bench mlp}'s). */
    @Setup
    public void setUp() {
        DType type = DType.valueOf(dtype.toUpperCase(java.util.Locale.ROOT));
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[BATCH * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        labels = random.ints(BATCH, 0, 10).toArray();
        input = Tensor.of(x, BATCH, 784).to(type);
        net = Sequential.of(Linear.of(784, 128, Linear.Init.HE, 1, type), Activation.relu(),
                Linear.of(128, 10, Linear.Init.XAVIER, 2, type));
        opt = optimizer.equals("adam") ? Adam.adam(net.parameters(), 1e-3) : Sgd.of(net.parameters(), 0.01, 0.9, 0);
    }

    /** One step; returns the loss so that the JIT cannot drop the work. */
    @Benchmark
    public double step() {
        net.zeroGrad();
        Tensor loss = Losses.crossEntropy(net.forward(input), labels);
        loss.backward();
        opt.step();
        return loss.item();
    }
}
