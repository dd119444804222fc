package dev.jgrad;

/**
 * How one operation computes its value and its partial derivatives: the contract every engine in jgrad consumes.
 *
 * <p>The built-in rules are the constants of {@link Op}, the one table of derivative rules. A rule takes up to three
 * operands {@code a, b, c} (operands beyond {@link #arity()} are passed as {@code 0.0} and must be ignored).
 *
 * <p>A partial derivative is written once, as an expression over an {@link Algebra}: the graph engine evaluates it
 * in {@code double}s, the compiled tape records it as instructions, and higher-order differentiation builds it out of
 * {@link Value}s so it can be differentiated again. A partial may therefore use only the algebra's operations, each
 * of which is itself a rule with a partial derivative.
 */
public interface Rule {

    /**
     * The label shown for nodes made by this rule, such as {@code "+"} or {@code "tanh"}.
     *
     * @return the label shown for nodes made by this rule, such as {@code "+"} or {@code "tanh"}
     */
    String label();

    /**
     * The number of operands, 1 to 3, or -1 for a variadic rule taking any number of terms, at least one (such as
     * {@link Op#SUM}): its value comes from {@link #variadicValue} (by default folded left to right with
     * {@code value(a, b, 0)}) and its partials from {@link #termPartial}.
     *
     * @return the number of operands, 1 to 3, or -1 for a variadic rule taking any number of terms, at least one
     */
    int arity();

    /**
     * The value of the operation.
     *
     * @param a the first operand
     * @param b the second operand, or 0 when the arity is below 2
     * @param c the third operand, or 0 when the arity is below 3
     * @return the result; NaN and infinities follow IEEE 754 and are never thrown
     */
    double value(double a, double b, double c);

    /**
     * The partial derivative of the result with respect to operand {@code arg}, built in {@code g}.
     *
     * @param g   where the expression is built (doubles, a tape, or a graph of values)
     * @param arg the operand index, {@code 0 <= arg < arity()}
     * @param a   handle of the first operand in {@code g}
     * @param b   handle of the second operand, or {@link Algebra#NONE}
     * @param c   handle of the third operand, or {@link Algebra#NONE}
     * @param out handle of this operation's result (many derivatives are cheapest in terms of it)
     * @return the handle of the partial derivative: an operand's, the result's, or one {@code g} returned during this
     *         call; anything else makes the engine throw {@link IllegalStateException} naming this rule
     */
    int partial(Algebra g, int arg, int a, int b, int c, int out);

    /**
     * This operation's value written with other operations of the table, built in {@code g}, or
     * {@link Algebra#NONE} (the default) if it is written only in {@link #value}. Engines that run one expression over
     * many elements at once (the tensor loops) may evaluate this instead of {@link #value}: a select such as
     * {@link Op#WHERE} then runs over a block without a branch per element. Where given, it equals
     * {@code value(a, b, c)} for every operand, to the bit (signed zeros, infinities and NaN included).
     *
     * @param g where the expression is built
     * @param a handle of the first operand in {@code g}
     * @param b handle of the second operand, or {@link Algebra#NONE}
     * @param c handle of the third operand, or {@link Algebra#NONE}
     * @return the handle of the value, or {@link Algebra#NONE} if the rule has no such form
     */
    default int expression(Algebra g, int a, int b, int c) {
        return Algebra.NONE;
    }

    /**
     * For a variadic rule (arity -1): its value at {@code count} terms. Every engine takes a variadic value from here.
     *
     * <p>The default folds the terms left to right with the two-operand form,
     * {@code value(value(t_0, t_1, 0), t_2, 0)} and so on; one term is its own value. A rule may compute the same
     * function otherwise (in one pass, with fewer operations and roundings), as {@link Op#LOGSUMEXP} does.
     *
     * @param terms the terms' values from index 0; read only
     * @param count how many terms, {@code 1 <= count <= terms.length}
     * @return the result; NaN and infinities follow IEEE 754 and are never thrown
     */
    default double variadicValue(double[] terms, int count) {
        double result = terms[0];
        for (int i = 1; i < count; i++) {
            result = value(result, terms[i], 0);
        }
        return result;
    }

    /**
     * For a variadic rule (arity -1): the partial derivative of the result with respect to term {@code arg}, built
     * in {@code g} with every term at hand. Every engine calls this, never {@link #partial}, for a variadic rule.
     *
     * <p>The default is {@code partial(g, 0, terms[arg], NONE, NONE, out)}: the partial written from the term alone,
     * enough for a sum (1) or anything whose partial is a function of the term and the result. A rule whose partial
     * needs the other terms overrides this: a product's partial with respect to {@code t_i} is the product of the
     * other terms, which is exact where a term is 0, where {@code out / t_i} is {@code 0/0}.
     *
     * @param g     where the expression is built
     * @param arg   the term's index, {@code 0 <= arg < terms.length}
     * @param terms the handles of all the terms, in order; read only (engines pass the same array for every term)
     * @param out   handle of this operation's result
     * @return the handle of the partial derivative
     */
    default int termPartial(Algebra g, int arg, int[] terms, int out) {
        return partial(g, 0, terms[arg], Algebra.NONE, Algebra.NONE, out);
    }
}
