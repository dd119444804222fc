/**
 * Tensors: dense N-dimensional arrays of float64 or float32 with reverse-mode automatic differentiation, PyTorch's
 * semantics in plain Java. {@link dev.jgrad.tensor.Tensor} is the whole API; {@link dev.jgrad.tensor.NoGrad} is the
 * scope that turns recording off.
 *
 * <h2>How it is built</h2>
 * A small set of primitives, each with its forward computation and its derivative side by side in one table
 * ({@code Primitive}): elementwise application of a rule, sum and max over axes, reshape, permute, expand (the
 * broadcast, whose gradient is a sum), slice and its adjoint, concat, gather and its adjoint scatter-add, a copy
 * (dtype conversion) and the matrix product, a fused kernel standing for the composition of a broadcast product and
 * a sum, and the log-sum-exp and the softmax along an axis (a pass for the maximum, one for the exponentials and
 * their sum). Convolution and pooling ({@code Convolution}) add the 2-D convolution and its two adjoints (each one's
 * gradients are the other two) and average pooling with its adjoint; max pooling is a gather. Everything else
 * (broadcasting operators, mean, min, clamp, log-softmax, cross-entropy, ...) is composed of those primitives and
 * has no derivative of its own.
 *
 * <p>Elementwise values and partial derivatives are those of the rule table {@link dev.jgrad.Op} (or of any
 * {@link dev.jgrad.Rule}, such as {@link dev.jgrad.Special#LOG_GAMMA}); no elementwise derivative is written here.
 * A first-order backward evaluates a rule's partial as one fused loop over blocks of elements; with
 * {@code createGraph} the same partial is built from tensor operations, so it can be differentiated again. A rule
 * that writes its value as an expression of other rules ({@link dev.jgrad.Rule#expression}, such as ReLU's select)
 * runs as that expression, and the select {@link dev.jgrad.Op#WHERE} runs as a vector compare and blend when the
 * JVM has the Vector API, so neither costs a branch per element.
 *
 * <p>Storage is a flat {@code double[]} or {@code float[]} with an offset and strides; views share it. Elements
 * are computed in {@code double} and stored in the tensor's dtype. The matrix product goes through one kernel,
 * {@code Gemm}, with a Vector API micro-kernel when the JVM has {@code jdk.incubator.vector} and a plain-Java one
 * otherwise, or when the system property {@link dev.jgrad.tensor.Tensor#MATMUL_PATH_PROPERTY} asks for it
 * ({@link dev.jgrad.tensor.Tensor#matmulPath()} says which runs).
 *
 * <p>The two kernels are built differently. The Vector API one is BLIS's design: packed panels and a register tile
 * of {@code C} updated by fused multiply-adds ({@code GemmLoops}, {@code KernelVector64}). Plain Java cannot write
 * SIMD instructions, and a register tile in local variables compiles to scalar ones (a third to a fifth of the speed
 * of what follows, measured on JDK 17 and 25); so the plain kernel ({@code KernelScalar64}) is built around a loop
 * that C2's auto-vectorizer (the superword pass) does turn into SIMD code,
 * {@code t[j] += a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]}: a scratch row of {@code C} updated by four rows of
 * {@code B} at once. JDK 17's pass vectorizes it only under conditions found by measurement: each row is an array of
 * its own indexed by {@code j} alone (rows at offsets in one array, as in a packed panel or in {@code C} itself, stay
 * scalar), and one output row per loop (two rows in one loop stay scalar once the method is compiled on its own). So
 * {@code B} is copied into one array per depth, and {@code C}'s rows are accumulated in per-thread scratch rows and
 * then added to {@code C}; a product with few columns runs transposed, its rows being {@code C}'s columns.
 *
 * <h2>Memory</h2>
 * An operation allocates its result and, past the first call on a thread, nothing else of a size that grows with
 * its operands: elementwise loops work in blocks of 1,024 elements held per thread, the matrix product packs
 * into buffers held per thread, and a convolution unrolls its input (or, in the direct float32 kernels, lays out its
 * weights and output gradient) in a bounded buffer held per thread (one sample's size if a single sample needs more). The optimizers of {@link dev.jgrad.tensor.nn} read parameters and gradients into
 * arrays they keep. A training step therefore allocates its activations and gradients and little more
 * ({@code TensorMlpStepBenchmark} in {@code jgrad-bench}, with {@code -prof gc}).
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>Tensors are immutable values: any number of threads may read a tensor and compute from it at once. The one
 *       exception is {@link dev.jgrad.tensor.Tensor#assign}, by which optimizers overwrite a parameter between
 *       steps: it must not race with anything reading that parameter or a tensor sharing its storage.</li>
 *   <li>Independent graphs may be built and differentiated on different threads at the same time: a backward pass
 *       keeps its bookkeeping to itself and writes only the gradients of the leaves it reaches. Two graphs that
 *       share a leaf requiring a gradient (a parameter) must not run {@code backward()} at the same time, and a
 *       leaf's {@code grad()}, {@code zeroGrad()} and {@code requiresGrad(boolean)} must not race with a backward
 *       pass reaching it.</li>
 *   <li>{@link dev.jgrad.tensor.Tensor#noGrad()} affects only the thread that opens the scope.</li>
 *   <li>Work buffers are per thread and never shared: the matrix product's packing buffers (kept by each thread
 *       that has multiplied, up to about 4 MB per element type, for the thread's life), the convolution's unrolled
 *       blocks or rearranged operands (kept likewise, up to 8 MB, and 4 MB more for a padded copy of the input in
 *       float32, unless one sample needs more) and the
 *       elementwise loops' blocks (a few of 8 KB). No operation locks or waits for another thread.</li>
 *   <li>Optimizers and modules of {@link dev.jgrad.tensor.nn} are used by one thread at a time (an optimizer keeps
 *       arrays it reuses at every step); their parameters are shared as any tensor is.</li>
 *   <li>Every operation runs on the calling thread. The package starts no threads (parallelism is the caller's:
 *       independent graphs on threads the caller owns), prints nothing and uses no reflection.</li>
 * </ul>
 *
 * <p>Tests: {@code TensorEnginesTest.independentGraphsOnSeveralThreadsGiveTheSingleThreadedResults} (four threads
 * training with first- and second-order gradients, each opening its own no-grad scopes) and
 * {@code QuietLibraryTest} in {@code jgrad-modulecheck}.
 */
package dev.jgrad.tensor;
