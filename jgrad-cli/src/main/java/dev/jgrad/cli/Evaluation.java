package dev.jgrad.cli;

import dev.jgrad.Value;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expression evaluated and differentiated at the {@code --at} point: the parsed expression, its output node after
 * {@link Value#backward()} and one leaf per variable, in {@code --at} order.
 *
 * @param expression the parsed expression, to build again at other points
 * @param output     the expression's value node; its inputs' gradients are set
 * @param variables  the variable leaves by name, in the order {@code --at} gave them
 */
record Evaluation(Expression expression, Value output, Map<String, Value> variables) {

    /**
     * Parses, builds and differentiates.
     *
     * @param expression the expression text
     * @param at         the {@code --at} text, such as {@code "x=2,y=3"}
     * @throws InputException for a malformed expression, bad {@code --at} text or a variable without a value
     */
    static Evaluation of(String expression, String at) {
        Expression parsed = Expression.parse(expression);
        Map<String, Double> values = Assignments.parse(at);
        Map<String, Value> leaves = new LinkedHashMap<>();
        values.forEach((name, value) -> leaves.put(name, Value.of(value)));
        Value output = parsed.build(leaves);
        output.backward();
        return new Evaluation(parsed, output, leaves);
    }

    /** The variable names of the leaves, for drawing. */
    Map<Value, String> labels() {
        Map<Value, String> labels = new IdentityHashMap<>();
        variables.forEach((name, leaf) -> labels.put(leaf, name));
        return labels;
    }
}
