package dev.jgrad.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Two-dimensional convolution and pooling over NCHW tensors: the primitives and their kernels.
 *
 * <p>A convolution {@code y = conv(x, w)} is bilinear, and so are its two adjoints: {@code convInput(ȳ, w)}, the
 * gradient with respect to {@code x} (a transposed convolution), and {@code convWeight(x, ȳ)}, the gradient with
 * respect to {@code w}. All three are partial derivatives of one trilinear form {@code ⟨ȳ, conv(x, w)⟩}, so each
 * one's gradients are the other two: the three primitives below close the set under differentiation, and gradients
 * through a convolution can be differentiated again to any order.
 *
 * <p>Each runs as im2col and the matrix kernel {@link Gemm}, a block of samples at a time: the block's receptive
 * fields are unrolled side by side into a matrix {@code cols} of {@code C·kH·kW} rows and {@code samples·oH·oW}
 * columns (zeros where a field reaches into the padding), and {@code Y = W · cols}, {@code dW += Ȳ · colsᵀ},
 * {@code dx = col2im(Wᵀ · Ȳ)}, where {@code Y} and {@code Ȳ} hold the block's output (gradient) as {@code O} rows of
 * {@code samples·oH·oW}, copied from and to NCHW. One product per block rather than per sample keeps the products
 * large enough for packing to pay; blocks are as large as a bounded per-thread buffer allows ({@code Work}). On the
 * vector path, float32 convolutions with output rows of 8 or more and more than a few output channels run as direct
 * kernels instead ({@link ConvVector32}: the forward pass and the weight gradient, no unrolled matrix at all), and
 * other convolutions without padding whose output rows are short never write {@code cols}: their products pack the
 * receptive fields straight from the input ({@code Unrolled}). Float32 max pooling over 2×2 windows with stride 2
 * runs as {@link MaxPoolVector} there.
 *
 * <p>Average pooling is linear, with its adjoint as the other primitive of the pair; max pooling is a
 * {@link Primitive.Gather} at the index of each window's maximum, so both are differentiable to any order too.
 */
final class Convolution {

    /** Lines of the unrolled matrix shorter than this are copied by a loop, longer ones by {@code arraycopy}. */
    private static final int SHORT_LINE = 16;

    /**
     * Whether the float32 kernels written with the Vector API run ({@link ConvVector32}, {@link MaxPoolVector}): the
     * JVM has the module and its path is on.
     */
    private static final boolean VECTOR = Gemm.path().equals("vector");

    private Convolution() {
    }

    /**
     * The sizes of one convolution: batch {@code n}, input channels {@code c}, input {@code h × w}, output channels
     * {@code o}, kernel {@code kh × kw}, strides, paddings, output {@code oh × ow}.
     */
    record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw) {

        int oh() {
            return (h + 2 * ph - kh) / sh + 1;
        }

        int ow() {
            return (w + 2 * pw - kw) / sw + 1;
        }

        /** Rows of the unrolled matrix: one per weight of an output channel. */
        int rows() {
            return c * kh * kw;
        }

        /** Columns of the unrolled matrix: one per output position. */
        int columns() {
            return oh() * ow();
        }

        /**
         * For an unpadded convolution, per row {@code (c, i, j)} of the unrolled matrix (a weight of an output
         * channel): its input element's offset from the first element of the window it lies in.
         */
        int[] rowOffsets() {
            int[] offset = new int[rows()];
            for (int ch = 0, row = 0; ch < c; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++, row++) {
                        offset[row] = (ch * h + i) * w + j;
                    }
                }
            }
            return offset;
        }

        /**
         * For an unpadded convolution, per column {@code (s, oy, ox)} of the unrolled matrix of {@code samples}
         * samples whose first input element is at {@code origin}: the offset of its window's first element, into
         * {@code into} from 0. Element {@code (row, col)} of the matrix is then the input at
         * {@code into[col] + rowOffsets()[row]}.
         */
        void columnBases(int origin, int samples, int[] into) {
            for (int s = 0, col = 0; s < samples; s++) {
                int sample = origin + s * c * h * w;
                for (int oy = 0; oy < oh(); oy++) {
                    for (int ox = 0; ox < ow(); ox++, col++) {
                        into[col] = sample + oy * sh * w + ox * sw;
                    }
                }
            }
        }

        int[] inputShape() {
            return new int[] {n, c, h, w};
        }

        int[] weightShape() {
            return new int[] {o, c, kh, kw};
        }

        int[] outputShape() {
            return new int[] {n, o, oh(), ow()};
        }
    }

    // ---------------------------------------------------------------- entry points, with their shape checks

    /** {@link Tensor#conv2d(Tensor, Tensor, int, int, int, int)}. */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int sh, int sw, int ph, int pw) {
        Objects.requireNonNull(weight, "weight");
        if (x.dim() != 4 || weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(x.shape) + " and weight "
                    + Shapes.str(weight.shape) + " must both be 4-D (N×C×H×W and O×C×kH×kW)");
        }
        int o = weight.shape[0];
        if (x.shape[1] != weight.shape[1]) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(x.shape) + " has " + x.shape[1]
                    + " channels, weight " + Shapes.str(weight.shape) + " expects " + weight.shape[1]);
        }
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != o)) {
            throw new IllegalArgumentException("conv2d: bias " + Shapes.str(bias.shape) + " must be [" + o
                    + "], one value per output channel of weight " + Shapes.str(weight.shape));
        }
        if (sh < 1 || sw < 1 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException("conv2d: stride " + sh + "×" + sw + " must be at least 1 and padding "
                    + ph + "×" + pw + " at least 0 (input " + Shapes.str(x.shape) + ")");
        }
        long paddedH = x.shape[2] + 2L * ph;
        long paddedW = x.shape[3] + 2L * pw;
        if (paddedH > Integer.MAX_VALUE || paddedW > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(x.shape) + " padded by " + ph + "×" + pw
                    + " would be " + paddedH + "×" + paddedW + ", more than " + Integer.MAX_VALUE + " along an axis");
        }
        Geometry g = new Geometry(x.shape[0], x.shape[1], x.shape[2], x.shape[3], o, weight.shape[2],
                weight.shape[3], sh, sw, ph, pw);
        if (g.kh == 0 || g.kw == 0) {
            throw new IllegalArgumentException("conv2d: kernel " + g.kh + "×" + g.kw + " of weight "
                    + Shapes.str(weight.shape) + " is empty; its height and width must be at least 1");
        }
        if (g.kh > g.h + 2 * ph || g.kw > g.w + 2 * pw) {
            throw new IllegalArgumentException("conv2d: kernel " + g.kh + "×" + g.kw + " of weight "
                    + Shapes.str(weight.shape) + " is larger than input " + Shapes.str(x.shape) + " padded by "
                    + ph + "×" + pw);
        }
        DType type = bias == null ? DType.promoted(x, weight) : DType.promoted(x, weight, bias);
        return bias == null ? Conv.apply(g, x.to(type), weight.to(type))
                : Conv.apply(g, x.to(type), weight.to(type), bias.to(type));
    }

    /** {@link Tensor#maxPool2d}: a gather at each window's chosen element. */
    static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        Pool p = pool("maxPool2d", x, kernel, stride);
        Tensor planes = x.contiguous().reshape(p.n, p.c, p.h * p.w);
        int[] index = new int[p.n * p.c * p.oh() * p.ow()];
        Tensor maxima = Tensor.allocate(planes.dtype, new int[] {p.n, p.c, p.oh() * p.ow()});
        if (planes.d != null) {
            windowMaxima(planes.d, planes.offset, p, index, maxima.d);
        } else {
            windowMaxima(planes.f, planes.offset, p, index, maxima.f);
        }
        return Primitive.Gather.gathered(planes, 2, index, maxima).reshape(p.outputShape());
    }

    /** {@link Tensor#avgPool2d}. */
    static Tensor avgPool2d(Tensor x, int kernel, int stride) {
        return AvgPool.apply(x, pool("avgPool2d", x, kernel, stride));
    }

    private static Pool pool(String op, Tensor x, int kernel, int stride) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(x.shape) + " must be 4-D (N×C×H×W)");
        }
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " and stride " + stride
                    + " must be at least 1 (input " + Shapes.str(x.shape) + ")");
        }
        if (kernel > x.shape[2] || kernel > x.shape[3]) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + "×" + kernel + " is larger than input "
                    + Shapes.str(x.shape));
        }
        return new Pool(x.shape[0], x.shape[1], x.shape[2], x.shape[3], kernel, stride);
    }

    // ---------------------------------------------------------------- the three bilinear primitives

    /**
     * {@code y = conv(x, w) (+ b)}, the bias added per output channel; gradients {@code x̄ = convInput(ȳ, w)},
     * {@code w̄ = convWeight(x, ȳ)}, {@code b̄ = Σ ȳ} over batch and positions (a sum of tensor operations when the
     * graph is recorded, else one loop).
     */
    static final class Conv extends Primitive {
        private final Geometry g;

        private Conv(Geometry g, Tensor[] operands) {
            super(operands);
            this.g = g;
        }

        /** The convolution of {@code operands[0]} with {@code operands[1]}, plus {@code operands[2]} if given. */
        static Tensor apply(Geometry g, Tensor... operands) {
            Tensor bias = operands.length > 2 ? operands[2].contiguous() : null;
            Tensor out = forward(operands[0].contiguous(), operands[1].contiguous(), bias, g);
            return tracks(operands) ? out.tracked(new Conv(g, operands.clone())) : out;
        }

        @Override
        String name() {
            return "conv2d";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            Tensor x = inputs[0];
            Tensor w = inputs[1];
            Tensor[] grads = new Tensor[inputs.length];
            grads[0] = x.requiresGrad() ? ConvInput.apply(grad, w, g) : null;
            grads[1] = w.requiresGrad() ? ConvWeight.apply(x, grad, g) : null;
            if (inputs.length > 2 && inputs[2].requiresGrad()) {
                grads[2] = Autograd.enabled() ? grad.sum(0, 2, 3) : channelSums(grad.contiguous(), g);
            }
            return grads;
        }
    }

    /**
     * {@code x̄ = convInput(ȳ, w)}, the adjoint of the convolution in its input (of the input's shape); gradients
     * {@code ȳ̄ = conv(x̄̄, w)}, {@code w̄ = convWeight(x̄̄, ȳ)}.
     */
    static final class ConvInput extends Primitive {
        private final Geometry g;

        private ConvInput(Tensor grad, Tensor w, Geometry g) {
            super(grad, w);
            this.g = g;
        }

        static Tensor apply(Tensor grad, Tensor w, Geometry g) {
            Tensor out = inputGradient(grad.contiguous(), w.contiguous(), g);
            return tracks(grad, w) ? out.tracked(new ConvInput(grad, w, g)) : out;
        }

        @Override
        String name() {
            return "conv2dInputGrad";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            Tensor dy = inputs[0];
            Tensor w = inputs[1];
            return new Tensor[] {dy.requiresGrad() ? Conv.apply(g, grad, w) : null,
                    w.requiresGrad() ? ConvWeight.apply(grad, dy, g) : null};
        }
    }

    /**
     * {@code w̄ = convWeight(x, ȳ)}, the adjoint of the convolution in its weight (of the weight's shape); gradients
     * {@code x̄ = convInput(ȳ, w̄̄)}, {@code ȳ̄ = conv(x, w̄̄)}.
     */
    static final class ConvWeight extends Primitive {
        private final Geometry g;

        private ConvWeight(Tensor x, Tensor grad, Geometry g) {
            super(x, grad);
            this.g = g;
        }

        static Tensor apply(Tensor x, Tensor grad, Geometry g) {
            Tensor out = weightGradient(x.contiguous(), grad.contiguous(), g);
            return tracks(x, grad) ? out.tracked(new ConvWeight(x, grad, g)) : out;
        }

        @Override
        String name() {
            return "conv2dWeightGrad";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            Tensor x = inputs[0];
            Tensor dy = inputs[1];
            return new Tensor[] {x.requiresGrad() ? ConvInput.apply(dy, grad, g) : null,
                    dy.requiresGrad() ? Conv.apply(g, x, grad) : null};
        }
    }

    // ---------------------------------------------------------------- kernels (operands contiguous, one dtype)

    /**
     * The convolution, block by block: the block's receptive fields unrolled side by side, one product with the
     * weights, and each output channel's plane copied out with its bias (or 0) added.
     */
    private static Tensor forward(Tensor x, Tensor w, Tensor bias, Geometry g) {
        Tensor y = Tensor.allocate(x.dtype, g.outputShape());
        if (x.f != null && VECTOR && ConvVector32.takes(g)) {
            ConvVector32.forward(x.f, x.offset, w.f, w.offset, bias == null ? null : bias.f,
                    bias == null ? 0 : bias.offset, g, y.f);
            return y;
        }
        int rows = g.rows();
        int block = blockSamples(g);
        if (x.d != null) {
            double[] work = Work.mine().doubles(block, g);
            for (int first = 0; first < g.n; first += block) {
                int samples = Math.min(block, g.n - first);
                int width = samples * g.columns();
                int product = rows * width;
                if (unrollsInPanels(g)) {
                    Gemm.gemm(false, g.o, width, rows, w.d, w.offset, rows, new Unrolled(x, first, samples, g, false),
                            work, product, width, false);
                } else {
                    im2col(x.d, x.offset, first, samples, g, work);
                    Gemm.gemm(false, false, g.o, width, rows, w.d, w.offset, rows, work, 0, width,
                            work, product, width, false);
                }
                unblock(work, product, first, samples, g, bias, y.d);
            }
        } else {
            float[] work = Work.mine().floats(block, g);
            for (int first = 0; first < g.n; first += block) {
                int samples = Math.min(block, g.n - first);
                int width = samples * g.columns();
                int product = rows * width;
                if (unrollsInPanels(g)) {
                    Gemm.gemm(false, g.o, width, rows, w.f, w.offset, rows, new Unrolled(x, first, samples, g, false),
                            work, product, width, false);
                } else {
                    im2col(x.f, x.offset, first, samples, g, work);
                    Gemm.gemm(false, false, g.o, width, rows, w.f, w.offset, rows, work, 0, width,
                            work, product, width, false);
                }
                unblock(work, product, first, samples, g, bias, y.f);
            }
        }
        return y;
    }

    /**
     * The bias gradient: the output gradient summed over batch and positions, per channel (summed in double, each
     * plane in four interleaved partial sums so that the additions do not wait on one another).
     */
    private static Tensor channelSums(Tensor grad, Geometry g) {
        int cols = g.columns();
        double[] sums = new double[g.o];
        for (int s = 0; s < g.n; s++) {
            for (int o = 0; o < g.o; o++) {
                int at = grad.offset + (s * g.o + o) * cols;
                sums[o] += grad.d != null ? planeSum(grad.d, at, cols) : planeSum(grad.f, at, cols);
            }
        }
        Tensor db = Tensor.of(sums, g.o);
        return grad.dtype == DType.FLOAT64 ? db : db.to(grad.dtype);
    }

    /** {@code Σ x[at ..< at + n]}, in four partial sums. */
    private static double planeSum(double[] x, int at, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[at + i];
            s1 += x[at + i + 1];
            s2 += x[at + i + 2];
            s3 += x[at + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[at + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The float32 form of {@link #planeSum(double[], int, int)}, summed in double. */
    private static double planeSum(float[] x, int at, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += x[at + i];
            s1 += x[at + i + 1];
            s2 += x[at + i + 2];
            s3 += x[at + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[at + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code dx = col2im(Wᵀ · ȳ)}, one product per block of samples, then col2im sample by sample. */
    private static Tensor inputGradient(Tensor dy, Tensor w, Geometry g) {
        Tensor dx = Tensor.allocate(dy.dtype, g.inputShape());
        int rows = g.rows();
        int block = blockSamples(g);
        if (dy.d != null) {
            double[] work = Work.mine().doubles(block, g);
            for (int first = 0; first < g.n; first += block) {
                int samples = Math.min(block, g.n - first);
                int width = samples * g.columns();
                int gradient = rows * width;
                toBlock(dy.d, dy.offset, first, samples, g, work, gradient);
                Gemm.gemm(true, false, rows, width, g.o, w.d, w.offset, rows, work, gradient, width,
                        work, 0, width, false);
                col2im(work, first, samples, g, dx.d);
            }
        } else {
            float[] work = Work.mine().floats(block, g);
            for (int first = 0; first < g.n; first += block) {
                int samples = Math.min(block, g.n - first);
                int width = samples * g.columns();
                int gradient = rows * width;
                toBlock(dy.f, dy.offset, first, samples, g, work, gradient);
                Gemm.gemm(true, false, rows, width, g.o, w.f, w.offset, rows, work, gradient, width,
                        work, 0, width, false);
                col2im(work, first, samples, g, dx.f);
            }
        }
        return dx;
    }

    /** {@code dW = Σ ȳ · colsᵀ}, one product per block of samples, each added to the blocks before it. */
    private static Tensor weightGradient(Tensor x, Tensor dy, Geometry g) {
        Tensor dw = Tensor.allocate(x.dtype, g.weightShape());
        if (x.f != null && VECTOR && ConvVector32.takes(g)) {
            ConvVector32.weightGradient(x.f, x.offset, dy.f, dy.offset, g, dw.f);
            return dw;
        }
        int rows = g.rows();
        int block = blockSamples(g);
        if (x.d != null) {
            double[] work = Work.mine().doubles(block, g);
            for (int first = 0; first < g.n; first += block) {
                int samples = Math.min(block, g.n - first);
                int width = samples * g.columns();
                int gradient = rows * width;
                toBlock(dy.d, dy.offset, first, samples, g, work, gradient);
                if (unrollsInPanels(g)) {
                    Gemm.gemm(false, g.o, rows, width, work, gradient, width, new Unrolled(x, first, samples, g, true),
                            dw.d, 0, rows, first > 0);
                } else {
                    im2col(x.d, x.offset, first, samples, g, work);
                    Gemm.gemm(false, true, g.o, rows, width, work, gradient, width, work, 0, width,
                            dw.d, 0, rows, first > 0);
                }
            }
        } else {
            float[] work = Work.mine().floats(block, g);
            for (int first = 0; first < g.n; first += block) {
                int samples = Math.min(block, g.n - first);
                int width = samples * g.columns();
                int gradient = rows * width;
                toBlock(dy.f, dy.offset, first, samples, g, work, gradient);
                if (unrollsInPanels(g)) {
                    Gemm.gemm(false, g.o, rows, width, work, gradient, width, new Unrolled(x, first, samples, g, true),
                            dw.f, 0, rows, first > 0);
                } else {
                    im2col(x.f, x.offset, first, samples, g, work);
                    Gemm.gemm(false, true, g.o, rows, width, work, gradient, width, work, 0, width,
                            dw.f, 0, rows, first > 0);
                }
            }
        }
        return dw;
    }

    /**
     * Whether a product reads the unrolled matrix (or its transpose) straight from the input as it packs it
     * ({@link Unrolled}), instead of from a copy written first: on the vector path, for convolutions without padding
     * whose output rows are short. That saves a pass over a matrix {@code kH·kW} times the input's size. With long
     * output rows, the rows of the matrix are long lines of the input, which {@code im2col} copies with
     * {@code arraycopy} faster than packing gathers them one element at a time: the MNIST network's first
     * convolution (24-wide rows) is faster with the copy, its second (8-wide) without, forward and weight gradient
     * alike. With padding, and on the plain path, which does not pack {@code B}, the matrix is always written first.
     */
    private static boolean unrollsInPanels(Geometry g) {
        return g.ph == 0 && g.pw == 0 && Gemm.packsSources() && g.ow() < SHORT_LINE;
    }

    /**
     * The unrolled matrix of samples {@code first ..< first + samples} (see {@link #im2col(double[], int, int, int,
     * Geometry, double[])}), or its transpose, as a source of packed panels read straight from the input, for
     * convolutions without padding. Element {@code (row, col)} of the matrix, row {@code (c, i, j)} of a window and
     * column {@code (s, oy, ox)} an output position, is {@code x[colBase[col] + rowOffset[row]]}. The convolution's
     * product reads the matrix; the weight gradient's reads its transpose.
     */
    static final class Unrolled implements Pack.Source64, Pack.Source32 {
        private final double[] d;
        private final float[] f;
        private final boolean transposed;
        private final int[] rowOffset;
        private final int[] colBase;

        Unrolled(Tensor x, int first, int samples, Geometry g, boolean transposed) {
            this.d = x.d;
            this.f = x.f;
            this.transposed = transposed;
            rowOffset = g.rowOffsets();
            colBase = new int[samples * g.columns()];
            g.columnBases(x.offset + first * g.c * g.h * g.w, samples, colBase);
        }

        @Override
        public void pack(int p0, int kc, int j0, int cols, int nr, double[] into) {
            int[] depth = transposed ? colBase : rowOffset;
            int[] column = transposed ? rowOffset : colBase;
            for (int jr = 0; jr < cols; jr += nr) {
                int panel = jr * kc;
                int full = Math.min(nr, cols - jr);
                if (full < nr) {
                    Arrays.fill(into, panel, panel + kc * nr, 0);
                }
                for (int p = 0; p < kc; p++) {
                    int at = panel + p * nr;
                    int from = depth[p0 + p];
                    for (int j = 0, c = j0 + jr; j < full; j++) {
                        into[at + j] = d[from + column[c + j]];
                    }
                }
            }
        }

        @Override
        public void pack(int p0, int kc, int j0, int cols, int nr, float[] into) {
            int[] depth = transposed ? colBase : rowOffset;
            int[] column = transposed ? rowOffset : colBase;
            for (int jr = 0; jr < cols; jr += nr) {
                int panel = jr * kc;
                int full = Math.min(nr, cols - jr);
                if (full < nr) {
                    Arrays.fill(into, panel, panel + kc * nr, 0);
                }
                for (int p = 0; p < kc; p++) {
                    int at = panel + p * nr;
                    int from = depth[p0 + p];
                    for (int j = 0, c = j0 + jr; j < full; j++) {
                        into[at + j] = f[from + column[c + j]];
                    }
                }
            }
        }
    }

    /**
     * Samples per block: as many as keep a block's unrolled matrix ({@code rows × samples·columns}) and its
     * output-side matrix ({@code o × samples·columns}) within {@link Work#ELEMENTS}, at least one.
     */
    private static int blockSamples(Geometry g) {
        long perSample = (long) (g.rows() + g.o) * g.columns();
        return (int) Math.max(1, Math.min(g.n, Work.ELEMENTS / Math.max(1, perSample)));
    }

    /**
     * The kernels' work buffer, one per thread and element type, kept for the thread's next convolution: a block's
     * unrolled matrix, then its output-side matrix ({@code o} rows of {@code samples·columns}: the output before it
     * is copied out, or the output gradient gathered in); for the direct kernels ({@link ConvVector32}), their
     * rearranged weights or output gradient, the positions' offsets and a padded copy of the input. A kernel takes it for its whole run and calls
     * nothing that convolves, so no two uses on one thread overlap.
     */
    static final class Work {
        /** Bound on a block's two matrices together (a larger single sample gets exactly its size): 8 MB in float64. */
        static final int ELEMENTS = 1 << 20;
        /**
         * Bound on the direct kernels' channel-last output gradient, in floats ({@link ConvVector32}): 8 MB, as a
         * float64 block's, so that a batch of 64 MNIST-sized samples is one block for a convolution of up to 32
         * output channels.
         */
        static final int DIRECT_FLOATS = 2 * ELEMENTS;
        private static final ThreadLocal<Work> OF_THREAD = ThreadLocal.withInitial(Work::new);
        private double[] doubles = new double[0];
        private float[] floats = new float[0];
        private float[] padded = new float[0];
        private int[] ints = new int[0];

        static Work mine() {
            return OF_THREAD.get();
        }

        /** At least the elements a block of {@code samples} needs, contents left from earlier uses. */
        double[] doubles(int samples, Geometry g) {
            int length = Math.toIntExact((long) samples * (g.rows() + g.o) * g.columns());
            if (doubles.length < length) {
                doubles = new double[length];
            }
            return doubles;
        }

        /** The float32 form of {@link #doubles}. */
        float[] floats(int samples, Geometry g) {
            return floats(Math.toIntExact((long) samples * (g.rows() + g.o) * g.columns()));
        }

        /** At least {@code length} floats, contents left from earlier uses. */
        float[] floats(int length) {
            if (floats.length < length) {
                floats = new float[length];
            }
            return floats;
        }

        /** At least {@code length} floats for a padded copy of the input, apart from {@link #floats(int)}. */
        float[] padded(int length) {
            if (padded.length < length) {
                padded = new float[length];
            }
            return padded;
        }

        /** At least {@code length} ints, contents left from earlier uses. */
        int[] ints(int length) {
            if (ints.length < length) {
                ints = new int[length];
            }
            return ints;
        }
    }

    /**
     * Gathers the output gradient of samples {@code first ..< first + samples} (NCHW from {@code from}) into
     * {@code block} at {@code at}: row {@code o} holds channel {@code o} of each sample in turn.
     */
    private static void toBlock(double[] dy, int from, int first, int samples, Geometry g, double[] block, int at) {
        int cols = g.columns();
        int width = samples * cols;
        for (int s = 0; s < samples; s++) {
            for (int o = 0; o < g.o; o++) {
                System.arraycopy(dy, from + ((first + s) * g.o + o) * cols, block, at + o * width + s * cols, cols);
            }
        }
    }

    /** The float32 form of {@link #toBlock(double[], int, int, int, Geometry, double[], int)}. */
    private static void toBlock(float[] dy, int from, int first, int samples, Geometry g, float[] block, int at) {
        int cols = g.columns();
        int width = samples * cols;
        for (int s = 0; s < samples; s++) {
            for (int o = 0; o < g.o; o++) {
                System.arraycopy(dy, from + ((first + s) * g.o + o) * cols, block, at + o * width + s * cols, cols);
            }
        }
    }

    /**
     * The inverse of {@link #toBlock}: copies a block's product (at {@code at}) out into the samples' NCHW planes of
     * {@code y}, each channel's bias added if there is one.
     */
    private static void unblock(double[] block, int at, int first, int samples, Geometry g, Tensor bias, double[] y) {
        int cols = g.columns();
        int width = samples * cols;
        for (int s = 0; s < samples; s++) {
            for (int o = 0; o < g.o; o++) {
                int src = at + o * width + s * cols;
                int dst = ((first + s) * g.o + o) * cols;
                if (bias == null) {
                    System.arraycopy(block, src, y, dst, cols);
                } else {
                    double b = bias.d[bias.offset + o];
                    for (int p = 0; p < cols; p++) {
                        y[dst + p] = block[src + p] + b;
                    }
                }
            }
        }
    }

    /** The float32 form of {@link #unblock(double[], int, int, int, Geometry, Tensor, double[])}. */
    private static void unblock(float[] block, int at, int first, int samples, Geometry g, Tensor bias, float[] y) {
        int cols = g.columns();
        int width = samples * cols;
        for (int s = 0; s < samples; s++) {
            for (int o = 0; o < g.o; o++) {
                int src = at + o * width + s * cols;
                int dst = ((first + s) * g.o + o) * cols;
                if (bias == null) {
                    System.arraycopy(block, src, y, dst, cols);
                } else {
                    float b = bias.f[bias.offset + o];
                    for (int p = 0; p < cols; p++) {
                        y[dst + p] = block[src + p] + b;
                    }
                }
            }
        }
    }

    /**
     * The first of {@code out} output positions, along one axis, whose window's element at {@code offset} falls
     * inside the input (not in the padding): the least {@code o >= 0} with {@code o·stride - pad + offset >= 0}, at
     * most {@code out}.
     */
    private static int firstInside(int offset, int pad, int stride, int out) {
        return Math.min(out, Math.max(0, -Math.floorDiv(offset - pad, stride)));
    }

    /**
     * One past the last of {@code out} output positions, along an axis of {@code in} inputs, whose window's element
     * at {@code offset} falls inside the input; at least {@link #firstInside}.
     */
    private static int endInside(int offset, int pad, int stride, int in, int out) {
        return Math.max(firstInside(offset, pad, stride, out),
                Math.min(out, Math.floorDiv(in - 1 + pad - offset, stride) + 1));
    }

    /**
     * Unrolls the receptive fields of samples {@code first ..< first + samples} (of the batch at {@code from}) into
     * {@code cols}, side by side: {@code C·kH·kW} rows of {@code samples · oH·oW} columns, each sample's output
     * positions in turn; zeros where a window reaches into the padding. Written in the order it is laid out, row
     * by row: sample by sample, which writes to every row at once, measured slower.
     */
    static void im2col(double[] x, int from, int first, int samples, Geometry g, double[] cols) {
        int oh = g.oh();
        int ow = g.ow();
        int plane = g.h * g.w;
        int at = 0;
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                int top = firstInside(i, g.ph, g.sh, oh);
                int bottom = endInside(i, g.ph, g.sh, g.h, oh);
                for (int j = 0; j < g.kw; j++) {
                    int lo = firstInside(j, g.pw, g.sw, ow);
                    int hi = endInside(j, g.pw, g.sw, g.w, ow);
                    for (int s = 0; s < samples; s++) {
                        // rows of the window in the padding are zeros; a test in the loop would slow it by a quarter
                        if (top > 0) {
                            Arrays.fill(cols, at, at + top * ow, 0);
                        }
                        int line = from + ((first + s) * g.c + c) * plane + (top * g.sh - g.ph + i) * g.w - g.pw + j;
                        for (int oy = top, row = at + top * ow; oy < bottom; oy++, row += ow, line += g.sh * g.w) {
                            if (lo > 0) {
                                Arrays.fill(cols, row, row + lo, 0);
                            }
                            if (g.sw != 1) {
                                for (int ox = lo; ox < hi; ox++) {
                                    cols[row + ox] = x[line + ox * g.sw];
                                }
                            } else if (hi - lo >= SHORT_LINE) {
                                System.arraycopy(x, line + lo, cols, row + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    cols[row + ox] = x[line + ox];
                                }
                            }
                            if (hi < ow) {
                                Arrays.fill(cols, row + hi, row + ow, 0);
                            }
                        }
                        if (bottom < oh) {
                            Arrays.fill(cols, at + bottom * ow, at + oh * ow, 0);
                        }
                        at += oh * ow;
                    }
                }
            }
        }
    }

    /** The float32 form of {@link #im2col(double[], int, int, int, Geometry, double[])}. */
    static void im2col(float[] x, int from, int first, int samples, Geometry g, float[] cols) {
        int oh = g.oh();
        int ow = g.ow();
        int plane = g.h * g.w;
        int at = 0;
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                int top = firstInside(i, g.ph, g.sh, oh);
                int bottom = endInside(i, g.ph, g.sh, g.h, oh);
                for (int j = 0; j < g.kw; j++) {
                    int lo = firstInside(j, g.pw, g.sw, ow);
                    int hi = endInside(j, g.pw, g.sw, g.w, ow);
                    for (int s = 0; s < samples; s++) {
                        // rows of the window in the padding are zeros; a test in the loop would slow it by a quarter
                        if (top > 0) {
                            Arrays.fill(cols, at, at + top * ow, 0);
                        }
                        int line = from + ((first + s) * g.c + c) * plane + (top * g.sh - g.ph + i) * g.w - g.pw + j;
                        for (int oy = top, row = at + top * ow; oy < bottom; oy++, row += ow, line += g.sh * g.w) {
                            if (lo > 0) {
                                Arrays.fill(cols, row, row + lo, 0);
                            }
                            if (g.sw != 1) {
                                for (int ox = lo; ox < hi; ox++) {
                                    cols[row + ox] = x[line + ox * g.sw];
                                }
                            } else if (hi - lo >= SHORT_LINE) {
                                System.arraycopy(x, line + lo, cols, row + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    cols[row + ox] = x[line + ox];
                                }
                            }
                            if (hi < ow) {
                                Arrays.fill(cols, row + hi, row + ow, 0);
                            }
                        }
                        if (bottom < oh) {
                            Arrays.fill(cols, at + bottom * ow, at + oh * ow, 0);
                        }
                        at += oh * ow;
                    }
                }
            }
        }
    }

    /**
     * The adjoint of im2col: adds each entry of {@code cols}, laid out as im2col writes samples {@code first ..<
     * first + samples}, into the input position of {@code x} it was read from. Read in the order it is laid out, as
     * {@link #im2col(double[], int, int, int, Geometry, double[])} writes it.
     */
    private static void col2im(double[] cols, int first, int samples, Geometry g, double[] x) {
        int oh = g.oh();
        int ow = g.ow();
        int plane = g.h * g.w;
        int at = 0;
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                int top = firstInside(i, g.ph, g.sh, oh);
                int bottom = endInside(i, g.ph, g.sh, g.h, oh);
                for (int j = 0; j < g.kw; j++) {
                    int lo = firstInside(j, g.pw, g.sw, ow);
                    int hi = endInside(j, g.pw, g.sw, g.w, ow);
                    for (int s = 0; s < samples; s++) {
                        int line = ((first + s) * g.c + c) * plane + (top * g.sh - g.ph + i) * g.w - g.pw + j;
                        for (int oy = top, row = at + top * ow; oy < bottom; oy++, row += ow, line += g.sh * g.w) {
                            if (g.sw == 1) {
                                // unit stride written as such, so the JIT can vectorize the loop
                                for (int ox = lo; ox < hi; ox++) {
                                    x[line + ox] += cols[row + ox];
                                }
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    x[line + ox * g.sw] += cols[row + ox];
                                }
                            }
                        }
                        at += oh * ow;
                    }
                }
            }
        }
    }

    /** The float32 form of {@link #col2im(double[], int, int, Geometry, double[])}. */
    private static void col2im(float[] cols, int first, int samples, Geometry g, float[] x) {
        int oh = g.oh();
        int ow = g.ow();
        int plane = g.h * g.w;
        int at = 0;
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                int top = firstInside(i, g.ph, g.sh, oh);
                int bottom = endInside(i, g.ph, g.sh, g.h, oh);
                for (int j = 0; j < g.kw; j++) {
                    int lo = firstInside(j, g.pw, g.sw, ow);
                    int hi = endInside(j, g.pw, g.sw, g.w, ow);
                    for (int s = 0; s < samples; s++) {
                        int line = ((first + s) * g.c + c) * plane + (top * g.sh - g.ph + i) * g.w - g.pw + j;
                        for (int oy = top, row = at + top * ow; oy < bottom; oy++, row += ow, line += g.sh * g.w) {
                            if (g.sw == 1) {
                                // unit stride written as such, so the JIT can vectorize the loop
                                for (int ox = lo; ox < hi; ox++) {
                                    x[line + ox] += cols[row + ox];
                                }
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    x[line + ox * g.sw] += cols[row + ox];
                                }
                            }
                        }
                        at += oh * ow;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- pooling

    /**
     * The sizes of one pooling: input {@code n × c × h × w}, square windows of side {@code k} moved by
     * {@code stride}, no padding; output {@code oh × ow}.
     */
    record Pool(int n, int c, int h, int w, int k, int stride) {

        int oh() {
            return (h - k) / stride + 1;
        }

        int ow() {
            return (w - k) / stride + 1;
        }

        int[] inputShape() {
            return new int[] {n, c, h, w};
        }

        int[] outputShape() {
            return new int[] {n, c, oh(), ow()};
        }
    }

    /**
     * For each window, the position within its {@code h × w} plane of the element max pooling takes, into
     * {@code index}, and that element into {@code maxima}: the first maximum in row-major order (−0 and +0 equal), or
     * the last NaN if the window holds any (PyTorch's choice, so a NaN propagates). {@code x} holds the contiguous
     * planes from {@code from}.
     */
    static void windowMaxima(double[] x, int from, Pool p, int[] index, double[] maxima) {
        int oh = p.oh();
        int ow = p.ow();
        int at = 0;
        for (int plane = 0; plane < p.n * p.c; plane++) {
            int base = from + plane * p.h * p.w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, at++) {
                    int corner = base + oy * p.stride * p.w + ox * p.stride;
                    int chosen = p.k == 2 ? chosenOfFour(x, corner, p.w) : chosen(x, corner, p);
                    index[at] = chosen - base;
                    maxima[at] = x[chosen];
                }
            }
        }
    }

    /**
     * The float32 form of {@link #windowMaxima(double[], int, Pool, int[], double[])}; 2×2 windows with stride 2 run
     * as {@link MaxPoolVector} when the JVM has the Vector API.
     */
    static void windowMaxima(float[] x, int from, Pool p, int[] index, float[] maxima) {
        if (VECTOR && MaxPoolVector.pools(p)) {
            MaxPoolVector.windowMaxima(x, from, p, index, maxima);
            return;
        }
        int oh = p.oh();
        int ow = p.ow();
        int at = 0;
        for (int plane = 0; plane < p.n * p.c; plane++) {
            int base = from + plane * p.h * p.w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, at++) {
                    int corner = base + oy * p.stride * p.w + ox * p.stride;
                    int chosen = p.k == 2 ? chosenOfFour(x, corner, p.w) : chosen(x, corner, p);
                    index[at] = chosen - base;
                    maxima[at] = x[chosen];
                }
            }
        }
    }

    /**
     * The position in {@code x} of the element max pooling takes from the window whose first element is at
     * {@code corner}, by a scan in row-major order.
     */
    private static int chosen(double[] x, int corner, Pool p) {
        int best = corner;
        double max = x[best];
        for (int row = corner, end = corner + p.k * p.w; row < end; row += p.w) {
            for (int j = row; j < row + p.k; j++) {
                double v = x[j];
                // a select, not a branch, and max reloaded through best: random data mispredicts
                best = (v > max) | (v != v) ? j : best;
                max = x[best];
            }
        }
        return best;
    }

    /** The float32 form of {@link #chosen(double[], int, Pool)}. */
    static int chosen(float[] x, int corner, Pool p) {
        int best = corner;
        float max = x[best];
        for (int row = corner, end = corner + p.k * p.w; row < end; row += p.w) {
            for (int j = row; j < row + p.k; j++) {
                float v = x[j];
                best = (v > max) | (v != v) ? j : best;
                max = x[best];
            }
        }
        return best;
    }

    /**
     * {@link #chosen(double[], int, Pool)} for 2×2 windows (rows {@code w} apart), the common case, without a
     * branch on the data: the JIT emits no conditional move for a select between doubles, and on random data each
     * such branch is mispredicted about half the time (some 20 ns per window). The maximum comes from
     * {@code Math.max}, its first position from one bit per element equal to it (compared as bits, after
     * {@code + 0.0} makes −0 and +0 the same) and the lowest bit set; a window holding a NaN (rare) takes the scan.
     */
    private static int chosenOfFour(double[] x, int corner, int w) {
        double a = x[corner];
        double b = x[corner + 1];
        double c = x[corner + w];
        double d = x[corner + w + 1];
        double max = Math.max(Math.max(a, b), Math.max(c, d));
        if (max != max) {
            return d != d ? corner + w + 1 : c != c ? corner + w : b != b ? corner + 1 : corner;
        }
        long bits = Double.doubleToRawLongBits(max + 0.0);
        int equal = same(bits, a) | same(bits, b) << 1 | same(bits, c) << 2 | same(bits, d) << 3;
        int e = Integer.numberOfTrailingZeros(equal);
        return corner + (e & 1) + (e >> 1) * w;
    }

    /** The float32 form of {@link #chosenOfFour(double[], int, int)}. */
    private static int chosenOfFour(float[] x, int corner, int w) {
        float a = x[corner];
        float b = x[corner + 1];
        float c = x[corner + w];
        float d = x[corner + w + 1];
        float max = Math.max(Math.max(a, b), Math.max(c, d));
        if (max != max) {
            return d != d ? corner + w + 1 : c != c ? corner + w : b != b ? corner + 1 : corner;
        }
        int bits = Float.floatToRawIntBits(max + 0.0f);
        int equal = same(bits, a) | same(bits, b) << 1 | same(bits, c) << 2 | same(bits, d) << 3;
        int e = Integer.numberOfTrailingZeros(equal);
        return corner + (e & 1) + (e >> 1) * w;
    }

    /** 1 if {@code v + 0.0} has the bits {@code bits}, else 0, without a branch. */
    private static int same(long bits, double v) {
        long differ = bits ^ Double.doubleToRawLongBits(v + 0.0);
        return (int) ((differ | -differ) >>> 63) ^ 1;
    }

    /** 1 if {@code v + 0.0f} has the bits {@code bits}, else 0, without a branch. */
    private static int same(int bits, float v) {
        int differ = bits ^ Float.floatToRawIntBits(v + 0.0f);
        return ((differ | -differ) >>> 31) ^ 1;
    }

    /** Window means, {@code y = avg(x)}; the gradient is {@link AvgPoolAdjoint} of the output's gradient. */
    static final class AvgPool extends Primitive {
        private final Pool p;

        private AvgPool(Tensor x, Pool p) {
            super(x);
            this.p = p;
        }

        static Tensor apply(Tensor x, Pool p) {
            Tensor out = average(x.contiguous(), p);
            return tracks(x) ? out.tracked(new AvgPool(x, p)) : out;
        }

        @Override
        String name() {
            return "avgPool2d";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {AvgPoolAdjoint.apply(grad, p)};
        }
    }

    /**
     * The adjoint of {@link AvgPool}: each output gradient shared equally by the {@code k²} elements of its window
     * (added where windows overlap); its gradient is {@link AvgPool} of the output's gradient.
     */
    static final class AvgPoolAdjoint extends Primitive {
        private final Pool p;

        private AvgPoolAdjoint(Tensor grad, Pool p) {
            super(grad);
            this.p = p;
        }

        static Tensor apply(Tensor grad, Pool p) {
            Tensor out = spread(grad.contiguous(), p);
            return tracks(grad) ? out.tracked(new AvgPoolAdjoint(grad, p)) : out;
        }

        @Override
        String name() {
            return "avgPool2dGrad";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {AvgPool.apply(grad, p)};
        }
    }

    private static Tensor average(Tensor x, Pool p) {
        Tensor y = Tensor.allocate(x.dtype, p.outputShape());
        int oh = p.oh();
        int ow = p.ow();
        double scale = 1.0 / (p.k * p.k);
        int at = 0;
        for (int plane = 0; plane < p.n * p.c; plane++) {
            int base = x.offset + plane * p.h * p.w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, at++) {
                    double sum = 0;
                    for (int i = oy * p.stride; i < oy * p.stride + p.k; i++) {
                        for (int j = ox * p.stride; j < ox * p.stride + p.k; j++) {
                            sum += x.at(base + i * p.w + j);
                        }
                    }
                    if (y.d != null) {
                        y.d[at] = sum * scale;
                    } else {
                        y.f[at] = (float) (sum * scale);
                    }
                }
            }
        }
        return y;
    }

    private static Tensor spread(Tensor grad, Pool p) {
        int oh = p.oh();
        int ow = p.ow();
        int planeSize = p.h * p.w;
        double scale = 1.0 / (p.k * p.k);
        double[] sums = new double[p.n * p.c * planeSize];
        int at = 0;
        for (int plane = 0; plane < p.n * p.c; plane++) {
            int base = plane * planeSize;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, at++) {
                    double share = grad.at(grad.offset + at) * scale;
                    for (int i = oy * p.stride; i < oy * p.stride + p.k; i++) {
                        for (int j = ox * p.stride; j < ox * p.stride + p.k; j++) {
                            sums[base + i * p.w + j] += share;
                        }
                    }
                }
            }
        }
        Tensor dx = Tensor.allocate(grad.dtype, p.inputShape());
        if (dx.d != null) {
            System.arraycopy(sums, 0, dx.d, 0, sums.length);
        } else {
            for (int i = 0; i < sums.length; i++) {
                dx.f[i] = (float) sums[i];
            }
        }
        return dx;
    }
}
