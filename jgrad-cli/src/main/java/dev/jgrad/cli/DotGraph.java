package dev.jgrad.cli;

import dev.jgrad.Value;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Graphviz DOT text of a computation graph, drawn as micrograd's {@code draw_dot} draws it: left to right, one
 * record box per value ({@code { x | data 2.0000 | grad 3.0000 }}), one small node per operation, and edges in the
 * direction data flows (operand, then operation, then its result).
 *
 * <p>Nodes are numbered {@code v0, v1, ...} in topological order and operation nodes named after their result
 * ({@code v2_op}), so the same expression always gives the same text. Operands of a two- or three-operand operation
 * have their position (1, 2, 3) on their edge, because {@code x - y} and {@code y - x} draw the same otherwise.
 */
final class DotGraph {

    private DotGraph() {
    }

    /**
     * @param output the graph's output node (after {@link Value#backward()} if gradients are to be shown)
     * @param labels names to show in boxes, such as variable names; other boxes show only data and grad
     * @return the DOT text, ending with a newline
     */
    static String render(Value output, Map<Value, String> labels) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(labels, "labels");
        List<Value> order = output.topologicalOrder();
        Map<Value, String> ids = new IdentityHashMap<>();
        StringBuilder dot = new StringBuilder("digraph jgrad {\n  rankdir=LR;\n");
        for (Value node : order) {
            String id = "v" + ids.size();
            ids.put(node, id);
            String label = labels.get(node);
            dot.append("  ").append(id).append(" [shape=record, label=\"{ ")
                    .append(label == null ? "" : escape(label) + " | ")
                    .append("data ").append(Numbers.fourDecimals(node.data()))
                    .append(" | grad ").append(Numbers.fourDecimals(node.grad()))
                    .append(" }\"];\n");
            if (node.isLeaf()) {
                continue;
            }
            String op = id + "_op";
            dot.append("  ").append(op).append(" [label=\"").append(escape(node.op())).append("\"];\n");
            List<Value> inputs = node.inputs();
            boolean numbered = inputs.size() == 2 || inputs.size() == 3;
            for (int i = 0; i < inputs.size(); i++) {
                dot.append("  ").append(ids.get(inputs.get(i))).append(" -> ").append(op);
                if (numbered) {
                    dot.append(" [label=\"").append(i + 1).append("\"]");
                }
                dot.append(";\n");
            }
            dot.append("  ").append(op).append(" -> ").append(id).append(";\n");
        }
        return dot.append("}\n").toString();
    }

    /** Escapes what DOT record labels treat specially: braces, bars, angle brackets, quotes and backslashes. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("{}|<>\"\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
