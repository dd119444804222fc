package dev.jgrad;

/**
 * A rule's partial derivatives evaluated in {@code double}s at one point, for engines built outside jgrad (such as
 * a Jacobian tape that stores each operation's partials as it records). Every partial comes from the rule's own
 * {@link Rule#partial}, so such an engine never writes a derivative a second time.
 *
 * <p>The evaluation reuses one register file, so an instance must not be used from several threads at once; it is
 * cheap to make one per thread or per recording. The partials of {@link Op}'s operations that are a constant, an
 * operand or the result ({@code d(a + b)/da = 1}, {@code d(ab)/da = b}, {@code d(e^a)/da = e^a}) are read without
 * building an expression.
 */
public final class Partials {

    private final DoubleAlgebra algebra = new DoubleAlgebra();

    /** An evaluator with an empty register file. */
    public Partials() {
    }

    /**
     * The partial derivative of {@code rule} with respect to operand {@code arg} at {@code (a, b, c)}, whose value is
     * {@code out}. NaN and infinities follow the rule's documented edge cases.
     *
     * @param rule the operation: a rule of arity 1 to 3, or a variadic constant of {@link Op} (such as
     *             {@link Op#SUM}), whose partial with respect to a term is taken with that term as {@code a}
     * @param arg  the operand, {@code 0 <= arg < arity} (0 for a variadic operation)
     * @param a    the first operand, or the term for a variadic operation
     * @param b    the second operand, or 0 when the arity is below 2
     * @param c    the third operand, or 0 when the arity is below 3
     * @param out  the operation's value at {@code (a, b, c)}, {@code rule.value(a, b, c)} (for a variadic operation,
     *             its value over all its terms)
     * @return {@code ∂ rule / ∂ operand arg} at that point
     * @throws IllegalArgumentException if {@code arg} is not an operand of {@code rule}, or {@code rule} is a variadic
     *                                  rule that is not a constant of {@link Op}
     */
    public double partial(Rule rule, int arg, double a, double b, double c, double out) {
        // Op's own method, not the interface's: a cheaper call on an engine's hot path
        int arity = rule instanceof Op op ? op.arity() : rule.arity();
        if (arity == -1 && !(rule instanceof Op)) {
            throw new IllegalArgumentException("variadic rule '" + rule.label()
                    + "' needs all its terms for a partial; only Op's variadic operations take one term");
        }
        int operands = arity == -1 ? 1 : arity;
        if (arg < 0 || arg >= operands) {
            throw new IllegalArgumentException(
                    "operand " + arg + " of rule '" + rule.label() + "', which has " + operands);
        }
        return algebra.partial(rule, arg, a, b, c, out);
    }

    /**
     * The partial derivatives of a variadic rule with respect to each of its terms, into {@code into}: for a rule
     * whose partial needs the other terms ({@link Rule#termPartial}), such as a product's, the terms are loaded
     * once for all of them.
     *
     * @param rule  a variadic rule (arity -1)
     * @param terms the terms' values, {@code terms[0 .. count-1]}
     * @param count the number of terms, {@code >= 1}
     * @param out   the operation's value over those terms, {@code rule.variadicValue(terms, count)}
     * @param into  receives {@code ∂ rule / ∂ t_i} in {@code into[i]}, {@code i < count}
     * @throws IllegalArgumentException if {@code rule} is not variadic or {@code count} is not positive
     */
    public void termPartials(Rule rule, double[] terms, int count, double out, double[] into) {
        if (rule.arity() != -1) {
            throw new IllegalArgumentException("rule '" + rule.label() + "' of arity " + rule.arity()
                    + " is not variadic");
        }
        if (count < 1 || count > terms.length || count > into.length) {
            throw new IllegalArgumentException("count " + count + " of terms in arrays of " + terms.length + " and "
                    + into.length);
        }
        algebra.termPartials(rule, terms, count, out, into);
    }
}
