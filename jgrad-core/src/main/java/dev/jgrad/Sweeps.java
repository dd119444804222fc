package dev.jgrad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The reverse and forward sweeps behind {@link Grad}, over a graph of {@link Value}s and without touching the
 * nodes' own gradients. Every partial derivative comes from {@link Rule#partial}: evaluated in doubles by
 * {@link DoubleAlgebra}, or built as values by {@link ValueAlgebra} when the derivative must be differentiable.
 */
final class Sweeps {

    /**
     * The nodes reachable from some roots, each after all of its inputs. Each node's position is written to its
     * {@link Value#slot} (so an edge is followed without a hash lookup): like {@link Value#backward()}, a sweep must
     * not run while another thread sweeps a graph sharing nodes with this one.
     */
    private static final class Graph {
        final Value[] order;

        private Graph(Value[] order) {
            this.order = order;
        }

        /** Value's iterative topological sort, run once from a temporary sum of the roots (then dropped). */
        static Graph of(List<Value> roots) {
            Value top = roots.size() == 1 ? roots.get(0) : Value.sum(roots);
            List<Value> sorted = top.topologicalOrder();
            int size = roots.size() == 1 ? sorted.size() : sorted.size() - 1;
            Value[] order = sorted.subList(0, size).toArray(new Value[0]);
            for (int i = 0; i < order.length; i++) {
                order[i].slot = i;
            }
            return new Graph(order);
        }

        /** Position of {@code node}, or -1 if it is not in the graph. */
        int indexOf(Value node) {
            int i = node.slot;
            return i >= 0 && i < order.length && order[i] == node ? i : -1;
        }

        /** Which nodes depend on at least one of {@code wrt} (the {@code wrt} included): only they carry derivatives. */
        boolean[] dependingOn(List<Value> wrt) {
            boolean[] depends = new boolean[order.length];
            for (Value w : wrt) {
                int i = indexOf(w);
                if (i >= 0) {
                    depends[i] = true;
                }
            }
            for (int i = 0; i < order.length; i++) {
                if (!depends[i]) {
                    for (Value input : order[i].inputs) {
                        if (depends[input.slot]) {
                            depends[i] = true;
                            break;
                        }
                    }
                }
            }
            return depends;
        }
    }

    private Sweeps() {
    }

    /**
     * Reverse mode building the derivatives as values: the vector-Jacobian product {@code sum_k seeds[k] *
     * d outputs[k] / d wrt[j]} for every {@code j}, each a node that can be differentiated again. A {@code wrt} the
     * outputs do not depend on gets the constant 0.
     */
    static Value[] reverseGraph(List<Value> outputs, List<Value> seeds, List<Value> wrt, ValueAlgebra g) {
        Graph graph = Graph.of(outputs);
        boolean[] depends = graph.dependingOn(wrt);
        List<List<Value>> terms = new ArrayList<>(Collections.nCopies(graph.order.length, null));
        for (int k = 0; k < outputs.size(); k++) {
            addTerm(terms, graph.indexOf(outputs.get(k)), seeds.get(k));
        }
        Value[] adjoint = new Value[graph.order.length];
        for (int i = graph.order.length - 1; i >= 0; i--) {
            List<Value> t = terms.get(i);
            if (!depends[i] || t == null) {
                continue;
            }
            Value adj = t.size() == 1 ? t.get(0) : Value.sum(t);
            adjoint[i] = adj;
            terms.set(i, null);
            Value node = graph.order[i];
            for (int arg = 0; node.rule != null && arg < node.inputs.length; arg++) {
                int input = node.inputs[arg].slot;
                if (depends[input]) {
                    addTerm(terms, input, g.times(adj, g.partial(node, arg)));
                }
            }
        }
        Value[] result = new Value[wrt.size()];
        for (int j = 0; j < result.length; j++) {
            int i = graph.indexOf(wrt.get(j));
            result[j] = i < 0 || adjoint[i] == null ? g.constantValue(0) : adjoint[i];
        }
        return result;
    }

    private static void addTerm(List<List<Value>> terms, int i, Value term) {
        if (terms.get(i) == null) {
            terms.set(i, new ArrayList<>(2));
        }
        terms.get(i).add(term);
    }

    /**
     * Reverse mode in doubles: {@code sum_k seeds[k] * d outputs[k] / d wrt[j]} for every {@code j} (0 where the
     * outputs do not depend on {@code wrt[j]}).
     */
    static double[] reverse(List<Value> outputs, double[] seeds, List<Value> wrt) {
        Graph graph = Graph.of(outputs);
        boolean[] depends = graph.dependingOn(wrt);
        double[] adjoint = new double[graph.order.length];
        for (int k = 0; k < outputs.size(); k++) {
            adjoint[graph.indexOf(outputs.get(k))] += seeds[k];
        }
        DoubleAlgebra algebra = new DoubleAlgebra();
        for (int i = graph.order.length - 1; i >= 0; i--) {
            Value node = graph.order[i];
            if (!depends[i] || node.rule == null) {
                continue;
            }
            double adj = adjoint[i];
            Value[] in = node.inputs;
            int arity = node.rule.arity();
            if (arity == -1) {
                for (int t = 0; t < in.length; t++) {
                    int j = in[t].slot;
                    if (depends[j]) {
                        adjoint[j] += algebra.termPartial(node.rule, t, in, node.data()) * adj;
                    }
                }
                continue;
            }
            double a = in[0].data();
            double b = arity >= 2 ? in[1].data() : 0;
            double c = arity >= 3 ? in[2].data() : 0;
            for (int arg = 0; arg < arity; arg++) {
                int j = in[arg].slot;
                if (depends[j]) {
                    adjoint[j] += algebra.partial(node.rule, arg, a, b, c, node.data()) * adj;
                }
            }
        }
        double[] result = new double[wrt.size()];
        for (int j = 0; j < result.length; j++) {
            int i = graph.indexOf(wrt.get(j));
            result[j] = i < 0 ? 0 : adjoint[i];
        }
        return result;
    }

    /**
     * Forward mode in doubles, {@code width} directions at once: {@code result[k][d]} is the derivative of
     * {@code outputs[k]} along direction {@code d}, where {@code tangents[j][d]} is the tangent of {@code inputs[j]}.
     * Each partial is evaluated once per edge, whatever the width. An input's tangent is its seed even if it is
     * itself computed from other inputs (inputs are meant to be leaves).
     *
     * <p>An input whose tangent in direction {@code d} is 0 does not move in that direction, and neither does a node
     * computed only from such inputs: along {@code d} their partials are not multiplied in. Each direction is thus
     * the sweep it would be alone with only its moving inputs seeded, as a reverse sweep only follows nodes that
     * depend on its variables: an infinite or NaN partial towards a variable held fixed ({@code ∂(a^b)/∂b} at
     * {@code a < 0}, {@code ∂(a/b)/∂b} at {@code b = 0}) does not turn {@code 0 · ∞} into NaN in another direction.
     */
    static double[][] forward(List<Value> outputs, List<Value> inputs, double[][] tangents, int width) {
        Graph graph = Graph.of(outputs);
        double[][] tangent = new double[graph.order.length][];
        // moves[i][d]: whether node i depends on an input with a nonzero tangent in direction d
        boolean[][] moves = new boolean[graph.order.length][];
        boolean[] seeded = new boolean[graph.order.length];
        for (int j = 0; j < inputs.size(); j++) {
            int i = graph.indexOf(inputs.get(j));
            if (i >= 0) {
                if (tangent[i] == null) {
                    tangent[i] = new double[width];
                    moves[i] = new boolean[width];
                }
                for (int d = 0; d < width; d++) {
                    tangent[i][d] += tangents[j][d];
                    moves[i][d] |= tangents[j][d] != 0;
                }
                seeded[i] = true;
            }
        }
        DoubleAlgebra algebra = new DoubleAlgebra();
        for (int i = 0; i < graph.order.length; i++) {
            Value node = graph.order[i];
            if (seeded[i] || node.rule == null) {
                continue;
            }
            Value[] in = node.inputs;
            int arity = node.rule.arity();
            double a = in[0].data();
            double b = arity >= 2 ? in[1].data() : 0;
            double c = arity >= 3 ? in[2].data() : 0;
            double[] sum = null;
            boolean[] moving = null;
            for (int arg = 0; arg < in.length; arg++) {
                double[] t = tangent[in[arg].slot];
                if (t == null) {
                    continue;
                }
                boolean[] m = moves[in[arg].slot];
                double p = arity == -1
                        ? algebra.termPartial(node.rule, arg, in, node.data())
                        : algebra.partial(node.rule, arg, a, b, c, node.data());
                if (sum == null) {
                    sum = new double[width];
                    moving = new boolean[width];
                }
                for (int d = 0; d < width; d++) {
                    if (m[d]) {
                        sum[d] += p * t[d];
                        moving[d] = true;
                    }
                }
            }
            tangent[i] = sum;
            moves[i] = moving;
        }
        double[][] result = new double[outputs.size()][];
        for (int k = 0; k < result.length; k++) {
            double[] t = tangent[graph.indexOf(outputs.get(k))];
            result[k] = t == null ? new double[width] : t.clone();
        }
        return result;
    }
}
