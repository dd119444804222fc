package dev.jgrad.tensor;

import dev.jgrad.Algebra;
import dev.jgrad.Rule;
import java.util.Arrays;

/**
 * The table of tensor primitives: each one's forward computation and its backward, side by side. Every other
 * operation of {@link Tensor} (broadcasting, reductions other than sum and max, softmax, losses, ...) is composed of
 * these, so it is differentiable without a derivative of its own.
 *
 * <p>A backward is written in tensor operations, so when the engine runs it with the graph recorded
 * ({@code createGraph}) the gradients are themselves differentiable. An elementwise primitive takes its partial
 * derivatives from its {@link Rule} (the table {@link dev.jgrad.Op} or a user's rule): built from tensor operations
 * through {@link TensorAlgebra} when the graph is recorded, otherwise run as one fused loop by {@link Program}.
 *
 * <p>A node records what made a tensor: its inputs and the primitive's parameters.
 */
abstract class Primitive {

    /** The tensors this one was computed from, in operand order. */
    final Tensor[] inputs;

    Primitive(Tensor... inputs) {
        this.inputs = inputs;
    }

    /** The name shown for tensors this primitive made, such as {@code "mul"} or {@code "sum"}. */
    abstract String name();

    /**
     * The gradient with respect to each input, given the gradient {@code grad} of the output {@code out}. Entries
     * for inputs that do not require a gradient may be {@code null}.
     */
    abstract Tensor[] backward(Tensor out, Tensor grad);

    /** Whether an output of these inputs records its node: gradients are on and some input requires one. */
    static boolean tracks(Tensor... inputs) {
        if (!Autograd.enabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- elementwise

    /** A rule applied element by element to operands of one shape and dtype. */
    static final class Map extends Primitive {
        private final Rule rule;

        private Map(Rule rule, Tensor[] operands) {
            super(operands);
            this.rule = rule;
        }

        static Tensor apply(Rule rule, Tensor... operands) {
            Program program = new Program(operands.length);
            int result = program.apply(rule, 0, operands.length > 1 ? 1 : Algebra.NONE,
                    operands.length > 2 ? 2 : Algebra.NONE);
            Tensor out = program.run(operands, result, operands[0].dtype, operands[0].shape);
            return tracks(operands) ? out.tracked(new Map(rule, operands.clone())) : out;
        }

        @Override
        String name() {
            return rule.label();
        }

        /** {@code grad · ∂out/∂operand}, the partial written once in the rule. */
        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            Tensor[] grads = new Tensor[inputs.length];
            for (int arg = 0; arg < inputs.length; arg++) {
                if (inputs[arg].requiresGrad()) {
                    grads[arg] = Autograd.enabled() ? differentiable(arg, out, grad) : fused(arg, out, grad);
                }
            }
            return grads;
        }

        private Tensor differentiable(int arg, Tensor out, Tensor grad) {
            TensorAlgebra g = new TensorAlgebra(inputs, out);
            int partial = rule.partial(g, arg, 0, inputs.length > 1 ? 1 : Algebra.NONE,
                    inputs.length > 2 ? 2 : Algebra.NONE, 3);
            if (g.isConstant(partial, 1)) {
                return grad;
            }
            if (g.isConstant(partial, 0)) {
                return Tensor.zeros(grad.dtype, grad.shape);
            }
            return grad.mul(g.tensor(partial));
        }

        private Tensor fused(int arg, Tensor out, Tensor grad) {
            Program p = new Program(5);
            int partial = rule.partial(p, arg, 0, inputs.length > 1 ? 1 : Algebra.NONE,
                    inputs.length > 2 ? 2 : Algebra.NONE, 3);
            if (p.isConstant(partial, 1)) {
                return grad;
            }
            if (p.isConstant(partial, 0)) {
                return Tensor.zeros(grad.dtype, grad.shape);
            }
            Tensor[] registers = {inputs[0], inputs.length > 1 ? inputs[1] : null,
                    inputs.length > 2 ? inputs[2] : null, out, grad};
            return p.run(registers, p.mul(4, partial), grad.dtype, grad.shape);
        }
    }

    /** A contiguous copy, in another element type or the same; the gradient is copied back to the input's type. */
    static final class Copy extends Primitive {
        private Copy(Tensor x) {
            super(x);
        }

        static Tensor apply(Tensor x, DType dtype) {
            Tensor out = Kernels.copy(x, dtype);
            return tracks(x) ? out.tracked(new Copy(x)) : out;
        }

        @Override
        String name() {
            return "copy";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {grad.to(inputs[0].dtype)};
        }
    }

    // ---------------------------------------------------------------- reductions (dimensions kept)

    /** The sum over some axes, which stay as size 1; the gradient is the output's, expanded back. */
    static final class Sum extends Primitive {
        private Sum(Tensor x) {
            super(x);
        }

        static Tensor apply(Tensor x, boolean[] axes) {
            Tensor out = Kernels.reduce(x, axes, false);
            return tracks(x) ? out.tracked(new Sum(x)) : out;
        }

        @Override
        String name() {
            return "sum";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {Expand.apply(grad, inputs[0].shape)};
        }
    }

    /**
     * The maximum over some axes, which stay as size 1. The gradient is shared equally by the elements equal to the
     * maximum (PyTorch's {@code amax}); the choice of those elements has no derivative. Where the maximum is NaN no
     * element equals it, and the gradient of that slice is NaN, as in PyTorch.
     */
    static final class Max extends Primitive {
        private Max(Tensor x) {
            super(x);
        }

        /** The maximum over the masked axes, none of which has size 0. */
        static Tensor apply(Tensor x, boolean[] axes) {
            Tensor out = Kernels.reduce(x, axes, true);
            return tracks(x) ? out.tracked(new Max(x)) : out;
        }

        @Override
        String name() {
            return "max";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            Tensor x = inputs[0];
            Tensor mask = Kernels.equalTo(x, out);
            Tensor count = Sum.apply(mask, allAxesWhereShrunk(x.shape, out.shape));
            return new Tensor[] {grad.div(count).mul(mask)};
        }
    }

    /**
     * {@code ln Σ exp(x)} along one axis, which stays as size 1 ({@link Kernels#logsumexp}). Its gradient is the
     * softmax times the output's: from the exponentials and sums the forward pass kept, or, when the gradient gets
     * a graph of its own ({@code createGraph}), as {@code exp(x - out)} in tensor operations.
     */
    static final class LogSumExp extends Primitive {
        private final Tensor exps;
        private final Tensor sums;

        private LogSumExp(Tensor x, Tensor exps, Tensor sums) {
            super(x);
            this.exps = exps;
            this.sums = sums;
        }

        static Tensor apply(Tensor x, int axis) {
            if (!tracks(x)) {
                return Kernels.logsumexp(x, axis, null, null);
            }
            Tensor exps = Tensor.allocate(x.dtype, x.shape);
            int[] reduced = x.shape.clone();
            reduced[axis] = 1;
            Tensor sums = Tensor.allocate(x.dtype, reduced);
            return Kernels.logsumexp(x, axis, exps, sums).tracked(new LogSumExp(x, exps, sums));
        }

        @Override
        String name() {
            return "logsumexp";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            if (Autograd.enabled()) {
                return new Tensor[] {inputs[0].sub(out).exp().mul(grad)};
            }
            return new Tensor[] {exps.mul(grad.div(sums))};
        }
    }

    /**
     * The softmax along one axis ({@link Kernels#softmax}). Its gradient, {@code y (g - Σ g y)} with {@code y} the
     * output, is written in tensor operations, so that it has a gradient of its own.
     */
    static final class Softmax extends Primitive {
        private final int axis;

        private Softmax(Tensor x, int axis) {
            super(x);
            this.axis = axis;
        }

        static Tensor apply(Tensor x, int axis) {
            Tensor out = Kernels.softmax(x, axis);
            return tracks(x) ? out.tracked(new Softmax(x, axis)) : out;
        }

        @Override
        String name() {
            return "softmax";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {out.mul(grad.sub(grad.mul(out).sum(axis, true)))};
        }
    }

    private static boolean[] allAxesWhereShrunk(int[] from, int[] to) {
        boolean[] mask = new boolean[from.length];
        for (int i = 0; i < from.length; i++) {
            mask[i] = from[i] != to[i];
        }
        return mask;
    }

    // ---------------------------------------------------------------- movement

    /** The same elements in another shape: a view where the strides allow (always for contiguous data), else a copy. */
    static final class Reshape extends Primitive {
        private Reshape(Tensor x) {
            super(x);
        }

        static Tensor apply(Tensor x, int[] shape) {
            int[] strides = Shapes.viewStrides(x.shape, x.strides, shape);
            Tensor out = strides != null ? x.view(shape, strides, x.offset)
                    : Kernels.copy(x, x.dtype).view(shape, Shapes.rowMajor(shape), 0);
            return tracks(x) ? out.tracked(new Reshape(x)) : out;
        }

        @Override
        String name() {
            return "reshape";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {apply(grad, inputs[0].shape)};
        }
    }

    /** The axes reordered (a view): output axis {@code i} is input axis {@code perm[i]}. */
    static final class Permute extends Primitive {
        private final int[] perm;

        private Permute(Tensor x, int[] perm) {
            super(x);
            this.perm = perm;
        }

        static Tensor apply(Tensor x, int[] perm) {
            Tensor out = x.permutedView(perm);
            return tracks(x) ? out.tracked(new Permute(x, perm)) : out;
        }

        @Override
        String name() {
            return "permute";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            int[] inverse = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                inverse[perm[i]] = i;
            }
            return new Tensor[] {apply(grad, inverse)};
        }
    }

    /**
     * Broadcast to a larger shape of the same rank (a view with stride 0 along each axis of size 1 that grows); the
     * gradient is the sum over those axes.
     */
    static final class Expand extends Primitive {
        private Expand(Tensor x) {
            super(x);
        }

        static Tensor apply(Tensor x, int[] shape) {
            if (Arrays.equals(x.shape, shape)) {
                return x;
            }
            int[] strides = x.strides.clone();
            for (int i = 0; i < shape.length; i++) {
                if (x.shape[i] != shape[i]) {
                    strides[i] = 0;
                }
            }
            Tensor out = x.view(shape.clone(), strides, x.offset);
            return tracks(x) ? out.tracked(new Expand(x)) : out;
        }

        @Override
        String name() {
            return "expand";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {Sum.apply(grad, allAxesWhereShrunk(grad.shape, inputs[0].shape))};
        }
    }

    /**
     * A strided window (a view): along axis {@code i}, elements {@code start[i], start[i] + step[i], ...}, as many
     * as {@code shape[i]}. The gradient is the output's gradient written into zeros of the input's shape.
     */
    static final class Slice extends Primitive {
        private final int[] start;
        private final int[] step;

        private Slice(Tensor x, int[] start, int[] step) {
            super(x);
            this.start = start;
            this.step = step;
        }

        static Tensor apply(Tensor x, int[] start, int[] step, int[] shape) {
            Tensor out = window(x, start, step, shape);
            return tracks(x) ? out.tracked(new Slice(x, start, step)) : out;
        }

        static Tensor window(Tensor x, int[] start, int[] step, int[] shape) {
            // an empty window keeps the offset: its start may lie beyond the storage (a row of a [3, 0] tensor)
            boolean empty = Shapes.size(shape) == 0;
            int offset = x.offset;
            int[] strides = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                offset += empty ? 0 : start[i] * x.strides[i];
                strides[i] = x.strides[i] * step[i];
            }
            return x.view(shape, strides, offset);
        }

        @Override
        String name() {
            return "slice";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {Unslice.apply(grad, start, step, inputs[0].shape)};
        }
    }

    /** The adjoint of {@link Slice}: zeros of a larger shape with the input written into the window. */
    static final class Unslice extends Primitive {
        private final int[] start;
        private final int[] step;

        private Unslice(Tensor x, int[] start, int[] step) {
            super(x);
            this.start = start;
            this.step = step;
        }

        static Tensor apply(Tensor x, int[] start, int[] step, int[] shape) {
            Tensor out = Tensor.allocate(x.dtype, shape);
            Kernels.scatterInto(x, Slice.window(out, start, step, x.shape));
            return tracks(x) ? out.tracked(new Unslice(x, start, step)) : out;
        }

        @Override
        String name() {
            return "unslice";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {Slice.apply(grad, start, step, inputs[0].shape)};
        }
    }

    /** Tensors joined along an axis; each gradient is the output gradient's slice where that input went. */
    static final class Concat extends Primitive {
        private final int axis;

        private Concat(Tensor[] parts, int axis) {
            super(parts);
            this.axis = axis;
        }

        static Tensor apply(Tensor[] parts, int axis, int[] shape) {
            Tensor out = Kernels.concat(parts, axis, shape);
            return tracks(parts) ? out.tracked(new Concat(parts.clone(), axis)) : out;
        }

        @Override
        String name() {
            return "concat";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            Tensor[] grads = new Tensor[inputs.length];
            int at = 0;
            for (int i = 0; i < inputs.length; i++) {
                int size = inputs[i].shape[axis];
                if (inputs[i].requiresGrad()) {
                    grads[i] = grad.slice(axis, at, at + size, 1);
                }
                at += size;
            }
            return grads;
        }
    }

    // ---------------------------------------------------------------- indexing

    /** PyTorch's {@code gather} along an axis; the gradient adds each output gradient back at its index. */
    static final class Gather extends Primitive {
        private final int axis;
        private final int[] index;

        private Gather(Tensor x, int axis, int[] index) {
            super(x);
            this.axis = axis;
            this.index = index;
        }

        static Tensor apply(Tensor x, int axis, int[] index, int[] indexShape) {
            return gathered(x, axis, index, Kernels.gather(x, axis, index, indexShape));
        }

        /**
         * {@code out}, already computed as the gather of {@code x} at {@code index} along {@code axis} by a kernel
         * of the caller's (max pooling finds and gathers its maxima in one pass), recorded as that gather.
         */
        static Tensor gathered(Tensor x, int axis, int[] index, Tensor out) {
            return tracks(x) ? out.tracked(new Gather(x, axis, index)) : out;
        }

        @Override
        String name() {
            return "gather";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {ScatterAdd.apply(grad, axis, index, inputs[0].shape)};
        }
    }

    /** The adjoint of {@link Gather}: zeros of a shape with each input element added at its index. */
    static final class ScatterAdd extends Primitive {
        private final int axis;
        private final int[] index;

        private ScatterAdd(Tensor x, int axis, int[] index) {
            super(x);
            this.axis = axis;
            this.index = index;
        }

        static Tensor apply(Tensor x, int axis, int[] index, int[] shape) {
            Tensor out = Kernels.scatterAdd(x, axis, index, shape);
            return tracks(x) ? out.tracked(new ScatterAdd(x, axis, index)) : out;
        }

        @Override
        String name() {
            return "scatterAdd";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            return new Tensor[] {Gather.apply(grad, axis, index, inputs[0].shape)};
        }
    }

    // ---------------------------------------------------------------- matrix product

    /**
     * {@code a · b} over the last two axes, batch axes equal: one fused kernel ({@link Gemm}) standing for the
     * composition {@code sum(a[..., :, :, None] * b[..., None, :, :], axis=-2)}. Gradients:
     * {@code da = grad · bᵀ}, {@code db = aᵀ · grad}.
     */
    static final class MatMul extends Primitive {
        private MatMul(Tensor a, Tensor b) {
            super(a, b);
        }

        static Tensor apply(Tensor a, Tensor b) {
            Tensor out = Kernels.matmul(a, b);
            return tracks(a, b) ? out.tracked(new MatMul(a, b)) : out;
        }

        @Override
        String name() {
            return "matmul";
        }

        @Override
        Tensor[] backward(Tensor out, Tensor grad) {
            Tensor a = inputs[0];
            Tensor b = inputs[1];
            return new Tensor[] {a.requiresGrad() ? apply(grad, b.transpose(-1, -2)) : null,
                    b.requiresGrad() ? apply(a.transpose(-1, -2), grad) : null};
        }
    }
}
