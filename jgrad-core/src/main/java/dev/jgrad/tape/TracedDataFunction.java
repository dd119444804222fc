package dev.jgrad.tape;

import dev.jgrad.Algebra;

/**
 * A function of differentiable inputs and data inputs written over an {@link Algebra}, for
 * {@link Tape#traceData(int, int, TracedDataFunction)}: it receives a handle per input and per data input, and
 * returns the output handles. Data handles are used like any other; no derivative is taken with respect to them.
 */
@FunctionalInterface
public interface TracedDataFunction {

    /**
     * Builds the function's outputs.
     *
     * @param g    the algebra to record on
     * @param x    the handles of the differentiable inputs
     * @param data the handles of the data inputs
     * @return the handles of the outputs, at least one
     */
    int[] apply(Algebra g, int[] x, int[] data);
}
