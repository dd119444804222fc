package dev.jgrad.tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * Times the matrix-product kernel for {@code jgrad bench matmul}. It lives in the kernel's package (on the class path
 * of the jgrad command, next to jgrad-core's classes) because the kernel is package-private: the figure is the
 * kernel's own, with no tensor bookkeeping around it.
 */
public final class GemmBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GemmBench() {
    }

    /** The kernels this JVM uses unless told otherwise: {@code "vector"} or {@code "scalar"}. */
    public static String defaultPath() {
        return Gemm.path();
    }

    /**
     * {@code C = A · B} for random {@code n × n} matrices on this thread, the best CPU time of several products after
     * an untimed pass of the same (the JIT compiles the kernel during the first): one line
     * {@code n=... dtype=... path=... gflops=... ms_per_product=... check=ok}, where the check compares 16 random
     * elements of {@code C} with dot products computed in float64.
     *
     * @param n       the size, at least 1
     * @param float32 float32 instead of float64
     * @param scalar  the plain-Java kernels, whatever this JVM has
     */
    public static String matmul(int n, boolean float32, boolean scalar) {
        measure(n, float32, scalar);
        return measure(n, float32, scalar);
    }

    private static String measure(int n, boolean float32, boolean scalar) {
        double flops = 2.0 * n * n * n;
        // about 1.5e10 floating-point operations per measurement: some 50 products at n = 512
        int reps = (int) Math.max(3, Math.min(1000, 1.5e10 / flops));
        Random random = new Random(42);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
            b[i] = random.nextGaussian();
        }
        long best = Long.MAX_VALUE;
        double[] c64 = new double[n * n];
        float[] c32 = new float[n * n];
        if (float32) {
            float[] a32 = toFloat(a);
            float[] b32 = toFloat(b);
            Kernel32 kernel = scalar ? new KernelScalar32() : Gemm.KERNEL32;
            for (int r = 0; r < reps; r++) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                Gemm.gemm(kernel, false, false, n, n, n, a32, 0, n, b32, 0, n, c32, 0, n, false);
                best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t0);
            }
            a = toDouble(a32);
            b = toDouble(b32);
            c64 = toDouble(c32);
        } else {
            Kernel64 kernel = scalar ? new KernelScalar64() : Gemm.KERNEL64;
            for (int r = 0; r < reps; r++) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                Gemm.gemm(kernel, false, false, n, n, n, a, 0, n, b, 0, n, c64, 0, n, false);
                best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t0);
            }
        }
        boolean ok = true;
        for (int t = 0; t < 16; t++) {
            int i = random.nextInt(n);
            int j = random.nextInt(n);
            double dot = 0;
            double magnitude = 0;
            for (int p = 0; p < n; p++) {
                dot += a[i * n + p] * b[p * n + j];
                magnitude += Math.abs(a[i * n + p] * b[p * n + j]);
            }
            ok &= Math.abs(c64[i * n + j] - dot) <= (n + 2) * (float32 ? 0x1p-23 : 0x1p-52) * magnitude;
        }
        return String.format(Locale.ROOT, "n=%d dtype=%s path=%s gflops=%.2f ms_per_product=%.3f check=%s",
                n, float32 ? "float32" : "float64", scalar ? "scalar" : Gemm.path(), flops / best,
                best / 1e6, ok ? "ok" : "wrong");
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    private static double[] toDouble(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }
}
