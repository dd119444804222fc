/**
 * Adapters from jgrad functions to Apache Commons Math 3.6.1, so that a function written over
 * {@link dev.jgrad.Value}s plugs straight into Commons Math's optimizers with exact derivatives:
 * <ul>
 *   <li>{@link dev.jgrad.commonsmath.JgradDifferentiableFunction}: a
 *       {@link org.apache.commons.math3.analysis.differentiation.MultivariateDifferentiableFunction}, giving
 *       {@link org.apache.commons.math3.analysis.differentiation.DerivativeStructure} results of any order;</li>
 *   <li>{@link dev.jgrad.commonsmath.JgradObjective}: the objective and its gradient for
 *       {@link org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer};</li>
 *   <li>{@link dev.jgrad.commonsmath.JgradJacobianFunction}: a
 *       {@link org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction}, predictions and Jacobian
 *       from one evaluation, for Levenberg-Marquardt and Gauss-Newton.</li>
 * </ul>
 * Derivatives come from jgrad's one rule table; nothing here differentiates anything itself.
 */
package dev.jgrad.commonsmath;
