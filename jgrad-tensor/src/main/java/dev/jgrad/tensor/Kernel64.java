package dev.jgrad.tensor;

/**
 * A way of computing the float64 products that {@link Gemm} blocks: {@link KernelVector64} (Vector API register tiles
 * inside {@link GemmLoops}) or {@link KernelScalar64} (plain Java, rows of {@code C} updated by loops that C2
 * vectorizes).
 */
abstract class Kernel64 {

    /** Rows of a tile: a product with fewer rows than this and fewer columns than {@link #nr} is not blocked. */
    final int mr;
    /** Columns of a tile. */
    final int nr;

    Kernel64(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /**
     * {@code C (+)= op(A) · op(B)} with the layout and contract of {@link Gemm#gemm(boolean, boolean, int, int, int,
     * double[], int, int, double[], int, int, double[], int, int, boolean)}, for {@code m, n, k > 0}.
     */
    abstract void product(boolean transA, boolean transB, int m, int n, int k,
                          double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                          double[] c, int cOffset, int ldc, boolean accumulate);
}
