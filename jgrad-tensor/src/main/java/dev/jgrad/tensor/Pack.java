package dev.jgrad.tensor;

import java.util.Arrays;

/**
 * Copies blocks of {@code op(A)} and {@code op(B)} into the contiguous panels the micro-kernels read, or into the
 * rows {@link KernelScalar64} reads, and keeps each thread's buffers for its next product.
 *
 * <p>A packed block of {@code A} is a row of panels of {@code mr} rows: the panel starting at block row {@code ir}
 * begins at {@code ir * kc} and holds element {@code (ir + r, p)} at {@code p * mr + r}. A packed block of {@code B}
 * is a row of panels of {@code nr} columns: the panel starting at block column {@code jr} begins at {@code jr * kc}
 * and holds element {@code (p, jr + j)} at {@code p * nr + j}. A last panel that is not full is padded with zeros;
 * the kernel's results for the padding are never stored in {@code C}. For the plain-Java kernels, a block of
 * {@code B} is one array per depth ({@link #rows}), and each row of {@code C} in progress has a scratch array.
 */
final class Pack {

    /**
     * Buffers live per thread, so that concurrent products on different threads never share one, and a thread that
     * multiplies again (a training loop) reuses them instead of allocating. They only grow, up to the block sizes of
     * {@link GemmLoops}.
     */
    private static final ThreadLocal<Pack> BUFFERS = ThreadLocal.withInitial(Pack::new);

    private double[] a64 = new double[0];
    private double[] b64 = new double[0];
    private double[] tile64 = new double[0];
    private float[] a32 = new float[0];
    private float[] b32 = new float[0];
    private float[] tile32 = new float[0];
    private double[][] bRows64 = new double[0][0];
    private double[][] cRows64 = new double[0][0];
    private float[][] bRows32 = new float[0][0];
    private float[][] cRows32 = new float[0][0];

    private Pack() {
    }

    /** This thread's buffers. */
    static Pack buffers() {
        return BUFFERS.get();
    }

    double[] a64(int size) {
        if (a64.length < size) {
            a64 = new double[size];
        }
        return a64;
    }

    double[] b64(int size) {
        if (b64.length < size) {
            b64 = new double[size];
        }
        return b64;
    }

    double[] tile64(int size) {
        if (tile64.length < size) {
            tile64 = new double[size];
        }
        return tile64;
    }

    float[] a32(int size) {
        if (a32.length < size) {
            a32 = new float[size];
        }
        return a32;
    }

    float[] b32(int size) {
        if (b32.length < size) {
            b32 = new float[size];
        }
        return b32;
    }

    float[] tile32(int size) {
        if (tile32.length < size) {
            tile32 = new float[size];
        }
        return tile32;
    }

    /**
     * At least {@code count} distinct arrays of at least {@code length} elements, for a block of {@code B}; like every
     * buffer here, they only grow.
     */
    double[][] bRows64(int count, int length) {
        return bRows64 = atLeast(bRows64, count, length);
    }

    /** At least {@code count} distinct arrays of at least {@code length} elements, for rows of {@code C}. */
    double[][] cRows64(int count, int length) {
        return cRows64 = atLeast(cRows64, count, length);
    }

    float[][] bRows32(int count, int length) {
        return bRows32 = atLeast(bRows32, count, length);
    }

    float[][] cRows32(int count, int length) {
        return cRows32 = atLeast(cRows32, count, length);
    }

    /** {@code rows} if it has {@code count} arrays of {@code length} elements, else larger ones in both dimensions. */
    private static double[][] atLeast(double[][] rows, int count, int length) {
        if (rows.length >= count && rows[0].length >= length) {
            return rows;
        }
        int width = rows.length == 0 ? 0 : rows[0].length;
        return new double[Math.max(count, rows.length)][Math.max(length, width)];
    }

    private static float[][] atLeast(float[][] rows, int count, int length) {
        if (rows.length >= count && rows[0].length >= length) {
            return rows;
        }
        int width = rows.length == 0 ? 0 : rows[0].length;
        return new float[Math.max(count, rows.length)][Math.max(length, width)];
    }

    /** Packs rows {@code i0 .. i0 + rows} and depths {@code p0 .. p0 + kc} of {@code op(A)} into {@code into}. */
    static void a(boolean trans, double[] a, int offset, int lda, int i0, int rows, int p0, int kc, int mr,
                  double[] into) {
        for (int ir = 0; ir < rows; ir += mr) {
            int panel = ir * kc;
            int full = Math.min(mr, rows - ir);
            if (full < mr) {
                Arrays.fill(into, panel, panel + kc * mr, 0);
            }
            if (trans) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, offset + (p0 + p) * lda + i0 + ir, into, panel + p * mr, full);
                }
            } else {
                for (int r = 0; r < full; r++) {
                    int from = offset + (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        into[panel + p * mr + r] = a[from + p];
                    }
                }
            }
        }
    }

    /**
     * Where a product's {@code B} comes from, a block at a time, for the vector kernels' loops ({@link GemmLoops}): a
     * matrix ({@link #matrix(boolean, double[], int, int)}), or anything that can write its blocks straight into
     * panels, such as a convolution's unrolled receptive fields, which then never exist as a matrix.
     */
    interface Source64 {
        /**
         * Packs depths {@code p0 .. p0 + kc} and columns {@code j0 .. j0 + cols} of {@code B} into {@code nr}-column
         * panels, laid out as {@link #b(boolean, double[], int, int, int, int, int, int, int, double[])} lays them
         * out, a last panel that is not full padded with zeros.
         */
        void pack(int p0, int kc, int j0, int cols, int nr, double[] into);
    }

    /** {@link Source64} in float32. */
    interface Source32 {
        /** {@link Source64#pack} in float32. */
        void pack(int p0, int kc, int j0, int cols, int nr, float[] into);
    }

    /** {@code op(B)} of a row-major matrix as a {@link Source64}. */
    static Source64 matrix(boolean trans, double[] b, int offset, int ldb) {
        return (p0, kc, j0, cols, nr, into) -> b(trans, b, offset, ldb, p0, kc, j0, cols, nr, into);
    }

    /** {@code op(B)} of a row-major matrix as a {@link Source32}. */
    static Source32 matrix(boolean trans, float[] b, int offset, int ldb) {
        return (p0, kc, j0, cols, nr, into) -> b(trans, b, offset, ldb, p0, kc, j0, cols, nr, into);
    }

    /** Packs depths {@code p0 .. p0 + kc} and columns {@code j0 .. j0 + cols} of {@code op(B)} into {@code into}. */
    static void b(boolean trans, double[] b, int offset, int ldb, int p0, int kc, int j0, int cols, int nr,
                  double[] into) {
        for (int jr = 0; jr < cols; jr += nr) {
            int panel = jr * kc;
            int full = Math.min(nr, cols - jr);
            if (full < nr) {
                Arrays.fill(into, panel, panel + kc * nr, 0);
            }
            if (trans) {
                for (int j = 0; j < full; j++) {
                    int from = offset + (j0 + jr + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        into[panel + p * nr + j] = b[from + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, offset + (p0 + p) * ldb + j0 + jr, into, panel + p * nr, full);
                }
            }
        }
    }

    /** {@link #a(boolean, double[], int, int, int, int, int, int, int, double[])} in float32. */
    static void a(boolean trans, float[] a, int offset, int lda, int i0, int rows, int p0, int kc, int mr,
                  float[] into) {
        for (int ir = 0; ir < rows; ir += mr) {
            int panel = ir * kc;
            int full = Math.min(mr, rows - ir);
            if (full < mr) {
                Arrays.fill(into, panel, panel + kc * mr, 0);
            }
            if (trans) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, offset + (p0 + p) * lda + i0 + ir, into, panel + p * mr, full);
                }
            } else {
                for (int r = 0; r < full; r++) {
                    int from = offset + (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        into[panel + p * mr + r] = a[from + p];
                    }
                }
            }
        }
    }

    /** {@link #b(boolean, double[], int, int, int, int, int, int, int, double[])} in float32. */
    static void b(boolean trans, float[] b, int offset, int ldb, int p0, int kc, int j0, int cols, int nr,
                  float[] into) {
        for (int jr = 0; jr < cols; jr += nr) {
            int panel = jr * kc;
            int full = Math.min(nr, cols - jr);
            if (full < nr) {
                Arrays.fill(into, panel, panel + kc * nr, 0);
            }
            if (trans) {
                for (int j = 0; j < full; j++) {
                    int from = offset + (j0 + jr + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        into[panel + p * nr + j] = b[from + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, offset + (p0 + p) * ldb + j0 + jr, into, panel + p * nr, full);
                }
            }
        }
    }

    /**
     * Copies depths {@code p0 .. p0 + kc} and columns {@code j0 .. j0 + cols} of {@code op(B)} into {@code into}:
     * element {@code (p0 + p, j0 + j)} to {@code into[p][j]}.
     */
    static void rows(boolean trans, double[] b, int offset, int ldb, int p0, int kc, int j0, int cols,
                     double[][] into) {
        if (trans) {
            for (int j = 0; j < cols; j++) {
                int from = offset + (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    into[p][j] = b[from + p];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, offset + (p0 + p) * ldb + j0, into[p], 0, cols);
            }
        }
    }

    /** {@link #rows(boolean, double[], int, int, int, int, int, int, double[][])} in float32. */
    static void rows(boolean trans, float[] b, int offset, int ldb, int p0, int kc, int j0, int cols,
                     float[][] into) {
        if (trans) {
            for (int j = 0; j < cols; j++) {
                int from = offset + (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    into[p][j] = b[from + p];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, offset + (p0 + p) * ldb + j0, into[p], 0, cols);
            }
        }
    }
}
