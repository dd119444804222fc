package dev.jgrad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds derivative expressions as {@link Value} nodes, so that a derivative is itself a graph that can be
 * differentiated again. Handles index a list of values; handles 0 to 3 are the operands {@code a, b, c} and the
 * result of the node being differentiated, reset for each partial. Constants are shared leaves, one per distinct
 * value, for the lifetime of this algebra.
 */
final class ValueAlgebra implements Algebra {

    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int OUT = 3;
    private static final int TERMS = 4;

    private final List<Value> values = new ArrayList<>();
    private final Map<Long, Value> constants = new HashMap<>();
    private final Map<Node, Value> nodes = new HashMap<>();
    /** The variadic node whose terms are in {@link #values} from {@link #TERMS} on, or null. */
    private Value loadedNode;
    private int[] termHandles;

    /** A rule applied to operands, compared by the operands' identity: the key of common subexpressions. */
    private record Node(Rule rule, Value a, Value b, Value c) {
    }

    /**
     * The partial derivative of {@code node} with respect to its operand {@code arg}, as a new graph over the node's
     * operands and the node itself. For a variadic rule, {@link Rule#termPartial} is given all the terms, at handles
     * from 4 on, kept in place for the next term of the same node.
     */
    Value partial(Value node, int arg) {
        Rule rule = node.rule;
        Value[] in = node.inputs;
        int arity = rule.arity();
        if (arity == -1) {
            if (node != loadedNode) {
                loadTerms(node);
            }
            values.subList(TERMS + in.length, values.size()).clear();
            return checkPartial(rule, arg, rule.termPartial(this, arg, termHandles, OUT));
        }
        loadedNode = null;
        values.clear();
        values.add(in[0]);
        values.add(arity >= 2 ? in[1] : null);
        values.add(arity >= 3 ? in[2] : null);
        values.add(node);
        return checkPartial(rule, arg,
                rule.partial(this, arg, A, arity >= 2 ? B : NONE, arity >= 3 ? C : NONE, OUT));
    }

    private void loadTerms(Value node) {
        values.clear();
        values.add(null);
        values.add(null);
        values.add(null);
        values.add(node);
        termHandles = new int[node.inputs.length];
        for (int i = 0; i < termHandles.length; i++) {
            termHandles[i] = push(node.inputs[i]);
        }
        loadedNode = node;
    }

    private Value checkPartial(Rule rule, int arg, int h) {
        if (!isHandle(h)) {
            throw Handles.badPartial(rule, arg, h);
        }
        return values.get(h);
    }

    /** Whether {@code h} names a value of the expression being built (not an operand the rule does not have). */
    private boolean isHandle(int h) {
        return h >= 0 && h < values.size() && values.get(h) != null;
    }

    private Value operand(Rule rule, int position, int h) {
        if (!isHandle(h)) {
            throw Handles.badOperand(rule, position, h, values.size());
        }
        return values.get(h);
    }

    /** The shared leaf holding {@code value}. */
    Value constantValue(double value) {
        return constants.computeIfAbsent(Double.doubleToRawLongBits(value), bits -> Value.of(value));
    }

    /**
     * {@code x * y}, skipping the multiplication where one factor is this algebra's constant 1 or -1: those
     * products are exact in IEEE 754, so the result is unchanged and the graph stays smaller.
     */
    Value times(Value x, Value y) {
        if (isConstant(y, 1)) {
            return x;
        }
        if (isConstant(x, 1)) {
            return y;
        }
        if (isConstant(y, -1)) {
            return node(Op.NEG, x, null, null);
        }
        if (isConstant(x, -1)) {
            return node(Op.NEG, y, null, null);
        }
        return node(Op.MUL, x, y, null);
    }

    /**
     * The node applying {@code rule} to the operands, shared with any earlier identical one built by this algebra:
     * derivatives of derivatives repeat the same subexpressions, and sharing them keeps the growth of the graph per
     * order small. Identical nodes have identical values, so sharing changes no result.
     */
    Value node(Rule rule, Value a, Value b, Value c) {
        return nodes.computeIfAbsent(new Node(rule, a, b, c), key -> b == null ? Value.apply(rule, a)
                : c == null ? Value.apply(rule, a, b) : Value.apply(rule, a, b, c));
    }

    private boolean isConstant(Value v, double value) {
        return constants.get(Double.doubleToRawLongBits(value)) == v;
    }

    @Override
    public int constant(double value) {
        return push(constantValue(value));
    }

    @Override
    public int apply(Rule rule, int a, int b, int c) {
        int arity = Handles.arity(rule);
        Value x = operand(rule, 0, a);
        if (arity == -1) {
            if (b == NONE) {
                return push(x);
            }
            Value y = operand(rule, 1, b);
            return push(c == NONE ? node(rule, x, y, null) : node(rule, x, y, operand(rule, 2, c)));
        }
        return push(node(rule, x, arity >= 2 ? operand(rule, 1, b) : null, arity >= 3 ? operand(rule, 2, c) : null));
    }

    private int push(Value value) {
        values.add(value);
        return values.size() - 1;
    }
}
