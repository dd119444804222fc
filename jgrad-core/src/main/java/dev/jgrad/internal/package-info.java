/**
 * Helpers that jgrad's own modules share and that are no part of its API: the module does not export this package,
 * and its types may change or go in any release. {@link dev.jgrad.internal.AtomicWrite} writes files whole or not at
 * all (model files, the {@code jgrad} command's outputs); {@link dev.jgrad.internal.Rosenbrock} is the workload of
 * the tape benchmarks and their tests; {@link dev.jgrad.internal.Plural} puts a count's noun in the singular or the
 * plural in messages; {@link dev.jgrad.internal.VersionLines} is what the commands print for {@code --version};
 * {@link dev.jgrad.internal.NetworkSize} counts a network's parameters for the commands' limit.
 */
package dev.jgrad.internal;
