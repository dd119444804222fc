/**
 * Optimizers over plain {@code double[]} parameters, fed by any gradient source: an {@link dev.jgrad.optim.Objective}
 * built from a recorded tape ({@link dev.jgrad.tape.Workspace}), from {@link dev.jgrad.Grad}, or written by hand.
 *
 * <p>{@link dev.jgrad.optim.ArraySgd} and {@link dev.jgrad.optim.ArrayAdam} take one step from a gradient the caller
 * computed (for mini-batch training); they make the same updates, bit for bit, as {@link dev.jgrad.nn.Sgd} and
 * {@link dev.jgrad.nn.Adam} do on {@link dev.jgrad.Value} parameters. {@link dev.jgrad.optim.Lbfgs} minimizes a smooth
 * deterministic objective to convergence, with a line search ({@link dev.jgrad.optim.WolfeLineSearch}) that enforces
 * the strong Wolfe conditions.
 */
package dev.jgrad.optim;
