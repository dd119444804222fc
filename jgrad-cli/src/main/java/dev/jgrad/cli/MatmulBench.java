package dev.jgrad.cli;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * {@code jgrad bench matmul}: {@link Tensor#matmul} of two random {@code n × n} tensors on this thread, timed in
 * thread CPU time. The kernels are the JVM's ({@link Tensor#matmulPath()}); {@code --path scalar} has set
 * {@link Tensor#MATMUL_PATH_PROPERTY} before the first product. Each product allocates its result, as numpy's
 * {@code a @ b} does in {@code bench/matmul_numpy.py}.
 */
final class MatmulBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MatmulBench() {
    }

    /**
     * The best CPU time of several products after an untimed pass of the same (the JIT compiles the kernel during
     * the first): one line {@code n=... dtype=... path=... gflops=... ms_per_product=... check=ok}, where the check
     * compares 16 random elements of the product with dot products computed in float64.
     *
     * @param n     the size, at least 1
     * @param dtype the operands' dtype
     */
    static String matmul(int n, DType dtype) {
        measure(n, dtype);
        return measure(n, dtype);
    }

    private static String measure(int n, DType dtype) {
        double flops = 2.0 * n * n * n;
        // about 1.5e10 floating-point operations per measurement: some 50 products at n = 512
        int reps = (int) Math.max(3, Math.min(1000, 1.5e10 / flops));
        Random random = new Random(42);
        double[] x = new double[n * n];
        double[] y = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
            y[i] = random.nextGaussian();
        }
        Tensor a = Tensor.of(x, n, n).to(dtype);
        Tensor b = Tensor.of(y, n, n).to(dtype);
        long best = Long.MAX_VALUE;
        Tensor c = null;
        for (int r = 0; r < reps; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            c = a.matmul(b);
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t0);
        }
        double[] left = a.toDoubleArray();
        double[] right = b.toDoubleArray();
        double[] product = c.toDoubleArray();
        boolean ok = true;
        for (int t = 0; t < 16; t++) {
            int i = random.nextInt(n);
            int j = random.nextInt(n);
            double dot = 0;
            double magnitude = 0;
            for (int p = 0; p < n; p++) {
                dot += left[i * n + p] * right[p * n + j];
                magnitude += Math.abs(left[i * n + p] * right[p * n + j]);
            }
            double unit = dtype == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
            ok &= Math.abs(product[i * n + j] - dot) <= (n + 2) * unit * magnitude;
        }
        return String.format(Locale.ROOT, "n=%d dtype=%s path=%s gflops=%.2f ms_per_product=%.3f check=%s", n,
                dtype, Tensor.matmulPath(), flops / best, best / 1e6, ok ? "ok" : "wrong");
    }
}
