package dev.jgrad;

import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A user-defined operation given by its value and its derivative, usable wherever a built-in one is: the graph's
 * {@link Value#backward()}, {@link Grad}'s reverse and forward modes, gradients built as graphs (any order) and the
 * compiled tape. It is jgrad's counterpart of {@code torch.autograd.Function} or JAX's {@code custom_jvp}.
 *
 * <p>The derivative is an expression over an {@link Algebra}, as in the built-in table {@link Op}, so that it can be
 * differentiated again. Write it with the algebra's operations, with built-in rules
 * ({@code g.apply(Op.TANH, x, Algebra.NONE, Algebra.NONE)}) or with other custom ops ({@link #on(Algebra, int)}):
 *
 * <pre>{@code
 * // softplus(x) = ln(1 + e^x), softplus'(x) = sigmoid(x)
 * CustomOp softplus = CustomOp.unary("softplus",
 *         x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
 *         (g, x, out) -> g.apply(Op.SIGMOID, x, Algebra.NONE, Algebra.NONE));
 * Value y = softplus.apply(Value.of(0.5));
 * }</pre>
 *
 * <p>A derivative computed in plain Java (not over the algebra) would be a number the engines could not
 * differentiate again; if a closed form is not available, define the derivative itself as another custom op, as
 * {@link Special} does for the polygamma family. {@link GradCheck#checkRule} verifies a custom op against finite
 * differences.
 */
public final class CustomOp implements Rule {

    /** The derivative of a one-operand operation, written over an algebra. */
    @FunctionalInterface
    public interface UnaryDerivative {

        /**
         * Builds {@code f'(x)} in {@code g}.
         *
         * @param g   where the expression is built
         * @param x   handle of the operand
         * @param out handle of {@code f(x)} (often the cheapest way to write the derivative)
         * @return the handle of {@code f'(x)}
         */
        int derivative(Algebra g, int x, int out);
    }

    /** The partial derivatives of a two-operand operation, written over an algebra. */
    @FunctionalInterface
    public interface BinaryDerivative {

        /**
         * Builds {@code ∂f/∂a} (for {@code arg == 0}) or {@code ∂f/∂b} (for {@code arg == 1}) in {@code g}.
         *
         * @param g   where the expression is built
         * @param arg which operand, 0 or 1
         * @param a   handle of the first operand
         * @param b   handle of the second operand
         * @param out handle of {@code f(a, b)}
         * @return the handle of the partial derivative
         */
        int partial(Algebra g, int arg, int a, int b, int out);
    }

    private final String label;
    private final DoubleUnaryOperator unaryValue;
    private final UnaryDerivative unaryDerivative;
    private final DoubleBinaryOperator binaryValue;
    private final BinaryDerivative binaryDerivative;

    private CustomOp(String label, DoubleUnaryOperator unaryValue, UnaryDerivative unaryDerivative,
            DoubleBinaryOperator binaryValue, BinaryDerivative binaryDerivative) {
        this.label = label;
        this.unaryValue = unaryValue;
        this.unaryDerivative = unaryDerivative;
        this.binaryValue = binaryValue;
        this.binaryDerivative = binaryDerivative;
    }

    /**
     * An operation of one operand.
     *
     * @param label      the name shown for its nodes, such as {@code "erf"}
     * @param value      {@code f(x)}
     * @param derivative {@code f'(x)}, built over the algebra
     * @return the new rule
     */
    public static CustomOp unary(String label, DoubleUnaryOperator value, UnaryDerivative derivative) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(derivative, "derivative");
        return new CustomOp(label, value, derivative, null, null);
    }

    /**
     * An operation of two operands.
     *
     * @param label   the name shown for its nodes
     * @param value   {@code f(a, b)}
     * @param partial {@code ∂f/∂a} and {@code ∂f/∂b}, built over the algebra
     * @return the new rule
     */
    public static CustomOp binary(String label, DoubleBinaryOperator value, BinaryDerivative partial) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(partial, "partial");
        return new CustomOp(label, null, null, value, partial);
    }

    /**
     * A new node applying this operation, as {@link Value#apply(Rule, Value...)}.
     *
     * @param operands one operand for a unary op, two for a binary one
     * @return the new node
     * @throws IllegalArgumentException if the number of operands is wrong
     */
    public Value apply(Value... operands) {
        return Value.apply(this, operands);
    }

    /**
     * This unary operation applied inside a derivative expression: {@code g.apply(this, x, NONE, NONE)}.
     *
     * @param g where the expression is built
     * @param x handle of the operand
     * @return handle of the result
     * @throws IllegalStateException if this operation is binary
     */
    public int on(Algebra g, int x) {
        if (unaryValue == null) {
            throw new IllegalStateException("'" + label + "' takes 2 operands, not 1");
        }
        return g.apply(this, x, Algebra.NONE, Algebra.NONE);
    }

    /**
     * This binary operation applied inside a derivative expression: {@code g.apply(this, a, b, NONE)}.
     *
     * @param g where the expression is built
     * @param a handle of the first operand
     * @param b handle of the second operand
     * @return handle of the result
     * @throws IllegalStateException if this operation is unary
     */
    public int on(Algebra g, int a, int b) {
        if (binaryValue == null) {
            throw new IllegalStateException("'" + label + "' takes 1 operand, not 2");
        }
        return g.apply(this, a, b, Algebra.NONE);
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int arity() {
        return unaryValue != null ? 1 : 2;
    }

    @Override
    public double value(double a, double b, double c) {
        return unaryValue != null ? unaryValue.applyAsDouble(a) : binaryValue.applyAsDouble(a, b);
    }

    @Override
    public int partial(Algebra g, int arg, int a, int b, int c, int out) {
        return unaryDerivative != null ? unaryDerivative.derivative(g, a, out)
                : binaryDerivative.partial(g, arg, a, b, out);
    }

    /** The label, as for built-in operations. */
    @Override
    public String toString() {
        return label;
    }
}
