package dev.jgrad;

/**
 * A vector-valued function of several variables, written over {@link Value}s:
 * {@code x -> new Value[] {x[0].mul(x[1]), x[0].sin()}}. Used by {@link Grad#jacobian}, {@link Grad#jvp} and
 * {@link Grad#vjp}.
 */
@FunctionalInterface
public interface VectorFunction {

    /**
     * The value of the function.
     *
     * @param x the variables, one fresh leaf per coordinate
     * @return the outputs, built from {@code x}; none of them null
     */
    Value[] apply(Value[] x);
}
