package dev.jgrad.tensor;

/**
 * The loops around the Vector API micro-kernels, as BLIS arranges them: {@code B} is packed a block of {@link #KC}
 * depths by {@link #NC} columns at a time (kept in the L3 cache), {@code A} a block of {@link #MC} rows by
 * {@link #KC} depths (kept in L2), and the kernel multiplies one {@code mr}-row panel of the {@code A} block by one
 * {@code nr}-column panel of the {@code B} block (kept in L1) into a tile of {@code C}.
 *
 * <p>Tiles at the right and bottom edges, narrower than the kernel's, are computed into a scratch tile and only their
 * real part is stored. Every product still runs through all {@code k} terms: nothing is skipped for zeros, so a NaN
 * or an infinity in {@code A} or {@code B} reaches {@code C} as it would through a plain dot product.
 */
final class GemmLoops {

    /** Depths per packed block: an {@code nr}-column panel of {@code B} of this depth fills about half of L1. */
    static final int KC = 256;
    /** Rows per packed block of {@code A}, a multiple of both kernels' {@code mr}. */
    static final int MC = 96;
    /** Columns per packed block of {@code B}, a multiple of both kernels' {@code nr}. */
    static final int NC = 2048;

    private GemmLoops() {
    }

    /**
     * The contract of {@link Kernel64#product} through {@code kernel}'s register tile, with {@code op(B)} ({@code k ×
     * n}) given by a source that packs its blocks.
     */
    static void run(KernelVector64 kernel, boolean transA, int m, int n, int k, double[] a, int aOffset, int lda,
                    Pack.Source64 b, double[] c, int cOffset, int ldc, boolean accumulate) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        Pack buffers = Pack.buffers();
        double[] packedA = buffers.a64(roundUp(Math.min(MC, m), mr) * Math.min(KC, k));
        double[] packedB = buffers.b64(roundUp(Math.min(NC, n), nr) * Math.min(KC, k));
        double[] tile = buffers.tile64(mr * nr);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                b.pack(pc, kc, jc, nc, nr, packedB);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    Pack.a(transA, a, aOffset, lda, ic, mc, pc, kc, mr, packedA);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            int at = cOffset + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr) {
                                kernel.run(kc, packedA, ir * kc, packedB, jr * kc, c, at, ldc, add);
                            } else {
                                kernel.run(kc, packedA, ir * kc, packedB, jr * kc, tile, 0, nr, false);
                                store(tile, nr, rows, cols, c, at, ldc, add);
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link #run(KernelVector64, boolean, int, int, int, double[], int, int, Pack.Source64, double[], int, int,
     * boolean)} in float32. */
    static void run(KernelVector32 kernel, boolean transA, int m, int n, int k, float[] a, int aOffset, int lda,
                    Pack.Source32 b, float[] c, int cOffset, int ldc, boolean accumulate) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        Pack buffers = Pack.buffers();
        float[] packedA = buffers.a32(roundUp(Math.min(MC, m), mr) * Math.min(KC, k));
        float[] packedB = buffers.b32(roundUp(Math.min(NC, n), nr) * Math.min(KC, k));
        float[] tile = buffers.tile32(mr * nr);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                b.pack(pc, kc, jc, nc, nr, packedB);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    Pack.a(transA, a, aOffset, lda, ic, mc, pc, kc, mr, packedA);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            int at = cOffset + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr) {
                                kernel.run(kc, packedA, ir * kc, packedB, jr * kc, c, at, ldc, add);
                            } else {
                                kernel.run(kc, packedA, ir * kc, packedB, jr * kc, tile, 0, nr, false);
                                store(tile, nr, rows, cols, c, at, ldc, add);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void store(double[] tile, int nr, int rows, int cols, double[] c, int at, int ldc, boolean add) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double x = tile[r * nr + j];
                c[at + r * ldc + j] = add ? c[at + r * ldc + j] + x : x;
            }
        }
    }

    private static void store(float[] tile, int nr, int rows, int cols, float[] c, int at, int ldc, boolean add) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float x = tile[r * nr + j];
                c[at + r * ldc + j] = add ? c[at + r * ldc + j] + x : x;
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
