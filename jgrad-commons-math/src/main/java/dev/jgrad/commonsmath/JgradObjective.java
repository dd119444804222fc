package dev.jgrad.commonsmath;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import java.util.Objects;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;

/**
 * A jgrad {@link ScalarFunction} as the two optimization data a Commons Math gradient-based optimizer asks for, such
 * as {@link org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer}:
 * <pre>{@code
 * PointValuePair best = new NonLinearConjugateGradientOptimizer(Formula.POLAK_RIBIERE, checker)
 *         .optimize(JgradObjective.value(f), JgradObjective.gradient(f), GoalType.MINIMIZE,
 *                 new InitialGuess(start), new MaxEval(10_000));
 * }</pre>
 * The value is one evaluation of {@code f} (the line search asks for values only); the gradient {@code ∇f(x)} is
 * one evaluation and one reverse sweep ({@link Grad#grad}), whatever the number of variables. Each call builds a
 * fresh graph, so the data may be used from several threads when {@code f} builds its result from its arguments.
 */
public final class JgradObjective {

    private JgradObjective() {
    }

    /**
     * The function's value as an objective.
     *
     * @param f the function
     * @return {@code x -> f(x)}
     * @throws NullPointerException if {@code f} is null
     */
    public static ObjectiveFunction value(ScalarFunction f) {
        return new ObjectiveFunction(new JgradDifferentiableFunction(f));
    }

    /**
     * The function's gradient as an objective gradient.
     *
     * @param f the function
     * @return {@code x -> ∇f(x)}, with {@code ∂f/∂x_i} at position {@code i}
     * @throws NullPointerException if {@code f} is null
     */
    public static ObjectiveFunctionGradient gradient(ScalarFunction f) {
        Objects.requireNonNull(f, "f");
        return new ObjectiveFunctionGradient(x -> Grad.grad(f, x));
    }
}
