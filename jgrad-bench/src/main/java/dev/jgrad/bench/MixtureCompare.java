package dev.jgrad.bench;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import dev.jgrad.tensor.Tensor;
import java.util.Arrays;

/**
 * jgrad's side of {@code bench/mixture.sh}: the Gaussian mixture log-likelihood of {@link TracedPrograms.Mixture},
 * points as data, recorded once with loops compiled, then its gradient replayed and the plain Java function (value
 * only) run, each timed in wall-clock time as the median of the repeats after a warm-up; and the same gradient with
 * jgrad's tensors, its quadratic forms expanded into matrix products as {@code bench/mixture_torch.py} writes them
 * for PyTorch ({@code sum_d x^2 p - 2 x mu p + mu^2 p}, {@code p = e^(2s)}).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp jgrad-bench/target/benchmarks.jar
 * dev.jgrad.bench.MixtureCompare [d K n] [repeats]}; prints {@code d=... K=... n=... instructions=... loops=...
 * record_ms=... gradient_ms=... plain_ms=... tensor_ms=... path=...}.
 */
public final class MixtureCompare {

    private static final int WARM_UP = 100;
    /** The tensor form's warm-up: its many small operations take longer to compile than the replay's few kernels. */
    private static final int TENSOR_WARM_UP = 400;

    private MixtureCompare() {
    }

    /**
     * Prints one line of figures.
     *
     * @param args {@code d K n} (20, 50 and 1,000 by default), then the number of timed repeats (100 by default)
     */
    public static void main(String[] args) {
        int d = args.length >= 3 ? Integer.parseInt(args[0]) : 20;
        int k = args.length >= 3 ? Integer.parseInt(args[1]) : 50;
        int n = args.length >= 3 ? Integer.parseInt(args[2]) : 1000;
        int repeats = args.length >= 4 ? Integer.parseInt(args[3]) : 100;
        TracedPrograms.Mixture program = new TracedPrograms.Mixture(d, k, n, true);
        double[] point = program.point();
        // the tensors first: after the recording has grown the heap, G1's young generation is large enough that each
        // step's new tensors land on memory touched for the first time, and steps took 18-24 ms in half the runs
        double[] tensor = new double[repeats];
        double tensorValue = tensorGradients(d, k, n, point, tensor);
        long start = System.nanoTime();
        Tape tape = TapeScaleBenchmark.record(program, true);
        double recordMs = (System.nanoTime() - start) / 1e6;
        Workspace workspace = TapeScaleBenchmark.workspace(tape, program, point);
        double[] x = TapeScaleBenchmark.differentiable(program, point);
        double[] grad = new double[x.length];
        double[] gradient = new double[repeats];
        double[] plain = new double[repeats];
        double sink = 0;
        for (int i = 0; i < WARM_UP + repeats; i++) {
            long t0 = System.nanoTime();
            sink += workspace.gradient(x, grad);
            long t1 = System.nanoTime();
            sink += program.plain(point);
            long t2 = System.nanoTime();
            if (i >= WARM_UP) {
                gradient[i - WARM_UP] = (t1 - t0) / 1e6;
                plain[i - WARM_UP] = (t2 - t1) / 1e6;
            }
        }
        System.out.printf("d=%d K=%d n=%d instructions=%d loops=%d record_ms=%.0f gradient_ms=%.3f plain_ms=%.3f"
                        + " tensor_ms=%.3f path=%s value=%.6f tensor_value=%.6f%n", d, k, n, tape.instructionCount(),
                tape.compiledLoopCount(), recordMs, CpuTime.median(gradient), CpuTime.median(plain),
                CpuTime.median(tensor), Tensor.matmulPath(), sink / (2 * (WARM_UP + repeats)), tensorValue);
    }

    /**
     * Times the gradient with tensors into {@code times} (after a warm-up) and returns the log-likelihood. The
     * point's layout is {@link TracedPrograms.Mixture}'s: {@code a}, {@code mu}, {@code s}, then the points.
     */
    private static double tensorGradients(int d, int k, int n, double[] point, double[] times) {
        Tensor a = Tensor.of(Arrays.copyOfRange(point, 0, k), k).requiresGrad(true);
        Tensor mu = Tensor.of(Arrays.copyOfRange(point, k, k + k * d), k, d).requiresGrad(true);
        Tensor s = Tensor.of(Arrays.copyOfRange(point, k + k * d, k + 2 * k * d), k, d).requiresGrad(true);
        Tensor x = Tensor.of(Arrays.copyOfRange(point, k + 2 * k * d, k + 2 * k * d + n * d), n, d);
        double value = 0;
        for (int i = 0; i < TENSOR_WARM_UP + times.length; i++) {
            long t0 = System.nanoTime();
            a.zeroGrad();
            mu.zeroGrad();
            s.zeroGrad();
            Tensor p = s.mul(2).exp();
            Tensor bias = a.add(s.sum(1));
            Tensor quadratic = x.mul(x).matmul(p.transpose(0, 1))
                    .sub(x.matmul(mu.mul(p).transpose(0, 1)).mul(2))
                    .add(mu.mul(mu).mul(p).sum(1).unsqueeze(0));
            Tensor total = bias.unsqueeze(0).sub(quadratic.mul(0.5)).logsumexp(1, false).sum();
            total.backward();
            value = total.item();
            if (i >= TENSOR_WARM_UP) {
                times[i - TENSOR_WARM_UP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return value;
    }
}
