package dev.jgrad;

/**
 * A scalar function of one variable, written over {@link Value}s: {@code x -> x.exp().mul(x.sin())}. Used by
 * {@link Grad#derivatives(UnivariateFunction, double, int)}.
 */
@FunctionalInterface
public interface UnivariateFunction {

    /**
     * The value of the function.
     *
     * @param x the variable, a fresh leaf
     * @return the result, built from {@code x}
     */
    Value apply(Value x);
}
