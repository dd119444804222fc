package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The matrix product against a triple loop written here, for both kernels (plain Java and Vector API) and both
 * element types: random shapes around the tile and block sizes, transposes, offsets and leading dimensions larger
 * than the rows, accumulation, and the edge cases of the contract. Float results are checked against the exact sum
 * within the standard rounding-error bound {@code (k + 2) · 2u · Σ|a·b|} (u the unit roundoff).
 */
class GemmTest {

    /**
     * Sizes around the plain kernel's four rows and four depths per pass, the vector tiles (16, 32) and the blocks
     * ({@link GemmLoops#MC}, KC).
     */
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 32, 33, 63, 95, 97, 130};
    private static final int[] DEPTHS = {1, 3, 4, 17, 64, 255, 256, 257, 300, 513};
    private static final double SENTINEL = -7.25;

    private static List<Kernel64> kernels64() {
        return List.of(new KernelScalar64(), KernelVector64.create());
    }

    private static List<Kernel32> kernels32() {
        return List.of(new KernelScalar32(), KernelVector32.create());
    }

    @Test
    void theCoreTestsRunWithTheVectorApiSoBothKernelsAreTested() {
        assertEquals("vector", Gemm.path(), "jgrad-core's surefire argLine adds --add-modules jdk.incubator.vector");
    }

    @Test
    void thePathIsVectorWhenTheModuleIsThereUnlessScalarIsAskedFor() {
        assertEquals("vector", Gemm.path(true, null));
        assertEquals("vector", Gemm.path(true, "vector"));
        assertEquals("scalar", Gemm.path(true, "scalar"));
        assertEquals("scalar", Gemm.path(false, null));
        assertEquals("scalar", Gemm.path(false, "vector"));
    }

    @Test
    void randomShapesAgreeWithTheTripleLoopInFloat64() {
        Random random = new Random(11);
        for (Kernel64 kernel : kernels64()) {
            for (int t = 0; t < 150; t++) {
                Case shape = Case.random(random);
                check64(kernel, shape, random, t % 2 == 0);
            }
        }
    }

    @Test
    void randomShapesAgreeWithTheTripleLoopInFloat32() {
        Random random = new Random(12);
        for (Kernel32 kernel : kernels32()) {
            for (int t = 0; t < 150; t++) {
                Case shape = Case.random(random);
                check32(kernel, shape, random, t % 2 == 0);
            }
        }
    }

    @Test
    void productsWiderThanOneBlockOfColumns() {
        Random random = new Random(13);
        int n = GemmLoops.NC + 37;
        for (Kernel64 kernel : kernels64()) {
            check64(kernel, new Case(9, n, 5, false, true, 1, 2, 3, 1, 0, 2, true), random, false);
        }
        for (Kernel32 kernel : kernels32()) {
            check32(kernel, new Case(9, n, 5, true, false, 0, 3, 1, 2, 2, 0, false), random, false);
        }
    }

    /** Wide products, and narrow ones (run as {@code Cᵀ = Bᵀ·Aᵀ}) with many rows, over two blocks of depths. */
    @Test
    void thePlainKernelsBlocksOfColumnsAndDepthsWithRowsLeftOver() {
        Random random = new Random(15);
        int wide = KernelScalar64.COLUMNS + 37;
        int narrow = KernelScalar64.NARROW - 1;
        int k = KernelScalar64.DEPTHS + 3;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                for (Case shape : List.of(new Case(6, wide, k, transA, transB, 1, 2, 3, 1, 2, 1, transA),
                        new Case(wide, narrow, k, transA, transB, 2, 1, 3, 2, 1, 2, transB))) {
                    check64(new KernelScalar64(), shape, random, true);
                    check32(new KernelScalar32(), shape, random, true);
                }
            }
        }
    }

    /** One row, one column, depth one, widths and depths on either side of a pass of four, both transposes. */
    @Test
    void thePlainKernelsOnEdgeShapes() {
        Random random = new Random(16);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    boolean transA = random.nextBoolean();
                    boolean transB = random.nextBoolean();
                    Case shape = new Case(m, n, k, transA, transB, random.nextInt(3), random.nextInt(3),
                            random.nextInt(3), random.nextInt(2), random.nextInt(2), random.nextInt(2),
                            random.nextBoolean());
                    check64(new KernelScalar64(), shape, random, true);
                    check32(new KernelScalar32(), shape, random, true);
                }
            }
        }
    }

    @Test
    void theSelectedKernelsAgreeWithTheTripleLoop() {
        Random random = new Random(14);
        for (int t = 0; t < 40; t++) {
            Case shape = Case.random(random);
            double[][] in = shape.inputs64(random);
            double[] expected = shape.expected64(in);
            double[] c = in[2].clone();
            Gemm.gemm(shape.transA, shape.transB, shape.m, shape.n, shape.k, in[0], shape.aOffset, shape.lda(),
                    in[1], shape.bOffset, shape.ldb(), c, shape.cOffset, shape.ldc(), shape.accumulate);
            assertClose(expected, c, shape.bound64(in), shape.toString());
        }
    }

    @Test
    void emptyProductsLeaveCAloneAndKZeroOverwritesWithZeros() {
        for (Kernel64 kernel : kernels64()) {
            double[] c = {1, 2, 3, 4};
            Gemm.gemm(kernel, false, false, 0, 2, 3, new double[0], 0, 3, new double[6], 0, 2, c, 0, 2, false);
            Gemm.gemm(kernel, false, false, 2, 0, 3, new double[6], 0, 3, new double[0], 0, 0, c, 0, 2, false);
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0), boxed(c));
            Gemm.gemm(kernel, false, false, 2, 2, 0, new double[0], 0, 0, new double[0], 0, 2, c, 0, 2, true);
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0), boxed(c));
            double[] strided = {Double.NaN, 8, 8, Double.NaN, 8, 8};
            Gemm.gemm(kernel, false, false, 2, 2, 0, new double[0], 0, 0, new double[0], 0, 2, strided, 1, 3, false);
            assertEquals(List.of(Double.NaN, 0.0, 0.0, Double.NaN, 0.0, 0.0), boxed(strided));
        }
        for (Kernel32 kernel : kernels32()) {
            float[] c = {Float.NaN, 5};
            Gemm.gemm(kernel, true, true, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 0, c, 0, 2, false);
            assertEquals(0f, c[0]);
            assertEquals(0f, c[1]);
        }
        // the same through a packed source of B (the vector path)
        double[] c = {1, 2, 3, 4};
        Gemm.gemm(false, 0, 2, 3, new double[0], 0, 3, Pack.matrix(false, new double[6], 0, 2), c, 0, 2, false);
        Gemm.gemm(false, 2, 2, 0, new double[0], 0, 0, Pack.matrix(false, new double[0], 0, 2), c, 0, 2, true);
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), boxed(c));
        double[] strided = {Double.NaN, 8, 8, Double.NaN, 8, 8};
        Gemm.gemm(false, 2, 2, 0, new double[0], 0, 0, Pack.matrix(false, new double[0], 0, 2), strided, 1, 3, false);
        assertEquals(List.of(Double.NaN, 0.0, 0.0, Double.NaN, 0.0, 0.0), boxed(strided));
        float[] f = {Float.NaN, 5};
        Gemm.gemm(true, 1, 2, 0, new float[0], 0, 1, Pack.matrix(true, new float[0], 0, 0), f, 0, 2, false);
        assertEquals(0f, f[0]);
        assertEquals(0f, f[1]);
    }

    @Test
    void nanAndInfinityPropagateAndOverwrittenNanIsNotRead() {
        int m = 40;
        int n = 40;
        int k = 40;
        for (Kernel64 kernel : kernels64()) {
            double[] a = new double[m * k];
            double[] b = new double[k * n];
            Arrays.fill(a, 1);
            a[3 * k + 5] = Double.POSITIVE_INFINITY;
            a[7 * k + 9] = Double.NaN;
            Arrays.fill(b, 5 * n, 6 * n, 0);
            double[] c = new double[m * n];
            Arrays.fill(c, Double.NaN);
            Gemm.gemm(kernel, false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    // B is all zeros, so only the NaN and the infinity (inf · 0 = NaN) show
                    double expected = i == 3 || i == 7 ? Double.NaN : 0;
                    assertEquals(expected, c[i * n + j], "C(" + i + ", " + j + ")");
                }
            }
        }
        for (Kernel32 kernel : kernels32()) {
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            Arrays.fill(b, 1);
            b[2 * n + 33] = Float.NEGATIVE_INFINITY;
            float[] c = new float[m * n];
            Arrays.fill(c, Float.NaN);
            Gemm.gemm(kernel, false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(j == 33 ? Float.NaN : 0f, c[i * n + j], "C(" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void aTrainingLoopKeepsReusingTheSameBuffers() {
        int n = 64;
        double[] a = new double[n * n];
        double[] c = new double[n * n];
        Arrays.fill(a, 0.5);
        Gemm.gemm(false, false, n, n, n, a, 0, n, a, 0, n, c, 0, n, false);
        Pack buffers = Pack.buffers();
        double[] packedA = buffers.a64(1);
        double[] packedB = buffers.b64(1);
        for (int step = 0; step < 10; step++) {
            Gemm.gemm(false, true, n, n, n, a, 0, n, a, 0, n, c, 0, n, true);
        }
        assertTrue(packedA == buffers.a64(1) && packedB == buffers.b64(1), "the packing buffers were replaced");
        assertEquals(0.25 * n * 11, c[0]);
    }

    @Test
    void thePlainKernelKeepsReusingItsRows() {
        int n = 64;
        double[] a = new double[n * n];
        double[] c = new double[n * n];
        Arrays.fill(a, 0.5);
        Kernel64 kernel = new KernelScalar64();
        Gemm.gemm(kernel, false, false, n, n, n, a, 0, n, a, 0, n, c, 0, n, false);
        Pack buffers = Pack.buffers();
        double[][] bRows = buffers.bRows64(1, 1);
        double[][] cRows = buffers.cRows64(1, 1);
        for (int step = 0; step < 10; step++) {
            Gemm.gemm(kernel, true, true, n, n, n, a, 0, n, a, 0, n, c, 0, n, true);
        }
        assertTrue(bRows == buffers.bRows64(1, 1) && cRows == buffers.cRows64(1, 1), "the rows were replaced");
        assertEquals(0.25 * n * 11, c[0]);
    }

    /** A JVM started without {@code --add-modules jdk.incubator.vector} takes the plain path, and it works. */
    @Test
    void withoutTheModuleTheScalarPathRuns() throws IOException, InterruptedException {
        assertEquals("path=scalar product=ok", childJvm());
    }

    /** With the module, the vector path runs unless the public property asks for the plain kernels. */
    @Test
    void thePublicPropertyForcesTheScalarPathInAJvmThatHasTheVectorApi() throws IOException, InterruptedException {
        assertEquals("vector", Tensor.matmulPath(), "this JVM has the module and the property unset");
        assertEquals("path=vector product=ok", childJvm("--add-modules", "jdk.incubator.vector"));
        assertEquals("path=scalar product=ok", childJvm("--add-modules", "jdk.incubator.vector",
                "-D" + Tensor.MATMUL_PATH_PROPERTY + "=scalar"));
    }

    /** The line {@link ChildJvmProduct} prints in a JVM started with these options. */
    private static String childJvm(String... options) throws IOException, InterruptedException {
        String classPath = location(Gemm.class) + java.io.File.pathSeparator + location(GemmTest.class)
                + java.io.File.pathSeparator + location(dev.jgrad.Op.class);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", classPath, ChildJvmProduct.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        return output.strip();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code direct}: through the kernel's blocked product even where {@link Gemm} would take its plain loop. */
    private static void check64(Kernel64 kernel, Case shape, Random random, boolean direct) {
        double[][] in = shape.inputs64(random);
        double[] expected = shape.expected64(in);
        double[] c = in[2].clone();
        if (direct) {
            kernel.product(shape.transA, shape.transB, shape.m, shape.n, shape.k, in[0], shape.aOffset, shape.lda(),
                    in[1], shape.bOffset, shape.ldb(), c, shape.cOffset, shape.ldc(), shape.accumulate);
        } else {
            Gemm.gemm(kernel, shape.transA, shape.transB, shape.m, shape.n, shape.k, in[0], shape.aOffset,
                    shape.lda(), in[1], shape.bOffset, shape.ldb(), c, shape.cOffset, shape.ldc(), shape.accumulate);
        }
        assertClose(expected, c, shape.bound64(in), kernel.getClass().getSimpleName() + " " + shape);
    }

    private static void check32(Kernel32 kernel, Case shape, Random random, boolean direct) {
        double[][] in = shape.inputs64(random);
        float[] a = toFloat(in[0]);
        float[] b = toFloat(in[1]);
        float[] c = toFloat(in[2]);
        // the exact result for the float inputs, computed in double
        double[][] exactIn = {toDouble(a), toDouble(b), toDouble(c)};
        double[] expected = shape.expected64(exactIn);
        if (direct) {
            kernel.product(shape.transA, shape.transB, shape.m, shape.n, shape.k, a, shape.aOffset, shape.lda(), b,
                    shape.bOffset, shape.ldb(), c, shape.cOffset, shape.ldc(), shape.accumulate);
        } else {
            Gemm.gemm(kernel, shape.transA, shape.transB, shape.m, shape.n, shape.k, a, shape.aOffset,
                    shape.lda(), b, shape.bOffset, shape.ldb(), c, shape.cOffset, shape.ldc(), shape.accumulate);
        }
        double[] bound = shape.bound64(exactIn);
        for (int i = 0; i < bound.length; i++) {
            // float32 rounding instead of float64: eps 2^-24 instead of 2^-53
            bound[i] = bound[i] * 0x1p29 + Math.ulp((float) expected[i]);
        }
        assertClose(expected, toDouble(c), bound, kernel.getClass().getSimpleName() + " " + shape);
    }

    private static void assertClose(double[] expected, double[] actual, double[] bound, String what) {
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            int at = i;
            assertTrue(error <= bound[i], () -> what + ": c[" + at + "] = " + actual[at] + ", expected "
                    + expected[at] + " within " + bound[at]);
        }
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

    private static List<Double> boxed(double[] x) {
        List<Double> list = new ArrayList<>();
        for (double v : x) {
            list.add(v);
        }
        return list;
    }

    /** One product's shape and layout: sizes, transposes, offsets, extra columns per row, accumulation. */
    private record Case(int m, int n, int k, boolean transA, boolean transB, int aOffset, int bOffset, int cOffset,
                        int aPad, int bPad, int cPad, boolean accumulate) {

        static Case random(Random random) {
            int[] depths = random.nextInt(3) == 0 ? DEPTHS : SIZES;
            int k = depths[random.nextInt(depths.length)];
            return new Case(SIZES[random.nextInt(SIZES.length)], SIZES[random.nextInt(SIZES.length)], k,
                    random.nextBoolean(), random.nextBoolean(), random.nextInt(4), random.nextInt(4),
                    random.nextInt(4), random.nextInt(3), random.nextInt(3), random.nextInt(3), random.nextBoolean());
        }

        int lda() {
            return (transA ? m : k) + aPad;
        }

        int ldb() {
            return (transB ? k : n) + bPad;
        }

        int ldc() {
            return n + cPad;
        }

        /** A, B and C filled with random values; the places outside the matrices hold a sentinel. */
        double[][] inputs64(Random random) {
            double[] a = new double[aOffset + (transA ? k : m) * lda()];
            double[] b = new double[bOffset + (transB ? n : k) * ldb()];
            double[] c = new double[cOffset + m * ldc() + 2];
            Arrays.fill(a, Double.NaN);
            Arrays.fill(b, Double.NaN);
            Arrays.fill(c, SENTINEL);
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    a[aAt(i, p)] = random.nextGaussian();
                }
            }
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    b[bAt(p, j)] = random.nextGaussian();
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOffset + i * ldc() + j] = accumulate ? random.nextGaussian() : Double.NaN;
                }
            }
            return new double[][] {a, b, c};
        }

        int aAt(int i, int p) {
            return aOffset + (transA ? p * lda() + i : i * lda() + p);
        }

        int bAt(int p, int j) {
            return bOffset + (transB ? j * ldb() + p : p * ldb() + j);
        }

        /** The whole C array after the product: the triple loop inside, the sentinel outside. */
        double[] expected64(double[][] in) {
            double[] c = in[2].clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += in[0][aAt(i, p)] * in[1][bAt(p, j)];
                    }
                    int at = cOffset + i * ldc() + j;
                    c[at] = accumulate ? c[at] + sum : sum;
                }
            }
            return c;
        }

        /** Per element of C, the float64 rounding-error bound {@code (k + 2) 2^-52 (Σ|a·b| + |c|)}; 0 outside. */
        double[] bound64(double[][] in) {
            double[] bound = new double[in[2].length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOffset + i * ldc() + j;
                    double magnitude = accumulate ? Math.abs(in[2][at]) : 0;
                    for (int p = 0; p < k; p++) {
                        magnitude += Math.abs(in[0][aAt(i, p)] * in[1][bAt(p, j)]);
                    }
                    bound[at] = (k + 2) * 0x1p-52 * magnitude;
                }
            }
            return bound;
        }
    }
}
