package dev.jgrad.tensor;

/**
 * The dense matrix product {@code C = op(A) · op(B)} (or {@code C += ...}) over row-major arrays, the one kernel every
 * tensor product goes through.
 *
 * <p>Element {@code (i, p)} of {@code op(A)} is {@code a[aOffset + i * lda + p]}, or {@code a[aOffset + p * lda + i]}
 * when {@code transA}; likewise for {@code B}. {@code C} is {@code m × n} with element {@code (i, j)} at
 * {@code c[cOffset + i * ldc + j]}. With {@code accumulate} false, {@code C} is overwritten (its old contents, NaN
 * included, are not read).
 */
final class Gemm {

    private Gemm() {
    }

    /** {@code C (+)= op(A) · op(B)} in float64, {@code op(A)} being {@code m × k} and {@code op(B)} {@code k × n}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                     double[] c, int cOffset, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    double y = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += x * y;
                }
                int at = cOffset + i * ldc + j;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }

    /** {@code C (+)= op(A) · op(B)} in float32, with the same layout as the float64 form. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                     float[] c, int cOffset, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    float y = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += x * y;
                }
                int at = cOffset + i * ldc + j;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }
}
