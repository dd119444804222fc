package dev.jgrad.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse sweep over a graph of tensors, and the per-thread switch that turns recording of graphs off
 * ({@link NoGrad}). The sweep keeps its bookkeeping in maps of its own, so independent graphs may be differentiated
 * on several threads at once; the only shared state it writes is the gradient of the leaves it reaches.
 */
final class Autograd {

    /** Per thread: whether operations record graphs (the stack of no-grad scopes is kept by {@link NoGrad}). */
    private static final ThreadLocal<boolean[]> RECORDING = ThreadLocal.withInitial(() -> new boolean[] {true});

    private static final Tensor[] NONE = new Tensor[0];

    private Autograd() {
    }

    /** Whether operations on this thread record the graph of tensors that require gradients. */
    static boolean enabled() {
        return RECORDING.get()[0];
    }

    /** Sets whether operations on this thread record graphs; returns the previous setting. */
    static boolean setEnabled(boolean enabled) {
        boolean[] flag = RECORDING.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return previous;
    }

    /**
     * Propagates {@code seed}, the gradient of {@code output}, back through the graph. Each tensor's gradient is
     * complete when it is reached (reverse topological order), and a node's backward runs once with it.
     *
     * @param wrt         tensors whose gradients are wanted (returned in this order, zeros where not reached), or
     *                    {@code null} to accumulate into the leaves' {@link Tensor#grad()} instead
     * @param createGraph whether the gradients are computed with their own graph, to be differentiated again
     */
    static Tensor[] sweep(Tensor output, Tensor seed, List<Tensor> wrt, boolean createGraph) {
        List<Tensor> order = topologicalOrder(output);
        Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        Map<Tensor, Tensor> found = new IdentityHashMap<>();
        Map<Tensor, Boolean> wanted = new IdentityHashMap<>();
        if (wrt != null) {
            for (Tensor t : wrt) {
                wanted.put(t, true);
            }
        }
        pending.put(output, seed);
        boolean previous = setEnabled(createGraph);
        try {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = pending.remove(t);
                if (g == null) {
                    continue;
                }
                if (wanted.containsKey(t)) {
                    found.put(t, g);
                }
                if (t.node == null) {
                    if (wrt == null) {
                        t.accumulate(g);
                    }
                    continue;
                }
                Tensor[] inputs = t.node.inputs;
                Tensor[] grads = t.node.backward(t, g);
                for (int k = 0; k < inputs.length; k++) {
                    if (grads[k] != null && inputs[k].requiresGrad()) {
                        checkGradient(t.node, inputs[k], grads[k]);
                        pending.merge(inputs[k], grads[k], Tensor::add);
                    }
                }
            }
        } finally {
            setEnabled(previous);
        }
        if (wrt == null) {
            return NONE;
        }
        Tensor[] result = new Tensor[wrt.size()];
        for (int j = 0; j < result.length; j++) {
            Tensor t = wrt.get(j);
            Tensor g = found.get(t);
            result[j] = g != null ? g : Tensor.zeros(t.dtype, t.shape);
        }
        return result;
    }

    /** A primitive's backward must give each input a gradient of that input's shape and dtype. */
    private static void checkGradient(Primitive node, Tensor input, Tensor grad) {
        if (!Arrays.equals(input.shape, grad.shape) || input.dtype != grad.dtype) {
            throw new IllegalStateException("backward of " + node.name() + " gave a gradient of shape "
                    + Shapes.str(grad.shape) + " " + grad.dtype + " for an input of shape " + Shapes.str(input.shape)
                    + " " + input.dtype);
        }
    }

    /** The tensors requiring gradients that {@code output} depends on, each after its inputs, found iteratively. */
    private static List<Tensor> topologicalOrder(Tensor output) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        Tensor[] stack = new Tensor[64];
        int[] next = new int[64];
        int size = 0;
        stack[size++] = output;
        seen.put(output, true);
        while (size > 0) {
            Tensor t = stack[size - 1];
            Tensor[] inputs = t.node == null ? NONE : t.node.inputs;
            if (next[size - 1] < inputs.length) {
                Tensor in = inputs[next[size - 1]++];
                if (in.requiresGrad() && seen.put(in, true) == null) {
                    if (size == stack.length) {
                        stack = Arrays.copyOf(stack, size * 2);
                        next = Arrays.copyOf(next, size * 2);
                    }
                    stack[size] = in;
                    next[size++] = 0;
                }
            } else {
                order.add(t);
                size--;
            }
        }
        return order;
    }
}
