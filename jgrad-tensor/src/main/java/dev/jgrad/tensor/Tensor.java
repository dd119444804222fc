package dev.jgrad.tensor;

import dev.jgrad.Op;
import dev.jgrad.Rule;
import dev.jgrad.Special;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense, row-major array of any number of dimensions, in {@link DType#FLOAT64} or {@link DType#FLOAT32}, with
 * reverse-mode automatic differentiation: PyTorch's {@code Tensor} in Java.
 *
 * <pre>{@code
 * Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
 * Tensor x = Tensor.of(new double[] {0.5, -1, 2}, 3, 1);
 * Tensor loss = w.matmul(x).tanh().sum();
 * loss.backward();
 * w.grad();                                  // d loss / d w, of shape [2, 3]
 * }</pre>
 *
 * <p><b>Values.</b> A tensor's elements never change after it is made; operations return new tensors. Slicing,
 * {@link #transpose}, {@link #permute}, {@link #expand} and {@link #reshape} (of contiguous data) are views sharing
 * storage; every other operation writes a new contiguous tensor. Every element is computed in {@code double} and
 * stored in the tensor's dtype. NaN and infinities propagate and are never thrown; elementwise values and
 * derivatives are exactly the scalar engine's ({@link Op}), which are PyTorch's except at a few NaN and infinite
 * operands: {@code sign(NaN)} is NaN (PyTorch 1.13: 0), so {@code |x|'(NaN)} is NaN (PyTorch: 0),
 * {@code relu'(NaN)} is 0 (PyTorch: 1) and {@code (-Infinity)^0.5} is {@code +Infinity}, C's {@code pow} (PyTorch:
 * NaN).
 *
 * <p><b>Broadcasting.</b> Elementwise operations broadcast their operands as NumPy does (shapes aligned at the right,
 * sizes equal or 1), as an explicit {@link #expand} whose gradient is a sum. Operands of different dtypes are
 * promoted as PyTorch promotes floating-point tensors: the result has the wider dtype among the operands of at least
 * one dimension, and a 0-dimensional operand (a {@link #scalar}) counts only if every operand is one. So a float32
 * tensor times a float64 scalar is float32, the scalar rounded to float32, while a float32 tensor times a float64
 * tensor of shape {@code [1]} is float64. A {@code double} operand takes this tensor's dtype. Each gradient has its
 * tensor's dtype: a float64 scalar that took part in a float32 operation gets that operation's float32 gradient,
 * summed over the elements the scalar was broadcast to and converted to float64 (a float32 number in a float64
 * tensor), as in PyTorch.
 *
 * <p><b>Gradients.</b> A leaf marked with {@link #requiresGrad(boolean)} (a parameter) makes every tensor computed
 * from it record the operation that made it; {@link #backward()} then adds the gradient into each such leaf's
 * {@link #grad()}, accumulating across calls as PyTorch does, until {@link #zeroGrad()}. Data tensors require no
 * gradient and record nothing. Elementwise derivatives come from the rule table {@link Op} (or any {@link Rule});
 * each other primitive's derivative is written once in tensor operations, so gradients can be built as graphs and
 * differentiated again ({@link #backward(Tensor, boolean)}, {@link #gradients}). {@link #noGrad()} opens a scope
 * in which nothing is recorded.
 *
 * <p><b>Errors.</b> An operation given incompatible shapes throws {@link IllegalArgumentException} naming the
 * operation and its operands' shapes (all three for {@link #where}); an index out of range throws
 * {@link IndexOutOfBoundsException} naming the index, the axis and the shape.
 */
public final class Tensor {

    final DType dtype;
    final int[] shape;
    final int[] strides;
    final int offset;
    /** The storage of a float64 tensor, else {@code null}. */
    final double[] d;
    /** The storage of a float32 tensor, else {@code null}. */
    final float[] f;
    /** The primitive that computed this tensor while gradients were recorded, {@code null} for a leaf. */
    final Primitive node;
    private final boolean contiguous;
    private final boolean broadcastScalar;
    private boolean requiresGrad;
    private Tensor grad;

    private Tensor(DType dtype, int[] shape, int[] strides, int offset, double[] d, float[] f, Primitive node) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.d = d;
        this.f = f;
        this.node = node;
        this.requiresGrad = node != null;
        boolean rowMajor = true;
        boolean allZero = true;
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1) {
                rowMajor &= strides[i] == expected;
                allZero &= strides[i] == 0;
            }
            expected *= shape[i];
        }
        this.contiguous = rowMajor || expected == 0;
        this.broadcastScalar = allZero;
    }

    /** A new contiguous tensor of zeros. */
    static Tensor allocate(DType dtype, int[] shape) {
        int n = Shapes.size(shape);
        return dtype == DType.FLOAT64
                ? new Tensor(dtype, shape, Shapes.rowMajor(shape), 0, new double[n], null, null)
                : new Tensor(dtype, shape, Shapes.rowMajor(shape), 0, null, new float[n], null);
    }

    /** Another layout over this tensor's storage, recording nothing. */
    Tensor view(int[] shape, int[] strides, int offset) {
        return new Tensor(dtype, shape, strides, offset, d, f, null);
    }

    /** The view with axes reordered: axis {@code i} of the result is axis {@code perm[i]} of this. */
    Tensor permutedView(int[] perm) {
        int[] s = new int[perm.length];
        int[] st = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            s[i] = shape[perm[i]];
            st[i] = strides[perm[i]];
        }
        return view(s, st, offset);
    }

    /** This tensor's data as the output of {@code node}, which requires a gradient. */
    Tensor tracked(Primitive node) {
        return new Tensor(dtype, shape, strides, offset, d, f, node);
    }

    boolean isContiguous() {
        return contiguous;
    }

    /** Whether every element is the one at {@link #offset} (a scalar expanded). */
    boolean isBroadcastScalar() {
        return broadcastScalar;
    }

    /** The element at a storage position. */
    double at(int position) {
        return d != null ? d[position] : f[position];
    }

    // ---------------------------------------------------------------- creation

    /**
     * A 1-dimensional float64 tensor of these values.
     *
     * @param values the elements (copied)
     * @return a tensor of shape {@code [values.length]}
     */
    public static Tensor of(double... values) {
        Objects.requireNonNull(values, "values");
        return of(values, values.length);
    }

    /**
     * A float64 tensor of the given shape holding {@code values} in row-major order.
     *
     * @param values the elements (copied)
     * @param shape  the sizes, each at least 0; no sizes at all make a scalar (0 dimensions)
     * @return the new tensor
     * @throws IllegalArgumentException if the number of values is not the shape's number of elements
     */
    public static Tensor of(double[] values, int... shape) {
        Objects.requireNonNull(values, "values");
        int[] s = checkedShape("of", values.length, shape);
        return new Tensor(DType.FLOAT64, s, Shapes.rowMajor(s), 0, values.clone(), null, null);
    }

    /**
     * A float32 tensor of the given shape holding {@code values} in row-major order.
     *
     * @param values the elements (copied)
     * @param shape  the sizes, each at least 0
     * @return the new tensor
     * @throws IllegalArgumentException if the number of values is not the shape's number of elements
     */
    public static Tensor of(float[] values, int... shape) {
        Objects.requireNonNull(values, "values");
        int[] s = checkedShape("of", values.length, shape);
        return new Tensor(DType.FLOAT32, s, Shapes.rowMajor(s), 0, null, values.clone(), null);
    }

    /**
     * A float64 matrix with these rows.
     *
     * @param rows the rows, all of one length (copied)
     * @return a tensor of shape {@code [rows.length, rows[0].length]}
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Tensor of(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        int columns = rows.length == 0 ? 0 : rows[0].length;
        double[] values = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            Objects.requireNonNull(rows[i], "rows[" + i + "]");
            if (rows[i].length != columns) {
                throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has "
                        + columns);
            }
            System.arraycopy(rows[i], 0, values, i * columns, columns);
        }
        return of(values, rows.length, columns);
    }

    private static int[] checkedShape(String op, int count, int[] shape) {
        Objects.requireNonNull(shape, "shape");
        int[] s = Shapes.checked(op, shape);
        if (Shapes.size(s) != count) {
            throw new IllegalArgumentException(op + ": " + count + " values do not fill shape " + Shapes.str(s)
                    + " of " + Shapes.size(s) + " elements");
        }
        return s;
    }

    /**
     * A float64 scalar: a tensor of 0 dimensions.
     *
     * @param value the value
     * @return a float64 scalar: a tensor of 0 dimensions
     */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT64);
    }

    /**
     * A scalar (a tensor of 0 dimensions) of the given dtype.
     *
     * @param value the value
     * @param dtype the element type
     * @return a scalar (a tensor of 0 dimensions) of the given dtype
     */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /**
     * A float64 tensor of zeros.
     *
     * @param shape the sizes of the axes
     * @return a float64 tensor of zeros
     */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT64, shape);
    }

    /**
     * A tensor of zeros of the given dtype and shape.
     *
     * @param dtype the element type
     * @param shape the sizes of the axes
     * @return a tensor of zeros of the given dtype and shape
     */
    public static Tensor zeros(DType dtype, int... shape) {
        Objects.requireNonNull(dtype, "dtype");
        return allocate(dtype, Shapes.checked("zeros", Objects.requireNonNull(shape, "shape")));
    }

    /**
     * A float64 tensor of ones.
     *
     * @param shape the sizes of the axes
     * @return a float64 tensor of ones
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Integer#MAX_VALUE}
     *                                  elements
     */
    public static Tensor ones(int... shape) {
        return full("ones", 1, DType.FLOAT64, shape);
    }

    /**
     * A tensor of the given dtype and shape with every element {@code value}.
     *
     * @param value the value
     * @param dtype the element type
     * @param shape the sizes of the axes
     * @return a tensor of the given dtype and shape with every element {@code value}
     * @throws IllegalArgumentException if a size is negative or the shape has more than {@link Integer#MAX_VALUE}
     *                                  elements
     */
    public static Tensor full(double value, DType dtype, int... shape) {
        return full("full", value, dtype, shape);
    }

    /** {@link #full(double, DType, int...)} with its shape checked in the name of {@code op}. */
    private static Tensor full(String op, double value, DType dtype, int[] shape) {
        Objects.requireNonNull(dtype, "dtype");
        Tensor t = allocate(dtype, Shapes.checked(op, Objects.requireNonNull(shape, "shape")));
        if (t.d != null) {
            Arrays.fill(t.d, value);
        } else {
            Arrays.fill(t.f, (float) value);
        }
        return t;
    }

    // ---------------------------------------------------------------- what a tensor is

    /**
     * The element type.
     *
     * @return the element type
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The sizes of the dimensions (a copy); {@code []} for a scalar.
     *
     * @return the sizes of the dimensions (a copy); {@code []} for a scalar
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the number of dimensions
     */
    public int dim() {
        return shape.length;
    }

    /**
     * The size of one dimension.
     *
     * @param axis the dimension, negative counting from the end
     * @return its size
     */
    public int size(int axis) {
        return shape[Shapes.axis("size", axis, shape.length)];
    }

    /**
     * The number of elements.
     *
     * @return the number of elements
     */
    public int numel() {
        return Shapes.size(shape);
    }

    /**
     * The value of a tensor of one element, whatever its number of dimensions.
     *
     * @return the value of a tensor of one element, whatever its number of dimensions
     * @throws IllegalStateException if the tensor has more or fewer than one element
     */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a tensor of shape " + Shapes.str(shape) + " has " + numel()
                    + " elements, not 1");
        }
        return at(offset);
    }

    /**
     * One element.
     *
     * @param index one index per dimension, negative counting from the end
     * @return the element
     * @throws IndexOutOfBoundsException naming the index that is out of range
     */
    public double get(int... index) {
        Objects.requireNonNull(index, "index");
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for shape " + Shapes.str(shape));
        }
        int position = offset;
        for (int i = 0; i < index.length; i++) {
            position += checkedIndex("get", index[i], i) * strides[i];
        }
        return at(position);
    }

    private int checkedIndex(String op, int index, int axis) {
        int i = index < 0 ? index + shape[axis] : index;
        if (i < 0 || i >= shape[axis]) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of range for axis " + axis
                    + " of size " + shape[axis] + " (shape " + Shapes.str(shape) + ")");
        }
        return i;
    }

    /**
     * The elements in row-major order, as doubles (a new array).
     *
     * @return the elements in row-major order, as doubles (a new array)
     */
    public double[] toDoubleArray() {
        double[] out = new double[numel()];
        copyTo(out);
        return out;
    }

    /**
     * Writes the elements in row-major order, as doubles, into an array the caller keeps: the form of
     * {@link #toDoubleArray()} that allocates nothing, for loops that read the same tensors at every step (an
     * optimizer reading parameters and gradients).
     *
     * @param out receives the {@link #numel()} elements at its positions {@code 0 .. numel() - 1}; later positions
     *            are left as they are
     * @throws IllegalArgumentException if {@code out} has fewer than {@link #numel()} positions
     */
    public void copyTo(double[] out) {
        Objects.requireNonNull(out, "out");
        int n = numel();
        if (out.length < n) {
            throw new IllegalArgumentException("copyTo: an array of length " + out.length + " for a tensor of shape "
                    + Shapes.str(shape) + " (" + n + " elements)");
        }
        if (contiguous) {
            Kernels.read(this, 0, n, out, null);
            return;
        }
        Scratch scratch = Scratch.take();
        double[] block = scratch.block(0);
        for (int start = 0; start < n; start += Kernels.BLOCK) {
            int len = Math.min(Kernels.BLOCK, n - start);
            Kernels.read(this, start, len, block, scratch.positions);
            System.arraycopy(block, 0, out, start, len);
        }
        scratch.release();
    }

    /**
     * The elements in row-major order, as floats (a new array; float64 elements are rounded).
     *
     * @return the elements in row-major order, as floats
     */
    public float[] toFloatArray() {
        double[] values = toDoubleArray();
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- gradients

    /**
     * Whether gradients with respect to this tensor are computed: set on leaves, inherited by results.
     *
     * @return whether gradients with respect to this tensor are computed
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf as a parameter whose gradient {@link #backward()} computes (or unmarks it).
     *
     * @param requiresGrad whether to compute its gradient
     * @return this tensor
     * @throws IllegalStateException if this tensor was computed by an operation (only leaves are marked)
     */
    public Tensor requiresGrad(boolean requiresGrad) {
        if (node != null) {
            throw new IllegalStateException("requiresGrad: only leaves can be marked; this tensor was made by '"
                    + node.name() + "'");
        }
        this.requiresGrad = requiresGrad;
        return this;
    }

    /**
     * Whether this tensor was not computed by a recorded operation (data, parameters, detached tensors).
     *
     * @return whether this tensor was not computed by a recorded operation
     */
    public boolean isLeaf() {
        return node == null;
    }

    /**
     * The name of the operation that computed this tensor, such as {@code "mul"}; {@code ""} for a leaf.
     *
     * @return the name of the operation that computed this tensor, such as {@code "mul"}
     */
    public String op() {
        return node == null ? "" : node.name();
    }

    /**
     * The gradient accumulated in this leaf by {@link #backward()}: zeros of this tensor's shape if none has been
     * (interior tensors keep no gradient). After {@code backward(seed, true)} it has a graph of its own.
     *
     * @return the gradient accumulated in this leaf by {@link #backward()}
     */
    public Tensor grad() {
        return grad != null ? grad : zeros(dtype, shape);
    }

    /** Forgets the accumulated gradient, so {@link #grad()} is zeros again. */
    public void zeroGrad() {
        grad = null;
    }

    void accumulate(Tensor g) {
        grad = grad == null ? g : grad.add(g);
    }

    /**
     * This tensor's data as a new leaf that requires no gradient and records nothing (storage is shared).
     *
     * @return this tensor's data as a new leaf that requires no gradient and records nothing
     */
    public Tensor detach() {
        return view(shape, strides, offset);
    }

    /**
     * Overwrites this leaf's elements, in place and recording nothing, with {@code values} in row-major order
     * (rounded to float32 for a float32 tensor): the one hook by which optimizers update parameters, PyTorch's
     * {@code with torch.no_grad(): p.copy_(values)}. Every tensor sharing this storage (views, {@link #detach()}ed
     * copies, graphs that saved this tensor) sees the new elements, so assign between steps, not between a forward
     * pass and its {@code backward()}. The gradient is left as it is.
     *
     * @param values the new elements, {@link #numel()} of them
     * @throws IllegalStateException    if this tensor was computed by a recorded operation (not a leaf), or if
     *                                  several of its elements share one storage position (an expanded view)
     * @throws IllegalArgumentException if the number of values differs from {@link #numel()}
     */
    public void assign(double[] values) {
        Objects.requireNonNull(values, "values");
        if (node != null) {
            throw new IllegalStateException("assign: only leaves can be overwritten; this tensor was made by '"
                    + node.name() + "'");
        }
        if (values.length != numel()) {
            throw new IllegalArgumentException("assign: " + values.length + " values for a tensor of shape "
                    + Shapes.str(shape) + " (" + numel() + " elements)");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > 1 && strides[i] == 0) {
                throw new IllegalStateException("assign: axis " + i + " of shape " + Shapes.str(shape)
                        + " is expanded (stride 0), so its elements share storage");
            }
        }
        if (contiguous && d != null) {
            System.arraycopy(values, 0, d, offset, values.length);
        } else if (contiguous) {
            for (int k = 0; k < values.length; k++) {
                f[offset + k] = (float) values[k];
            }
        } else {
            Kernels.scatterInto(of(values, shape), this);
        }
    }

    /**
     * Back-propagates from this scalar output: adds {@code d this / d leaf} into the {@link #grad()} of every leaf
     * that requires a gradient. The graph is kept, so calling it again adds the gradient again, as in PyTorch.
     *
     * @throws IllegalStateException if this tensor has more than one element or requires no gradient
     */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: an output of shape " + Shapes.str(shape)
                    + " is not a scalar; give the gradient of the output with backward(gradient, createGraph)");
        }
        backward(full(1, dtype, shape), false);
    }

    /**
     * Back-propagates a given gradient of this output (a vector-Jacobian product) into the leaves' {@link #grad()}.
     * The gradient is copied first, so no leaf's gradient shares its storage: {@link #assign}ing to it afterwards (a
     * buffer reused for the next call) changes no gradient already accumulated.
     *
     * @param gradient    the gradient of some scalar with respect to this tensor, of this tensor's shape
     * @param createGraph whether the gradients are computed with a graph of their own, so that they can be
     *                    differentiated again (Hessian-vector products); PyTorch's {@code create_graph}
     * @throws IllegalArgumentException if the gradient's shape differs from this tensor's
     * @throws IllegalStateException    if this tensor requires no gradient
     */
    public void backward(Tensor gradient, boolean createGraph) {
        Tensor seed = checkedSeed(gradient);
        Autograd.sweep(this, seed == gradient ? Primitive.Copy.apply(gradient, dtype) : seed, null, createGraph);
    }

    private Tensor checkedSeed(Tensor gradient) {
        Objects.requireNonNull(gradient, "gradient");
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor requires no gradient (no leaf it was computed from "
                    + "requires one, or it was computed in a NoGrad scope)");
        }
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward: gradient of shape " + Shapes.str(gradient.shape)
                    + " for an output of shape " + Shapes.str(shape));
        }
        return gradient.to(dtype);
    }

    /**
     * The gradients of a scalar output with respect to some tensors, returned rather than accumulated (no
     * {@link #grad()} changes); PyTorch's {@code torch.autograd.grad}.
     *
     * @param output      a tensor of one element that requires a gradient
     * @param wrt         tensors the output may depend on (leaves or interior), each requiring a gradient
     * @param createGraph whether the gradients get a graph of their own, to be differentiated again
     * @return one gradient per tensor of {@code wrt}, of its shape (zeros where the output does not depend on it)
     * @throws IllegalArgumentException if a tensor of {@code wrt} requires no gradient
     * @throws IllegalStateException    if the output is not a scalar or requires no gradient
     */
    public static List<Tensor> gradients(Tensor output, List<Tensor> wrt, boolean createGraph) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(wrt, "wrt");
        for (int i = 0; i < wrt.size(); i++) {
            if (!Objects.requireNonNull(wrt.get(i), "wrt[" + i + "]").requiresGrad) {
                throw new IllegalArgumentException("gradients: wrt[" + i + "] requires no gradient");
            }
        }
        if (output.numel() != 1) {
            throw new IllegalStateException("gradients: the output of shape " + Shapes.str(output.shape)
                    + " is not a scalar");
        }
        Tensor seed = output.checkedSeed(full(1, output.dtype, output.shape));
        return List.of(Autograd.sweep(output, seed, List.copyOf(wrt), createGraph));
    }

    /**
     * Opens a scope, on this thread, in which operations record no graph; close it (try-with-resources) to return
     * to the previous setting.
     *
     * @return the open scope, to be closed
     */
    public static NoGrad noGrad() {
        return new NoGrad();
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * A rule applied element by element, this tensor as its first operand, with broadcasting: any operation of
     * {@link Op} (except the variadic {@link Op#SUM}; use {@link #add}) or a user's {@link Rule} such as
     * {@link Special#ERF}. The value and the partial derivatives are the rule's. The operands, this one included, are
     * promoted to one dtype as the class documentation says.
     *
     * @param rule   the operation
     * @param others the other operands, {@code rule.arity() - 1} of them
     * @return the new tensor, of the operands' broadcast shape
     * @throws IllegalArgumentException if the number of operands is wrong or the shapes do not broadcast
     */
    public Tensor apply(Rule rule, Tensor... others) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(others, "others");
        if (rule.arity() != others.length + 1) {
            throw new IllegalArgumentException(rule.label() + ": rule of arity " + rule.arity() + " given "
                    + (others.length + 1) + " operands");
        }
        Tensor[] operands = new Tensor[others.length + 1];
        operands[0] = this;
        for (int i = 0; i < others.length; i++) {
            operands[i + 1] = Objects.requireNonNull(others[i], "operand " + (i + 1));
        }
        return map(rule, DType.promoted(operands), operands);
    }

    /** The rule applied to the operands converted to {@code type} and broadcast to one shape. */
    private static Tensor map(Rule rule, DType type, Tensor... operands) {
        int[][] shapes = new int[operands.length][];
        for (int i = 0; i < operands.length; i++) {
            shapes[i] = operands[i].shape;
        }
        int[] s = Shapes.broadcast(rule.label(), shapes);
        Tensor[] converted = new Tensor[operands.length];
        for (int i = 0; i < operands.length; i++) {
            converted[i] = operands[i].to(type).broadcastTo(s);
        }
        return Primitive.Map.apply(rule, converted);
    }

    private Tensor constant(double value) {
        return scalar(value, dtype);
    }

    /**
     * {@code this + other}, broadcast; both partials 1.
     *
     * @param other the other operand, broadcast against this tensor
     * @return a new tensor
     */
    public Tensor add(Tensor other) {
        return apply(Op.ADD, other);
    }

    /**
     * {@code this + other}.
     *
     * @param other the other operand, a constant
     * @return a new tensor
     */
    public Tensor add(double other) {
        return apply(Op.ADD, constant(other));
    }

    /**
     * {@code this - other}, broadcast; partials 1 and -1.
     *
     * @param other the other operand, broadcast against this tensor
     * @return a new tensor
     */
    public Tensor sub(Tensor other) {
        return apply(Op.SUB, other);
    }

    /**
     * {@code this - other}.
     *
     * @param other the other operand, a constant
     * @return a new tensor
     */
    public Tensor sub(double other) {
        return apply(Op.SUB, constant(other));
    }

    /**
     * {@code this * other}, broadcast; partials {@code other} and {@code this}.
     *
     * @param other the other operand, broadcast against this tensor
     * @return a new tensor
     */
    public Tensor mul(Tensor other) {
        return apply(Op.MUL, other);
    }

    /**
     * {@code this * other}.
     *
     * @param other the other operand, a constant
     * @return a new tensor
     */
    public Tensor mul(double other) {
        return apply(Op.MUL, constant(other));
    }

    /**
     * {@code this / other}, broadcast; partials {@code 1/other} and {@code -(this/other)/other}.
     *
     * @param other the other operand, broadcast against this tensor
     * @return a new tensor
     */
    public Tensor div(Tensor other) {
        return apply(Op.DIV, other);
    }

    /**
     * {@code this / other}.
     *
     * @param other the other operand, a constant
     * @return a new tensor
     */
    public Tensor div(double other) {
        return apply(Op.DIV, constant(other));
    }

    /**
     * {@code this ^ exponent}, broadcast, with {@link Op#POW}'s values and derivatives at the edge points.
     *
     * @param exponent the exponent
     * @return a new tensor
     */
    public Tensor pow(Tensor exponent) {
        return apply(Op.POW, exponent);
    }

    /**
     * {@code this ^ exponent}.
     *
     * @param exponent the exponent
     * @return a new tensor
     */
    public Tensor pow(double exponent) {
        return apply(Op.POW, constant(exponent));
    }

    /**
     * {@code -this}.
     *
     * @return a new tensor
     */
    public Tensor neg() {
        return apply(Op.NEG);
    }

    /**
     * {@code e^this}; derivative {@code e^this}.
     *
     * @return a new tensor
     */
    public Tensor exp() {
        return apply(Op.EXP);
    }

    /**
     * {@code ln this}; derivative {@code 1/this}.
     *
     * @return a new tensor
     */
    public Tensor log() {
        return apply(Op.LOG);
    }

    /**
     * {@code ln(1 + this)}, accurate for tiny elements; derivative {@code 1/(1 + this)}.
     *
     * @return a new tensor
     */
    public Tensor log1p() {
        return apply(Op.LOG1P);
    }

    /**
     * {@code e^this - 1}, accurate for tiny elements; derivative {@code e^this}.
     *
     * @return a new tensor
     */
    public Tensor expm1() {
        return apply(Op.EXPM1);
    }

    /**
     * {@code tan this}; derivative {@code 1 + tan²}.
     *
     * @return a new tensor
     */
    public Tensor tan() {
        return apply(Op.TAN);
    }

    /**
     * {@code asin this} (NaN outside [-1, 1]); derivative {@code 1/√(1 - x²)}, infinite at ±1.
     *
     * @return a new tensor
     */
    public Tensor asin() {
        return apply(Op.ASIN);
    }

    /**
     * {@code acos this} (NaN outside [-1, 1]); derivative {@code -1/√(1 - x²)}, infinite at ±1.
     *
     * @return a new tensor
     */
    public Tensor acos() {
        return apply(Op.ACOS);
    }

    /**
     * {@code atan this}; derivative {@code 1/(1 + x²)}.
     *
     * @return a new tensor
     */
    public Tensor atan() {
        return apply(Op.ATAN);
    }

    /**
     * {@code sinh this}; derivative {@code cosh}.
     *
     * @return a new tensor
     */
    public Tensor sinh() {
        return apply(Op.SINH);
    }

    /**
     * {@code cosh this}; derivative {@code sinh}.
     *
     * @return a new tensor
     */
    public Tensor cosh() {
        return apply(Op.COSH);
    }

    /**
     * {@code ln(1 + e^this)} as PyTorch's softplus (beta 1, threshold 20: the element itself above 20);
     * derivative {@code sigmoid(this)}.
     *
     * @return a new tensor
     */
    public Tensor softplus() {
        return apply(Op.SOFTPLUS);
    }

    /**
     * {@code atan2(this, other)}, the angle of the point {@code (other, this)}, broadcast; derivatives
     * {@code other/(this² + other²)} and {@code -this/(this² + other²)}, NaN at the origin as PyTorch's.
     *
     * @param other the x coordinate
     * @return a new tensor
     */
    public Tensor atan2(Tensor other) {
        return apply(Op.ATAN2, other);
    }

    /**
     * {@code √(this² + other²)} without overflow, broadcast; derivatives {@code this/hypot} and
     * {@code other/hypot}, NaN at the origin as PyTorch's.
     *
     * @param other the other leg
     * @return a new tensor
     */
    public Tensor hypot(Tensor other) {
        return apply(Op.HYPOT, other);
    }

    /**
     * The elementwise larger of this and {@code other}, broadcast (PyTorch's {@code maximum}; NaN if either is
     * NaN); the gradient goes to the larger, split equally at a tie. The largest element along axes is
     * {@link #max(int...)}.
     *
     * @param other the other operand
     * @return a new tensor
     */
    public Tensor maximum(Tensor other) {
        return apply(Op.MAX, other);
    }

    /**
     * The elementwise smaller of this and {@code other}, broadcast (PyTorch's {@code minimum}; NaN if either is
     * NaN); the gradient goes to the smaller, split equally at a tie. The smallest element along axes is
     * {@link #min(int...)}.
     *
     * @param other the other operand
     * @return a new tensor
     */
    public Tensor minimum(Tensor other) {
        return apply(Op.MIN, other);
    }

    /**
     * {@code √this}; derivative {@code 1/(2√this)}.
     *
     * @return a new tensor
     */
    public Tensor sqrt() {
        return apply(Op.SQRT);
    }

    /**
     * {@code tanh this}; derivative {@code 1 - tanh²}.
     *
     * @return a new tensor
     */
    public Tensor tanh() {
        return apply(Op.TANH);
    }

    /**
     * The logistic function; derivative {@code s(1 - s)}.
     *
     * @return the logistic function; derivative {@code s(1 - s)}
     */
    public Tensor sigmoid() {
        return apply(Op.SIGMOID);
    }

    /**
     * {@code max(this, 0)}; derivative 1 above 0, else 0.
     *
     * @return a new tensor
     */
    public Tensor relu() {
        return apply(Op.RELU);
    }

    /**
     * {@code sin this}; derivative {@code cos}.
     *
     * @return a new tensor
     */
    public Tensor sin() {
        return apply(Op.SIN);
    }

    /**
     * {@code cos this}; derivative {@code -sin}.
     *
     * @return a new tensor
     */
    public Tensor cos() {
        return apply(Op.COS);
    }

    /**
     * {@code |this|}; derivative {@code sign(this)}, 0 at 0.
     *
     * @return a new tensor
     */
    public Tensor abs() {
        return apply(Op.ABS);
    }

    /**
     * The sign of each element (-1, 0, 1, NaN for NaN); derivative 0.
     *
     * @return the sign of each element (-1, 0, 1, NaN for NaN); derivative 0
     */
    public Tensor sign() {
        return apply(Op.SIGN);
    }

    /**
     * {@code ln|Γ(this)|} ({@link Special#LOG_GAMMA}); derivative the digamma function.
     *
     * @return a new tensor
     */
    public Tensor lgamma() {
        return apply(Special.LOG_GAMMA);
    }

    /**
     * The digamma function {@code ψ} ({@link Special#DIGAMMA}); derivative the trigamma function.
     *
     * @return the digamma function {@code ψ}
     */
    public Tensor digamma() {
        return apply(Special.DIGAMMA);
    }

    /**
     * The elementwise select {@code cond > 0 ? ifPositive : otherwise}, broadcast (0 and NaN select
     * {@code otherwise}); the gradient flows into the selected operand only, none into the condition. The result's
     * dtype is promoted from {@code ifPositive} and {@code otherwise} alone, as PyTorch's, whose condition is boolean:
     * the condition's dtype and dimensions take no part, and its sign is kept exactly.
     *
     * @param cond the condition, positive where {@code ifPositive} is taken
     * @param ifPositive the values where {@code cond > 0}
     * @param otherwise the values elsewhere
     * @return the elementwise select {@code cond > 0 ? ifPositive : otherwise}, broadcast
     */
    public static Tensor where(Tensor cond, Tensor ifPositive, Tensor otherwise) {
        Objects.requireNonNull(cond, "cond");
        Objects.requireNonNull(ifPositive, "ifPositive");
        Objects.requireNonNull(otherwise, "otherwise");
        DType type = DType.promoted(ifPositive, otherwise);
        // Rounded to float32, a float64 condition of 1e-50 would be 0 and select otherwise; its sign is exact.
        Tensor c = cond.dtype == DType.FLOAT64 && type == DType.FLOAT32 ? cond.sign() : cond;
        return map(Op.WHERE, type, c, ifPositive, otherwise);
    }

    /**
     * Each element limited to {@code [min, max]} (above {@code max} if {@code min > max}, as PyTorch); NaN stays
     * NaN. The gradient is 1 where {@code min <= this <= max}, else 0; at a NaN element it is 1 (PyTorch: 0), since
     * the NaN passes through. A NaN bound makes every element NaN with gradient 0, as in PyTorch.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return each element limited to {@code [min, max]}
     */
    public Tensor clamp(double min, double max) {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            return where(constant(0), this, constant(Double.NaN));
        }
        Tensor low = constant(min);
        Tensor high = constant(max);
        Tensor raised = where(low.sub(this), low, this);
        return where(raised.sub(high), high, raised);
    }

    /**
     * This tensor in another element type (itself if already of that type); the gradient converts back.
     *
     * @param dtype the element type
     * @return this tensor in another element type
     */
    public Tensor to(DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        return dtype == this.dtype ? this : Primitive.Copy.apply(this, dtype);
    }

    /**
     * This tensor with its elements contiguous in row-major order: itself if they are, else a copy.
     *
     * @return this tensor with its elements contiguous in row-major order
     */
    public Tensor contiguous() {
        return contiguous ? this : Primitive.Copy.apply(this, dtype);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * The sum over some axes, removed from the shape; over every axis when none are given (a scalar). The sum over an
     * axis of size 0 is 0. The gradient is the output's gradient, broadcast back.
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @return the sum over some axes, removed from the shape
     */
    public Tensor sum(int... axes) {
        return sum(axes, false);
    }

    /**
     * The sum over one axis, kept as size 1 if {@code keepdim}.
     *
     * @param axis the axis (negative counts from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the sum over one axis, kept as size 1 if {@code keepdim}
     */
    public Tensor sum(int axis, boolean keepdim) {
        return sum(new int[] {axis}, keepdim);
    }

    /**
     * The sum over the given axes (every axis if none), kept as size 1 if {@code keepdim}.
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the sum over the given axes
     */
    public Tensor sum(int[] axes, boolean keepdim) {
        boolean[] mask = Shapes.axes("sum", Objects.requireNonNull(axes, "axes"), shape.length);
        return dropped(Primitive.Sum.apply(this, mask), mask, keepdim);
    }

    /**
     * The mean over some axes (every axis if none), removed from the shape; NaN over an axis of size 0.
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @return the mean over some axes
     */
    public Tensor mean(int... axes) {
        return mean(axes, false);
    }

    /**
     * The mean over one axis, kept as size 1 if {@code keepdim}.
     *
     * @param axis the axis (negative counts from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the mean over one axis, kept as size 1 if {@code keepdim}
     */
    public Tensor mean(int axis, boolean keepdim) {
        return mean(new int[] {axis}, keepdim);
    }

    /**
     * The mean over the given axes (every axis if none), kept as size 1 if {@code keepdim}.
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the mean over the given axes
     */
    public Tensor mean(int[] axes, boolean keepdim) {
        boolean[] mask = Shapes.axes("mean", Objects.requireNonNull(axes, "axes"), shape.length);
        int count = 1;
        for (int i = 0; i < mask.length; i++) {
            count *= mask[i] ? shape[i] : 1;
        }
        return sum(axes, keepdim).div(count);
    }

    /**
     * The maximum over some axes (every axis if none), removed from the shape; NaN if any element is NaN. Equal
     * largest elements share the gradient equally (PyTorch's {@code amax}).
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @return the maximum over some axes
     * @throws IllegalArgumentException if a reduced axis has size 0
     */
    public Tensor max(int... axes) {
        return max(axes, false);
    }

    /**
     * The maximum over one axis, kept as size 1 if {@code keepdim}.
     *
     * @param axis the axis (negative counts from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the maximum over one axis, kept as size 1 if {@code keepdim}
     */
    public Tensor max(int axis, boolean keepdim) {
        return max(new int[] {axis}, keepdim);
    }

    /**
     * The maximum over the given axes (every axis if none), kept as size 1 if {@code keepdim}.
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the maximum over the given axes
     * @throws IllegalArgumentException if a reduced axis has size 0
     */
    public Tensor max(int[] axes, boolean keepdim) {
        boolean[] mask = nonEmptyAxes("max", axes);
        return dropped(Primitive.Max.apply(this, mask), mask, keepdim);
    }

    /**
     * The minimum over some axes (every axis if none), removed from the shape: {@code -max(-this)}.
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @return the minimum over some axes
     */
    public Tensor min(int... axes) {
        return min(axes, false);
    }

    /**
     * The minimum over one axis, kept as size 1 if {@code keepdim}.
     *
     * @param axis the axis (negative counts from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the minimum over one axis, kept as size 1 if {@code keepdim}
     */
    public Tensor min(int axis, boolean keepdim) {
        return min(new int[] {axis}, keepdim);
    }

    /**
     * The minimum over the given axes (every axis if none), kept as size 1 if {@code keepdim}.
     *
     * @param axes the axes to reduce (negative ones count from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return the minimum over the given axes
     * @throws IllegalArgumentException if a reduced axis has size 0
     */
    public Tensor min(int[] axes, boolean keepdim) {
        boolean[] mask = nonEmptyAxes("min", axes);
        return dropped(Primitive.Max.apply(neg(), mask), mask, keepdim).neg();
    }

    /** The axes a maximum or minimum reduces, as a mask; none may have size 0, as there is nothing to choose. */
    private boolean[] nonEmptyAxes(String op, int[] axes) {
        boolean[] mask = Shapes.axes(op, Objects.requireNonNull(axes, "axes"), shape.length);
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] && shape[i] == 0) {
                throw new IllegalArgumentException(op + ": cannot reduce axis " + i + " of size 0 (shape "
                        + Shapes.str(shape) + ")");
            }
        }
        return mask;
    }

    /**
     * The index of the largest element along an axis (the first of equal ones; the first NaN if any), for every
     * position of the other axes.
     *
     * @param axis the axis, negative counting from the end
     * @return the indices in row-major order of the remaining axes' shape
     * @throws IllegalArgumentException if the axis has size 0
     */
    public int[] argmax(int axis) {
        int a = Shapes.axis("argmax", axis, shape.length);
        if (shape[a] == 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + Shapes.str(shape)
                    + " has size 0");
        }
        return Kernels.argmax(this, a);
    }

    /**
     * The position of the largest element in row-major order (the first of equal ones; the first NaN if any).
     *
     * @return the position of the largest element in row-major order
     */
    public int argmax() {
        if (numel() == 0) {
            throw new IllegalArgumentException("argmax: the tensor of shape " + Shapes.str(shape) + " is empty");
        }
        return contiguous().reshape(numel()).argmax(0)[0];
    }

    private static Tensor dropped(Tensor kept, boolean[] mask, boolean keepdim) {
        return keepdim ? kept : kept.reshape(Shapes.removed(kept.shape, mask));
    }

    // ---------------------------------------------------------------- shapes and views

    /**
     * The same elements in another shape: a view when the layout allows (always for contiguous data), else a copy.
     *
     * @param shape the new sizes; one of them may be -1, inferred from the others
     * @return the same elements in another shape
     * @throws IllegalArgumentException if the number of elements differs
     */
    public Tensor reshape(int... shape) {
        Objects.requireNonNull(shape, "shape");
        int[] s = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: bad size " + s[i] + " in " + Shapes.str(shape));
            } else {
                known *= s[i];
            }
        }
        int n = numel();
        if (unknown >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape: shape " + Shapes.str(this.shape) + " (" + n
                        + " elements) cannot become " + Shapes.str(shape));
            }
            s[unknown] = (int) (n / known);
        }
        if (Shapes.size(Shapes.checked("reshape", s)) != n) {
            throw new IllegalArgumentException("reshape: shape " + Shapes.str(this.shape) + " (" + n
                    + " elements) cannot become " + Shapes.str(shape));
        }
        return Arrays.equals(s, this.shape) ? this : Primitive.Reshape.apply(this, s);
    }

    /**
     * The elements as a 1-dimensional tensor.
     *
     * @return the elements as a 1-dimensional tensor
     */
    public Tensor flatten() {
        return reshape(numel());
    }

    /**
     * The axes reordered (a view): axis {@code i} of the result is axis {@code axes[i]} of this.
     *
     * @param axes the new order of the axes: a permutation of {@code 0 .. dim() - 1} (negative ones count from the end)
     * @return this tensor with its axes reordered (a view)
     * @throws IllegalArgumentException if {@code axes} is not a permutation of this tensor's axes
     */
    public Tensor permute(int... axes) {
        Objects.requireNonNull(axes, "axes");
        if (axes.length != shape.length) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " for shape "
                    + Shapes.str(shape));
        }
        if (axes.length == 0) {
            return this;
        }
        Shapes.axes("permute", axes, shape.length);
        int[] perm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            perm[i] = Shapes.axis("permute", axes[i], shape.length);
        }
        return Primitive.Permute.apply(this, perm);
    }

    /**
     * Two axes swapped (a view); negative axes count from the end, so {@code transpose(-1, -2)} is the matrix one.
     *
     * @param axis1 the first axis
     * @param axis2 the second axis
     * @return the tensor with the two axes swapped (a view)
     */
    public Tensor transpose(int axis1, int axis2) {
        int a = Shapes.axis("transpose", axis1, shape.length);
        int b = Shapes.axis("transpose", axis2, shape.length);
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i == a ? b : i == b ? a : i;
        }
        return a == b ? this : Primitive.Permute.apply(this, perm);
    }

    /**
     * This tensor broadcast to a larger shape (a view): sizes of 1 grow, new axes are added on the left; -1 keeps a
     * size. The gradient is summed over the broadcast axes.
     *
     * @param shape the shape to broadcast to
     * @return this tensor broadcast to a larger shape
     * @throws IllegalArgumentException if this shape does not broadcast to the given one
     */
    public Tensor expand(int... shape) {
        Objects.requireNonNull(shape, "shape");
        int[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            int j = i - (s.length - this.shape.length);
            if (s[i] == -1 && j >= 0) {
                s[i] = this.shape[j];
            }
        }
        Shapes.checked("expand", s);
        int[] target = s.length < this.shape.length ? null : Shapes.broadcast("expand", this.shape, s);
        if (target == null || !Arrays.equals(target, s)) {
            throw new IllegalArgumentException("expand: shape " + Shapes.str(this.shape) + " cannot be expanded to "
                    + Shapes.str(shape));
        }
        return broadcastTo(s);
    }

    /** Broadcast to a shape known to be reachable: new leading axes of size 1, then expanded. */
    private Tensor broadcastTo(int[] s) {
        if (Arrays.equals(s, shape)) {
            return this;
        }
        Tensor ranked = s.length == shape.length ? this : reshape(Shapes.leftPadded(shape, s.length));
        return Primitive.Expand.apply(ranked, s);
    }

    /**
     * An axis of size 1 inserted at {@code axis} (from 0 to {@code dim()}, negative counting from the end).
     *
     * @param axis the axis (negative counts from the end)
     * @return this tensor with an axis of size 1 inserted at {@code axis} (a view)
     */
    public Tensor unsqueeze(int axis) {
        int a = Shapes.axis("unsqueeze", axis, shape.length + 1);
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == a ? 1 : shape[j++];
        }
        return reshape(s);
    }

    /**
     * The axis {@code axis}, of size 1, removed.
     *
     * @param axis the axis (negative counts from the end)
     * @return this tensor without the axis {@code axis}, which has size 1 (a view)
     * @throws IllegalArgumentException if that axis does not have size 1
     */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, shape.length);
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + Shapes.str(shape)
                    + " has size " + shape[a] + ", not 1");
        }
        boolean[] mask = new boolean[shape.length];
        mask[a] = true;
        return reshape(Shapes.removed(shape, mask));
    }

    /**
     * The elements {@code start, start + step, ...} before {@code stop} along one axis (a view), as Python's
     * {@code x[start:stop:step]}: negative bounds count from the end, bounds beyond the ends are clamped.
     *
     * @param step at least 1
     * @param axis the axis (negative counts from the end)
     * @param start the first index taken
     * @param stop the index where taking stops (exclusive)
     * @return the elements {@code start, start + step, ...} before {@code stop} along one axis
     * @throws IllegalArgumentException if {@code step < 1}
     */
    public Tensor slice(int axis, int start, int stop, int step) {
        int a = Shapes.axis("slice", axis, shape.length);
        if (step < 1) {
            throw new IllegalArgumentException("slice: step " + step + " must be at least 1");
        }
        int n = shape[a];
        int from = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
        int to = Math.min(Math.max(stop < 0 ? stop + n : stop, 0), n);
        int[] begin = new int[shape.length];
        int[] steps = new int[shape.length];
        Arrays.fill(steps, 1);
        begin[a] = from;
        steps[a] = step;
        int[] s = shape.clone();
        s[a] = to > from ? (to - from - 1) / step + 1 : 0;
        return Arrays.equals(s, shape) ? this : Primitive.Slice.apply(this, begin, steps, s);
    }

    /**
     * The sub-tensor at one index of an axis, that axis removed (a view): {@code x[..., index, ...]}.
     *
     * @param index negative counting from the end
     * @param axis the axis (negative counts from the end)
     * @return the sub-tensor at one index of an axis, that axis removed
     * @throws IndexOutOfBoundsException naming the index, the axis and the shape
     */
    public Tensor select(int axis, int index) {
        int a = Shapes.axis("select", axis, shape.length);
        int i = checkedIndex("select", index, a);
        return slice(a, i, i + 1, 1).squeeze(a);
    }

    /**
     * The tensors joined along an existing axis; they agree in every other size. Different dtypes join in the wider.
     * Each gradient is the slice of the output's gradient where that tensor went.
     *
     * @param tensors the tensors, at least one
     * @param axis the axis (negative counts from the end)
     * @return the tensors joined along an existing axis; they agree in every other size
     * @throws IllegalArgumentException if the list is empty or two shapes disagree off the axis (naming both)
     */
    public static Tensor concat(List<Tensor> tensors, int axis) {
        Objects.requireNonNull(tensors, "tensors");
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors");
        }
        Tensor first = Objects.requireNonNull(tensors.get(0), "tensors[0]");
        int a = Shapes.axis("concat", axis, first.dim());
        int[] s = first.shape.clone();
        for (int i = 1; i < tensors.size(); i++) {
            Tensor t = Objects.requireNonNull(tensors.get(i), "tensors[" + i + "]");
            boolean agree = t.dim() == first.dim();
            for (int k = 0; agree && k < s.length; k++) {
                agree = k == a || t.shape[k] == first.shape[k];
            }
            if (!agree) {
                throw new IllegalArgumentException("concat: shapes " + Shapes.str(first.shape) + " and "
                        + Shapes.str(t.shape) + " (tensors 0 and " + i + ") differ off axis " + axis);
            }
            s[a] += t.shape[a];
        }
        DType type = DType.promoted(tensors.toArray(new Tensor[0]));
        Tensor[] parts = new Tensor[tensors.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = tensors.get(i).to(type);
        }
        return parts.length == 1 ? parts[0] : Primitive.Concat.apply(parts, a, s);
    }

    /**
     * The tensors, all of one shape, stacked along a new axis (from 0 to their {@code dim()}).
     *
     * @param tensors the tensors, at least one
     * @param axis the axis (negative counts from the end)
     * @return the tensors, all of one shape, stacked along a new axis
     * @throws IllegalArgumentException if the list is empty or two shapes differ (naming both)
     */
    public static Tensor stack(List<Tensor> tensors, int axis) {
        Objects.requireNonNull(tensors, "tensors");
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors");
        }
        Tensor first = Objects.requireNonNull(tensors.get(0), "tensors[0]");
        int a = Shapes.axis("stack", axis, first.dim() + 1);
        Tensor[] parts = new Tensor[tensors.size()];
        for (int i = 0; i < parts.length; i++) {
            Tensor t = Objects.requireNonNull(tensors.get(i), "tensors[" + i + "]");
            if (!Arrays.equals(t.shape, first.shape)) {
                throw new IllegalArgumentException("stack: shapes " + Shapes.str(first.shape) + " and "
                        + Shapes.str(t.shape) + " (tensors 0 and " + i + ") differ");
            }
            parts[i] = t.unsqueeze(a);
        }
        return concat(Arrays.asList(parts), a);
    }

    /**
     * PyTorch's {@code gather}: {@code out[i][j][k] = this[i][index[i][j][k]][k]} for {@code axis} 1, and likewise
     * for any axis and rank. The gradient adds each output gradient back at its index.
     *
     * @param axis       the axis indexed
     * @param index      the indices in row-major order, each in {@code [0, size(axis))}
     * @param indexShape the shape of the index and of the result: this tensor's shape except along {@code axis}
     * @return the gathered elements, of shape {@code indexShape}
     * @throws IllegalArgumentException  if the index shape does not fit (naming both shapes)
     * @throws IndexOutOfBoundsException naming the first index out of range and its position
     */
    public Tensor gather(int axis, int[] index, int... indexShape) {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(indexShape, "indexShape");
        int a = Shapes.axis("gather", axis, shape.length);
        int[] s = Shapes.checked("gather", indexShape);
        boolean fits = s.length == shape.length && Shapes.size(s) == index.length;
        for (int k = 0; fits && k < s.length; k++) {
            fits = k == a || s[k] == shape[k];
        }
        if (!fits) {
            throw new IllegalArgumentException("gather: index of shape " + Shapes.str(s) + " (" + index.length
                    + " indices) does not fit a tensor of shape " + Shapes.str(shape) + " along axis " + axis);
        }
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[a]) {
                throw new IndexOutOfBoundsException("gather: index " + index[i] + " at position " + i
                        + " is out of range for axis " + axis + " of size " + shape[a] + " (shape "
                        + Shapes.str(shape) + ")");
            }
        }
        return Primitive.Gather.apply(this, a, index.clone(), s);
    }

    /**
     * The sub-tensors at the given indices of an axis, in that order (repeats allowed): PyTorch's
     * {@code index_select}, the lookup of class labels or embeddings by integer.
     *
     * @param axis the axis (negative counts from the end)
     * @param indices the indices to take along the axis
     * @return the sub-tensors at the given indices of an axis, in that order
     * @throws IndexOutOfBoundsException naming the first index out of range
     */
    public Tensor indexSelect(int axis, int... indices) {
        Objects.requireNonNull(indices, "indices");
        int a = Shapes.axis("indexSelect", axis, shape.length);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= shape[a]) {
                throw new IndexOutOfBoundsException("indexSelect: index " + indices[i] + " at position " + i
                        + " is out of range for axis " + axis + " of size " + shape[a] + " (shape "
                        + Shapes.str(shape) + ")");
            }
        }
        int[] s = shape.clone();
        s[a] = indices.length;
        int outer = Kernels.product(shape, 0, a);
        int inner = Kernels.product(shape, a + 1, shape.length);
        int[] index = new int[Shapes.size(s)];
        for (int o = 0, p = 0; o < outer; o++) {
            for (int j : indices) {
                Arrays.fill(index, p, p + inner, j);
                p += inner;
            }
        }
        return Primitive.Gather.apply(this, a, index, s);
    }

    // ---------------------------------------------------------------- matrix product

    /**
     * The system property that forces the plain-Java matrix-product kernels: with {@code -Djgrad.gemm.path=scalar}
     * (or {@code System.setProperty} before the JVM's first matrix product), {@link #matmulPath()} is
     * {@code "scalar"} even when the Vector API is there. Read once, when the first product is made (or
     * {@link #matmulPath()} is first called); later changes have no effect. Results agree with the Vector API
     * kernels' up to the order of additions; only the speed differs.
     */
    public static final String MATMUL_PATH_PROPERTY = "jgrad.gemm.path";

    /**
     * The matrix-product kernels every product of this JVM goes through (matmul, linear layers, convolutions),
     * chosen once: {@code "vector"} when the JVM runs with {@code --add-modules jdk.incubator.vector} (the Vector
     * API) and {@link #MATMUL_PATH_PROPERTY} does not ask for {@code scalar}, else {@code "scalar"} (plain Java).
     * Nothing is printed either way.
     *
     * @return {@code "vector"} or {@code "scalar"}
     */
    public static String matmulPath() {
        return Gemm.path();
    }

    /**
     * The matrix product, as {@code torch.matmul}: {@code [m, k] · [k, n] = [m, n]}; with more dimensions the last two
     * are matrices and the others batch axes, broadcast; a 1-dimensional operand is a vector (its axis removed from
     * the result). Computed by one fused kernel; gradients {@code grad · otherᵀ} and {@code thisᵀ · grad}.
     *
     * @param other the other operand, broadcast against this tensor
     * @return the matrix product, as {@code torch.matmul}
     * @throws IllegalArgumentException if the inner sizes differ or the batch axes do not broadcast (naming both
     *                                  shapes)
     */
    public Tensor matmul(Tensor other) {
        Objects.requireNonNull(other, "other");
        if (dim() == 0 || other.dim() == 0) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(shape) + " and "
                    + Shapes.str(other.shape) + ": both operands need at least 1 dimension");
        }
        DType type = DType.promoted(this, other);
        Tensor a = dim() == 1 ? reshape(1, shape[0]) : this;
        Tensor b = other.dim() == 1 ? other.reshape(other.shape[0], 1) : other;
        int k = a.shape[a.dim() - 1];
        if (b.shape[b.dim() - 2] != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(shape) + " and "
                    + Shapes.str(other.shape) + " do not match (" + k + " columns against " + b.shape[b.dim() - 2]
                    + " rows)");
        }
        int[] batch;
        try {
            batch = Shapes.broadcast("matmul", Arrays.copyOf(a.shape, a.dim() - 2), Arrays.copyOf(b.shape,
                    b.dim() - 2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(shape) + " and "
                    + Shapes.str(other.shape) + " have batch axes that do not broadcast", e);
        }
        Tensor out = Primitive.MatMul.apply(a.to(type).broadcastTo(matrixShape(batch, a)),
                b.to(type).broadcastTo(matrixShape(batch, b)));
        int[] s = out.shape;
        if (dim() == 1) {
            s = removeAxis(s, s.length - 2);
        }
        if (other.dim() == 1) {
            s = removeAxis(s, s.length - 1);
        }
        return out.reshape(s);
    }

    private static int[] matrixShape(int[] batch, Tensor m) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = m.shape[m.dim() - 2];
        s[batch.length + 1] = m.shape[m.dim() - 1];
        return s;
    }

    private static int[] removeAxis(int[] shape, int axis) {
        boolean[] mask = new boolean[shape.length];
        mask[axis] = true;
        return Shapes.removed(shape, mask);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * The 2-D convolution (PyTorch's {@code conv2d}, a cross-correlation) of this input, of shape
     * {@code N × C × H × W}, with {@code weight} of shape {@code O × C × kH × kW}, plus {@code bias} per output
     * channel: {@code y[n, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q] · x[n, c, i·stride + p - padding,
     * j·stride + q - padding]}, zero outside the input. The output is {@code N × O × oH × oW} with
     * {@code oH = (H + 2·padding - kH) / stride + 1} (rounded down), likewise {@code oW}. Operands of different dtypes
     * compute in the wider.
     *
     * <p>Gradients: {@code x̄} is the transposed convolution of {@code ȳ} with {@code w}, {@code w̄} the correlation
     * of {@code x} with {@code ȳ}, {@code b̄} the sum of {@code ȳ} over batch and positions. Each of these is a
     * primitive whose own gradients are the others, so gradients through a convolution can be differentiated again
     * ({@code createGraph}). Input rows or columns that no window reaches (when the stride does not divide) get
     * gradient 0, as in PyTorch.
     *
     * @param weight  the kernels, {@code O × C × kH × kW}
     * @param bias    one value per output channel (shape {@code [O]}), or {@code null} for none
     * @param stride  the step between windows, at least 1, along both axes
     * @param padding the zeros added on each side of both spatial axes, at least 0
     * @return the convolution, {@code N × O × oH × oW}
     * @throws IllegalArgumentException naming the shapes, if this is not 4-D, the channels differ, the bias is not
     *                                  {@code [O]}, the stride is below 1, the padding negative or so large that
     *                                  {@code H + 2·padding} or {@code W + 2·padding} exceeds
     *                                  {@link Integer#MAX_VALUE}, or the kernel empty ({@code kH} or {@code kW} 0) or
     *                                  larger than the padded input
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(weight, bias, stride, stride, padding, padding);
    }

    /**
     * {@link #conv2d(Tensor, Tensor, int, int)} with its own stride and padding along each spatial axis:
     * {@code oH = (H + 2·padH - kH) / strideH + 1}, {@code oW = (W + 2·padW - kW) / strideW + 1}.
     *
     * @param weight  the kernels, {@code O × C × kH × kW}
     * @param bias    one value per output channel (shape {@code [O]}), or {@code null} for none
     * @param strideH the step between windows down the rows, at least 1
     * @param strideW the step between windows along the columns, at least 1
     * @param padH    the zeros added above and below, at least 0
     * @param padW    the zeros added left and right, at least 0
     * @return the convolution, {@code N × O × oH × oW}
     * @throws IllegalArgumentException as {@link #conv2d(Tensor, Tensor, int, int)}
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        return Convolution.conv2d(this, weight, bias, strideH, strideW, padH, padW);
    }

    /**
     * 2-D max pooling of an {@code N × C × H × W} input (PyTorch's {@code max_pool2d}, no padding): the maximum of
     * each {@code kernel × kernel} window, windows {@code stride} apart; output {@code N × C × oH × oW} with
     * {@code oH = (H - kernel) / stride + 1} (rounded down). A window holding NaN gives NaN. The gradient goes
     * entirely to the element chosen: the first maximum in row-major order (PyTorch's tie rule), or the window's
     * last NaN. The choice has no derivative, so the gradient is differentiable again (it is linear).
     *
     * @param kernel the window's side, at least 1
     * @param stride the step between windows, at least 1
     * @return the maxima, {@code N × C × oH × oW}
     * @throws IllegalArgumentException naming the shape, if this is not 4-D, the kernel or stride is below 1, or the
     *                                  kernel larger than the input
     */
    public Tensor maxPool2d(int kernel, int stride) {
        return Convolution.maxPool2d(this, kernel, stride);
    }

    /**
     * 2-D average pooling of an {@code N × C × H × W} input (PyTorch's {@code avg_pool2d}, no padding): the mean of
     * each {@code kernel × kernel} window, windows {@code stride} apart; output as {@link #maxPool2d}. The gradient
     * gives each element of a window {@code 1 / kernel²} of the window's gradient (summed where windows overlap); it
     * is linear, so differentiable again.
     *
     * @param kernel the window's side, at least 1
     * @param stride the step between windows, at least 1
     * @return the means, {@code N × C × oH × oW}
     * @throws IllegalArgumentException as {@link #maxPool2d}
     */
    public Tensor avgPool2d(int kernel, int stride) {
        return Convolution.avgPool2d(this, kernel, stride);
    }

    // ---------------------------------------------------------------- softmax and losses

    /**
     * {@code ln Σ exp(this)} along an axis, computed stably as {@code m + ln Σ exp(this - m)} with {@code m} the
     * slice's largest finite element (0 if it has none), so no finite element overflows (elements of ±1000, or
     * beside +Infinity), in one pass for {@code m} and one for the sum: a slice of -Infinity gives -Infinity, one
     * holding +Infinity gives +Infinity, one holding NaN gives NaN, an empty one -Infinity, as in PyTorch. Its
     * gradient is the softmax {@code exp(this - out)} times the output's gradient, as PyTorch's: NaN throughout a
     * slice whose output is -Infinity or NaN; in a slice holding +Infinity (and no NaN), NaN at each +Infinity and 0
     * at every other element, however large.
     *
     * @param axis the axis (negative counts from the end)
     * @param keepdim whether reduced axes stay, with size 1
     * @return a new tensor
     */
    public Tensor logsumexp(int axis, boolean keepdim) {
        int at = Shapes.axis("logsumexp", axis, shape.length);
        Tensor out = Primitive.LogSumExp.apply(this, at);
        return keepdim ? out : out.squeeze(at);
    }

    /**
     * {@code exp(this) / Σ exp(this)} along an axis, computed around the maximum (no overflow), in one primitive: a
     * pass for the maximum, one for the exponentials and their sum, one to divide. A slice holding NaN or +Infinity
     * gives NaN throughout, one of -Infinity only NaN, as in PyTorch. Its gradient is {@code y (g - Σ g y)}.
     *
     * @param axis the axis (negative counts from the end)
     * @return a new tensor
     */
    public Tensor softmax(int axis) {
        return Primitive.Softmax.apply(this, Shapes.axis("softmax", axis, shape.length));
    }

    /**
     * {@code this - logsumexp(this)} along an axis: the logarithm of {@link #softmax}, without its rounding; gradient
     * {@code g - softmax · Σ g} over the slice. Computed as PyTorch's, {@code y - logsumexp(y)} with
     * {@code y = this - s} and {@code s} the slice's largest finite element (a constant, 0 if there is none), so that
     * elements far from 0 lose nothing: logits {@code [1e17, 1e17, 1e17]} give {@code -ln 3} each (not 0, which is
     * {@code 1e17 - (1e17 + ln 3)} rounded). A slice of -Infinity only, or one holding NaN, gives NaN throughout.
     * A slice holding +Infinity (and no NaN) gives NaN at each +Infinity and -Infinity at every other element, the
     * limit, whose gradient is its own {@code g} (PyTorch 1.13: NaN throughout, values and gradients, as its
     * softmax).
     *
     * @param axis the axis (negative counts from the end)
     * @return a new tensor
     */
    public Tensor logSoftmax(int axis) {
        int at = Shapes.axis("logSoftmax", axis, shape.length);
        Tensor shifted = sub(Kernels.largestFinite(this, at));
        return shifted.sub(shifted.logsumexp(at, true));
    }

    /**
     * The mean cross-entropy of logits {@code [N, C]} against integer class labels, as PyTorch's
     * {@code cross_entropy}: {@code -mean_i logSoftmax(this)[i, labels[i]]} (no one-hot vectors). NaN for
     * {@code N = 0}. Unlike PyTorch's, which is NaN throughout, a row holding a logit of +Infinity takes
     * {@link #logSoftmax}'s limit: its loss is +Infinity if the label is another class's and NaN if it is the
     * +Infinity's; its gradient is NaN at the +Infinity and 0 at the row's other logits but the label's, which has
     * {@code -1/N}.
     *
     * @param labels one class per row, each in {@code [0, C)}
     * @return the mean cross-entropy of logits {@code [N, C]} against integer class labels, as PyTorch's
     *         {@code cross_entropy}
     * @throws IllegalArgumentException  if this is not 2-dimensional or the number of labels is not {@code N}
     * @throws IndexOutOfBoundsException naming the first label out of range, its row and the number of classes
     */
    public Tensor crossEntropy(int... labels) {
        Objects.requireNonNull(labels, "labels");
        if (dim() != 2 || labels.length != shape[0]) {
            throw new IllegalArgumentException("crossEntropy: logits of shape " + Shapes.str(shape) + " and "
                    + labels.length + " labels; expected logits [N, C] and N labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= shape[1]) {
                throw new IndexOutOfBoundsException("crossEntropy: label " + labels[i] + " of row " + i
                        + " is out of range for " + shape[1] + " classes (logits of shape " + Shapes.str(shape)
                        + ")");
            }
        }
        return logSoftmax(1).gather(1, labels, labels.length, 1).mean().neg();
    }

    // ---------------------------------------------------------------- printing

    /**
     * The shape, dtype, the operation that made it (if any) and the elements, nested by rows; beyond 1000 elements
     * only the first and last three of each axis are shown, as NumPy does:
     * {@code tensor([[1.0, 2.0], [3.0, 4.0]], shape=[2, 2], dtype=float64, op=mul)}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        double[] values = toDoubleArray();
        appendElements(sb, values, 0, 0, numel() > 1000);
        sb.append(", shape=").append(Shapes.str(shape)).append(", dtype=").append(dtype);
        if (node != null) {
            sb.append(", op=").append(node.name());
        } else if (requiresGrad) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private void appendElements(StringBuilder sb, double[] values, int axis, int start, boolean summarize) {
        if (axis == shape.length) {
            sb.append(dtype == DType.FLOAT64 ? Double.toString(values[start]) : Float.toString((float) values[start]));
            return;
        }
        int n = shape[axis];
        int block = Kernels.product(shape, axis + 1, shape.length);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 6 && i == 3) {
                sb.append("..., ");
                i = n - 3;
            }
            appendElements(sb, values, axis + 1, start + i * block, summarize);
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }
}
