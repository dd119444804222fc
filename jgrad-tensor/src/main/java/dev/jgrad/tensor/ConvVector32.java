package dev.jgrad.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct float32 convolution kernels written with the Vector API: the convolution and its weight gradient computed from
 * the input as it lies (or, for a padded convolution, from a copy with zero borders made a block of samples at a time),
 * with no unrolled matrix and no packing. Each vector holds {@code L} output channels (the lanes of this machine's
 * widest vectors), so the weights are read as vectors and the input one broadcast element at a time, each broadcast
 * serving two vectors of channels:
 * <ul>
 *   <li>{@link #forward}: eight output positions of one row at a time, {@code y[o][p] += w[o][r] · x[p + r]} over
 *       the {@code C·kH·kW} rows {@code r} of the weights, sixteen vectors accumulating;</li>
 *   <li>{@link #weightGradient}: eight weight rows at a time, {@code w̄[o][r] += ȳ[o][p] · x[p + r]} over every
 *       output position {@code p} of the batch, the output gradient read channel-last.</li>
 * </ul>
 * Channels are taken {@code 2L} at a time, lanes past the last channel computing with zero weights (or a zero output
 * gradient) and never written out. Positions past a row's last group of eight are computed by a group that overlaps the
 * one before it, which writes the same values again. Summation runs in a different order from the matrix product's, so
 * results agree with it to rounding, not to the bit. The vector shape is the one the matrix kernel
 * ({@link KernelVector32}) uses: on JDK 17 a second shape in the same operations makes the JIT compile both paths
 * everywhere. Loaded only when the JVM has the {@code jdk.incubator.vector} module (see {@link Gemm}).
 */
final class ConvVector32 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output positions (forward) or weight rows (weight gradient) per group: eight accumulating vectors. */
    private static final int GROUP = 8;

    private ConvVector32() {
    }

    /**
     * Whether these kernels take this convolution: output rows of at least {@link #GROUP}, at least as many weight
     * rows, and more than {@code L / 2} output channels (fewer would leave most lanes of the two vectors idle: the
     * matrix product serves them better).
     */
    static boolean takes(Convolution.Geometry g) {
        return g.ow() >= GROUP && g.rows() >= GROUP && g.o() > L / 2;
    }

    /** Whether the convolution pads its input, which the kernels then read from a padded copy. */
    private static boolean pads(Convolution.Geometry g) {
        return g.ph() > 0 || g.pw() > 0;
    }

    /** The same convolution of {@code samples} samples over its input padded with zeros, itself unpadded. */
    private static Convolution.Geometry unpadded(Convolution.Geometry g, int samples) {
        return new Convolution.Geometry(samples, g.c(), g.h() + 2 * g.ph(), g.w() + 2 * g.pw(), g.o(), g.kh(), g.kw(),
                g.sh(), g.sw(), 0, 0);
    }

    /**
     * Samples {@code first ..< first + samples} of {@code x} (NCHW from {@code xAt}) copied into {@code into} with
     * the convolution's zero borders: the input of {@link #unpadded}.
     */
    private static void pad(float[] x, int xAt, Convolution.Geometry g, int first, int samples, float[] into) {
        int wp = g.w() + 2 * g.pw();
        int at = 0;
        for (int plane = first * g.c(); plane < (first + samples) * g.c(); plane++) {
            Arrays.fill(into, at, at + g.ph() * wp, 0);
            at += g.ph() * wp;
            for (int i = 0; i < g.h(); i++, at += wp) {
                Arrays.fill(into, at, at + g.pw(), 0);
                System.arraycopy(x, xAt + (plane * g.h() + i) * g.w(), into, at + g.pw(), g.w());
                Arrays.fill(into, at + g.pw() + g.w(), at + wp, 0);
            }
            Arrays.fill(into, at, at + g.ph() * wp, 0);
            at += g.ph() * wp;
        }
    }

    /** The elements of one sample of the input's padded copy. */
    private static long paddedSample(Convolution.Geometry g) {
        return (long) g.c() * (g.h() + 2 * g.ph()) * (g.w() + 2 * g.pw());
    }

    /** Samples per block of a padded input's copy, within the work buffer's bound, at least one. */
    private static int paddedSamples(Convolution.Geometry g) {
        return (int) Math.max(1, Math.min(g.n(), Convolution.Work.ELEMENTS / paddedSample(g)));
    }

    /** Output channels rounded up to whole pairs of vectors. */
    private static int lanesOf(int channels) {
        return (channels + 2 * L - 1) / (2 * L) * (2 * L);
    }

    /**
     * {@code y = conv(x, w) + bias}: {@code x} NCHW from {@code xAt}, {@code w} {@code O×C×kH×kW} from {@code wAt},
     * {@code bias} ({@code O} values from {@code biasAt}) or null, written into {@code y} (NCHW, from 0). A padded
     * convolution runs block by block of samples over a padded copy of the input.
     */
    static void forward(float[] x, int xAt, float[] w, int wAt, float[] bias, int biasAt, Convolution.Geometry g,
                        float[] y) {
        int rows = g.rows();
        int lanes = lanesOf(g.o());
        // the weights row by row, each row's output channels side by side (zero past the last channel)
        float[] wt = Convolution.Work.mine().floats(Math.toIntExact((long) rows * lanes));
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < lanes; o++) {
                wt[r * lanes + o] = o < g.o() ? w[wAt + o * rows + r] : 0;
            }
        }
        if (!pads(g)) {
            outputs(x, xAt, wt, lanes, g.rowOffsets(), bias, biasAt, g, y, 0);
            return;
        }
        int block = paddedSamples(g);
        float[] copy = Convolution.Work.mine().padded(Math.toIntExact(block * paddedSample(g)));
        int[] offset = unpadded(g, block).rowOffsets();
        for (int first = 0; first < g.n(); first += block) {
            int samples = Math.min(block, g.n() - first);
            pad(x, xAt, g, first, samples, copy);
            outputs(copy, 0, wt, lanes, offset, bias, biasAt, unpadded(g, samples), y, first * g.o() * g.columns());
        }
    }

    /**
     * The outputs of an unpadded convolution {@code g} over {@code x} (from {@code xAt}), written into {@code y}
     * from {@code yAt}: the weights rearranged ({@code wt}, {@code lanes} channels per row) and the rows' offsets
     * given.
     */
    private static void outputs(float[] x, int xAt, float[] wt, int lanes, int[] offset, float[] bias, int biasAt,
                                Convolution.Geometry g, float[] y, int yAt) {
        int oh = g.oh();
        int ow = g.ow();
        int sample = g.c() * g.h() * g.w();
        float[] tile = new float[GROUP * 2 * L];
        for (int s = 0; s < g.n(); s++) {
            for (int block = 0; block < lanes; block += 2 * L) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ; ox += GROUP) {
                        int first = Math.min(ox, ow - GROUP);
                        int at = xAt + s * sample + oy * g.sh() * g.w() + first * g.sw();
                        positions(x, at, g.sw(), wt, block, lanes, offset, tile);
                        int out = yAt + ((s * g.o()) * oh + oy) * ow + first;
                        for (int o = block; o < Math.min(g.o(), block + 2 * L); o++) {
                            float b = bias == null ? 0 : bias[biasAt + o];
                            int to = out + o * oh * ow;
                            for (int t = 0; t < GROUP; t++) {
                                float v = tile[t * 2 * L + o - block];
                                y[to + t] = bias == null ? v : v + b;
                            }
                        }
                        if (first + GROUP >= ow) {
                            break;
                        }
                    }
                }
            }
        }
    }

    /**
     * Eight output positions {@code at, at + sw, ...} (input offsets of their windows) for the channels
     * {@code block ..< block + 2L}, summed over every weight row, into {@code tile} (position after position, 2L
     * channels each): each element of the input read serves two vectors of channels.
     */
    private static void positions(float[] x, int at, int sw, float[] wt, int block, int lanes, int[] offset,
                                  float[] tile) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S);
        FloatVector a5 = FloatVector.zero(S);
        FloatVector a6 = FloatVector.zero(S);
        FloatVector a7 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        FloatVector b3 = FloatVector.zero(S);
        FloatVector b4 = FloatVector.zero(S);
        FloatVector b5 = FloatVector.zero(S);
        FloatVector b6 = FloatVector.zero(S);
        FloatVector b7 = FloatVector.zero(S);
        for (int r = 0, wr = block; r < offset.length; r++, wr += lanes) {
            FloatVector wa = FloatVector.fromArray(S, wt, wr);
            FloatVector wb = FloatVector.fromArray(S, wt, wr + L);
            int p = at + offset[r];
            FloatVector v = FloatVector.broadcast(S, x[p]);
            a0 = wa.fma(v, a0);
            b0 = wb.fma(v, b0);
            v = FloatVector.broadcast(S, x[p + sw]);
            a1 = wa.fma(v, a1);
            b1 = wb.fma(v, b1);
            v = FloatVector.broadcast(S, x[p + 2 * sw]);
            a2 = wa.fma(v, a2);
            b2 = wb.fma(v, b2);
            v = FloatVector.broadcast(S, x[p + 3 * sw]);
            a3 = wa.fma(v, a3);
            b3 = wb.fma(v, b3);
            v = FloatVector.broadcast(S, x[p + 4 * sw]);
            a4 = wa.fma(v, a4);
            b4 = wb.fma(v, b4);
            v = FloatVector.broadcast(S, x[p + 5 * sw]);
            a5 = wa.fma(v, a5);
            b5 = wb.fma(v, b5);
            v = FloatVector.broadcast(S, x[p + 6 * sw]);
            a6 = wa.fma(v, a6);
            b6 = wb.fma(v, b6);
            v = FloatVector.broadcast(S, x[p + 7 * sw]);
            a7 = wa.fma(v, a7);
            b7 = wb.fma(v, b7);
        }
        store(tile, a0, b0, 0);
        store(tile, a1, b1, 1);
        store(tile, a2, b2, 2);
        store(tile, a3, b3, 3);
        store(tile, a4, b4, 4);
        store(tile, a5, b5, 5);
        store(tile, a6, b6, 6);
        store(tile, a7, b7, 7);
    }

    /** Entry {@code k} of a tile of two vectors per entry. */
    private static void store(float[] tile, FloatVector a, FloatVector b, int k) {
        a.intoArray(tile, 2 * k * L);
        b.intoArray(tile, (2 * k + 1) * L);
    }

    /**
     * {@code w̄ = convWeight(x, ȳ)}: {@code x} NCHW from {@code xAt}, {@code dy} the output gradient NCHW from
     * {@code dyAt}, added into {@code dw} ({@code O×C×kH×kW}, from 0; zeros when called). The batch is taken in
     * blocks whose channel-last output gradient fits the work buffer's bound
     * ({@link Convolution.Work#DIRECT_FLOATS}).
     */
    static void weightGradient(float[] x, int xAt, float[] dy, int dyAt, Convolution.Geometry g, float[] dw) {
        int rows = g.rows();
        int lanes = lanesOf(g.o());
        int oh = g.oh();
        int ow = g.ow();
        int perSample = oh * ow;
        long fit = Convolution.Work.DIRECT_FLOATS / ((long) perSample * lanes);
        int samplesPerBlock = (int) Math.max(1, Math.min(g.n(), fit));
        Convolution.Work work = Convolution.Work.mine();
        float[] copy = null;
        if (pads(g)) {
            samplesPerBlock = Math.min(samplesPerBlock, paddedSamples(g));
            copy = work.padded(Math.toIntExact(samplesPerBlock * paddedSample(g)));
        }
        float[] dyt = work.floats(Math.toIntExact((long) samplesPerBlock * perSample * lanes));
        int[] base = work.ints(samplesPerBlock * perSample);
        // the windows' offsets within the input as the kernel reads it: x, or its padded copy
        Convolution.Geometry read = copy == null ? g : unpadded(g, samplesPerBlock);
        int[] offset = read.rowOffsets();
        float[] tile = new float[GROUP * 2 * L];
        for (int firstSample = 0; firstSample < g.n(); firstSample += samplesPerBlock) {
            int samples = Math.min(samplesPerBlock, g.n() - firstSample);
            float[] input = x;
            int inputAt = xAt + firstSample * g.c() * g.h() * g.w();
            if (copy != null) {
                pad(x, xAt, g, firstSample, samples, copy);
                input = copy;
                inputAt = 0;
            }
            int positions = channelLast(inputAt, read, dy, dyAt, g, firstSample, samples, lanes, dyt, base);
            for (int block = 0; block < lanes; block += 2 * L) {
                for (int r = 0; ; r += GROUP) {
                    int first = Math.min(r, rows - GROUP);
                    weightRows(input, base, positions, dyt, block, lanes, offset, first, tile);
                    // an overlapping last group adds only the rows the groups before it did not
                    for (int o = block; o < Math.min(g.o(), block + 2 * L); o++) {
                        for (int k = r - first; k < GROUP; k++) {
                            dw[o * rows + first + k] += tile[k * 2 * L + o - block];
                        }
                    }
                    if (first + GROUP >= rows) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * The output gradient of samples {@code first ..< first + samples} channel-last into {@code dyt}, position after
     * position ({@code lanes} floats each, zero past the last channel), and each position's window offset into
     * {@code base}: within the input as the kernel reads it ({@code read}'s sizes, its first sample at
     * {@code inputAt}).
     *
     * @return the number of positions
     */
    private static int channelLast(int inputAt, Convolution.Geometry read, float[] dy, int dyAt,
                                   Convolution.Geometry g, int first, int samples, int lanes, float[] dyt,
                                   int[] base) {
        int perSample = g.columns();
        read.columnBases(inputAt, samples, base);
        // plane by plane, so that the output gradient is read in order
        for (int s = first, at = 0; s < first + samples; s++, at += perSample * lanes) {
            for (int o = 0; o < g.o(); o++) {
                int from = dyAt + (s * g.o() + o) * perSample;
                for (int q = 0; q < perSample; q++) {
                    dyt[at + q * lanes + o] = dy[from + q];
                }
            }
            for (int q = 0; q < perSample && g.o() < lanes; q++) {
                Arrays.fill(dyt, at + q * lanes + g.o(), at + (q + 1) * lanes, 0);
            }
        }
        return samples * perSample;
    }

    /**
     * Weight rows {@code first ..< first + 8} for the channels {@code block ..< block + 2L}, summed over the first
     * {@code positions} output positions (their input offsets in {@code base}), into {@code tile} (row after row,
     * 2L channels each): each element of the input read serves two vectors of channels.
     */
    private static void weightRows(float[] x, int[] base, int positions, float[] dyt, int block, int lanes,
                                   int[] offset, int first, float[] tile) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S);
        FloatVector a5 = FloatVector.zero(S);
        FloatVector a6 = FloatVector.zero(S);
        FloatVector a7 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        FloatVector b3 = FloatVector.zero(S);
        FloatVector b4 = FloatVector.zero(S);
        FloatVector b5 = FloatVector.zero(S);
        FloatVector b6 = FloatVector.zero(S);
        FloatVector b7 = FloatVector.zero(S);
        int r0 = offset[first];
        int r1 = offset[first + 1];
        int r2 = offset[first + 2];
        int r3 = offset[first + 3];
        int r4 = offset[first + 4];
        int r5 = offset[first + 5];
        int r6 = offset[first + 6];
        int r7 = offset[first + 7];
        for (int p = 0, at = block; p < positions; p++, at += lanes) {
            FloatVector ga = FloatVector.fromArray(S, dyt, at);
            FloatVector gb = FloatVector.fromArray(S, dyt, at + L);
            int b = base[p];
            FloatVector v = FloatVector.broadcast(S, x[b + r0]);
            a0 = ga.fma(v, a0);
            b0 = gb.fma(v, b0);
            v = FloatVector.broadcast(S, x[b + r1]);
            a1 = ga.fma(v, a1);
            b1 = gb.fma(v, b1);
            v = FloatVector.broadcast(S, x[b + r2]);
            a2 = ga.fma(v, a2);
            b2 = gb.fma(v, b2);
            v = FloatVector.broadcast(S, x[b + r3]);
            a3 = ga.fma(v, a3);
            b3 = gb.fma(v, b3);
            v = FloatVector.broadcast(S, x[b + r4]);
            a4 = ga.fma(v, a4);
            b4 = gb.fma(v, b4);
            v = FloatVector.broadcast(S, x[b + r5]);
            a5 = ga.fma(v, a5);
            b5 = gb.fma(v, b5);
            v = FloatVector.broadcast(S, x[b + r6]);
            a6 = ga.fma(v, a6);
            b6 = gb.fma(v, b6);
            v = FloatVector.broadcast(S, x[b + r7]);
            a7 = ga.fma(v, a7);
            b7 = gb.fma(v, b7);
        }
        store(tile, a0, b0, 0);
        store(tile, a1, b1, 1);
        store(tile, a2, b2, 2);
        store(tile, a3, b3, 3);
        store(tile, a4, b4, 4);
        store(tile, a5, b5, 5);
        store(tile, a6, b6, 6);
        store(tile, a7, b7, 7);
    }

}
