package dev.jgrad;

import dev.jgrad.internal.Plural;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scalar node of a computation graph: its value ({@link #data()}), the gradient of the last
 * {@link #backward()} output with respect to it ({@link #grad()}), the nodes it was computed from and the operation
 * that made it. This is micrograd's {@code Value}, with the full op set and an iterative, repeatable backward pass.
 *
 * <pre>{@code
 * Value x = Value.of(-4);
 * Value y = x.mul(x).add(x.relu());
 * y.backward();            // x.grad() == 2x = -8
 * }</pre>
 *
 * <p>Every operation's value and partial derivatives come from {@link Op}, the one table of rules. Operations taking a
 * {@code double} wrap it in a new leaf, as micrograd does, but a constant one.
 *
 * <p><b>What gets a gradient.</b> A leaf made by {@link #of} requires a gradient; a {@link #constant} (what
 * {@code mul(2.0)} and the other {@code double} overloads wrap their argument in) and a {@link #detach()}ed copy do
 * not, and neither does a node computed from such nodes only ({@link #requiresGrad()}). {@link #backward()} never
 * computes a partial derivative towards a node that requires no gradient, so data and constants cost the reverse pass
 * nothing, and their {@link #grad()} stays 0. Nodes have identity semantics: two nodes with equal data
 * are different nodes. NaN and infinities flow through every operation and are never thrown; a {@code null} operand
 * throws {@link NullPointerException} naming the argument.
 *
 * <p><b>Threads.</b> A graph may be built and differentiated on any thread, and independent graphs on different
 * threads do not interfere. A graph is not thread-safe: nodes must not be shared between threads while any of them
 * runs {@link #backward()} or {@link #zeroGrad()} over it (gradients and traversal marks are plain fields).
 */
public final class Value {

    private static final Value[] NO_INPUTS = new Value[0];
    /** Traversal stamps: each traversal takes a fresh one, so marks left by earlier traversals never need clearing. */
    private static final AtomicInteger TRAVERSALS = new AtomicInteger();
    /**
     * The stamp of the latest {@link #zeroGrad()} whose use counts are complete and not yet drained: its root's next
     * {@link #backward()} may drain them instead of counting again, if no traversal has taken a stamp since. It
     * starts below every stamp: a node never traversed has mark 0, the value {@link #TRAVERSALS} starts from.
     */
    private static final AtomicInteger COUNTED = new AtomicInteger(-1);

    private double data;
    private double grad;
    /** Whether some leaf made by {@link #of} is reachable from this node: only then does it receive a gradient. */
    private final boolean requiresGrad;
    final Rule rule;
    final Value[] inputs;
    /** The stamp of the latest traversal that reached this node. */
    private int mark;
    /** During a traversal: how many uses of this node by nodes not yet taken remain. */
    private int pending;
    /** Scratch position of this node in a sweep of {@code Sweeps} (package engines), valid only during that sweep. */
    int slot;

    private Value(double data, Rule rule, Value[] inputs) {
        this(data, rule, inputs, anyRequiresGrad(inputs));
    }

    private Value(double data, Rule rule, Value[] inputs, boolean requiresGrad) {
        this.data = data;
        this.rule = rule;
        this.inputs = inputs;
        this.requiresGrad = requiresGrad;
    }

    private static boolean anyRequiresGrad(Value[] inputs) {
        for (Value input : inputs) {
            if (input.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    /**
     * A leaf: an input or parameter of a computation, with gradient 0.
     *
     * @param data its value (any double, NaN and infinities included)
     * @return a new leaf
     */
    public static Value of(double data) {
        return new Value(data, null, NO_INPUTS, true);
    }

    /**
     * A leaf that requires no gradient: a constant, or data (a sample, a market quote, a random draw) that nothing
     * is differentiated with respect to. {@link #backward()} computes no partial derivative towards it, nor towards
     * nodes computed from constants only, and its {@link #grad()} stays 0. Its value may still be changed with
     * {@link #setData}.
     *
     * @param data its value (any double, NaN and infinities included)
     * @return a new leaf that requires no gradient
     */
    public static Value constant(double data) {
        return new Value(data, null, NO_INPUTS, false);
    }

    /**
     * A new constant leaf holding this node's current value, cut from the graph: what is computed from it does not
     * depend on this node for {@link #backward()} (PyTorch's {@code detach}, but a copy of the value: a later
     * {@link #setData} on either does not change the other).
     *
     * @return a new leaf that requires no gradient, with this node's value
     */
    public Value detach() {
        return constant(data);
    }

    /**
     * Whether this node receives a gradient from {@link #backward()}: whether a leaf made by {@link #of} is among the
     * nodes it was computed from (or it is one). False for constants, detached copies and what is computed from them
     * alone.
     *
     * @return whether this node receives a gradient
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * A node computed by a rule from the given operands; the value comes from {@link Rule#value}. This is how every
     * operation is built, including user-defined rules.
     *
     * @param rule     the operation
     * @param operands exactly {@code rule.arity()} operands (any number, at least one, for {@link Op#SUM})
     * @return the new node
     * @throws IllegalArgumentException if the rule's arity is not 1 to 3 or -1, or the number of operands does not
     *                                  match it
     */
    public static Value apply(Rule rule, Value... operands) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(operands, "operands");
        int arity = Handles.arity(rule);
        if (arity == -1 ? operands.length == 0 : operands.length != arity) {
            throw new IllegalArgumentException(
                    "rule '" + rule.label() + "' of arity " + arity + " given "
                            + Plural.of(operands.length, "operand"));
        }
        Value[] in = operands.clone();
        for (int i = 0; i < in.length; i++) {
            Objects.requireNonNull(in[i], "operand " + i);
        }
        double result;
        if (arity == -1) {
            double[] terms = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                terms[i] = in[i].data;
            }
            result = rule.variadicValue(terms, terms.length);
        } else {
            result = rule.value(in[0].data, arity >= 2 ? in[1].data : 0, arity >= 3 ? in[2].data : 0);
        }
        return new Value(result, rule, in);
    }

    private Value unary(Op op) {
        return new Value(op.value(data, 0, 0), op, new Value[] {this});
    }

    private Value binary(Op op, Value other, String name) {
        Objects.requireNonNull(other, name);
        return new Value(op.value(data, other.data, 0), op, new Value[] {this, other});
    }

    /**
     * The value of this node.
     *
     * @return the value of this node
     */
    public double data() {
        return data;
    }

    /**
     * Sets the value of a leaf, as an optimizer does to a parameter ({@code p.data -= lr * p.grad}). Nodes computed
     * from it keep their old values until rebuilt.
     *
     * @param data the new value
     * @throws IllegalStateException if this node is not a leaf
     */
    public void setData(double data) {
        if (!isLeaf()) {
            throw new IllegalStateException("setData is only for leaves; this node was made by '" + op() + "'");
        }
        this.data = data;
    }

    /**
     * The gradient of the output of the latest {@link #backward()} that reached this node with respect to it. For a
     * node that does not {@link #requiresGrad()} (a constant, data, a detached copy or what is computed from such
     * nodes only) it is always 0: no gradient is computed towards it.
     *
     * @return the gradient of the output of the latest {@link #backward()} that reached this node with respect to it
     */
    public double grad() {
        return grad;
    }

    /**
     * The label of the operation that made this node, such as {@code "+"} or {@code "ReLU"}; {@code ""} for a leaf.
     *
     * @return the label of the operation that made this node, such as {@code "+"} or {@code "ReLU"}
     */
    public String op() {
        return rule == null ? "" : rule.label();
    }

    /**
     * The rule that made this node, empty for a leaf.
     *
     * @return the rule that made this node, empty for a leaf
     */
    public Optional<Rule> rule() {
        return Optional.ofNullable(rule);
    }

    /**
     * Whether this node is a leaf (made by {@link #of}, not by an operation).
     *
     * @return whether this node is a leaf (made by {@link #of}, not by an operation)
     */
    public boolean isLeaf() {
        return rule == null;
    }

    /**
     * The operands in order, repeated where an operand is used twice ({@code a.add(a)} gives {@code [a, a]}).
     *
     * @return an unmodifiable list, empty for a leaf
     */
    public List<Value> inputs() {
        return List.of(inputs);
    }

    /**
     * The distinct nodes this node was computed from, as micrograd's {@code _prev}: {@code a.add(a)} has one child.
     *
     * @return an unmodifiable set, empty for a leaf
     */
    public Set<Value> children() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(inputs)));
    }

    // ---------------------------------------------------------------- operations

    /**
     * {@code this + other}; d/dthis = d/dother = 1.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value add(Value other) {
        return binary(Op.ADD, other, "other");
    }

    /**
     * {@code this + other}, the constant wrapped in a {@link #constant} leaf (which gets no gradient).
     *
     * @param other the other operand, a constant
     * @return a new node holding the result
     */
    public Value add(double other) {
        return add(constant(other));
    }

    /**
     * {@code this - other}; d/dthis = 1, d/dother = -1.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value sub(Value other) {
        return binary(Op.SUB, other, "other");
    }

    /**
     * {@code this - other}, the constant wrapped in a {@link #constant} leaf (which gets no gradient).
     *
     * @param other the other operand, a constant
     * @return a new node holding the result
     */
    public Value sub(double other) {
        return sub(constant(other));
    }

    /**
     * {@code this * other}; d/dthis = other, d/dother = this.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value mul(Value other) {
        return binary(Op.MUL, other, "other");
    }

    /**
     * {@code this * other}, the constant wrapped in a {@link #constant} leaf (which gets no gradient).
     *
     * @param other the other operand, a constant
     * @return a new node holding the result
     */
    public Value mul(double other) {
        return mul(constant(other));
    }

    /**
     * {@code this / other}; d/dthis = 1/other, d/dother = -this/other². Division by 0 gives ±Infinity or NaN.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value div(Value other) {
        return binary(Op.DIV, other, "other");
    }

    /**
     * {@code this / other}, the constant wrapped in a {@link #constant} leaf (which gets no gradient).
     *
     * @param other the other operand, a constant
     * @return a new node holding the result
     */
    public Value div(double other) {
        return div(constant(other));
    }

    /**
     * {@code this ^ exponent}; see {@link Op#POW} for the derivatives and their special cases at 0 (PyTorch's:
     * at {@code (0, 0)} the value is 1 and both derivatives 0).
     *
     * @param exponent the exponent
     * @return a new node holding the result
     */
    public Value pow(Value exponent) {
        return binary(Op.POW, exponent, "exponent");
    }

    /**
     * {@code this ^ exponent} for a constant exponent; d/dthis = exponent · this^(exponent-1), 0 if exponent is 0.
     *
     * @param exponent the exponent
     * @return a new node holding the result
     */
    public Value pow(double exponent) {
        return pow(constant(exponent));
    }

    /**
     * {@code -this}; derivative -1.
     *
     * @return a new node holding the result
     */
    public Value neg() {
        return unary(Op.NEG);
    }

    /**
     * {@code e^this}; derivative e^this.
     *
     * @return a new node holding the result
     */
    public Value exp() {
        return unary(Op.EXP);
    }

    /**
     * {@code ln this}; derivative 1/this. {@code log(0) = -Infinity} (derivative +Infinity), {@code log(-1) = NaN}.
     *
     * @return a new node holding the result
     */
    public Value log() {
        return unary(Op.LOG);
    }

    /**
     * {@code √this}; derivative 1/(2√this), +Infinity at 0; NaN below 0.
     *
     * @return a new node holding the result
     */
    public Value sqrt() {
        return unary(Op.SQRT);
    }

    /**
     * {@code tanh this}; derivative 1 - tanh², 0 at ±1000.
     *
     * @return a new node holding the result
     */
    public Value tanh() {
        return unary(Op.TANH);
    }

    /**
     * The logistic function {@code 1/(1+e^-this)}, without overflow; derivative s(1-s).
     *
     * @return the logistic function {@code 1/(1+e^-this)}, without overflow
     */
    public Value sigmoid() {
        return unary(Op.SIGMOID);
    }

    /**
     * {@code max(this, 0)}; derivative 1 above 0, else 0 ({@code relu'(0) = 0}, as PyTorch and micrograd).
     *
     * @return a new node holding the result
     */
    public Value relu() {
        return unary(Op.RELU);
    }

    /**
     * {@code sin this}; derivative cos.
     *
     * @return a new node holding the result
     */
    public Value sin() {
        return unary(Op.SIN);
    }

    /**
     * {@code cos this}; derivative -sin.
     *
     * @return a new node holding the result
     */
    public Value cos() {
        return unary(Op.COS);
    }

    /**
     * {@code |this|}; derivative sign(this), 0 at 0.
     *
     * @return a new node holding the result
     */
    public Value abs() {
        return unary(Op.ABS);
    }

    /**
     * The sign of this: -1, 0 or 1 (NaN for NaN); derivative 0.
     *
     * @return the sign of this: -1, 0 or 1 (NaN for NaN); derivative 0
     */
    public Value sign() {
        return unary(Op.SIGN);
    }

    /**
     * The branch-free select {@code cond > 0 ? ifPositive : otherwise}, so {@code where(x.sub(y), a, b)} is
     * "x > y ? a : b". Both branches are always computed; the gradient flows only into the selected one. Unlike an
     * {@code if} in Java code, the choice is made again when a compiled tape is replayed at new inputs.
     *
     * @param cond       the condition; {@code cond.data() > 0} selects {@code ifPositive} (0 and NaN select {@code otherwise})
     * @param ifPositive the value where the condition holds
     * @param otherwise  the value elsewhere
     * @return the new node
     */
    public static Value where(Value cond, Value ifPositive, Value otherwise) {
        Objects.requireNonNull(cond, "cond");
        Objects.requireNonNull(ifPositive, "ifPositive");
        Objects.requireNonNull(otherwise, "otherwise");
        return apply(Op.WHERE, cond, ifPositive, otherwise);
    }

    /**
     * The sum of the terms as one node (not a chain of additions); each term's derivative is 1. An empty sum is a new
     * {@linkplain #constant constant} 0: it depends on nothing, so it requires no gradient.
     *
     * @param terms the terms, none of them null
     * @return the new node
     */
    public static Value sum(Value... terms) {
        Objects.requireNonNull(terms, "terms");
        return terms.length == 0 ? constant(0) : apply(Op.SUM, terms);
    }

    /**
     * The sum of the terms as one node; see {@link #sum(Value...)}.
     *
     * @param terms the terms to add, none of them null (none gives a constant 0)
     * @return the sum of the terms as one node; see {@link #sum(Value...)}
     */
    public static Value sum(Collection<Value> terms) {
        Objects.requireNonNull(terms, "terms");
        return sum(terms.toArray(NO_INPUTS));
    }

    /**
     * {@code ln(1 + this)}, accurate where this is tiny; derivative {@code 1/(1 + this)}. {@code log1p(-1) = -Infinity}
     * with derivative +Infinity; NaN below -1.
     *
     * @return a new node holding the result
     */
    public Value log1p() {
        return unary(Op.LOG1P);
    }

    /**
     * {@code e^this - 1}, accurate where this is tiny; derivative {@code e^this}, 0 at -Infinity.
     *
     * @return a new node holding the result
     */
    public Value expm1() {
        return unary(Op.EXPM1);
    }

    /**
     * {@code tan this}; derivative {@code 1 + tan²}. NaN at ±Infinity.
     *
     * @return a new node holding the result
     */
    public Value tan() {
        return unary(Op.TAN);
    }

    /**
     * {@code arcsin this}; derivative {@code 1/√(1 - this²)}, +Infinity at ±1; NaN outside [-1, 1].
     *
     * @return a new node holding the result
     */
    public Value asin() {
        return unary(Op.ASIN);
    }

    /**
     * {@code arccos this}; derivative {@code -1/√(1 - this²)}, -Infinity at ±1; NaN outside [-1, 1].
     *
     * @return a new node holding the result
     */
    public Value acos() {
        return unary(Op.ACOS);
    }

    /**
     * {@code arctan this}; derivative {@code 1/(1 + this²)}, 0 at ±Infinity.
     *
     * @return a new node holding the result
     */
    public Value atan() {
        return unary(Op.ATAN);
    }

    /**
     * {@code sinh this}; derivative cosh.
     *
     * @return a new node holding the result
     */
    public Value sinh() {
        return unary(Op.SINH);
    }

    /**
     * {@code cosh this}; derivative sinh.
     *
     * @return a new node holding the result
     */
    public Value cosh() {
        return unary(Op.COSH);
    }

    /**
     * {@code ln(1 + e^this)}, PyTorch's softplus with beta 1 and threshold 20: above 20 it is this itself, derivative
     * 1; elsewhere the derivative is {@code sigmoid(this)} (0 at -1000).
     *
     * @return a new node holding the result
     */
    public Value softplus() {
        return unary(Op.SOFTPLUS);
    }

    /**
     * The real cube root, {@code ∛this}; see {@link Op#CBRT}.
     *
     * @return a new node
     */
    public Value cbrt() {
        return unary(Op.CBRT);
    }

    /**
     * {@code log₁₀ this}; see {@link Op#LOG10}.
     *
     * @return a new node
     */
    public Value log10() {
        return unary(Op.LOG10);
    }

    /**
     * {@code arsinh this}; see {@link Op#ASINH}.
     *
     * @return a new node
     */
    public Value asinh() {
        return unary(Op.ASINH);
    }

    /**
     * {@code arcosh this}, NaN below 1; see {@link Op#ACOSH}.
     *
     * @return a new node
     */
    public Value acosh() {
        return unary(Op.ACOSH);
    }

    /**
     * {@code artanh this}, NaN beyond ±1; see {@link Op#ATANH}.
     *
     * @return a new node
     */
    public Value atanh() {
        return unary(Op.ATANH);
    }

    /**
     * The angle of the point {@code (x, this)}, {@code atan2(this, x)} in [-π, π]; d/dthis = x/(this² + x²),
     * d/dx = -this/(this² + x²), both NaN at (0, 0) as in PyTorch. See {@link Op#ATAN2}.
     *
     * @param x the x coordinate (this is y)
     * @return the angle of the point {@code (x, this)}, {@code atan2(this, x)} in [-π, π]
     */
    public Value atan2(Value x) {
        return binary(Op.ATAN2, x, "x");
    }

    /**
     * {@code √(this² + other²)} without intermediate overflow; d/dthis = this/hypot, d/dother = other/hypot, both NaN
     * at (0, 0) as in PyTorch. See {@link Op#HYPOT}.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value hypot(Value other) {
        return binary(Op.HYPOT, other, "other");
    }

    /**
     * The larger of {@code a} and {@code b} (NaN if either is): the gradient goes to the larger, is split in halves at
     * a tie, and goes whole to both where either is NaN, as PyTorch's {@code torch.maximum}. See {@link Op#MAX}.
     *
     * @param a the first operand
     * @param b the second operand
     * @return the larger of {@code a} and {@code b}
     */
    public static Value max(Value a, Value b) {
        Objects.requireNonNull(a, "a");
        return a.binary(Op.MAX, b, "b");
    }

    /**
     * The smaller of {@code a} and {@code b} (NaN if either is): the gradient goes to the smaller, is split in halves
     * at a tie, and goes whole to both where either is NaN, as PyTorch's {@code torch.minimum}. See {@link Op#MIN}.
     *
     * @param a the first operand
     * @param b the second operand
     * @return the smaller of {@code a} and {@code b}
     */
    public static Value min(Value a, Value b) {
        Objects.requireNonNull(a, "a");
        return a.binary(Op.MIN, b, "b");
    }

    /**
     * {@code ln Σ e^term} as one node, without overflow; each term's derivative is {@code e^(term - logsumexp)} (the
     * softmax). All terms -Infinity give -Infinity and a +Infinity term gives +Infinity, the infinite terms'
     * derivatives then being NaN, as in PyTorch. See {@link Op#LOGSUMEXP}.
     *
     * @param terms at least one term, none of them null
     * @return the new node
     * @throws IllegalArgumentException if there are no terms
     */
    public static Value logsumexp(Value... terms) {
        Objects.requireNonNull(terms, "terms");
        if (terms.length == 0) {
            throw new IllegalArgumentException("logsumexp of no terms: give at least one");
        }
        return apply(Op.LOGSUMEXP, terms);
    }

    // ---------------------------------------------------------------- Kotlin operator names

    /**
     * Kotlin's {@code a + b}: same as {@link #add(Value)}.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value plus(Value other) {
        return add(other);
    }

    /**
     * Kotlin's {@code a + 2.0}: same as {@link #add(double)}.
     *
     * @param other the other operand, a constant
     * @return a new node holding the result
     */
    public Value plus(double other) {
        return add(other);
    }

    /**
     * Kotlin's {@code a - b}: same as {@link #sub(Value)}.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value minus(Value other) {
        return sub(other);
    }

    /**
     * Kotlin's {@code a - 2.0}: same as {@link #sub(double)}.
     *
     * @param other the other operand, a constant
     * @return a new node holding the result
     */
    public Value minus(double other) {
        return sub(other);
    }

    /**
     * Kotlin's {@code a * b}: same as {@link #mul(Value)}.
     *
     * @param other the other operand
     * @return a new node holding the result
     */
    public Value times(Value other) {
        return mul(other);
    }

    /**
     * Kotlin's {@code a * 2.0}: same as {@link #mul(double)}.
     *
     * @param other the other operand, a constant
     * @return a new node holding the result
     */
    public Value times(double other) {
        return mul(other);
    }

    /**
     * Kotlin's {@code -a}: same as {@link #neg()}.
     *
     * @return a new node holding the result
     */
    public Value unaryMinus() {
        return neg();
    }

    // ---------------------------------------------------------------- differentiation

    /**
     * Every node reachable from this one, each after all of its inputs, this node last. The traversal is iterative,
     * so graphs of any depth work with the default thread stack.
     *
     * @return a new modifiable list in topological order
     */
    public List<Value> topologicalOrder() {
        countUses(Reset.NONE);
        List<Value> order = new ArrayList<>();
        drain(null, order);
        Collections.reverse(order);
        return order;
    }

    /** Which gradients a traversal sets to 0 as it visits the nodes. */
    private enum Reset { NONE, INTERIOR, ALL }

    /**
     * The first half of a traversal (Kahn's algorithm): visits every node reachable from this one once, iteratively,
     * and stores in {@code pending} how many operand slots of the visited nodes refer to it. Each traversal takes a
     * fresh stamp, so counts left by an earlier (even an interrupted) traversal are never read.
     */
    private int countUses(Reset reset) {
        int stamp = TRAVERSALS.incrementAndGet();
        mark = stamp;
        pending = 0;
        Value[] stack = new Value[64];
        stack[0] = this;
        int size = 1;
        while (size > 0) {
            Value node = stack[--size];
            if (reset == Reset.ALL || reset == Reset.INTERIOR && node.rule != null) {
                node.grad = 0;
            }
            for (Value input : node.inputs) {
                if (input.mark != stamp) {
                    input.mark = stamp;
                    input.pending = 0;
                    if (size == stack.length) {
                        stack = Arrays.copyOf(stack, size * 2);
                    }
                    stack[size++] = input;
                }
                input.pending++;
            }
        }
        return stamp;
    }

    /**
     * The second half of a traversal, after {@link #countUses}: takes the nodes in reverse topological order, each
     * once every node using it has been taken, and either propagates its gradient (with an algebra) or appends it to
     * {@code order}. The work list holds only the nodes that are ready, so a long chain needs a list of one.
     */
    private void drain(DoubleAlgebra algebra, List<Value> order) {
        Value[] stack = new Value[64];
        stack[0] = this;
        int size = 1;
        while (size > 0) {
            Value node = stack[--size];
            if (algebra != null) {
                node.propagate(algebra);
            } else {
                order.add(node);
            }
            for (Value input : node.inputs) {
                if (--input.pending == 0) {
                    if (size == stack.length) {
                        stack = Arrays.copyOf(stack, size * 2);
                    }
                    stack[size++] = input;
                }
            }
        }
    }

    /**
     * Computes the gradient of this node with respect to every node it depends on, by the chain rule in reverse
     * topological order, seeding this node's gradient with 1.
     *
     * <p>Gradients <em>accumulate</em> where a node is used more than once ({@code b = a + a; c = b + b} gives
     * {@code dc/da = 4}). Interior nodes' gradients are recomputed on every call; leaves' gradients accumulate across
     * calls, as in PyTorch (call {@link #zeroGrad()} between steps). For {@code a = 2; b = a*3; c = b*4}, two calls
     * of {@code c.backward()} give {@code a.grad() == 24}.
     *
     * <p>Only nodes that {@link #requiresGrad()} receive gradients: no partial derivative is computed towards a
     * constant, data or detached leaf, or towards a node computed from such leaves only.
     *
     * <p>If a user rule's partial throws (or returns something that is not a handle, which throws
     * {@link IllegalStateException} naming the rule), the exception propagates and the gradients reached so far
     * have been accumulated: call {@link #zeroGrad()} before differentiating again.
     */
    public void backward() {
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a node that requires no gradient: it is computed from"
                    + " constants, data or detached values only (Value.constant, detach, the double overloads),"
                    + " so no gradient can reach a leaf made by Value.of");
        }
        if (!takeCountsOfZeroGrad()) {
            countUses(Reset.INTERIOR);
        }
        grad += 1;
        drain(new DoubleAlgebra(), null);
    }

    /** Adds this node's contribution to each input's gradient: the partial from the rule table times this gradient. */
    private void propagate(DoubleAlgebra algebra) {
        if (rule == null || !requiresGrad) {
            return;
        }
        int arity = rule.arity();
        if (arity == -1) {
            double partial = algebra.termPartial(rule, 0, inputs, data);
            // a constant partial of Op's (a sum's 1) is every term's; a user rule's may differ from term to term
            boolean perTerm = algebra.lastPartialVaries() || !(rule instanceof Op);
            for (int i = 0; i < inputs.length; i++) {
                if (perTerm && i > 0) {
                    partial = algebra.termPartial(rule, i, inputs, data);
                }
                if (inputs[i].requiresGrad) {
                    inputs[i].grad += partial * grad;
                }
            }
            return;
        }
        double a = inputs[0].data;
        double b = arity >= 2 ? inputs[1].data : 0;
        double c = arity >= 3 ? inputs[2].data : 0;
        for (int arg = 0; arg < arity; arg++) {
            if (inputs[arg].requiresGrad) {
                inputs[arg].grad += algebra.partial(rule, arg, a, b, c, data) * grad;
            }
        }
    }

    /**
     * Whether the use counts left by this node's own {@link #zeroGrad()} are still intact, claiming them for one
     * drain if so. They are when the latest stamp taken by any traversal is that {@code zeroGrad}'s (nothing has
     * counted or drained since) and this node was its root (the only node a traversal leaves with no pending use).
     * {@code zeroGrad} set every gradient of the graph to 0, a superset of what {@link #backward()} resets, so
     * draining its counts gives exactly what counting again would.
     */
    private boolean takeCountsOfZeroGrad() {
        int stamp = mark;
        return rule != null && pending == 0 && TRAVERSALS.get() == stamp && COUNTED.compareAndSet(stamp, stamp - 1);
    }

    /** Sets to 0 the gradient of this node and of every node reachable from it (the leaves included). */
    public void zeroGrad() {
        if (rule == null) {
            grad = 0;
            return;
        }
        COUNTED.set(countUses(Reset.ALL));
    }

    /** {@code Value(data=-20.0, grad=46.0)}, as micrograd prints it. */
    @Override
    public String toString() {
        return "Value(data=" + data + ", grad=" + grad + ")";
    }
}
