package dev.jgrad.tensor;

import java.util.Arrays;

/**
 * The loops behind the primitives, over flat {@code double[]}/{@code float[]} storage with offsets and strides. No
 * loop allocates per element: elements move in blocks of {@link #BLOCK} through {@code double[]} buffers, with
 * contiguous fast paths (array copies) and a strided path that walks the dimensions like an odometer.
 */
final class Kernels {

    /** Elements per block: a few buffers of this size stay in the L1 cache. */
    static final int BLOCK = 1024;

    private Kernels() {
    }

    // ---------------------------------------------------------------- moving elements

    /**
     * The storage positions of the elements {@code start, ..., start + len - 1} (in row-major order) of a tensor with
     * this layout.
     */
    static void positions(int[] shape, int[] strides, int offset, int start, int len, int[] out) {
        int rank = shape.length;
        if (len == 0) {
            return;
        }
        if (rank == 0) {
            Arrays.fill(out, 0, len, offset);
            return;
        }
        int[] index = new int[rank];
        int pos = offset;
        for (int d = rank - 1, rest = start; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
            pos += index[d] * strides[d];
        }
        int last = rank - 1;
        int inner = shape[last];
        int step = strides[last];
        int k = 0;
        while (k < len) {
            int run = Math.min(len - k, inner - index[last]);
            for (int j = 0; j < run; j++) {
                out[k + j] = pos + j * step;
            }
            k += run;
            pos += run * step;
            index[last] += run;
            if (index[last] == inner) {
                pos -= inner * step;
                index[last] = 0;
                for (int d = last - 1; d >= 0; d--) {
                    index[d]++;
                    pos += strides[d];
                    if (index[d] < shape[d]) {
                        break;
                    }
                    pos -= shape[d] * strides[d];
                    index[d] = 0;
                }
            }
        }
    }

    /** Reads elements {@code start .. start + len - 1} of {@code t}, in row-major order, into {@code dst}. */
    static void read(Tensor t, int start, int len, double[] dst, int[] scratch) {
        if (t.isContiguous()) {
            int p = t.offset + start;
            if (t.d != null) {
                System.arraycopy(t.d, p, dst, 0, len);
            } else {
                float[] f = t.f;
                for (int k = 0; k < len; k++) {
                    dst[k] = f[p + k];
                }
            }
            return;
        }
        if (t.isBroadcastScalar()) {
            Arrays.fill(dst, 0, len, t.at(t.offset));
            return;
        }
        positions(t.shape, t.strides, t.offset, start, len, scratch);
        if (t.d != null) {
            double[] d = t.d;
            for (int k = 0; k < len; k++) {
                dst[k] = d[scratch[k]];
            }
        } else {
            float[] f = t.f;
            for (int k = 0; k < len; k++) {
                dst[k] = f[scratch[k]];
            }
        }
    }

    /** Writes {@code len} values into a contiguous tensor's elements from {@code start} on. */
    static void write(double[] src, int len, Tensor out, int start) {
        int p = out.offset + start;
        if (out.d != null) {
            System.arraycopy(src, 0, out.d, p, len);
        } else {
            float[] f = out.f;
            for (int k = 0; k < len; k++) {
                f[p + k] = (float) src[k];
            }
        }
    }

    /** A new contiguous tensor of {@code dtype} with the elements of {@code t} (a copy, even if already contiguous). */
    static Tensor copy(Tensor t, DType dtype) {
        Tensor out = Tensor.allocate(dtype, t.shape);
        int n = out.numel();
        double[] block = new double[Math.min(BLOCK, n)];
        int[] scratch = new int[block.length];
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            read(t, start, len, block, scratch);
            write(block, len, out, start);
        }
        return out;
    }

    /** Writes the elements of {@code src} into the positions of {@code view}, a view of a fresh contiguous tensor. */
    static void scatterInto(Tensor src, Tensor view) {
        int n = src.numel();
        double[] block = new double[Math.min(BLOCK, n)];
        int[] scratch = new int[block.length];
        int[] positions = new int[block.length];
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            read(src, start, len, block, scratch);
            positions(view.shape, view.strides, view.offset, start, len, positions);
            if (view.d != null) {
                for (int k = 0; k < len; k++) {
                    view.d[positions[k]] = block[k];
                }
            } else {
                for (int k = 0; k < len; k++) {
                    view.f[positions[k]] = (float) block[k];
                }
            }
        }
    }

    // ---------------------------------------------------------------- reductions

    /**
     * The sum ({@code max} false) or maximum ({@code max} true) over the masked axes, keeping them as size 1. Sums
     * accumulate in {@code double} in index order; a maximum is NaN if any element is, as in PyTorch.
     */
    static Tensor reduce(Tensor x, boolean[] mask, boolean max) {
        Tensor out = Tensor.allocate(x.dtype, Shapes.reduced(x.shape, mask));
        Runs runs = Runs.of(x, mask);
        double[] acc = new double[Math.max(runs.inner, 1)];
        double start = max ? Double.NEGATIVE_INFINITY : 0;
        Tensor src = runs.source;
        for (int o = 0; o < runs.outer; o++) {
            Arrays.fill(acc, start);
            for (int r = 0; r < runs.length; r++) {
                int base = src.offset + (o * runs.length + r) * runs.inner;
                if (src.d != null) {
                    double[] d = src.d;
                    if (max) {
                        for (int i = 0; i < runs.inner; i++) {
                            acc[i] = larger(acc[i], d[base + i]);
                        }
                    } else {
                        for (int i = 0; i < runs.inner; i++) {
                            acc[i] += d[base + i];
                        }
                    }
                } else {
                    float[] f = src.f;
                    if (max) {
                        for (int i = 0; i < runs.inner; i++) {
                            acc[i] = larger(acc[i], f[base + i]);
                        }
                    } else {
                        for (int i = 0; i < runs.inner; i++) {
                            acc[i] += f[base + i];
                        }
                    }
                }
            }
            write(acc, runs.inner, out, o * runs.inner);
        }
        return out;
    }

    /**
     * {@code ln Σ exp(x)} along one axis, which stays as size 1, as {@code m + ln Σ exp(x - m)} with {@code m} the
     * slice's largest finite element, or 0 if it has none. So every finite {@code exp(x - m)} is at most 1, also
     * beside +Infinity; a slice of -Infinity gives -Infinity, one holding +Infinity gives +Infinity, one holding NaN
     * gives NaN, an empty one -Infinity. One pass for {@code m}, one for the sum (kept in doubles, in the order of
     * {@link #reduce}). Unless null, {@code exps} (contiguous, {@code x}'s shape) receives each {@code exp(x - m)}
     * and {@code sums} (the output's shape) each slice's sum, so that {@code exps / sums} is the softmax
     * {@code exp(x - out)}: 0 for a finite element beside +Infinity, NaN for +Infinity itself.
     */
    static Tensor logsumexp(Tensor x, int axis, Tensor exps, Tensor sums) {
        int[] reduced = x.shape.clone();
        reduced[axis] = 1;
        Tensor out = Tensor.allocate(x.dtype, reduced);
        Runs runs = Runs.around(x, axis);
        int inner = runs.inner;
        int length = runs.length;
        Tensor src = runs.source;
        for (int o = 0; o < runs.outer; o++) {
            for (int i = 0; i < inner; i++) {
                int first = o * length * inner + i;
                double shift = largestFinite(src, src.offset + first, length, inner);
                double sum = 0;
                for (int r = 0, k = first; r < length; r++, k += inner) {
                    double e = Math.exp(element(src, src.offset + k) - shift);
                    sum += e;
                    if (exps != null) {
                        put(exps, k, e);
                    }
                }
                if (sums != null) {
                    put(sums, o * inner + i, sum);
                }
                put(out, o * inner + i, Math.log(sum) + shift);
            }
        }
        return out;
    }

    /**
     * Each slice's largest finite element along one axis (0 for a slice with none), in a new tensor of {@code x}'s
     * dtype with that axis kept as size 1: the shift of {@link #logsumexp}, as data without a gradient.
     */
    static Tensor largestFinite(Tensor x, int axis) {
        int[] reduced = x.shape.clone();
        reduced[axis] = 1;
        Tensor out = Tensor.allocate(x.dtype, reduced);
        Runs runs = Runs.around(x, axis);
        Tensor src = runs.source;
        for (int o = 0; o < runs.outer; o++) {
            for (int i = 0; i < runs.inner; i++) {
                int first = o * runs.length * runs.inner + i;
                put(out, o * runs.inner + i, largestFinite(src, src.offset + first, runs.length, runs.inner));
            }
        }
        return out;
    }

    /**
     * {@code exp(x - m) / Σ exp(x - m)} along one axis, {@code m} each slice's maximum (NaN if the slice holds NaN or
     * +Infinity, as the quotient of infinities gives); sums kept in doubles, in the order of {@link #reduce}. One
     * pass for the maximum, one for the exponentials and their sum, one to divide.
     */
    static Tensor softmax(Tensor x, int axis) {
        Tensor out = Tensor.allocate(x.dtype, x.shape);
        Runs runs = Runs.around(x, axis);
        int inner = runs.inner;
        int length = runs.length;
        Tensor src = runs.source;
        double[] e = new double[length];
        for (int o = 0; o < runs.outer; o++) {
            for (int i = 0; i < inner; i++) {
                int first = o * length * inner + i;
                double top = sliceMax(src, src.offset + first, length, inner);
                double sum = 0;
                for (int r = 0, k = src.offset + first; r < length; r++, k += inner) {
                    e[r] = Math.exp(element(src, k) - top);
                    sum += e[r];
                }
                for (int r = 0, k = first; r < length; r++, k += inner) {
                    put(out, k, e[r] / sum);
                }
            }
        }
        return out;
    }

    /**
     * The largest of {@code length} elements of {@code t}'s storage from {@code start}, {@code inner} apart; NaN if
     * one is.
     */
    private static double sliceMax(Tensor t, int start, int length, int inner) {
        double top = Double.NEGATIVE_INFINITY;
        for (int r = 0, k = start; r < length; r++, k += inner) {
            top = larger(top, element(t, k));
        }
        return top;
    }

    /**
     * The largest finite one of {@code length} elements of {@code t}'s storage from {@code start}, {@code inner}
     * apart; 0 if none is finite (all infinite or NaN, or none at all).
     */
    private static double largestFinite(Tensor t, int start, int length, int inner) {
        double top = Double.NEGATIVE_INFINITY;
        for (int r = 0, k = start; r < length; r++, k += inner) {
            double v = element(t, k);
            if (v > top && v < Double.POSITIVE_INFINITY) {
                top = v;
            }
        }
        return top == Double.NEGATIVE_INFINITY ? 0 : top;
    }

    private static double element(Tensor t, int k) {
        return t.d != null ? t.d[k] : t.f[k];
    }

    /** Writes {@code v} at position {@code k} of a new (contiguous, offset 0) tensor, rounded to its type. */
    private static void put(Tensor t, int k, double v) {
        if (t.d != null) {
            t.d[k] = v;
        } else {
            t.f[k] = (float) v;
        }
    }

    /** The larger of the two, NaN if either is (the running maximum keeps a NaN once it has seen one). */
    private static double larger(double acc, double v) {
        return v > acc || v != v ? v : acc;
    }

    /**
     * 1 where an element of {@code x} equals (by {@code ==}) the element of {@code top} broadcast over it, else 0:
     * which elements attain a maximum. Data only, with no gradient.
     */
    static Tensor equalTo(Tensor x, Tensor top) {
        int[] strides = top.strides.clone();
        for (int i = 0; i < strides.length; i++) {
            if (top.shape[i] != x.shape[i]) {
                strides[i] = 0;
            }
        }
        Tensor spread = top.view(x.shape, strides, top.offset);
        Tensor out = Tensor.allocate(x.dtype, x.shape);
        int n = out.numel();
        double[] a = new double[Math.min(BLOCK, n)];
        double[] b = new double[a.length];
        int[] scratch = new int[a.length];
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            read(x, start, len, a, scratch);
            read(spread, start, len, b, scratch);
            for (int k = 0; k < len; k++) {
                a[k] = a[k] == b[k] ? 1 : 0;
            }
            write(a, len, out, start);
        }
        return out;
    }

    /**
     * For each position of the other axes, the index along {@code axis} of the first largest element (of the first
     * NaN, if any), in row-major order of the remaining axes.
     */
    static int[] argmax(Tensor x, int axis) {
        boolean[] mask = new boolean[x.dim()];
        mask[axis] = true;
        Runs runs = Runs.of(x, mask);
        Tensor src = runs.source;
        int[] out = new int[runs.outer * runs.inner];
        for (int o = 0; o < runs.outer; o++) {
            for (int i = 0; i < runs.inner; i++) {
                double best = Double.NEGATIVE_INFINITY;
                int at = 0;
                for (int r = 0; r < runs.length; r++) {
                    double v = src.at(src.offset + (o * runs.length + r) * runs.inner + i);
                    if (v > best || v != v) {
                        best = v;
                        at = r;
                        if (v != v) {
                            break;
                        }
                    }
                }
                out[o * runs.inner + i] = at;
            }
        }
        return out;
    }

    /**
     * A contiguous tensor seen as {@code [outer, length, inner]}, the reduced axes in the middle: the axes themselves
     * when they are consecutive, else the tensor with the reduced axes moved last ({@code inner} 1).
     */
    private record Runs(Tensor source, int outer, int length, int inner) {

        /** {@code x} seen around one axis: {@code [outer, length, inner]} with {@code length} the axis. */
        static Runs around(Tensor x, int axis) {
            boolean[] mask = new boolean[x.shape.length];
            mask[axis] = true;
            return of(x, mask);
        }

        static Runs of(Tensor x, boolean[] mask) {
            int rank = mask.length;
            int first = rank;
            int last = -1;
            for (int i = 0; i < rank; i++) {
                if (mask[i]) {
                    first = Math.min(first, i);
                    last = i;
                }
            }
            boolean consecutive = true;
            for (int i = first; i <= last; i++) {
                consecutive &= mask[i];
            }
            if (consecutive) {
                int begin = Math.min(first, rank);
                int end = last + 1 == 0 ? begin : last + 1;
                return new Runs(x.isContiguous() ? x : copy(x, x.dtype), product(x.shape, 0, begin),
                        product(x.shape, begin, end), product(x.shape, end, rank));
            }
            int[] perm = new int[rank];
            int k = 0;
            for (int i = 0; i < rank; i++) {
                if (!mask[i]) {
                    perm[k++] = i;
                }
            }
            int kept = k;
            for (int i = 0; i < rank; i++) {
                if (mask[i]) {
                    perm[k++] = i;
                }
            }
            Tensor moved = copy(x.permutedView(perm), x.dtype);
            return new Runs(moved, product(moved.shape, 0, kept), product(moved.shape, kept, rank), 1);
        }
    }

    static int product(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    // ---------------------------------------------------------------- matrix products

    /**
     * {@code a · b} for {@code a} of shape {@code [..., m, k]} and {@code b} of shape {@code [..., k, n]} with equal
     * batch dimensions (broadcast ones have stride 0 and are not copied): one {@link Gemm} call per batch entry. Each
     * matrix is passed in place when it is row- or column-major in memory, else copied once.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        int rank = a.dim();
        int m = a.shape[rank - 2];
        int k = a.shape[rank - 1];
        int n = b.shape[rank - 1];
        int[] batch = Arrays.copyOf(a.shape, rank - 2);
        int[] outShape = Arrays.copyOf(batch, rank);
        outShape[rank - 2] = m;
        outShape[rank - 1] = n;
        Tensor out = Tensor.allocate(a.dtype, outShape);
        Operand left = Operand.of(a, m, k);
        Operand right = Operand.of(b, k, n);
        int batches = Shapes.size(batch);
        int[] leftOffsets = batchOffsets(left.tensor, batch, batches);
        int[] rightOffsets = batchOffsets(right.tensor, batch, batches);
        for (int i = 0; i < batches; i++) {
            int c = i * m * n;
            if (out.d != null) {
                Gemm.gemm(left.transposed, right.transposed, m, n, k, left.tensor.d, leftOffsets[i], left.lead,
                        right.tensor.d, rightOffsets[i], right.lead, out.d, c, Math.max(n, 1), false);
            } else {
                Gemm.gemm(left.transposed, right.transposed, m, n, k, left.tensor.f, leftOffsets[i], left.lead,
                        right.tensor.f, rightOffsets[i], right.lead, out.f, c, Math.max(n, 1), false);
            }
        }
        return out;
    }

    /** A matrix operand as Gemm takes it: storage, whether it is stored transposed, and its leading dimension. */
    private record Operand(Tensor tensor, boolean transposed, int lead) {

        static Operand of(Tensor t, int rows, int cols) {
            int rank = t.dim();
            int rowStride = t.strides[rank - 2];
            int colStride = t.strides[rank - 1];
            if ((cols <= 1 || colStride == 1) && (rows <= 1 || rowStride >= cols)) {
                return new Operand(t, false, rows <= 1 ? Math.max(cols, 1) : rowStride);
            }
            if ((rows <= 1 || rowStride == 1) && (cols <= 1 || colStride >= rows)) {
                return new Operand(t, true, cols <= 1 ? Math.max(rows, 1) : colStride);
            }
            return new Operand(copy(t, t.dtype), false, Math.max(cols, 1));
        }
    }

    /** The storage offset of each batch entry's matrix, in row-major order of the batch dimensions. */
    private static int[] batchOffsets(Tensor t, int[] batch, int count) {
        int[] offsets = new int[count];
        int[] strides = Arrays.copyOf(t.strides, batch.length);
        positions(batch, strides, t.offset, 0, count, offsets);
        return offsets;
    }

    // ---------------------------------------------------------------- indexing

    /**
     * {@code out[o, j, i] = x[o, index[o, j, i], i]} with {@code x} seen as {@code [outer, length, inner]} around
     * {@code axis} and {@code index} as {@code [outer, indexLength, inner]} (PyTorch's {@code gather}).
     */
    static Tensor gather(Tensor x, int axis, int[] index, int[] indexShape) {
        Tensor src = x.isContiguous() ? x : copy(x, x.dtype);
        Tensor out = Tensor.allocate(x.dtype, indexShape);
        int outer = product(x.shape, 0, axis);
        int length = x.shape[axis];
        int inner = product(x.shape, axis + 1, x.dim());
        int chosen = indexShape[axis];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < chosen; j++) {
                int row = (o * chosen + j) * inner;
                if (inner > 1 && sameIndex(index, row, inner)) {
                    // a whole slice chosen (indexSelect, a batch of rows): one copy
                    int from = src.offset + (o * length + index[row]) * inner;
                    if (out.d != null) {
                        System.arraycopy(src.d, from, out.d, row, inner);
                    } else {
                        System.arraycopy(src.f, from, out.f, row, inner);
                    }
                    continue;
                }
                for (int i = 0; i < inner; i++) {
                    int at = row + i;
                    int from = src.offset + (o * length + index[at]) * inner + i;
                    if (out.d != null) {
                        out.d[at] = src.d[from];
                    } else {
                        out.f[at] = src.f[from];
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code index[from .. from + length - 1]} are all equal. */
    private static boolean sameIndex(int[] index, int from, int length) {
        int first = index[from];
        for (int i = from + 1; i < from + length; i++) {
            if (index[i] != first) {
                return false;
            }
        }
        return true;
    }

    /** The adjoint of {@link #gather}: zeros of {@code shape} with each {@code g[o, j, i]} added at its index. */
    static Tensor scatterAdd(Tensor g, int axis, int[] index, int[] shape) {
        Tensor src = g.isContiguous() ? g : copy(g, g.dtype);
        Tensor out = Tensor.allocate(g.dtype, shape);
        int outer = product(shape, 0, axis);
        int length = shape[axis];
        int inner = product(shape, axis + 1, shape.length);
        int chosen = g.shape[axis];
        // one loop per element type with the type test outside, and one loop per slice: scattering max pooling's
        // gradient (inner = 1) is otherwise dominated by the loops' overhead
        int run = chosen * inner;
        for (int o = 0; o < outer; o++) {
            int first = o * run;
            int base = o * length * inner;
            if (out.d != null) {
                for (int e = 0; e < run; e++) {
                    int i = inner == 1 ? 0 : e % inner;
                    out.d[base + index[first + e] * inner + i] += src.d[src.offset + first + e];
                }
            } else {
                for (int e = 0; e < run; e++) {
                    int i = inner == 1 ? 0 : e % inner;
                    out.f[base + index[first + e] * inner + i] += src.f[src.offset + first + e];
                }
            }
        }
        return out;
    }

    /** The tensors joined along {@code axis}; they have equal dtypes and equal sizes on every other axis. */
    static Tensor concat(Tensor[] parts, int axis, int[] shape) {
        Tensor out = Tensor.allocate(parts[0].dtype, shape);
        int outer = product(shape, 0, axis);
        int inner = product(shape, axis + 1, shape.length);
        int total = shape[axis];
        int at = 0;
        for (Tensor part : parts) {
            Tensor src = part.isContiguous() ? part : copy(part, part.dtype);
            int run = part.shape[axis] * inner;
            for (int o = 0; o < outer; o++) {
                int from = src.offset + o * run;
                int to = (o * total + at) * inner;
                if (out.d != null) {
                    System.arraycopy(src.d, from, out.d, to, run);
                } else {
                    System.arraycopy(src.f, from, out.f, to, run);
                }
            }
            at += part.shape[axis];
        }
        return out;
    }
}
