package dev.jgrad.cli;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.nn.Activation;
import dev.jgrad.tensor.nn.Adam;
import dev.jgrad.tensor.nn.Linear;
import dev.jgrad.tensor.nn.Losses;
import dev.jgrad.tensor.nn.Optimizer;
import dev.jgrad.tensor.nn.Sequential;
import dev.jgrad.tensor.nn.Sgd;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code jgrad bench mlp}: one training step of a 784-128-10 ReLU network on tensors (forward, softmax
 * cross-entropy, backward, optimizer step) on a fixed batch of random inputs and labels, the workload of
 * {@code bench/mlp_torch.py}. Time is the CPU time of the whole process (so the garbage collector's threads count,
 * and waiting for a core on a loaded machine does not), the best mean over blocks of steps after untimed warm-up
 * steps (the JIT compiles the kernels during those), as the script measures PyTorch. Blocks are long because
 * the process's CPU time advances in ticks of several milliseconds.
 */
final class MlpBench {

    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int WARMUP_STEPS = 100;
    private static final int BLOCKS = 5;
    private static final int STEPS_PER_BLOCK = 100;

    private MlpBench() {
    }

    /**
     * The line {@code batch=... dtype=... optimizer=... path=... ms_per_step=... loss_first=... loss_last=...}.
     *
     * @param batch   rows per step, at least 1
     * @param dtype   the parameters' and inputs' dtype
     * @param adam    Adam (lr 1e-3) instead of SGD (lr 0.01, momentum 0.9)
     */
    static String mlp(int batch, DType dtype, boolean adam) {
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[batch * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        int[] labels = random.ints(batch, 0, 10).toArray();
        Tensor input = Tensor.of(x, batch, 784).to(dtype);
        Sequential net = Sequential.of(Linear.of(784, 128, Linear.Init.HE, 1, dtype), Activation.relu(),
                Linear.of(128, 10, Linear.Init.XAVIER, 2, dtype));
        Optimizer opt = adam ? Adam.adam(net.parameters(), 1e-3) : Sgd.of(net.parameters(), 0.01, 0.9, 0);
        double first = step(net, opt, input, labels);
        for (int k = 1; k < WARMUP_STEPS; k++) {
            step(net, opt, input, labels);
        }
        long best = Long.MAX_VALUE;
        double last = first;
        for (int b = 0; b < BLOCKS; b++) {
            long t0 = PROCESS.getProcessCpuTime();
            for (int k = 0; k < STEPS_PER_BLOCK; k++) {
                last = step(net, opt, input, labels);
            }
            best = Math.min(best, (PROCESS.getProcessCpuTime() - t0) / STEPS_PER_BLOCK);
        }
        return String.format(Locale.ROOT,
                "batch=%d dtype=%s optimizer=%s path=%s ms_per_step=%.3f loss_first=%.4f loss_last=%.4f", batch,
                dtype, adam ? "adam" : "sgd", Tensor.matmulPath(), best / 1e6, first, last);
    }

    private static double step(Sequential net, Optimizer opt, Tensor input, int[] labels) {
        net.zeroGrad();
        Tensor loss = Losses.crossEntropy(net.forward(input), labels);
        loss.backward();
        opt.step();
        return loss.item();
    }
}
