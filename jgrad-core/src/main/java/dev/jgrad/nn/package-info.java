/**
 * Neural networks on jgrad's {@link dev.jgrad.Value} graphs, as micrograd's {@code nn.py} and more: networks
 * ({@link dev.jgrad.nn.MLP} of {@link dev.jgrad.nn.Layer}s of {@link dev.jgrad.nn.Neuron}s, an
 * {@link dev.jgrad.nn.Activation} per layer), {@link dev.jgrad.nn.Losses}, optimizers ({@link dev.jgrad.nn.Sgd},
 * {@link dev.jgrad.nn.Adam}, also as AdamW with decoupled weight decay) with learning-rate
 * {@link dev.jgrad.nn.Schedule}s and mini-batches ({@link dev.jgrad.nn.Dataset#batches}), toy
 * {@link dev.jgrad.nn.Datasets}, numeric {@link dev.jgrad.nn.Csv} files, feature
 * {@link dev.jgrad.nn.Standardizer standardization}, {@link dev.jgrad.nn.Metrics} and model files
 * ({@link dev.jgrad.nn.ModelFile} of {@link dev.jgrad.nn.SavedModel}s, written whole or not at all: a temporary
 * file forced to the storage device, then a move over the target). A malformed CSV or model file throws a
 * {@link dev.jgrad.nn.FileFormatException} naming the file and the place.
 * No dependencies beyond {@code java.base}; nothing here prints, starts threads or uses reflection.
 *
 * <h2>Training a network</h2>
 * <pre>{@code
 * Dataset data = Datasets.moons(100, 0.1, 1337);
 * double[] labels = ...;                                   // the targets mapped to -1 / +1
 * MLP model = MLP.of(1337, 2, 16, 16, 1);                  // relu, relu, linear
 * Optimizer sgd = new Sgd(model.parameters(), Schedule.linear(1.0, 0.1, 100), 0);
 * for (int k = 0; k < 100; k++) {
 *     List<Value> scores = new ArrayList<>();
 *     for (double[] x : data.features()) scores.add(model.apply(x).get(0));
 *     Value loss = Losses.hinge(scores, labels).add(Losses.l2(model.parameters()).mul(1e-4));
 *     sgd.zeroGrad();
 *     loss.backward();
 *     sgd.step();
 * }
 * double score = model.predict(new double[] {0.5, 0.25})[0];   // plain doubles, no graph
 * }</pre>
 * The same seeds give the same weights, data, shuffles and therefore the same losses, on every JVM.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>May be shared:</b> a trained or loaded model used for prediction only. {@link dev.jgrad.nn.MLP#predict},
 *       {@link dev.jgrad.nn.SavedModel#predict} and {@link dev.jgrad.nn.SavedModel#outputs} only read the
 *       parameters and allocate their own scratch arrays, so any number of threads may call them at once on one
 *       model, and get exactly the results of a single thread. {@link dev.jgrad.nn.Standardizer},
 *       {@link dev.jgrad.nn.Activation} and {@link dev.jgrad.nn.Schedule}s from this package are immutable.</li>
 *   <li><b>May not be shared:</b> anything during training. {@link dev.jgrad.nn.MLP#apply} builds a
 *       {@link dev.jgrad.Value} graph through the model's parameters, {@code backward()} writes gradients into
 *       them and an {@link dev.jgrad.nn.Optimizer} writes their values: train a model on one thread, with no
 *       prediction running on it meanwhile. Optimizers and {@code java.util.Random}-driven shuffles are not
 *       thread-safe. To train in parallel, give each thread its own model.</li>
 *   <li>Publishing a model to other threads needs the usual happens-before edge (handing it to an
 *       {@code ExecutorService}, a {@code final} field, a concurrent collection).</li>
 * </ul>
 *
 * <h2>Model file format {@code jgrad-mlp}, versions 1 and 2</h2>
 * {@link dev.jgrad.nn.ModelFile} writes one UTF-8 JSON object (RFC 8259) with exactly these fields. Version 2 differs
 * only in that {@code classLabels} may be an array of strings, the names of text class labels; a model without
 * them is written as version 1, which jgrad versions that know only version 1 read.
 * <table>
 *   <caption>Fields of a model file</caption>
 *   <tr><th>field</th><th>value</th></tr>
 *   <tr><td>{@code format}</td><td>the string {@code "jgrad-mlp"}</td></tr>
 *   <tr><td>{@code version}</td><td>the number {@code 1}, or {@code 2} for class names; a reader refuses versions
 *       newer than it knows</td></tr>
 *   <tr><td>{@code task}</td><td>{@code "classify"} or {@code "regress"} (see {@link dev.jgrad.nn.SavedModel})</td></tr>
 *   <tr><td>{@code target}</td><td>the name of the predicted column, or {@code null}</td></tr>
 *   <tr><td>{@code featureNames}</td><td>an array of one name per input, no two alike, or {@code null}</td></tr>
 *   <tr><td>{@code classLabels}</td><td>for a classifier, the label of each class (2 for a one-output network,
 *       else one per output), no two alike, or {@code null}: numbers, or in version 2 non-empty strings (class
 *       names, {@link dev.jgrad.nn.SavedModel#classNames()})</td></tr>
 *   <tr><td>{@code standardizer}</td><td>{@code {"mean": [...], "std": [...]}}, one number per input each: the
 *       network sees {@code (x_j - mean_j) / std_j}; or {@code null} when raw features go in unchanged</td></tr>
 *   <tr><td>{@code inputs}</td><td>the number of inputs</td></tr>
 *   <tr><td>{@code layers}</td><td>an array, input to output, of
 *       {@code {"activation": "relu"|"tanh"|"sigmoid"|"linear", "biases": [b_0, ...], "weights": [[w_00, ...], ...]}}
 *       with one bias and one row of weights per neuron, each row as long as the layer's input (the previous
 *       layer's size, or {@code inputs}). Neuron {@code n} computes
 *       {@code act(b_n + w_n0 x_0 + w_n1 x_1 + ...)}, summed in that order.</td></tr>
 * </table>
 * Numbers are written with Java's {@link java.lang.Double#toString(double)}, which gives enough digits that parsing
 * to the nearest double (Java's {@link java.lang.Double#parseDouble}, or any correctly rounding JSON reader) returns
 * the same bits, so a saved and loaded model predicts bit for bit as the original. Non-finite parameters cannot be
 * saved. The reader refuses unknown fields, wrong types and shapes, naming the field's path
 * ({@code model.json: layers[1].weights[0]: 15 numbers, expected 16}); malformed JSON is reported with its line and
 * column; a newer version with {@code format version 3 is newer than this jgrad reads (version 2)}.
 * Example (a 2-2-1 network):
 * <pre>{@code
 * {
 *   "format": "jgrad-mlp",
 *   "version": 1,
 *   "task": "classify",
 *   "target": "label",
 *   "featureNames": ["x", "y"],
 *   "classLabels": [0.0, 1.0],
 *   "standardizer": {"mean": [0.5, 0.25], "std": [0.875, 0.5]},
 *   "inputs": 2,
 *   "layers": [
 *     {
 *       "activation": "relu",
 *       "biases": [0.0, -0.125],
 *       "weights": [
 *         [0.25, -0.5],
 *         [1.0, 0.75]
 *       ]
 *     },
 *     {
 *       "activation": "linear",
 *       "biases": [0.5],
 *       "weights": [
 *         [1.5, -2.0]
 *       ]
 *     }
 *   ]
 * }
 * }</pre>
 */
package dev.jgrad.nn;
