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

    private final List<Value> values = new ArrayList<>();
    private final Map<Long, Value> constants = new HashMap<>();

    /**
     * The partial derivative of {@code node} with respect to its operand {@code arg}, as a new graph over the node's
     * operands and the node itself. For a variadic rule ({@link Op#SUM}) the operand is passed as {@code a}.
     */
    Value partial(Value node, int arg) {
        Rule rule = node.rule;
        Value[] in = node.inputs;
        values.clear();
        int arity = rule.arity();
        if (arity == -1) {
            values.add(in[arg]);
            values.add(null);
            values.add(null);
            values.add(node);
            return values.get(rule.partial(this, 0, A, NONE, NONE, OUT));
        }
        values.add(in[0]);
        values.add(arity >= 2 ? in[1] : null);
        values.add(arity >= 3 ? in[2] : null);
        values.add(node);
        return values.get(rule.partial(this, arg, A, arity >= 2 ? B : NONE, arity >= 3 ? C : NONE, OUT));
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
            return x.neg();
        }
        if (isConstant(x, -1)) {
            return y.neg();
        }
        return x.mul(y);
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
        Value x = values.get(a);
        if (b == NONE) {
            return push(Value.apply(rule, x));
        }
        if (c == NONE) {
            return push(Value.apply(rule, x, values.get(b)));
        }
        return push(Value.apply(rule, x, values.get(b), values.get(c)));
    }

    private int push(Value value) {
        values.add(value);
        return values.size() - 1;
    }
}
