package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Tensor#conv2d}, {@link Tensor#maxPool2d} and {@link Tensor#avgPool2d}: values and gradients against PyTorch
 * ({@code fixtures/conv_fixture.csv}, written by the committed {@code fixtures/make_conv_fixture.py}), the forward
 * against a direct loop, first and second derivatives against finite differences, and the shape errors.
 */
class ConvolutionTest {

    private static final Map<String, Function<Tensor[], Tensor>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("conv", x -> x[0].conv2d(x[1], x[2], 1, 0));
        CASES.put("conv_stride2_pad1", x -> x[0].conv2d(x[1], x[2], 2, 1));
        CASES.put("conv_pad2_nobias", x -> x[0].conv2d(x[1], null, 1, 2));
        CASES.put("conv_strides_2_1_pads_0_1", x -> x[0].conv2d(x[1], null, 2, 1, 0, 1));
        CASES.put("conv_stride3_unreached", x -> x[0].conv2d(x[1], null, 3, 0));
        CASES.put("conv_nan", x -> x[0].conv2d(x[1], null, 1, 1));
        CASES.put("conv_f32", x -> x[0].conv2d(x[1], x[2], 2, 1));
        CASES.put("max_pool", x -> x[0].maxPool2d(2, 2));
        CASES.put("max_pool_overlap", x -> x[0].maxPool2d(3, 2));
        CASES.put("max_pool_ties", x -> x[0].maxPool2d(2, 1));
        CASES.put("max_pool_nan", x -> x[0].maxPool2d(2, 2));
        CASES.put("max_pool_f32", x -> x[0].maxPool2d(2, 2));
        CASES.put("avg_pool", x -> x[0].avgPool2d(2, 2));
        CASES.put("avg_pool_overlap", x -> x[0].avgPool2d(3, 1));
        CASES.put("avg_pool_nan", x -> x[0].avgPool2d(2, 2));
        CASES.put("avg_pool_f32", x -> x[0].avgPool2d(3, 2));
        CASES.put("small_cnn", x -> x[0].conv2d(x[1], x[2], 1, 1).relu().maxPool2d(2, 2)
                .conv2d(x[3], x[4], 1, 0).avgPool2d(2, 1));
    }

    static Stream<String> names() {
        return CASES.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void agreesWithPyTorch(String name) throws IOException {
        Map<String, Tensor> ref = TensorFixtureTest.fixture("/fixtures/conv_fixture.csv").get(name);
        assertTrue(ref != null, "no fixture lines for " + name);
        DType dtype = name.endsWith("_f32") ? DType.FLOAT32 : DType.FLOAT64;
        double tolerance = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        int inputs = (int) ref.keySet().stream().filter(k -> k.startsWith("x")).count();
        Tensor[] x = new Tensor[inputs];
        for (int i = 0; i < inputs; i++) {
            x[i] = ref.get("x" + i).to(dtype).detach().requiresGrad(true);
        }
        Tensor out = CASES.get(name).apply(x);
        assertEquals(dtype, out.dtype(), name + " dtype");
        TensorFixtureTest.assertClose(ref.get("out"), out, tolerance, name + " value");
        out.mul(ref.get("w").to(dtype)).sum().backward();
        for (int i = 0; i < inputs; i++) {
            assertEquals(dtype, x[i].grad().dtype());
            TensorFixtureTest.assertClose(ref.get("g" + i), x[i].grad(), tolerance, name + " gradient of x" + i);
        }
    }

    @Test
    void everyCaseOfTheScriptIsChecked() throws IOException {
        assertEquals(TensorFixtureTest.fixture("/fixtures/conv_fixture.csv").keySet(), CASES.keySet());
    }

    /** Batch, channels in and out, input and kernel sizes, strides and paddings of a convolution. */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(1, 1, 1, 4, 4, 3, 3, 1, 1, 0, 0),
                Arguments.of(2, 3, 2, 5, 6, 3, 2, 1, 1, 0, 0),
                Arguments.of(2, 2, 3, 6, 5, 3, 3, 2, 2, 1, 1),
                Arguments.of(3, 2, 2, 4, 5, 5, 3, 1, 1, 2, 2),
                Arguments.of(2, 2, 3, 7, 6, 2, 3, 2, 1, 0, 1),
                Arguments.of(1, 3, 2, 5, 5, 1, 1, 2, 2, 0, 0),
                Arguments.of(2, 1, 2, 3, 4, 4, 4, 1, 2, 1, 2));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardIsTheDirectSumInBothDtypes(int n, int c, int o, int h, int w, int kh, int kw, int sh, int sw, int ph,
                                           int pw) {
        Random random = new Random(n * 1000 + h * 10 + w);
        Tensor x = TensorCheck.random(random, n, c, h, w);
        Tensor k = TensorCheck.random(random, o, c, kh, kw);
        Tensor b = TensorCheck.random(random, o);
        Tensor expected = direct(x, k, b, sh, sw, ph, pw);
        Tensor y = x.conv2d(k, b, sh, sw, ph, pw);
        assertArrayEquals(expected.shape(), y.shape());
        assertArrayEquals(expected.toDoubleArray(), y.toDoubleArray(), 1e-12);
        Tensor y32 = x.to(DType.FLOAT32).conv2d(k.to(DType.FLOAT32), b.to(DType.FLOAT32), sh, sw, ph, pw);
        assertEquals(DType.FLOAT32, y32.dtype());
        assertArrayEquals(expected.toDoubleArray(), y32.toDoubleArray(), 1e-4);
    }

    /**
     * Float32 convolutions with output rows of 8 or more, which the direct kernels ({@code ConvVector32}) take on
     * the vector path (with 3 output channels, the matrix product's): output channels not a multiple of a vector's
     * lanes, rows of 8 windows and longer (the last group of 8 overlapping the one before), weights of 8, 9 and 50
     * rows, strides 1 and 2, a batch whose output gradient the weight gradient takes in two blocks, and padded
     * convolutions (read from a padded copy, the last case two samples of one block each). The output is the direct
     * sum and the gradients are those of float64 (computed by the matrix kernels), to float32 rounding.
     */
    @ParameterizedTest
    @CsvSource({"2, 1, 16, 12, 12, 5, 5, 1, 1, 0, 0", "3, 2, 3, 10, 13, 2, 2, 1, 1, 0, 0",
                "2, 1, 17, 12, 30, 3, 3, 1, 2, 0, 0", "2, 2, 33, 14, 19, 5, 5, 2, 1, 0, 0",
                "1, 16, 32, 12, 12, 5, 5, 1, 1, 0, 0", "5, 1, 9, 134, 134, 5, 5, 1, 1, 0, 0",
                "2, 3, 16, 8, 8, 3, 3, 1, 1, 1, 1", "2, 2, 20, 9, 12, 3, 3, 2, 1, 1, 2",
                "2, 32, 9, 128, 128, 1, 1, 1, 1, 1, 1"})
    void directFloat32KernelsAgreeWithTheDefinitionAndWithFloat64(int n, int c, int o, int h, int w, int kh, int kw,
                                                                 int sh, int sw, int ph, int pw) {
        Random random = new Random(n * 31 + c * 7 + o + h * 3 + w);
        Tensor x = TensorCheck.random(random, n, c, h, w).requiresGrad(true);
        Tensor k = TensorCheck.random(random, o, c, kh, kw).requiresGrad(true);
        Tensor b = TensorCheck.random(random, o).requiresGrad(true);
        Tensor x32 = x.detach().to(DType.FLOAT32).requiresGrad(true);
        Tensor k32 = k.detach().to(DType.FLOAT32).requiresGrad(true);
        Tensor b32 = b.detach().to(DType.FLOAT32).requiresGrad(true);
        Tensor y32 = x32.conv2d(k32, b32, sh, sw, ph, pw);
        assertArrayEquals(direct(x, k, b, sh, sw, ph, pw).toDoubleArray(), y32.toDoubleArray(), 1e-4);
        Tensor weights = TensorCheck.random(random, y32.shape());
        x.conv2d(k, b, sh, sw, ph, pw).mul(weights).sum().backward();
        y32.mul(weights.to(DType.FLOAT32)).sum().backward();
        // a weight's gradient is a float32 sum over every output position of the batch
        double positions = (double) n * y32.size(2) * y32.size(3);
        assertArrayEquals(k.grad().toDoubleArray(), k32.grad().toDoubleArray(), 2e-4 * Math.max(1, positions / 1000),
                "weight gradient");
        assertArrayEquals(x.grad().toDoubleArray(), x32.grad().toDoubleArray(), 1e-4, "input gradient");
        assertArrayEquals(b.grad().toDoubleArray(), b32.grad().toDoubleArray(), 1e-4, "bias gradient");
    }

    /** The convolution as its definition: a sum over channels and kernel positions, zero outside the input. */
    private static Tensor direct(Tensor x, Tensor k, Tensor b, int sh, int sw, int ph, int pw) {
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        int o = k.size(0);
        int kh = k.size(2);
        int kw = k.size(3);
        int oh = (h + 2 * ph - kh) / sh + 1;
        int ow = (w + 2 * pw - kw) / sw + 1;
        double[] y = new double[n * o * oh * ow];
        int at = 0;
        for (int s = 0; s < n; s++) {
            for (int q = 0; q < o; q++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b.get(q);
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < kh; p++) {
                                for (int r = 0; r < kw; r++) {
                                    int iy = i * sh - ph + p;
                                    int ix = j * sw - pw + r;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        sum += k.get(q, ch, p, r) * x.get(s, ch, iy, ix);
                                    }
                                }
                            }
                        }
                        y[at++] = sum;
                    }
                }
            }
        }
        return Tensor.of(y, n, o, oh, ow);
    }

    /**
     * Samples large enough that the kernels split the batch into blocks (two samples each here, the last block one):
     * the output matches the direct sum, and the gradients of a weighted sum match those of each sample alone.
     */
    @Test
    void aBatchSplitIntoBlocksGivesEachSamplesOwnResults() {
        Random random = new Random(29);
        int n = 5;
        Tensor x = TensorCheck.random(random, n, 2, 142, 142).requiresGrad(true);
        Tensor k = TensorCheck.random(random, 2, 2, 3, 3).requiresGrad(true);
        Tensor b = TensorCheck.random(random, 2);
        Tensor weights = TensorCheck.random(random, n, 2, 140, 140);
        Tensor y = x.conv2d(k, b, 1, 1, 0, 0);
        assertArrayEquals(direct(x, k, b, 1, 1, 0, 0).toDoubleArray(), y.toDoubleArray(), 1e-12);
        y.mul(weights).sum().backward();
        double[] kernelGradient = new double[k.numel()];
        for (int s = 0; s < n; s++) {
            Tensor xs = x.slice(0, s, s + 1, 1).detach().requiresGrad(true);
            Tensor ks = k.detach().requiresGrad(true);
            Tensor ys = xs.conv2d(ks, b, 1, 1, 0, 0);
            assertArrayEquals(ys.toDoubleArray(), y.slice(0, s, s + 1, 1).toDoubleArray(), 1e-12, "output " + s);
            ys.mul(weights.slice(0, s, s + 1, 1)).sum().backward();
            assertArrayEquals(xs.grad().toDoubleArray(), x.grad().slice(0, s, s + 1, 1).toDoubleArray(), 1e-12,
                    "input gradient " + s);
            double[] g = ks.grad().toDoubleArray();
            for (int i = 0; i < g.length; i++) {
                kernelGradient[i] += g[i];
            }
        }
        assertArrayEquals(kernelGradient, k.grad().toDoubleArray(), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void gradientsMatchFiniteDifferences(int n, int c, int o, int h, int w, int kh, int kw, int sh, int sw, int ph,
                                         int pw) {
        Random random = new Random(n * 7 + c * 11 + h * 13 + w);
        TensorCheck.gradient(v -> v[0].conv2d(v[1], v[2], sh, sw, ph, pw), 1e-7,
                TensorCheck.random(random, n, c, h, w), TensorCheck.random(random, o, c, kh, kw),
                TensorCheck.random(random, o));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void secondDerivativesMatchFiniteDifferences(int n, int c, int o, int h, int w, int kh, int kw, int sh, int sw,
                                                 int ph, int pw) {
        Random random = new Random(n * 5 + c * 3 + h * 17 + w);
        TensorCheck.secondOrder(v -> v[0].conv2d(v[1], v[2], sh, sw, ph, pw).tanh(), 1e-6,
                TensorCheck.random(random, n, c, h, w), TensorCheck.random(random, o, c, kh, kw),
                TensorCheck.random(random, o));
    }

    @Test
    void poolingGradientsMatchFiniteDifferencesToSecondOrder() {
        Random random = new Random(3);
        for (int[] ks : new int[][] {{2, 2}, {3, 2}, {2, 1}, {3, 3}}) {
            Tensor x = TensorCheck.random(random, 2, 3, 7, 6);
            TensorCheck.gradient(v -> v[0].maxPool2d(ks[0], ks[1]), 1e-7, x);
            TensorCheck.gradient(v -> v[0].avgPool2d(ks[0], ks[1]), 1e-7, x);
            TensorCheck.secondOrder(v -> v[0].tanh().maxPool2d(ks[0], ks[1]).sin(), 1e-6, x);
            TensorCheck.secondOrder(v -> v[0].tanh().avgPool2d(ks[0], ks[1]).sin(), 1e-6, x);
        }
    }

    /**
     * The panels the vector kernels get from {@link Convolution.Unrolled}, read straight from the input, are those
     * {@link Pack#b} makes of the unrolled matrix written out by {@code im2col}, bit for bit: for the matrix and its
     * transpose, both dtypes, strides 1 and 2, an input that starts inside its array, blocks that start inside the
     * matrix, and last panels that are not full (whose padding must be zeros, over a buffer full of NaN).
     */
    @Test
    void packingTheUnrolledMatrixFromTheInputEqualsPackingItsCopy() {
        int[][] geometries = {{3, 2, 7, 6, 3, 2, 1, 1}, {4, 3, 9, 8, 2, 3, 2, 2}, {2, 1, 5, 5, 5, 5, 1, 1}};
        Random random = new Random(31);
        for (int[] q : geometries) {
            int n = q[0];
            Convolution.Geometry g = new Convolution.Geometry(n, q[1], q[2], q[3], 1, q[4], q[5], q[6], q[7], 0, 0);
            for (DType dtype : DType.values()) {
                // one sample more, dropped: the input starts inside its array
                Tensor x = TensorCheck.random(random, n + 1, g.c(), g.h(), g.w()).to(dtype).slice(0, 1, n + 1, 1);
                assertTrue(x.offset > 0 && x.isContiguous(), "a contiguous view inside its array");
                int first = 1;
                int samples = n - 1;
                int width = samples * g.columns();
                for (boolean transposed : new boolean[] {false, true}) {
                    int depth = transposed ? width : g.rows();
                    int columns = transposed ? g.rows() : width;
                    int p0 = depth / 3;
                    int kc = depth - p0 - 1;
                    int j0 = 1;
                    int cols = columns - 2;
                    int nr = 4;
                    String where = Arrays.toString(q) + " " + dtype + (transposed ? " transposed" : "");
                    Convolution.Unrolled unrolled = new Convolution.Unrolled(x, first, samples, g, transposed);
                    int size = (cols + nr - 1) / nr * nr * kc;
                    if (dtype == DType.FLOAT64) {
                        double[] matrix = new double[g.rows() * width];
                        Convolution.im2col(x.d, x.offset, first, samples, g, matrix);
                        double[] expected = new double[size];
                        double[] actual = new double[size];
                        Arrays.fill(expected, Double.NaN);
                        Arrays.fill(actual, Double.NaN);
                        Pack.b(transposed, matrix, 0, width, p0, kc, j0, cols, nr, expected);
                        unrolled.pack(p0, kc, j0, cols, nr, actual);
                        assertArrayEquals(expected, actual, where);
                    } else {
                        float[] matrix = new float[g.rows() * width];
                        Convolution.im2col(x.f, x.offset, first, samples, g, matrix);
                        float[] expected = new float[size];
                        float[] actual = new float[size];
                        Arrays.fill(expected, Float.NaN);
                        Arrays.fill(actual, Float.NaN);
                        Pack.b(transposed, matrix, 0, width, p0, kc, j0, cols, nr, expected);
                        unrolled.pack(p0, kc, j0, cols, nr, actual);
                        assertArrayEquals(expected, actual, where);
                    }
                }
            }
        }
    }

    @Test
    void maxPoolGivesATiedWindowsGradientToItsFirstMaximum() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 0, 3, 3, 2, 2, 2, 2, 2, 2}, 1, 1, 3, 4).requiresGrad(true);
        Tensor y = x.maxPool2d(2, 2);
        assertArrayEquals(new double[] {3, 3}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void maxPoolTakesTheLastNaNOrElseTheFirstMaximumInBothDtypes() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        // four 2×2 windows side by side, row-major within each: {NaN, 5, 7, NaN}, {-inf ×4}, {-inf, -1, -1, -inf},
        // {+inf, 2, +inf, NaN}
        double[] v = {nan, 5, -inf, -inf, -inf, -1, inf, 2,
                      7, nan, -inf, -inf, -1, -inf, inf, nan};
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor x = Tensor.of(v, 1, 1, 2, 8).to(dtype).requiresGrad(true);
            Tensor y = x.maxPool2d(2, 2);
            assertEquals(dtype, y.dtype());
            double[] values = y.toDoubleArray();
            assertTrue(Double.isNaN(values[0]), dtype + ": " + Arrays.toString(values));
            assertEquals(-inf, values[1], dtype + ": " + Arrays.toString(values));
            assertEquals(-1, values[2], dtype + ": " + Arrays.toString(values));
            assertTrue(Double.isNaN(values[3]), dtype + ": " + Arrays.toString(values));
            y.sum().backward();
            assertArrayEquals(new double[] {0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1},
                    x.grad().toDoubleArray(), dtype.toString());
        }
    }

    /**
     * Max pooling against a plain scan of each window ({@code v > max || v is NaN} takes {@code v}), on inputs made
     * of few distinct values (so windows tie, mix -0 with 0, hold infinities and NaN), overlapping and not, in both
     * dtypes: the same elements taken (the gradient's positions and counts) and the same values, sign of zero
     * included. Rows of 4 and of 18 windows: the vector kernel for 2×2 windows ({@code MaxPoolVector}) takes whole
     * steps, an overlapping last step and, in a step holding a NaN, the scan.
     */
    @Test
    void maxPoolTakesWhatAScanOfEachWindowTakes() {
        Random random = new Random(17);
        int[][] kernelStride = {{2, 2}, {3, 2}, {2, 1}, {3, 3}, {1, 1}};
        for (DType dtype : DType.values()) {
            for (int[] ks : kernelStride) {
                for (int w : new int[] {9, 37}) {
                    assertPoolingTakesWhatAScanTakes(random, dtype, ks[0], ks[1], w);
                }
            }
        }
    }

    private static void assertPoolingTakesWhatAScanTakes(Random random, DType dtype, int k, int stride, int w) {
        double[] pool = {-0.0, 0.0, 1, -1, 2, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        int n = 2;
        int c = 3;
        int h = 7;
        double[] v = new double[n * c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = pool[random.nextInt(random.nextInt(4) == 0 ? pool.length : 5)];
        }
        Tensor x = Tensor.of(v, n, c, h, w).to(dtype).requiresGrad(true);
        Tensor y = x.maxPool2d(k, stride);
        y.sum().backward();
        int oh = (h - k) / stride + 1;
        int ow = (w - k) / stride + 1;
        String what = dtype + " k" + k + " s" + stride + " w" + w;
        double[] taken = new double[v.length];
        double[] values = y.toDoubleArray();
        for (int plane = 0, at = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, at++) {
                    int best = plane * h * w + oy * stride * w + ox * stride;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            int q = plane * h * w + (oy * stride + i) * w + ox * stride + j;
                            if (v[q] > v[best] || Double.isNaN(v[q])) {
                                best = q;
                            }
                        }
                    }
                    taken[best]++;
                    assertEquals(Double.doubleToLongBits(v[best]), Double.doubleToLongBits(values[at]),
                            what + " window " + at);
                }
            }
        }
        assertArrayEquals(taken, x.grad().toDoubleArray(), what);
    }

    @Test
    void nanPropagatesThroughEveryWindowThatHoldsIt() {
        double[] v = new double[25];
        v[12] = Double.NaN;
        Tensor x = Tensor.of(v, 1, 1, 5, 5);
        Tensor y = x.conv2d(Tensor.full(1, DType.FLOAT64, 1, 1, 3, 3), null, 1, 1);
        int nans = 0;
        for (double e : y.toDoubleArray()) {
            nans += Double.isNaN(e) ? 1 : 0;
        }
        assertEquals(9, nans);
        assertTrue(Double.isNaN(x.maxPool2d(3, 1).get(0, 0, 1, 1)));
        assertTrue(Double.isNaN(x.avgPool2d(3, 2).get(0, 0, 0, 0)));
    }

    @Test
    void shapeErrorsNameTheOperationAndTheShapes() {
        Tensor x = Tensor.zeros(2, 3, 5, 5);
        assertMessage("conv2d: input [2, 3, 5, 5] has 3 channels, weight [4, 2, 3, 3] expects 2",
                () -> x.conv2d(Tensor.zeros(4, 2, 3, 3), null, 1, 0));
        assertMessage("conv2d: kernel 7×3 of weight [4, 3, 7, 3] is larger than input [2, 3, 5, 5] padded by 0×0",
                () -> x.conv2d(Tensor.zeros(4, 3, 7, 3), null, 1, 0));
        assertMessage("conv2d: input [2, 3, 5, 5] padded by 1073741824×1073741824 would be 2147483653×2147483653, "
                + "more than 2147483647 along an axis", () -> x.conv2d(Tensor.zeros(4, 3, 3, 3), null, 1, 1 << 30));
        assertMessage("conv2d: input [2, 3, 5, 5] padded by 0×1073741823 would be 5×2147483651, more than 2147483647"
                + " along an axis", () -> x.conv2d(Tensor.zeros(4, 3, 3, 3), null, 1, 1, 0, (1 << 30) - 1));
        // PyTorch: "kernel size should be greater than zero"; an empty kernel gave zeros of height H + 1
        assertMessage("conv2d: kernel 0×3 of weight [4, 3, 0, 3] is empty; its height and width must be at least 1",
                () -> x.conv2d(Tensor.zeros(4, 3, 0, 3), null, 1, 0));
        assertMessage("conv2d: stride 0×0 must be at least 1 and padding 0×0 at least 0 (input [2, 3, 5, 5])",
                () -> x.conv2d(Tensor.zeros(4, 3, 3, 3), null, 0, 0));
        assertMessage("conv2d: bias [3] must be [4], one value per output channel of weight [4, 3, 3, 3]",
                () -> x.conv2d(Tensor.zeros(4, 3, 3, 3), Tensor.zeros(3), 1, 0));
        assertMessage("conv2d: input [3, 5, 5] and weight [4, 3, 3, 3] must both be 4-D (N×C×H×W and O×C×kH×kW)",
                () -> Tensor.zeros(3, 5, 5).conv2d(Tensor.zeros(4, 3, 3, 3), null, 1, 0));
        assertMessage("maxPool2d: kernel 6×6 is larger than input [2, 3, 5, 5]", () -> x.maxPool2d(6, 1));
        assertMessage("avgPool2d: kernel 2 and stride 0 must be at least 1 (input [2, 3, 5, 5])",
                () -> x.avgPool2d(2, 0));
        assertMessage("maxPool2d: input [5, 5] must be 4-D (N×C×H×W)", () -> Tensor.zeros(5, 5).maxPool2d(2, 2));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void mixedDtypesComputeInTheWiderAndGradientsKeepEachInputsDtype() {
        Random random = new Random(9);
        Tensor x = TensorCheck.random(random, 2, 2, 5, 5).to(DType.FLOAT32).detach().requiresGrad(true);
        Tensor w = TensorCheck.random(random, 3, 2, 3, 3).requiresGrad(true);
        Tensor y = x.conv2d(w, null, 1, 1);
        assertEquals(DType.FLOAT64, y.dtype());
        y.sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertEquals(DType.FLOAT64, w.grad().dtype());
        List<Tensor> g = Tensor.gradients(x.conv2d(w, null, 1, 1).sum(), List.of(w), false);
        assertArrayEquals(w.grad().toDoubleArray(), g.get(0).toDoubleArray(), 1e-12);
    }
}
