package dev.jgrad.tape.internal;

import dev.jgrad.Rule;

/**
 * The generated code of one {@link Loop}: its body as straight-line JVM bytecode inside a counted loop, made by
 * {@link dev.jgrad.tape.internal.codegen.KernelGenerator}. Implementations are stateless; everything that varies between tapes of the same shape
 * (where the loop starts, how often it runs, where its operands are) comes in {@code params}.
 */
public interface LoopKernel {

    /** The internal name of this interface, which generated classes implement. */
    String NAME = "dev/jgrad/tape/internal/LoopKernel";

    /** The descriptor of the sweep methods. */
    String DESCRIPTOR = "([D[D[D[D[Ldev/jgrad/Rule;[II)V";

    /**
     * Computes the loop's values, storing into {@code val} those read after the iteration that made them.
     *
     * @param val      the workspace's values
     * @param terms    room for the terms of the body's largest variadic operation that is not a sum, gathered for
     *                 {@link Rule#variadicValue} ({@link Segment#variadicTerms}); its contents are overwritten
     * @param x        the inputs, read where the loop reads inputs
     * @param gradient unused
     * @param rules    the tape's rules, for custom operations
     * @param params   holds the loop's parameters ({@link Loop#params}) from {@code at} on
     * @param at       where the parameters start: a repeated loop's are laid out among its repetition's others
     */
    void forward(double[] val, double[] terms, double[] x, double[] gradient, Rule[] rules, int[] params, int at);

    /**
     * Propagates adjoints backwards through the loop, last iteration first, recomputing the values the partial
     * derivatives need.
     *
     * @param val      the workspace's values, as {@link #forward} left them
     * @param adj      the workspace's adjoints
     * @param x        the inputs
     * @param gradient the inputs' adjoints, summed into
     * @param rules    the tape's rules, for custom operations
     * @param params   holds the loop's parameters ({@link Loop#params}) from {@code at} on
     * @param at       where the parameters start
     */
    void reverse(double[] val, double[] adj, double[] x, double[] gradient, Rule[] rules, int[] params, int at);

    /**
     * Whether this kernel has a {@link #fused} sweep: generated only for a loop that can run one (see
     * {@link dev.jgrad.tape.internal.codegen.KernelGenerator}).
     *
     * @return whether {@link #fused} may be called
     */
    default boolean fuses() {
        return false;
    }

    /**
     * {@link #forward} and {@link #reverse} in one pass, first iteration first: each iteration's values, then its
     * edges, with every adjoint receiving the same contributions in the same order as the two sweeps give it, so
     * the results are theirs to the bit. Only for a loop that is a program's last segment, whose one carried
     * position is a running sum read by nothing but the outputs (so every iteration's adjoint is known from the
     * seeds before the sum is), called after the adjoints are cleared and seeded.
     *
     * @param val      the workspace's values, as the segments before the loop left them
     * @param adj      the workspace's adjoints, cleared and seeded
     * @param x        the inputs
     * @param gradient the inputs' adjoints, summed into
     * @param rules    the tape's rules, for custom operations
     * @param params   holds the loop's parameters ({@link Loop#params}) from {@code at} on
     * @param at       where the parameters start
     * @throws UnsupportedOperationException if this kernel has no fused sweep ({@link #fuses()} is false)
     */
    default void fused(double[] val, double[] adj, double[] x, double[] gradient, Rule[] rules, int[] params,
            int at) {
        throw new UnsupportedOperationException("this loop's kernel has no fused sweep");
    }
}
