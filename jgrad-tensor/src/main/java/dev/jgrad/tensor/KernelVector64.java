package dev.jgrad.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 micro-kernel written with the Vector API: a 4 × (2 vectors) tile of {@code C} in 8 vector
 * registers, each step one broadcast of an element of {@code A} and two fused multiply-adds per row. Loaded only when
 * the JVM has the {@code jdk.incubator.vector} module (see {@link Gemm}).
 */
final class KernelVector64 extends Kernel64 {

    private static final VectorSpecies<Double> S64 = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S64.length();
    private static final int NR = 2 * LANES;

    private KernelVector64() {
        super(4, NR);
    }

    /** The kernel for this machine's widest vectors. */
    static Kernel64 create() {
        return new KernelVector64();
    }

    @Override
    void product(boolean transA, boolean transB, int m, int n, int k,
                 double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                 double[] c, int cOffset, int ldc, boolean accumulate) {
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
    void run(int kc, double[] a, int aAt, double[] b, int bAt, double[] c, int cAt, int ldc, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S64);
        DoubleVector c01 = DoubleVector.zero(S64);
        DoubleVector c10 = DoubleVector.zero(S64);
        DoubleVector c11 = DoubleVector.zero(S64);
        DoubleVector c20 = DoubleVector.zero(S64);
        DoubleVector c21 = DoubleVector.zero(S64);
        DoubleVector c30 = DoubleVector.zero(S64);
        DoubleVector c31 = DoubleVector.zero(S64);
        for (int p = 0; p < kc; p++, aAt += 4, bAt += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S64, b, bAt);
            DoubleVector b1 = DoubleVector.fromArray(S64, b, bAt + LANES);
            DoubleVector a0 = DoubleVector.broadcast(S64, a[aAt]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            DoubleVector a1 = DoubleVector.broadcast(S64, a[aAt + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S64, a[aAt + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            DoubleVector a3 = DoubleVector.broadcast(S64, a[aAt + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        store(c00, c01, c, cAt, add);
        store(c10, c11, c, cAt + ldc, add);
        store(c20, c21, c, cAt + 2 * ldc, add);
        store(c30, c31, c, cAt + 3 * ldc, add);
    }

    private static void store(DoubleVector x0, DoubleVector x1, double[] c, int at, boolean add) {
        if (add) {
            x0 = x0.add(DoubleVector.fromArray(S64, c, at));
            x1 = x1.add(DoubleVector.fromArray(S64, c, at + LANES));
        }
        x0.intoArray(c, at);
        x1.intoArray(c, at + LANES);
    }
}
