package dev.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 micro-kernel written with the Vector API: a 4 × (2 vectors) tile of {@code C} in 8 vector
 * registers, each step one broadcast of an element of {@code A} and two fused multiply-adds per row. Loaded only when
 * the JVM has the {@code jdk.incubator.vector} module (see {@link Gemm}).
 */
final class KernelVector32 extends Kernel32 {

    private static final VectorSpecies<Float> S32 = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = S32.length();
    private static final int NR = 2 * LANES;

    private KernelVector32() {
        super(4, NR);
    }

    /** The kernel for this machine's widest vectors. */
    static Kernel32 create() {
        return new KernelVector32();
    }

    @Override
    void product(boolean transA, boolean transB, int m, int n, int k,
                 float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                 float[] c, int cOffset, int ldc, boolean accumulate) {
        GemmLoops.run(this, transA, m, n, k, a, aOffset, lda, Pack.matrix(transB, b, bOffset, ldb), c, cOffset, ldc,
                accumulate);
    }

    /**
     * The product of one packed {@code mr}-row panel of {@code A} and one packed {@code nr}-column panel of
     * {@code B} over the depth {@code kc}, an {@code mr × nr} tile of {@code C} held in registers throughout. The
     * {@code A} panel holds element {@code (r, p)} at {@code a[aAt + p * mr + r]}, the {@code B} panel element
     * {@code (p, j)} at {@code b[bAt + p * nr + j]} (see {@link Pack}); tile element {@code (r, j)} is
     * {@code c[cAt + r * ldc + j]}, overwritten or, with {@code add}, added to.
     */
    void run(int kc, float[] a, int aAt, float[] b, int bAt, float[] c, int cAt, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S32);
        FloatVector c01 = FloatVector.zero(S32);
        FloatVector c10 = FloatVector.zero(S32);
        FloatVector c11 = FloatVector.zero(S32);
        FloatVector c20 = FloatVector.zero(S32);
        FloatVector c21 = FloatVector.zero(S32);
        FloatVector c30 = FloatVector.zero(S32);
        FloatVector c31 = FloatVector.zero(S32);
        for (int p = 0; p < kc; p++, aAt += 4, bAt += NR) {
            FloatVector b0 = FloatVector.fromArray(S32, b, bAt);
            FloatVector b1 = FloatVector.fromArray(S32, b, bAt + LANES);
            FloatVector a0 = FloatVector.broadcast(S32, a[aAt]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S32, a[aAt + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S32, a[aAt + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S32, a[aAt + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        store(c00, c01, c, cAt, add);
        store(c10, c11, c, cAt + ldc, add);
        store(c20, c21, c, cAt + 2 * ldc, add);
        store(c30, c31, c, cAt + 3 * ldc, add);
    }

    private static void store(FloatVector x0, FloatVector x1, float[] c, int at, boolean add) {
        if (add) {
            x0 = x0.add(FloatVector.fromArray(S32, c, at));
            x1 = x1.add(FloatVector.fromArray(S32, c, at + LANES));
        }
        x0.intoArray(c, at);
        x1.intoArray(c, at + LANES);
    }
}
