/**
 * Pure-Java automatic differentiation: {@link dev.jgrad.Value} graphs (micrograd's engine with the full op set),
 * the one table of derivative rules {@link dev.jgrad.Op}, user-defined {@link dev.jgrad.Rule}s, and the functional
 * API {@link dev.jgrad.Grad} (gradients, Jacobians, Hessians, derivatives of any order). Compiled programs are in
 * {@link dev.jgrad.tape}, neural networks and model files in {@link dev.jgrad.nn}.
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
 *       <li>A compiled program ({@link dev.jgrad.tape.Tape}): it is immutable, so any number of threads may replay
 *           it at once, each in its own {@link dev.jgrad.tape.Workspace} ({@link dev.jgrad.tape.Tape#newWorkspace()},
 *           made once per thread and reused for every call on that thread).</li>
 *       <li>A model used only for prediction: a trained {@link dev.jgrad.nn.MLP} or a {@link dev.jgrad.nn.SavedModel}
 *           loaded with {@link dev.jgrad.nn.ModelFile#load}. Prediction only reads the parameters, so many threads
 *           may predict with one model at once and get exactly the results of one thread, as long as nobody trains
 *           it meanwhile.</li>
 *       <li>Immutable values: the {@link dev.jgrad.Op} rules, {@link dev.jgrad.nn.Standardizer}s,
 *           {@link dev.jgrad.nn.Activation}s, {@link dev.jgrad.nn.Schedule}s. User-defined {@link dev.jgrad.Rule}s
 *           are called from whichever threads replay or differentiate, so they must be stateless, as the built-in
 *           ones are.</li>
 *       <li>Independent {@link dev.jgrad.Value} graphs: graphs with no node in common may be built and
 *           differentiated on different threads at the same time without interfering. The {@link dev.jgrad.Grad}
 *           functions build a fresh graph per call, so they may run on many threads at once when the function
 *           builds its result from its arguments only (a {@code Value} it captures is a node the graphs share).</li>
 *     </ul>
 *   </li>
 *   <li><b>May not be shared:</b>
 *     <ul>
 *       <li>A {@link dev.jgrad.Value} graph while {@link dev.jgrad.Value#backward()},
 *           {@link dev.jgrad.Value#zeroGrad()}, {@link dev.jgrad.Value#setData(double)} or a {@link dev.jgrad.Grad}
 *           sweep runs over it: gradients, data and traversal marks are plain fields. Two graphs that share any node
 *           (a parameter, say) count as one graph here. Building new nodes on top of shared nodes only reads them,
 *           so it is safe while nothing writes them.</li>
 *       <li>A {@link dev.jgrad.tape.Workspace}, an {@link dev.jgrad.nn.Optimizer}, and a model while it trains:
 *           train on one thread, or give each thread its own model. A workspace checks this: a replay starting
 *           while another runs in it throws {@link IllegalStateException} rather than return mixed-up numbers.</li>
 *     </ul>
 *   </li>
 *   <li>Handing an object to another thread needs the usual happens-before edge: a {@code final} field, a
 *       concurrent collection, {@code ExecutorService.submit}.</li>
 * </ul>
 *
 * <p>Tests of the shared cases: {@code TapeTest.concurrentReplaysAreExact} (one tape, 4 threads),
 * {@code ModelFileTest.fourThreadsPredictExactlyWithOneLoadedModel} and
 * {@code ScaleAndThreadsTest.independentGraphsOnSeveralThreadsGiveTheSingleThreadedResults}.
 */
package dev.jgrad;
