package dev.jgrad.tensor;

import java.util.Arrays;

/**
 * Work blocks of {@link Kernels#BLOCK} elements for the elementwise loops, kept per thread so that an operation
 * allocates its result and nothing else: a training loop then leaves the collector only its tensors. A thread takes
 * its scratch for the length of one loop and gives it back; a loop that starts while the thread's scratch is taken
 * (a {@link dev.jgrad.Rule} whose value computes with tensors) gets a fresh one, so no two loops share a block.
 */
final class Scratch {

    private static final ThreadLocal<Scratch> FREE = new ThreadLocal<>();

    /** All zeros, for the absent operands of a rule; never written. */
    final double[] zeros = new double[Kernels.BLOCK];
    /** Storage positions of a block of elements ({@link Kernels#read}). */
    final int[] positions = new int[Kernels.BLOCK];
    private double[][] blocks = new double[0][];

    private Scratch() {
    }

    /** This thread's scratch, or a new one if it is taken; give it back with {@link #release()}. */
    static Scratch take() {
        Scratch scratch = FREE.get();
        if (scratch == null) {
            return new Scratch();
        }
        FREE.set(null);
        return scratch;
    }

    /** Gives this scratch back to the current thread, for its next loop. */
    void release() {
        FREE.set(this);
    }

    /** Work block {@code i} (contents left from earlier loops). */
    double[] block(int i) {
        if (i >= blocks.length) {
            int had = blocks.length;
            blocks = Arrays.copyOf(blocks, Math.max(i + 1, 2 * had));
            for (int k = had; k < blocks.length; k++) {
                blocks[k] = new double[Kernels.BLOCK];
            }
        }
        return blocks[i];
    }
}
