package dev.jgrad;

/**
 * A place in which derivative expressions are built, addressed by {@code int} handles.
 *
 * <p>{@link Rule#partial} writes each derivative once against this interface; each engine supplies an
 * implementation: one that evaluates in {@code double}s, one that records tape instructions, and one that builds
 * {@link Value} nodes (so that derivatives can be differentiated again). Handles are only meaningful to the
 * algebra that issued them.
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

    /** {@code x + y}. */
    default int add(int x, int y) {
        return apply(Op.ADD, x, y, NONE);
    }

    /** {@code x - y}. */
    default int sub(int x, int y) {
        return apply(Op.SUB, x, y, NONE);
    }

    /** {@code x * y}. */
    default int mul(int x, int y) {
        return apply(Op.MUL, x, y, NONE);
    }

    /** {@code x / y}. */
    default int div(int x, int y) {
        return apply(Op.DIV, x, y, NONE);
    }

    /** {@code x ^ y}. */
    default int pow(int x, int y) {
        return apply(Op.POW, x, y, NONE);
    }

    /** {@code -x}. */
    default int neg(int x) {
        return apply(Op.NEG, x, NONE, NONE);
    }

    /** {@code ln x}. */
    default int log(int x) {
        return apply(Op.LOG, x, NONE, NONE);
    }

    /** {@code sin x}. */
    default int sin(int x) {
        return apply(Op.SIN, x, NONE, NONE);
    }

    /** {@code cos x}. */
    default int cos(int x) {
        return apply(Op.COS, x, NONE, NONE);
    }

    /** {@code exp x}. */
    default int exp(int x) {
        return apply(Op.EXP, x, NONE, NONE);
    }

    /** {@code |x|}. */
    default int abs(int x) {
        return apply(Op.ABS, x, NONE, NONE);
    }

    /** The sign of {@code x}: -1, 0 or 1 (NaN for NaN). */
    default int sign(int x) {
        return apply(Op.SIGN, x, NONE, NONE);
    }

    /** {@code cond > 0 ? x : y}. */
    default int where(int cond, int x, int y) {
        return apply(Op.WHERE, cond, x, y);
    }
}
