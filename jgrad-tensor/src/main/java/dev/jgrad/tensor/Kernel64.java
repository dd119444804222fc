package dev.jgrad.tensor;

/**
 * A float64 micro-kernel: the product of one packed {@code mr}-row panel of {@code A} and one packed {@code nr}-column
 * panel of {@code B}, an {@code mr × nr} tile of {@code C} held in registers over the whole depth {@code kc}.
 *
 * <p>The packed {@code A} panel holds element {@code (r, p)} at {@code a[aAt + p * mr + r]}, the {@code B} panel
 * element {@code (p, j)} at {@code b[bAt + p * nr + j]}; tile element {@code (r, j)} is
 * {@code c[cAt + r * ldc + j]}, overwritten or, with {@code add}, added to.
 */
abstract class Kernel64 {

    /** Rows of the tile. */
    final int mr;
    /** Columns of the tile. */
    final int nr;

    Kernel64(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    abstract void run(int kc, double[] a, int aAt, double[] b, int bAt, double[] c, int cAt, int ldc, boolean add);
}
