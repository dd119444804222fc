/**
 * The compiled tape: a function recorded once into flat arrays ({@link dev.jgrad.tape.Tape}, from a graph of
 * {@link dev.jgrad.Value}s or by tracing a {@link dev.jgrad.tape.TracedFunction} over an {@link dev.jgrad.Algebra})
 * and replayed for new inputs, value and gradient, in a {@link dev.jgrad.tape.Workspace}.
 *
 * <p>This package is the whole API of the tape. How a tape is made lives in packages the module does not export:
 * {@code dev.jgrad.tape.internal} (the program a tape is: op codes, plain pieces, loops, replay segments),
 * {@code .internal.record} (the recorder and the loop finder), {@code .internal.link} (the workspace layout) and
 * {@code .internal.codegen} (the bytecode of compiled loops).
 */
package dev.jgrad.tape;
