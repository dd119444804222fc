package dev.jgrad.tape;

import dev.jgrad.Algebra;

/**
 * A function of several outputs written over the handles of an {@link Algebra}, for {@link Tape#traceAll}.
 */
@FunctionalInterface
public interface TracedVectorFunction {

    /**
     * Builds the function in {@code g}.
     *
     * @param g the algebra recording the operations
     * @param x the inputs' handles, {@code x[i]} for input {@code i}
     * @return the outputs' handles, at least one, each issued by {@code g}
     */
    int[] apply(Algebra g, int[] x);
}
