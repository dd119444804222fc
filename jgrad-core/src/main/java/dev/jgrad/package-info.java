/**
 * Pure-Java automatic differentiation: {@link dev.jgrad.Value} graphs (micrograd's engine with the full op set),
 * the one table of derivative rules {@link dev.jgrad.Op}, and user-defined {@link dev.jgrad.Rule}s.
 *
 * <p>The module {@code dev.jgrad} requires only {@code java.base}. The library uses no reflection, starts no
 * threads, does no I/O while its classes initialize and prints nothing; errors are reported by exceptions whose
 * messages name the bad value.
 *
 * <h2>Threads</h2>
 * This is the library's one statement of what may be used from several threads at once.
 * <ul>
 *   <li><b>May be shared:</b>
 *     <ul>
 *       <li>A compiled program ({@code dev.jgrad.tape.Tape}): it is immutable, so any number of threads may replay it
 *           at once, each in its own {@code Workspace} ({@code tape.newWorkspace()}, made once per thread and
 *           reused for every call on that thread).</li>
 *       <li>A model used only for prediction: a trained {@code dev.jgrad.nn.MLP} or a {@code SavedModel} loaded from
 *           a model file. Prediction only reads the parameters, so many threads may predict with one model at once
 *           and get exactly the results of one thread, as long as nobody trains it meanwhile.</li>
 *       <li>Immutable values: the {@link dev.jgrad.Op} rules, feature standardizers, activations, schedules.
 *           User-defined {@link dev.jgrad.Rule}s are called from whichever threads replay or differentiate, so
 *           they must be stateless, as the built-in ones are.</li>
 *       <li>Independent {@link dev.jgrad.Value} graphs: graphs with no node in common may be built and
 *           differentiated on different threads at the same time without interfering.</li>
 *     </ul>
 *   </li>
 *   <li><b>May not be shared:</b>
 *     <ul>
 *       <li>A {@link dev.jgrad.Value} graph while {@link dev.jgrad.Value#backward()},
 *           {@link dev.jgrad.Value#zeroGrad()} or {@link dev.jgrad.Value#setData(double)} runs over it: gradients,
 *           data and traversal marks are plain fields. Two graphs that share any node (a parameter, say) count as
 *           one graph here. Building new nodes on top of shared nodes only reads them, so it is safe while nothing
 *           writes them.</li>
 *       <li>A {@code Workspace}, an optimizer, and a model while it trains: train on one thread, or give each
 *           thread its own model.</li>
 *     </ul>
 *   </li>
 *   <li>Handing an object to another thread needs the usual happens-before edge: a {@code final} field, a
 *       concurrent collection, {@code ExecutorService.submit}.</li>
 * </ul>
 */
package dev.jgrad;
