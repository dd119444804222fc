package dev.jgrad;

/**
 * A scalar function of several variables, written over {@link Value}s so that jgrad can differentiate it:
 * {@code x -> x[0].mul(x[1]).sin()}. Used by {@link Grad} and {@link GradCheck}.
 *
 * <p>The function is called on fresh leaves each time it is differentiated, so it must build its result from its
 * arguments (and constants) only; it may be called several times.
 */
@FunctionalInterface
public interface ScalarFunction {

    /**
     * The value of the function.
     *
     * @param x the variables, one leaf per coordinate of the point being differentiated at
     * @return the result, built from {@code x}
     */
    Value apply(Value[] x);
}
