/**
 * jgrad inside Hipparchus: reverse-mode differentiation of Hipparchus's field algorithms, and adapters that hand
 * jgrad functions to Hipparchus's optimizers.
 *
 * <p>{@link dev.jgrad.hipparchus.TapeField} and {@link dev.jgrad.hipparchus.TapeNumber} are a
 * {@code CalculusFieldElement} recorded on a flat Jacobian tape: run a field ODE integrator, a field special function
 * or {@code FieldMatrix} algebra on {@code TapeNumber}s made with {@code TapeField.variable}, then one
 * {@code TapeField.gradient} sweep gives the derivative with respect to every variable. Hipparchus's
 * {@code Gradient} and {@code DerivativeStructure} are forward mode: each of their operations carries all n partial
 * derivatives, so a gradient costs about n times the computation; here it costs a small constant times it. Every
 * derivative comes from jgrad's rule table {@link dev.jgrad.Op}.
 *
 * <p>{@link dev.jgrad.hipparchus.HipparchusAdapters} turns a jgrad {@link dev.jgrad.ScalarFunction} into a
 * {@code MultivariateDifferentiableFunction} (and a gradient {@code MultivariateVectorFunction}), and a
 * {@link dev.jgrad.VectorFunction} of residuals into the {@code MultivariateJacobianFunction} of Hipparchus's
 * least-squares solvers (Levenberg–Marquardt, Gauss–Newton).
 *
 * <p>A {@code TapeField} is used by one thread at a time; the adapters build a fresh jgrad graph per call and may be
 * called from several threads when the wrapped function builds its result from its arguments only.
 */
package dev.jgrad.hipparchus;
