/**
 * Neural networks on tensors ({@link dev.jgrad.tensor.Tensor}): layers ({@link dev.jgrad.tensor.nn.Linear} with He or
 * Xavier initialisation from a seed, {@link dev.jgrad.tensor.nn.Conv2d}, {@link dev.jgrad.tensor.nn.MaxPool2d},
 * {@link dev.jgrad.tensor.nn.Flatten}, {@link dev.jgrad.tensor.nn.Activation}, {@link dev.jgrad.tensor.nn.Dropout}),
 * {@link dev.jgrad.tensor.nn.Sequential}, {@link dev.jgrad.tensor.nn.Losses} (mean squared error, binary
 * cross-entropy with logits, cross-entropy with integer labels), optimizers ({@link dev.jgrad.tensor.nn.Sgd} with
 * momentum and weight decay, {@link dev.jgrad.tensor.nn.Adam} and AdamW, gradient clipping by global norm) and
 * {@link dev.jgrad.tensor.nn.Batches}. The scalar networks of {@link dev.jgrad.nn} stay for graphs of
 * {@link dev.jgrad.Value}s.
 *
 * <p>Modules build graphs from tensor operations only, so every derivative comes from the rule table; optimizers
 * update the parameters' storage in place through {@link dev.jgrad.tensor.Tensor#assign}, recording nothing. Random
 * numbers (initial weights, dropout masks, shuffles) come from a {@link java.util.SplittableRandom} seeded by the
 * caller; there is no global random state.
 *
 * <p>A training step:
 * <pre>{@code
 * Sequential net = Sequential.of(Linear.of(784, 128, Linear.Init.HE, 1), Activation.relu(),
 *         Linear.of(128, 10, Linear.Init.XAVIER, 2));
 * Optimizer opt = Adam.adam(net.parameters(), 1e-3);
 * net.zeroGrad();
 * Losses.crossEntropy(net.forward(x), labels).backward();
 * opt.step();
 * }</pre>
 *
 * <p>Modules and optimizers hold mutable state (parameters, mode, moments, random generators): use one from one
 * thread at a time.
 */
package dev.jgrad.tensor.nn;
