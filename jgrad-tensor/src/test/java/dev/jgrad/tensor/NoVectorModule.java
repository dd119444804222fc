package dev.jgrad.tensor;

/**
 * Run by {@link GemmTest} in a JVM without {@code jdk.incubator.vector}: prints the path and whether a 40 × 40 product
 * of ones came out as 40 everywhere (a Vector API class loaded by mistake would fail with NoClassDefFoundError).
 */
final class NoVectorModule {

    private NoVectorModule() {
    }

    public static void main(String[] args) {
        int n = 40;
        double[] ones = new double[n * n];
        java.util.Arrays.fill(ones, 1);
        double[] c = new double[n * n];
        Gemm.gemm(false, false, n, n, n, ones, 0, n, ones, 0, n, c, 0, n, false);
        boolean ok = java.util.Arrays.stream(c).allMatch(x -> x == n);
        System.out.println("path=" + Gemm.path() + " product=" + (ok ? "ok" : "wrong"));
    }
}
