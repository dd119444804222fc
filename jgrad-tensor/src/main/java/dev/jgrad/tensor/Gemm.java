package dev.jgrad.tensor;

import java.util.Arrays;
import java.util.Optional;

/**
 * The dense matrix product {@code C = op(A) · op(B)} (or {@code C += ...}) over row-major arrays, the one kernel every
 * tensor product goes through.
 *
 * <p>Element {@code (i, p)} of {@code op(A)} is {@code a[aOffset + i * lda + p]}, or {@code a[aOffset + p * lda + i]}
 * when {@code transA}; likewise for {@code B}. {@code C} is {@code m × n} with element {@code (i, j)} at
 * {@code c[cOffset + i * ldc + j]}. With {@code accumulate} false, {@code C} is overwritten (its old contents, NaN
 * included, are not read); with {@code k = 0} it is then all zeros. Every element of {@code C} is a sum over all
 * {@code k} products, none skipped for a zero factor, so NaN and infinities propagate as in a plain dot product; the
 * order of the additions is the kernel's, so results may differ from a left-to-right sum in the last bits.
 *
 * <p>Products large enough to pay for it are blocked by one of two kernels, chosen once per JVM:
 * {@code path() == "vector"} when the JVM runs with {@code --add-modules jdk.incubator.vector} (the Vector API's
 * register tiles inside BLIS's loops, {@link KernelVector64}), else {@code "scalar"} (plain Java, rows of {@code C}
 * updated by loops that C2 vectorizes, {@link KernelScalar64}). The system property
 * {@link Tensor#MATMUL_PATH_PROPERTY} set to {@code scalar}, read when this class is initialized, forces the plain
 * kernels. Nothing is printed either way.
 *
 * <p>Threads: a product runs on the calling thread only. Calls from several threads at once are safe as long as no
 * two of them write the same {@code C} (or write what another reads); each thread packs into buffers of its own,
 * which it keeps for its next product (at most about 4 MB per thread and element type on the vector path, 1 MB on
 * the plain one).
 */
final class Gemm {

    /** Below this many multiply-adds, packing costs more than it saves: a plain loop does the product. */
    static final long SMALL = 32 * 32 * 32;

    private static final boolean VECTOR = path(vectorModule(), System.getProperty(Tensor.MATMUL_PATH_PROPERTY)).equals("vector");
    /** The float64 kernel of {@link #path()}. */
    static final Kernel64 KERNEL64 = VECTOR ? KernelVector64.create() : new KernelScalar64();
    /** The float32 kernel of {@link #path()}. */
    static final Kernel32 KERNEL32 = VECTOR ? KernelVector32.create() : new KernelScalar32();

    private Gemm() {
    }

    /** The kernels this JVM uses: {@code "vector"} or {@code "scalar"}. */
    static String path() {
        return VECTOR ? "vector" : "scalar";
    }

    /**
     * The kernels to use: {@code "vector"} when the Vector API module is there and the property (null when unset)
     * does not ask for {@code scalar}; else {@code "scalar"}.
     */
    static String path(boolean vectorModule, String property) {
        return vectorModule && !"scalar".equals(property) ? "vector" : "scalar";
    }

    /**
     * Whether {@code jdk.incubator.vector} is in the boot layer; if so, and jgrad is a named module, it is made to read
     * it. The module descriptor does not name it: even a {@code requires static} would have javac warn about an
     * incubating module in every program compiled against jgrad.
     */
    private static boolean vectorModule() {
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vector.isPresent()) {
            Gemm.class.getModule().addReads(vector.get());
        }
        return vector.isPresent();
    }

    /** {@code C (+)= op(A) · op(B)} in float64, {@code op(A)} being {@code m × k} and {@code op(B)} {@code k × n}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                     double[] c, int cOffset, int ldc, boolean accumulate) {
        gemm(KERNEL64, transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
    }

    /** {@code C (+)= op(A) · op(B)} in float32, with the same layout as the float64 form. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                     float[] c, int cOffset, int ldc, boolean accumulate) {
        gemm(KERNEL32, transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
    }

    /**
     * Whether this JVM's kernels take {@code B} from a {@link Pack.Source64} or {@link Pack.Source32}: the vector
     * kernels pack every operand into panels, so any source will do; the plain ones read {@code B}'s rows directly.
     */
    static boolean packsSources() {
        return VECTOR;
    }

    /**
     * {@code C (+)= op(A) · B} in float64, {@code B} ({@code k × n}) given by a source that packs its blocks; with
     * {@code C} and {@code A} as in {@link #gemm(boolean, boolean, int, int, int, double[], int, int, double[], int,
     * int, double[], int, int, boolean)}. Only when {@link #packsSources()}.
     *
     * @throws IllegalStateException on the plain path
     */
    static void gemm(boolean transA, int m, int n, int k, double[] a, int aOffset, int lda, Pack.Source64 b,
                     double[] c, int cOffset, int ldc, boolean accumulate) {
        if (!VECTOR) {
            throw new IllegalStateException("a packed source of B needs the vector kernels (path=" + path() + ")");
        }
        if (empty(m, n, k, c, cOffset, ldc, accumulate)) {
            return;
        }
        GemmLoops.run((KernelVector64) KERNEL64, transA, m, n, k, a, aOffset, lda, b, c, cOffset, ldc, accumulate);
    }

    /** {@link #gemm(boolean, int, int, int, double[], int, int, Pack.Source64, double[], int, int, boolean)} in float32. */
    static void gemm(boolean transA, int m, int n, int k, float[] a, int aOffset, int lda, Pack.Source32 b,
                     float[] c, int cOffset, int ldc, boolean accumulate) {
        if (!VECTOR) {
            throw new IllegalStateException("a packed source of B needs the vector kernels (path=" + path() + ")");
        }
        if (empty(m, n, k, c, cOffset, ldc, accumulate)) {
            return;
        }
        GemmLoops.run((KernelVector32) KERNEL32, transA, m, n, k, a, aOffset, lda, b, c, cOffset, ldc, accumulate);
    }

    /** The float64 product through a given micro-kernel (the tests run both). */
    static void gemm(Kernel64 kernel, boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                     double[] c, int cOffset, int ldc, boolean accumulate) {
        if (empty(m, n, k, c, cOffset, ldc, accumulate)) {
            return;
        }
        if (n == 1 || m < kernel.mr && n < kernel.nr || (long) m * n * k <= SMALL) {
            plain(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        } else {
            kernel.product(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        }
    }

    /** The float32 product through a given micro-kernel (the tests run both). */
    static void gemm(Kernel32 kernel, boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                     float[] c, int cOffset, int ldc, boolean accumulate) {
        if (empty(m, n, k, c, cOffset, ldc, accumulate)) {
            return;
        }
        if (n == 1 || m < kernel.mr && n < kernel.nr || (long) m * n * k <= SMALL) {
            plain(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        } else {
            kernel.product(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        }
    }

    /**
     * Whether the product has nothing to multiply: {@code C} empty, or {@code k = 0}, when it is left alone with
     * {@code accumulate} and else set to zeros here.
     */
    private static boolean empty(int m, int n, int k, double[] c, int cOffset, int ldc, boolean accumulate) {
        if (m > 0 && n > 0 && k > 0) {
            return false;
        }
        for (int i = 0; i < m && n > 0 && !accumulate; i++) {
            Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0);
        }
        return true;
    }

    /** {@link #empty(int, int, int, double[], int, int, boolean)} for float32. */
    private static boolean empty(int m, int n, int k, float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m > 0 && n > 0 && k > 0) {
            return false;
        }
        for (int i = 0; i < m && n > 0 && !accumulate; i++) {
            Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0);
        }
        return true;
    }

    /**
     * One dot product per element of {@code C}, for products too small to pack, a single column, or both sides
     * narrower than a tile. A product with one thin side (such as a convolution's 16 × 25 weight gradient) is still
     * packed: padding the thin side to a tile wastes less than the plain loop's scalar dot products lose.
     */
    private static void plain(boolean transA, boolean transB, int m, int n, int k,
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

    private static void plain(boolean transA, boolean transB, int m, int n, int k,
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
