package dev.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling of float32 planes with 2×2 windows and stride 2, several windows of an output row per step: the
 * same choice as {@link Convolution#windowMaxima(float[], int, Convolution.Pool, int[], float[])} makes one window
 * at a time (the first maximum in row-major order, −0 and +0 equal), without a branch per window.
 *
 * <p>A window's two elements in one input row are neighbours, so one load of {@code 2·H} floats of a row, read as
 * {@code H} longs, holds the left elements of {@code H} windows in the low halves and the right ones in the high
 * halves; narrowing the longs to ints splits them. The maximum of the four is a lane-wise {@code max}, the chosen
 * element the first that compares equal to it. A step whose maximum is NaN in some lane is left to the scalar scan,
 * which takes the last NaN as PyTorch does. The last step of a row overlaps the one before it when {@code H} does
 * not divide the row; rows shorter than {@code H} windows are all scanned. Loaded only when the JVM has the
 * {@code jdk.incubator.vector} module (see {@link Gemm}).
 */
final class MaxPoolVector {

    /** Loads of two rows' worth of windows: {@code 2·H} floats. */
    private static final VectorSpecies<Float> ROWS = FloatVector.SPECIES_PREFERRED;
    /** Windows per step. */
    private static final int H = ROWS.length() / 2;
    /** A window's position in its plane, one per lane. */
    private static final VectorSpecies<Integer> INDICES =
            VectorSpecies.of(int.class, VectorShape.forBitSize(ROWS.vectorBitSize() / 2));

    private MaxPoolVector() {
    }

    /** Whether this class pools planes of this shape at all: 2×2 windows, stride 2, rows of at least H windows. */
    static boolean pools(Convolution.Pool p) {
        return p.k() == 2 && p.stride() == 2 && H >= 2 && p.ow() >= H;
    }

    /**
     * The window maxima and their positions within their planes, as
     * {@link Convolution#windowMaxima(float[], int, Convolution.Pool, int[], float[])} gives them, for a pooling
     * {@link #pools} accepts.
     */
    static void windowMaxima(float[] x, int from, Convolution.Pool p, int[] index, float[] maxima) {
        int oh = p.oh();
        int ow = p.ow();
        int w = p.w();
        int at = 0;
        for (int plane = 0; plane < p.n() * p.c(); plane++, at += oh * ow) {
            int base = from + plane * p.h() * w;
            for (int oy = 0; oy < oh; oy++) {
                int row = 2 * oy * w;
                int out = at + oy * ow;
                for (int ox = 0; ; ox += H) {
                    int start = Math.min(ox, ow - H);
                    if (!step(x, base, row + 2 * start, w, index, maxima, out + start)) {
                        for (int k = start; k < start + H; k++) {
                            int chosen = Convolution.chosen(x, base + row + 2 * k, p);
                            index[out + k] = chosen - base;
                            maxima[out + k] = x[chosen];
                        }
                    }
                    if (start + H >= ow) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * Pools the {@code H} windows whose top-left elements are at {@code base + corner}, {@code base + corner + 2},
     * ...; false, with nothing written, if one of them holds a NaN.
     */
    private static boolean step(float[] x, int base, int corner, int w, int[] index, float[] maxima, int at) {
        LongVector top = FloatVector.fromArray(ROWS, x, base + corner).reinterpretAsLongs();
        LongVector bottom = FloatVector.fromArray(ROWS, x, base + corner + w).reinterpretAsLongs();
        FloatVector a = left(top);
        FloatVector b = right(top);
        FloatVector c = left(bottom);
        FloatVector d = right(bottom);
        FloatVector max = a.max(b).max(c.max(d));
        if (max.test(VectorOperators.IS_NAN).anyTrue()) {
            return false;
        }
        VectorMask<Float> isA = a.eq(max);
        VectorMask<Float> isB = b.eq(max);
        VectorMask<Float> isC = c.eq(max);
        IntVector chosen = IntVector.broadcast(INDICES, w + 1)
                .blend(w, isC.cast(INDICES))
                .blend(1, isB.cast(INDICES))
                .blend(0, isA.cast(INDICES));
        chosen.add(IntVector.zero(INDICES).addIndex(2)).add(corner).intoArray(index, at);
        d.blend(c, isC).blend(b, isB).blend(a, isA).intoArray(maxima, at);
        return true;
    }

    /** The low halves of the longs: the left element of each window's row. */
    private static FloatVector left(LongVector pairs) {
        return (FloatVector) pairs.convertShape(VectorOperators.L2I, INDICES, 0).reinterpretAsFloats();
    }

    /** The high halves of the longs: the right element of each window's row. */
    private static FloatVector right(LongVector pairs) {
        return (FloatVector) pairs.lanewise(VectorOperators.LSHR, 32).convertShape(VectorOperators.L2I, INDICES, 0)
                .reinterpretAsFloats();
    }
}
