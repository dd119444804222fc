package dev.jgrad.testing;

import dev.jgrad.Algebra;
import dev.jgrad.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * An algebra over plain doubles at one point, as a scalar engine evaluates: each operation is its rule's
 * {@link Rule#value}, kept in a register whose index is the handle. For checking what a rule writes in terms of other
 * rules (its partial derivatives, its {@link Rule#expression}) against the table read one point at a time.
 */
public final class PointAlgebra implements Algebra {

    private final List<Double> registers = new ArrayList<>();

    /**
     * An algebra whose first registers hold the given numbers (handles {@code 0, 1, ...}).
     *
     * @param operands the numbers of registers {@code 0, 1, ...}
     */
    public PointAlgebra(double... operands) {
        for (double operand : operands) {
            registers.add(operand);
        }
    }

    /**
     * The number a handle stands for.
     *
     * @param handle a handle this algebra returned, or the index of an operand given to the constructor
     * @return its number
     */
    public double get(int handle) {
        return registers.get(handle);
    }

    /**
     * The partial derivative {@code ∂rule/∂arg} at {@code (a, b, c)} whose value is {@code out}, as the table writes
     * it, evaluated by the rules' values.
     *
     * @param rule the rule
     * @param arg  which operand, from 0
     * @param a    the first operand
     * @param b    the second operand (ignored when the rule takes fewer)
     * @param c    the third operand (ignored when the rule takes fewer)
     * @param out  the rule's value at the point
     * @return the partial derivative
     */
    public static double partial(Rule rule, int arg, double a, double b, double c, double out) {
        PointAlgebra g = new PointAlgebra(a, b, c, out);
        return g.get(rule.partial(g, arg, 0, rule.arity() > 1 ? 1 : NONE, rule.arity() > 2 ? 2 : NONE, 3));
    }

    @Override
    public int constant(double value) {
        registers.add(value);
        return registers.size() - 1;
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        return constant(rule.value(registers.get(a), b == NONE ? 0 : registers.get(b),
                c == NONE ? 0 : registers.get(c)));
    }
}
