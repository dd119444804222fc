package dev.jgrad;

import dev.jgrad.internal.Plural;

/**
 * A place in which derivative expressions are built, addressed by {@code int} handles.
 *
 * <p>{@link Rule#partial} writes each derivative once against this interface; each engine supplies an
 * implementation: one that evaluates in {@code double}s, one that records tape instructions, and one that builds
 * {@link Value} nodes (so that derivatives can be differentiated again). Handles are only meaningful to the
 * algebra that issued them.
 *
 * <p>It is also the interface of {@code Tape.trace}: every operation of {@link Op} has a named method here
 * ({@code g.softplus(x)}, {@code g.max(x, y)}, {@code g.logsumexp(x, y, z)}), and the common binary ones take a
 * {@code double} constant as second operand. Write such a constant as a {@code double} ({@code g.mul(x, 2.0)}):
 * {@code g.mul(x, 2)} passes the {@code int} 2, which is a handle.
 *
 * <p>Within a partial, the handles are the operands the rule has ({@code NONE} stands for those it has not), its
 * result, and those the algebra returned during that call. Every algebra checks them: an operation given anything
 * else throws {@link IllegalArgumentException} naming the operation and the operand, and the engines throw
 * {@link IllegalStateException} naming the rule for a partial returned as anything else. A variadic rule
 * (arity -1) applied here takes the operands that are not {@code NONE} as its terms, {@code c} only after {@code b}.
 */
public interface Algebra {

    /** The handle passed for an operand that an operation does not have. */
    int NONE = -1;

    /**
     * A constant.
     *
     * @param value the constant's value
     * @return its handle
     */
    int constant(double value);

    /**
     * Applies a rule to operands given by handle.
     *
     * @param rule the operation
     * @param a    the first operand's handle
     * @param b    the second operand's handle, or {@link #NONE}
     * @param c    the third operand's handle, or {@link #NONE}
     * @return the handle of the result
     */
    int apply(Rule rule, int a, int b, int c);

    /**
     * {@code x + y}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int add(int x, int y) {
        return apply(Op.ADD, x, y, NONE);
    }

    /**
     * {@code x - y}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int sub(int x, int y) {
        return apply(Op.SUB, x, y, NONE);
    }

    /**
     * {@code x * y}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int mul(int x, int y) {
        return apply(Op.MUL, x, y, NONE);
    }

    /**
     * {@code x / y}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int div(int x, int y) {
        return apply(Op.DIV, x, y, NONE);
    }

    /**
     * {@code x ^ y}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int pow(int x, int y) {
        return apply(Op.POW, x, y, NONE);
    }

    /**
     * {@code -x}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int neg(int x) {
        return apply(Op.NEG, x, NONE, NONE);
    }

    /**
     * {@code ln x}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int log(int x) {
        return apply(Op.LOG, x, NONE, NONE);
    }

    /**
     * {@code sin x}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int sin(int x) {
        return apply(Op.SIN, x, NONE, NONE);
    }

    /**
     * {@code cos x}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int cos(int x) {
        return apply(Op.COS, x, NONE, NONE);
    }

    /**
     * {@code exp x}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int exp(int x) {
        return apply(Op.EXP, x, NONE, NONE);
    }

    /**
     * {@code |x|}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int abs(int x) {
        return apply(Op.ABS, x, NONE, NONE);
    }

    /**
     * The sign of {@code x}: -1, 0 or 1 (NaN for NaN).
     *
     * @param x the handle of {@code x}
     * @return the sign of {@code x}: -1, 0 or 1 (NaN for NaN)
     */
    default int sign(int x) {
        return apply(Op.SIGN, x, NONE, NONE);
    }

    /**
     * {@code cond > 0 ? x : y}.
     *
     * @param cond the handle of {@code cond}
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int where(int cond, int x, int y) {
        return apply(Op.WHERE, cond, x, y);
    }

    /**
     * {@code √x}; see {@link Op#SQRT}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int sqrt(int x) {
        return apply(Op.SQRT, x, NONE, NONE);
    }

    /**
     * {@code tanh x}; see {@link Op#TANH}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int tanh(int x) {
        return apply(Op.TANH, x, NONE, NONE);
    }

    /**
     * The logistic function {@code 1/(1 + e^-x)}; see {@link Op#SIGMOID}.
     *
     * @param x the handle of {@code x}
     * @return the logistic function {@code 1/(1 + e^-x)}; see {@link Op#SIGMOID}
     */
    default int sigmoid(int x) {
        return apply(Op.SIGMOID, x, NONE, NONE);
    }

    /**
     * {@code max(x, 0)}, with derivative 0 at 0; see {@link Op#RELU}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int relu(int x) {
        return apply(Op.RELU, x, NONE, NONE);
    }

    /**
     * {@code ln(1 + x)}, accurate for tiny {@code x}; see {@link Op#LOG1P}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int log1p(int x) {
        return apply(Op.LOG1P, x, NONE, NONE);
    }

    /**
     * {@code e^x - 1}, accurate for tiny {@code x}; see {@link Op#EXPM1}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int expm1(int x) {
        return apply(Op.EXPM1, x, NONE, NONE);
    }

    /**
     * {@code tan x}; see {@link Op#TAN}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int tan(int x) {
        return apply(Op.TAN, x, NONE, NONE);
    }

    /**
     * {@code arcsin x}; see {@link Op#ASIN}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int asin(int x) {
        return apply(Op.ASIN, x, NONE, NONE);
    }

    /**
     * {@code arccos x}; see {@link Op#ACOS}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int acos(int x) {
        return apply(Op.ACOS, x, NONE, NONE);
    }

    /**
     * {@code arctan x}; see {@link Op#ATAN}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int atan(int x) {
        return apply(Op.ATAN, x, NONE, NONE);
    }

    /**
     * {@code sinh x}; see {@link Op#SINH}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int sinh(int x) {
        return apply(Op.SINH, x, NONE, NONE);
    }

    /**
     * {@code cosh x}; see {@link Op#COSH}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int cosh(int x) {
        return apply(Op.COSH, x, NONE, NONE);
    }

    /**
     * {@code ln(1 + e^x)}, the identity above 20 as PyTorch; see {@link Op#SOFTPLUS}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int softplus(int x) {
        return apply(Op.SOFTPLUS, x, NONE, NONE);
    }

    /**
     * The real cube root of {@code x}; see {@link Op#CBRT}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int cbrt(int x) {
        return apply(Op.CBRT, x, NONE, NONE);
    }

    /**
     * {@code log₁₀ x}; see {@link Op#LOG10}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int log10(int x) {
        return apply(Op.LOG10, x, NONE, NONE);
    }

    /**
     * {@code arsinh x}; see {@link Op#ASINH}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int asinh(int x) {
        return apply(Op.ASINH, x, NONE, NONE);
    }

    /**
     * {@code arcosh x}, NaN below 1; see {@link Op#ACOSH}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int acosh(int x) {
        return apply(Op.ACOSH, x, NONE, NONE);
    }

    /**
     * {@code artanh x}, NaN beyond ±1; see {@link Op#ATANH}.
     *
     * @param x the handle of {@code x}
     * @return the handle of the result
     */
    default int atanh(int x) {
        return apply(Op.ATANH, x, NONE, NONE);
    }

    /**
     * {@code atan2(x, y)}, the angle of the point {@code (y, x)}, as {@link Math#atan2}; see {@link Op#ATAN2}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int atan2(int x, int y) {
        return apply(Op.ATAN2, x, y, NONE);
    }

    /**
     * {@code √(x² + y²)} without intermediate overflow; see {@link Op#HYPOT}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int hypot(int x, int y) {
        return apply(Op.HYPOT, x, y, NONE);
    }

    /**
     * The larger of {@code x} and {@code y}, sharing the gradient at a tie; see {@link Op#MAX}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the larger of {@code x} and {@code y}, sharing the gradient at a tie
     */
    default int max(int x, int y) {
        return apply(Op.MAX, x, y, NONE);
    }

    /**
     * The smaller of {@code x} and {@code y}, sharing the gradient at a tie; see {@link Op#MIN}.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the smaller of {@code x} and {@code y}, sharing the gradient at a tie
     */
    default int min(int x, int y) {
        return apply(Op.MIN, x, y, NONE);
    }

    /**
     * {@code x + y} for a constant {@code y}: write {@code 2.0}, not {@code 2}, which is a handle.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int add(int x, double y) {
        return add(x, constant(y));
    }

    /**
     * {@code x - y} for a constant {@code y}: write {@code 2.0}, not {@code 2}, which is a handle.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int sub(int x, double y) {
        return sub(x, constant(y));
    }

    /**
     * {@code x * y} for a constant {@code y}: write {@code 2.0}, not {@code 2}, which is a handle.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int mul(int x, double y) {
        return mul(x, constant(y));
    }

    /**
     * {@code x / y} for a constant {@code y}: write {@code 2.0}, not {@code 2}, which is a handle.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int div(int x, double y) {
        return div(x, constant(y));
    }

    /**
     * {@code x ^ y} for a constant {@code y}: write {@code 2.0}, not {@code 2}, which is a handle.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int pow(int x, double y) {
        return pow(x, constant(y));
    }

    /**
     * {@code max(x, y)} for a constant {@code y}: write {@code 2.0}, not {@code 2}, which is a handle.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int max(int x, double y) {
        return max(x, constant(y));
    }

    /**
     * {@code min(x, y)} for a constant {@code y}: write {@code 2.0}, not {@code 2}, which is a handle.
     *
     * @param x the handle of {@code x}
     * @param y the handle of {@code y}
     * @return the handle of the result
     */
    default int min(int x, double y) {
        return min(x, constant(y));
    }

    /**
     * Applies a variadic rule (arity -1, such as {@link Op#SUM}) to any number of operands, at least one; one operand
     * is returned as it is. This default nests the operands two at a time, left to right: the rule's value when it
     * is a left fold (the default {@link Rule#variadicValue}, as for {@link Op#SUM}), and the same function to
     * rounding otherwise ({@link Op#LOGSUMEXP} computes its n terms in one pass), the chain rule through the nesting
     * giving the same partials. An algebra that records n-ary nodes (the tape's recorder) overrides it to make one
     * node.
     *
     * @param rule     a variadic rule
     * @param operands the operands' handles
     * @return the handle of the result
     * @throws IllegalArgumentException if there are no operands or the rule is not variadic
     */
    default int applyVariadic(Rule rule, int... operands) {
        if (rule.arity() != -1 || operands.length == 0) {
            throw new IllegalArgumentException("rule '" + rule.label() + "' of arity " + rule.arity()
                    + " cannot take " + Plural.of(operands.length, "operand") + " as a variadic rule");
        }
        int result = operands[0];
        for (int i = 1; i < operands.length; i++) {
            result = apply(rule, result, operands[i], NONE);
        }
        return result;
    }

    /**
     * The sum of the terms, one n-ary node where the algebra records them; see {@link Op#SUM}.
     *
     * @param terms the handles of the terms, at least one
     * @return the sum of the terms, one n-ary node where the algebra records them
     */
    default int sum(int... terms) {
        return applyVariadic(Op.SUM, terms);
    }

    /**
     * {@code ln Σ e^x_i} without overflow, one n-ary node where the algebra records them; its derivatives are the
     * softmax. See {@link Op#LOGSUMEXP} for the infinite cases.
     *
     * @param terms the handles of the terms, at least one
     * @return the handle of the result
     */
    default int logsumexp(int... terms) {
        return applyVariadic(Op.LOGSUMEXP, terms);
    }
}
