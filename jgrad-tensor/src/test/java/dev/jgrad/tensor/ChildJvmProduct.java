package dev.jgrad.tensor;

/**
 * Run by {@link GemmTest} in a child JVM (with or without {@code jdk.incubator.vector}, with or without
 * {@link Tensor#MATMUL_PATH_PROPERTY}): prints {@link Tensor#matmulPath()} and whether a 40 × 40 product of ones made
 * through the public API came out as 40 everywhere (a Vector API class loaded by mistake would fail with
 * NoClassDefFoundError).
 */
final class ChildJvmProduct {

    private ChildJvmProduct() {
    }

    public static void main(String[] args) {
        int n = 40;
        Tensor ones = Tensor.full(1, DType.FLOAT64, n, n);
        boolean ok = java.util.Arrays.stream(ones.matmul(ones).toDoubleArray()).allMatch(x -> x == n);
        System.out.println("path=" + Tensor.matmulPath() + " product=" + (ok ? "ok" : "wrong"));
    }
}
