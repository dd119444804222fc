package dev.jgrad.tensor;

/** The float32 counterpart of {@link Kernel64}. */
abstract class Kernel32 {

    /** Rows of a tile: a product with fewer rows than this and fewer columns than {@link #nr} is not blocked. */
    final int mr;
    /** Columns of a tile. */
    final int nr;

    Kernel32(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /**
     * {@code C (+)= op(A) · op(B)} with the layout and contract of {@link Gemm#gemm(boolean, boolean, int, int, int,
     * float[], int, int, float[], int, int, float[], int, int, boolean)}, for {@code m, n, k > 0}.
     */
    abstract void product(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float[] c, int cOffset, int ldc, boolean accumulate);
}
