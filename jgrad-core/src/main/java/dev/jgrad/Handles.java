package dev.jgrad;

import dev.jgrad.internal.Plural;

/**
 * The checks every engine's algebra makes on the rules it applies and the handles a rule passes it and returns, with
 * one wording, so that a faulty user rule is named with its fault however it is run.
 */
final class Handles {

    private Handles() {
    }

    /**
     * The arity of a rule applied in an algebra: 1 to 3, or -1 for a variadic rule (whose terms are the operands
     * that are not {@link Algebra#NONE}).
     *
     * @throws IllegalArgumentException for any other arity
     */
    static int arity(Rule rule) {
        int arity = rule.arity();
        if (arity != -1 && (arity < 1 || arity > 3)) {
            throw new IllegalArgumentException("rule '" + rule.label() + "' has arity " + arity
                    + "; a rule takes 1 to 3 operands, or is variadic (-1)");
        }
        return arity;
    }

    /** The error for an operand that is not a handle of the algebra the rule was given. */
    static IllegalArgumentException badOperand(Rule rule, int position, int handle, int handles) {
        return new IllegalArgumentException("operand " + position + " of '" + rule.label() + "' is " + handle
                + ", not a handle of the expression being built (" + Plural.of(handles, "handle")
                + " issued; the absent operands of the rule being differentiated are not handles)");
    }

    /** The error for a partial derivative returned as something that is not a handle. */
    static IllegalStateException badPartial(Rule rule, int arg, int handle) {
        return new IllegalStateException(
                "rule '" + rule.label() + "' returned an invalid handle " + handle + " for its partial " + arg);
    }
}
