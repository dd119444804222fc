package dev.jgrad.bench;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/**
 * One forward and backward pass of a small MNIST-sized CNN on a batch of 64 random 28 × 28 images, timed in this
 * thread's CPU time: conv 1→16 5×5, ReLU, max-pool 2, conv 16→32 5×5, ReLU, max-pool 2, linear 512→10,
 * cross-entropy. {@code bench/cnn_torch.py} is the same step in PyTorch; {@code bench/cnn.sh} runs both.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp jgrad-bench/target/benchmarks.jar
 * dev.jgrad.bench.CnnStep [float32|float64]}; prints {@code dtype=... ms=...}, the median of 7 rounds.
 */
public final class CnnStep {

    private static final int BATCH = 64;
    private static final int ROUNDS = 7;
    private static final int STEPS = 10;

    private CnnStep() {
    }

    /**
     * Prints the median milliseconds of one forward + backward pass.
     *
     * @param args the dtype, {@code float32} (the default) or {@code float64}
     */
    public static void main(String[] args) {
        DType dtype = args.length > 0 && args[0].equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
        Random random = new Random(1);
        Tensor[] params = {
            uniform(random, dtype, 0.2, 16, 1, 5, 5), uniform(random, dtype, 0.2, 16),
            uniform(random, dtype, 0.05, 32, 16, 5, 5), uniform(random, dtype, 0.05, 32),
            uniform(random, dtype, 0.044, 10, 512), uniform(random, dtype, 0.044, 10)};
        Tensor images = uniform(random, dtype, 1, BATCH, 1, 28, 28).detach();
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(10);
        }
        double[] ms = new double[ROUNDS];
        for (int round = -3; round < ROUNDS; round++) {
            long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            for (int i = 0; i < STEPS; i++) {
                step(params, images, labels);
            }
            if (round >= 0) {
                ms[round] = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start) / 1e6 / STEPS;
            }
        }
        Arrays.sort(ms);
        System.out.printf("dtype=%s ms=%.3f%n", dtype == DType.FLOAT32 ? "float32" : "float64", ms[ROUNDS / 2]);
    }

    private static void step(Tensor[] p, Tensor images, int[] labels) {
        for (Tensor t : p) {
            t.zeroGrad();
        }
        Tensor h = images.conv2d(p[0], p[1], 1, 0).relu().maxPool2d(2, 2);
        h = h.conv2d(p[2], p[3], 1, 0).relu().maxPool2d(2, 2);
        Tensor logits = h.reshape(BATCH, 512).matmul(p[4].transpose(0, 1)).add(p[5]);
        logits.crossEntropy(labels).backward();
    }

    private static Tensor uniform(Random random, DType dtype, double bound, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextDouble() * 2 - 1) * bound;
        }
        return Tensor.of(v, shape).to(dtype).detach().requiresGrad(true);
    }
}
