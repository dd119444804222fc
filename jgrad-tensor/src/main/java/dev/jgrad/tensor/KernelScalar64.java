package dev.jgrad.tensor;

import java.util.Arrays;

/**
 * The float64 product in plain Java, for JVMs without the Vector API. Its inner loop is one that C2's superword pass
 * turns into SIMD instructions (see {@link #update}); a register tile in local variables, the usual micro-kernel,
 * stays scalar, at about a third of this speed in float64 and a fifth in float32 (BENCHMARKS.md, matrix product).
 *
 * <p>The loops: {@code B} is copied {@link #COLUMNS} columns by {@link #DEPTHS} depths at a time into one array per
 * depth ({@link Pack#rows}). For each group of {@link #ROWS} rows of {@code C}, a scratch array per row accumulates
 * the block's contribution, four depths per pass: the pass reads four rows of {@code B} (kept in L1 for the group's
 * rows) and the four matching elements of each row of {@code A}, then the scratch rows are added to (or, for the
 * first block of depths without {@code accumulate}, copied into) {@code C}. Element {@code (i, j)} is thus summed in
 * depth order, four products at a time: {@code t += ((a0·b0 + a1·b1) + a2·b2) + a3·b3}, all {@code k} terms
 * included, so NaN and infinities propagate as in a dot product. A product with few columns and more rows runs
 * transposed ({@link #NARROW}).
 */
final class KernelScalar64 extends Kernel64 {

    /** Rows of {@code C} per pass over four rows of {@code B}. */
    static final int ROWS = 4;
    /** Columns per block: the vectorized loop runs this far before its scalar pre- and post-loops repeat. */
    static final int COLUMNS = 512;
    /** Depths per block: the block of {@code B} (1 MB here) stays in L2 while all rows of {@code A} pass over it. */
    static final int DEPTHS = 256;
    /**
     * A product with fewer columns than this, and more rows, runs as {@code Cᵀ = op(B)ᵀ · op(A)ᵀ}: rows of a few
     * elements leave the vectorized loop to its scalar pre- and post-loops.
     */
    static final int NARROW = 32;

    KernelScalar64() {
        super(ROWS, ROWS);
    }

    @Override
    void product(boolean transA, boolean transB, int m, int n, int k,
                 double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                 double[] c, int cOffset, int ldc, boolean accumulate) {
        if (n < NARROW && m > n) {
            rows(!transB, !transA, n, m, k, b, bOffset, ldb, a, aOffset, lda, c, cOffset, 1, ldc, accumulate);
        } else {
            rows(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, 1, accumulate);
        }
    }

    /**
     * The product with element {@code (i, j)} of {@code C} at {@code c[cOffset + i * cRow + j * cColumn]}: the rows of
     * {@code C} ({@code cColumn == 1}), or the rows of {@code Cᵀ = op(B)ᵀ · op(A)ᵀ}, which are the columns of
     * {@code C}.
     */
    private static void rows(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                             double[] c, int cOffset, int cRow, int cColumn, boolean accumulate) {
        Pack buffers = Pack.buffers();
        double[][] bRows = buffers.bRows64(Math.min(DEPTHS, k), Math.min(COLUMNS, n));
        double[][] cRows = buffers.cRows64(ROWS, Math.min(COLUMNS, n));
        int rowStep = transA ? 1 : lda;
        int depthStep = transA ? lda : 1;
        for (int j0 = 0; j0 < n; j0 += COLUMNS) {
            int cols = Math.min(COLUMNS, n - j0);
            for (int p0 = 0; p0 < k; p0 += DEPTHS) {
                int depth = Math.min(DEPTHS, k - p0);
                boolean add = accumulate || p0 > 0;
                Pack.rows(transB, b, bOffset, ldb, p0, depth, j0, cols, bRows);
                for (int i0 = 0; i0 < m; i0 += ROWS) {
                    int rows = Math.min(ROWS, m - i0);
                    for (int r = 0; r < rows; r++) {
                        Arrays.fill(cRows[r], 0, cols, 0);
                    }
                    int p = 0;
                    for (; p + 4 <= depth; p += 4) {
                        double[] b0 = bRows[p];
                        double[] b1 = bRows[p + 1];
                        double[] b2 = bRows[p + 2];
                        double[] b3 = bRows[p + 3];
                        for (int r = 0; r < rows; r++) {
                            int at = aOffset + (i0 + r) * rowStep + (p0 + p) * depthStep;
                            update(cRows[r], cols, a[at], b0, a[at + depthStep], b1, a[at + 2 * depthStep], b2,
                                    a[at + 3 * depthStep], b3);
                        }
                    }
                    for (; p < depth; p++) {
                        for (int r = 0; r < rows; r++) {
                            update(cRows[r], cols, a[aOffset + (i0 + r) * rowStep + (p0 + p) * depthStep], bRows[p]);
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        store(cRows[r], cols, c, cOffset + (i0 + r) * cRow + j0 * cColumn, cColumn, add);
                    }
                }
            }
        }
    }

    /**
     * {@code t[j] += a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]} for {@code j < cols}. Every array is indexed by
     * {@code j} alone: JDK 17's superword pass vectorizes this loop, and gives up on the same loop over rows at
     * offsets within one array ({@code c[at + j]}, {@code b[q + j]}), or over two output rows at once (measured in
     * BENCHMARKS.md).
     */
    private static void update(double[] t, int cols, double a0, double[] b0, double a1, double[] b1,
                               double a2, double[] b2, double a3, double[] b3) {
        for (int j = 0; j < cols; j++) {
            t[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    /** {@code t[j] += a0·b0[j]} for {@code j < cols}: the depths left over after groups of four. */
    private static void update(double[] t, int cols, double a0, double[] b0) {
        for (int j = 0; j < cols; j++) {
            t[j] += a0 * b0[j];
        }
    }

    private static void store(double[] t, int cols, double[] c, int at, int step, boolean add) {
        if (step == 1 && !add) {
            System.arraycopy(t, 0, c, at, cols);
        } else {
            for (int j = 0; j < cols; j++) {
                c[at + j * step] = add ? c[at + j * step] + t[j] : t[j];
            }
        }
    }
}
