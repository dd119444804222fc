package dev.jgrad.tape;

import dev.jgrad.Algebra;

/**
 * A scalar function written over the handles of an {@link Algebra}, for {@link Tape#trace}: it applies operations
 * to the input handles and returns the output's handle.
 */
@FunctionalInterface
public interface TracedFunction {

    /**
     * Builds the function in {@code g}.
     *
     * @param g the algebra recording the operations
     * @param x the inputs' handles, {@code x[i]} for input {@code i}
     * @return the output's handle, issued by {@code g}
     */
    int apply(Algebra g, int[] x);
}
