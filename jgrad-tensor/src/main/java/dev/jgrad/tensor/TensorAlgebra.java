package dev.jgrad.tensor;

import dev.jgrad.Algebra;
import dev.jgrad.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Builds a rule's partial derivative out of tensor operations, so that the derivative is itself a differentiable
 * tensor (gradients of gradients). Handles 0 to 2 are the operands, 3 the result of the operation being
 * differentiated; constants are 0-dimensional tensors of the operands' dtype, broadcast where they are used.
 */
final class TensorAlgebra implements Algebra {

    private final List<Tensor> tensors = new ArrayList<>();
    private final HashMap<Long, Integer> constants = new HashMap<>();
    private final DType dtype;

    TensorAlgebra(Tensor[] operands, Tensor out) {
        for (int i = 0; i < 3; i++) {
            tensors.add(i < operands.length ? operands[i] : null);
        }
        tensors.add(out);
        dtype = out.dtype;
    }

    Tensor tensor(int handle) {
        return tensors.get(handle);
    }

    /** Whether the handle is this algebra's constant {@code value}. */
    boolean isConstant(int handle, double value) {
        Integer h = constants.get(Double.doubleToRawLongBits(value));
        return h != null && h == handle;
    }

    @Override
    public int constant(double value) {
        return constants.computeIfAbsent(Double.doubleToRawLongBits(value), bits -> push(Tensor.scalar(value, dtype)));
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        Tensor result = b == NONE ? tensor(a).apply(rule)
                : c == NONE ? tensor(a).apply(rule, tensor(b)) : tensor(a).apply(rule, tensor(b), tensor(c));
        return push(result);
    }

    private int push(Tensor t) {
        tensors.add(t);
        return tensors.size() - 1;
    }
}
