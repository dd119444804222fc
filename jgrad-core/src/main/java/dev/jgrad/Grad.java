package dev.jgrad;

import dev.jgrad.internal.Plural;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The functional API: derivatives of functions written as lambdas over {@link Value}s, as JAX's {@code grad},
 * {@code jacobian}, {@code hessian}, {@code jvp}, {@code vjp} and PyTorch's {@code torch.autograd.functional}.
 *
 * <pre>{@code
 * ScalarFunction rosenbrock = x -> Value.of(1).sub(x[0]).pow(2)
 *         .add(x[1].sub(x[0].pow(2)).pow(2).mul(100));
 * double[] g = Grad.grad(rosenbrock, 1.5, 2);
 * double[][] h = Grad.hessian(rosenbrock, 1.5, 2);
 * double[] d = Grad.derivatives(x -> x.sin(), 0.3, 4);     // sin, cos, -sin, -cos, sin at 0.3
 * }</pre>
 *
 * <p>Each call evaluates the function once on fresh leaves holding the point and differentiates the graph it
 * returns; the function must therefore build its result from its arguments. Every derivative comes from the one
 * rule table ({@link Op} and user-defined {@link Rule}s, such as {@link CustomOp}s): reverse mode propagates
 * adjoints, forward mode propagates tangents, {@link #gradient(Value, List, boolean) gradients built as graphs} apply
 * the rules' partials to {@link Value}s (so derivatives of derivatives work to any order), and
 * {@link #derivatives} propagates univariate Taylor series.
 *
 * <p>Functions may return values that do not depend on some variables: those derivatives are 0 (as in
 * {@code torch.autograd.functional}). NaN and infinities propagate; arguments are checked and errors name the
 * argument at fault. The nodes' own {@link Value#grad()} fields are never read or written.
 *
 * <p>A derivative along one variable does not depend on the partials towards the others. In forward mode
 * ({@link #jvp}, {@link #hessian}, {@link #hessianVectorProduct}, and {@link #valueAndJacobian} with no more variables
 * than outputs) a variable whose tangent is 0 stays fixed, so an infinite or NaN partial towards it is not multiplied
 * by that 0: the Hessian of {@code a^b} at (-2, 2) has {@code ∂²/∂a² = 2} (the entries involving {@code b} are NaN, as
 * {@code a^b ln a} is), and the Jacobian of {@code (a + √b, a)} at (1, 0) has the first row (1, +Infinity), as
 * reverse mode gives them.
 *
 * <p><b>Threads.</b> Calls on independent graphs may run on any threads at once. As for {@link Value#backward()}, a
 * call must not run while another thread differentiates a graph sharing nodes with it (for example a {@code Value}
 * captured by two functions differentiated concurrently): the sweeps keep per-node scratch state in the nodes.
 */
public final class Grad {

    /**
     * A function's value and gradient at a point.
     *
     * @param value    {@code f(x)}
     * @param gradient {@code ∇f(x)}, one entry per variable
     */
    public record ValueAndGrad(double value, double[] gradient) {
    }

    /**
     * A function's value and Jacobian at a point.
     *
     * @param value    {@code f(x)}, one entry per output
     * @param jacobian {@code J[i][j] = ∂f_i/∂x_j}: one row per output, one entry per variable
     */
    public record ValueAndJacobian(double[] value, double[][] jacobian) {
    }

    /**
     * A function's value and a Jacobian-vector product (forward mode) at a point.
     *
     * @param value   {@code f(x)}, one entry per output
     * @param tangent {@code J(x) v}, one entry per output
     */
    public record Jvp(double[] value, double[] tangent) {
    }

    /**
     * A function's value and a vector-Jacobian product (reverse mode) at a point.
     *
     * @param value     {@code f(x)}, one entry per output
     * @param cotangent {@code uᵀ J(x)}, one entry per variable
     */
    public record Vjp(double[] value, double[] cotangent) {
    }

    /**
     * Receives the terms of a multivariate Taylor expansion from {@link #taylorTerms}.
     */
    @FunctionalInterface
    public interface TaylorTermSink {

        /**
         * One term {@code coefficient · δ_{i_1}···δ_{i_k}} of the expansion.
         *
         * @param indices     the term's variable indices {@code i_1 <= ... <= i_k}, {@code k >= 1} (a new array)
         * @param coefficient {@code ∂^k f/∂x_{i_1}...∂x_{i_k}(x) / Π_j m_j!}, {@code m_j} the times {@code j} occurs
         */
        void term(int[] indices, double coefficient);
    }

    private Grad() {
    }

    // ---------------------------------------------------------------- first order

    /**
     * The gradient {@code ∇f(x)} by one reverse sweep.
     *
     * @param f the function
     * @param x the point (zero variables give an empty gradient)
     * @return {@code ∂f/∂x_i} for each {@code i}
     */
    public static double[] grad(ScalarFunction f, double... x) {
        return valueAndGrad(f, x).gradient();
    }

    /**
     * The value {@code f(x)} and the gradient {@code ∇f(x)}, from one evaluation and one reverse sweep.
     *
     * @param f the function
     * @param x the point
     * @return the value and the gradient
     */
    public static ValueAndGrad valueAndGrad(ScalarFunction f, double... x) {
        Value[] leaves = leaves(x, "x");
        Value y = callScalar(f, leaves);
        return new ValueAndGrad(y.data(), Sweeps.reverse(List.of(y), new double[] {1}, Arrays.asList(leaves)));
    }

    /**
     * The Jacobian {@code J[i][j] = ∂f_i/∂x_j}, as {@link #valueAndJacobian} computes it.
     *
     * @param f the function
     * @param x the point
     * @return {@code m} rows of {@code n} entries
     */
    public static double[][] jacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x).jacobian();
    }

    /**
     * The values {@code f(x)} and the Jacobian {@code J[i][j] = ∂f_i/∂x_j} from one evaluation of {@code f} (a
     * Gauss-Newton step needs both; asking for them apart would build the graph twice). With {@code m} outputs and
     * {@code n} variables it takes one forward sweep carrying {@code n} tangents per node when {@code n <= m},
     * otherwise {@code m} reverse sweeps: either way each partial derivative is evaluated {@code min(m, n)} times at
     * most.
     *
     * @param f the function
     * @param x the point
     * @return the {@code m} outputs and {@code m} rows of {@code n} entries
     */
    public static ValueAndJacobian valueAndJacobian(VectorFunction f, double... x) {
        Value[] leaves = leaves(x, "x");
        List<Value> outputs = callVector(f, leaves);
        List<Value> wrt = Arrays.asList(leaves);
        int m = outputs.size();
        int n = x.length;
        double[][] jacobian = new double[m][];
        if (n <= m) {
            double[][] columns = Sweeps.forward(outputs, wrt, identity(n), n);
            for (int i = 0; i < m; i++) {
                jacobian[i] = columns[i];
            }
        } else {
            for (int i = 0; i < m; i++) {
                jacobian[i] = Sweeps.reverse(List.of(outputs.get(i)), new double[] {1}, wrt);
            }
        }
        return new ValueAndJacobian(data(outputs), jacobian);
    }

    /**
     * The value {@code f(x)} and the directional derivative {@code J(x) v} in one forward (tangent) sweep, whose cost
     * does not grow with the number of variables.
     *
     * @param f the function
     * @param x the point
     * @param v the direction, as long as {@code x}
     * @return the outputs and their tangents
     */
    public static Jvp jvp(VectorFunction f, double[] x, double[] v) {
        Value[] leaves = leaves(x, "x");
        checkLength(v, "v", x.length, "one per variable");
        List<Value> outputs = callVector(f, leaves);
        double[][] tangents = Sweeps.forward(outputs, Arrays.asList(leaves), column(v), 1);
        double[] tangent = new double[outputs.size()];
        for (int i = 0; i < tangent.length; i++) {
            tangent[i] = tangents[i][0];
        }
        return new Jvp(data(outputs), tangent);
    }

    /**
     * The value {@code f(x)} and the vector-Jacobian product {@code uᵀ J(x)} in one reverse sweep, whose cost does
     * not grow with the number of outputs.
     *
     * @param f the function
     * @param x the point
     * @param u the cotangent, one entry per output of {@code f}
     * @return the outputs and {@code Σ_i u_i ∂f_i/∂x_j} for each {@code j}
     */
    public static Vjp vjp(VectorFunction f, double[] x, double[] u) {
        Value[] leaves = leaves(x, "x");
        Objects.requireNonNull(u, "u");
        List<Value> outputs = callVector(f, leaves);
        checkLength(u, "u", outputs.size(), "one per output of f");
        return new Vjp(data(outputs), Sweeps.reverse(outputs, u, Arrays.asList(leaves)));
    }

    // ---------------------------------------------------------------- higher order

    /**
     * The Hessian {@code H[i][j] = ∂²f/∂x_i∂x_j}, forward-over-reverse: one reverse sweep builds the gradient as a
     * graph of values, then one forward sweep over that graph carries {@code n} tangents (the columns of the
     * identity) per node. Each partial derivative of the gradient graph is evaluated once; reverse-over-reverse
     * would need {@code n} reverse sweeps, each evaluating them again. Measured with {@code examples.HessianModes}
     * (n = 300): 5 times faster where every gradient entry depends on every variable, as fast on a sparse
     * (chained Rosenbrock) Hessian. Symmetric up to rounding (exactly symmetric where the function is twice
     * continuously differentiable; {@link Op#POW}'s special cases at a zero base make it one-sided there).
     *
     * @param f the function
     * @param x the point
     * @return the {@code n × n} Hessian
     */
    public static double[][] hessian(ScalarFunction f, double... x) {
        Value[] leaves = leaves(x, "x");
        List<Value> wrt = Arrays.asList(leaves);
        List<Value> gradient = gradient(callScalar(f, leaves), wrt, true);
        return Sweeps.forward(gradient, wrt, identity(x.length), x.length);
    }

    /**
     * The Hessian-vector product {@code H(x) v} without forming the Hessian, forward-over-reverse: one reverse sweep
     * builds the gradient as a graph, one forward sweep takes its derivative along {@code v}. The cost is a small
     * multiple of evaluating {@code f}, whatever the number of variables.
     *
     * @param f the function
     * @param x the point
     * @param v the direction, as long as {@code x}
     * @return {@code H(x) v}
     */
    public static double[] hessianVectorProduct(ScalarFunction f, double[] x, double[] v) {
        Value[] leaves = leaves(x, "x");
        checkLength(v, "v", x.length, "one per variable");
        List<Value> wrt = Arrays.asList(leaves);
        List<Value> gradient = gradient(callScalar(f, leaves), wrt, true);
        double[][] tangents = Sweeps.forward(gradient, wrt, column(v), 1);
        double[] hv = new double[x.length];
        for (int i = 0; i < hv.length; i++) {
            hv[i] = tangents[i][0];
        }
        return hv;
    }

    /**
     * The derivatives of a function of one variable up to {@code order}: {@code [f(x), f'(x), ..., f^(order)(x)]}.
     * Computed in univariate Taylor mode from the rules' partial derivatives (see the class comment of
     * {@code Taylor}): about {@code order²} operations per edge of the graph, where differentiating the derivative's
     * graph again and again would cost a constant factor more per order. The derivatives themselves are propagated
     * (not Taylor coefficients scaled by {@code k!}), so every order is right where it is representable: for
     * {@code x -> x} the orders from 2 on are 0, for {@code exp} all are {@code e^x}, at order 200 as at order 2;
     * a derivative is infinite only where its value overflows (such as {@code k!} for {@code 1/(1-x)} at 0,
     * from order 171 on).
     *
     * <p>Edge points: {@code f'(x)} is the first derivative {@link #grad} gives, NaN and infinities included
     * ({@code atan(1/x)} at 0 has {@code atan'(∞) · (1/x)' = 0 · -∞ = NaN}, as in reverse mode and PyTorch). From
     * order 2 on a term with a factor exactly 0 is taken as 0 even where the other factor is infinite (an infinite
     * high-order derivative is nearly always an overflow), so a higher derivative may be finite where
     * {@link #hessian} gives NaN (the second derivative of {@code x^0} at 0 is 0); once a derivative is NaN, every
     * higher one is NaN.
     *
     * @param f     the function
     * @param x     the point
     * @param order the highest order, {@code >= 0}
     * @return {@code order + 1} numbers
     * @throws IllegalArgumentException if {@code order < 0}
     */
    public static double[] derivatives(UnivariateFunction f, double x, int order) {
        Objects.requireNonNull(f, "f");
        if (order < 0) {
            throw new IllegalArgumentException("order (" + order + ") must be >= 0");
        }
        Value leaf = Value.of(x);
        Value y = Objects.requireNonNull(f.apply(leaf), "f returned null");
        return Taylor.derivatives(y, leaf, order);
    }

    /**
     * {@code f(x)} and the terms of its Taylor expansion at {@code x} up to {@code order}:
     * <pre>
     *   f(x + δ) = f(x) + Σ_{k=1..order} Σ_{i_1 ≤ ... ≤ i_k} ∂^k f/∂x_{i_1}...∂x_{i_k}(x) · δ_{i_1}···δ_{i_k} / Π_j m_j!
     *              + O(|δ|^(order+1))
     * </pre>
     * where {@code m_j} counts how often index {@code j} occurs in the sequence. Each nondecreasing sequence is
     * given to {@code sink} once, shorter sequences before the longer ones that extend them. This is how the
     * derivatives of {@code f} compose with arguments that are themselves truncated series of other parameters
     * (the derivative structures of Commons Math and Hipparchus): substitute {@code δ_i = t_i - x_i} and sum.
     *
     * <p>Order 1 is one reverse sweep; each higher order differentiates the previous order's derivative graphs
     * again ({@link #gradient(Value, List, boolean)}), one sweep per distinct partial derivative, so order
     * {@code K} with {@code n} variables takes {@code C(n + K - 1, K - 1)} sweeps. A derivative that is infinite
     * or NaN is passed on as it is.
     *
     * @param f     the function
     * @param x     the point
     * @param order the highest order, {@code >= 0} (0 gives no terms)
     * @param sink  receives the terms
     * @return {@code f(x)}
     * @throws IllegalArgumentException if {@code order < 0}
     * @throws NullPointerException     if an argument is null or {@code f} returns null
     */
    public static double taylorTerms(ScalarFunction f, double[] x, int order, TaylorTermSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (order < 0) {
            throw new IllegalArgumentException("order (" + order + ") must be >= 0");
        }
        Value[] leaves = leaves(x, "x");
        Value y = callScalar(f, leaves);
        addTermsAbove(y, Arrays.asList(leaves), new int[order], 0, 0, 1.0, sink);
        return y.data();
    }

    /**
     * Gives {@code sink} the terms extending {@code sequence[0..length)} (whose partial derivative is {@code d} and
     * whose last index repeats {@code run} times at its end) by one index {@code >= } its last, and recursively
     * theirs, until the sequence fills {@code sequence}.
     */
    private static void addTermsAbove(Value d, List<Value> x, int[] sequence, int length, int run, double weight,
            TaylorTermSink sink) {
        if (length == sequence.length) {
            return;
        }
        // the last order's partials are only read as numbers, so their graphs are not built
        List<Value> partials = gradient(d, x, length + 1 < sequence.length);
        int last = length == 0 ? 0 : sequence[length - 1];
        for (int i = last; i < x.size(); i++) {
            int count = length > 0 && i == last ? run + 1 : 1;
            sequence[length] = i;
            sink.term(Arrays.copyOf(sequence, length + 1), partials.get(i).data() * (weight / count));
            addTermsAbove(partials.get(i), x, sequence, length + 1, count, weight / count, sink);
        }
    }

    // ---------------------------------------------------------------- values

    /**
     * The gradient of {@code output} with respect to each node of {@code wrt}, as values (PyTorch's
     * {@code torch.autograd.grad}). With {@code createGraph} the results are nodes computed from the graph of
     * {@code output}, built by applying each rule's partial derivative to values, so they can be differentiated
     * again ({@code gradient(gradient(y, x, true).get(0), x, true)} is a second derivative); without it they are new
     * leaves holding the numbers. The nodes' own {@link Value#grad()} fields are neither read nor changed.
     *
     * <p>{@code wrt} is normally leaves; for an interior node the result is the derivative through the nodes that
     * use it. A node {@code output} does not depend on gets 0.
     *
     * @param output      the node to differentiate
     * @param wrt         the nodes to differentiate with respect to
     * @param createGraph whether the results must be differentiable
     * @return one value per node of {@code wrt}, in order
     */
    public static List<Value> gradient(Value output, List<Value> wrt, boolean createGraph) {
        Objects.requireNonNull(output, "output");
        List<Value> w = nonNullCopy(wrt, "wrt");
        if (!createGraph) {
            return leaves(Sweeps.reverse(List.of(output), new double[] {1}, w));
        }
        ValueAlgebra g = new ValueAlgebra();
        return Arrays.asList(Sweeps.reverseGraph(List.of(output), List.of(g.constantValue(1)), w, g));
    }

    /**
     * The vector-Jacobian product {@code Σ_k cotangents[k] · ∂outputs[k]/∂wrt[j]} for each {@code j}, as values
     * (PyTorch's {@code torch.autograd.grad(outputs, wrt, grad_outputs)}). The cotangents may themselves be nodes
     * of a graph; with {@code createGraph} the result is differentiable with respect to them too.
     *
     * @param outputs     the nodes to differentiate
     * @param cotangents  one weight per output
     * @param wrt         the nodes to differentiate with respect to
     * @param createGraph whether the results must be differentiable
     * @return one value per node of {@code wrt}, in order
     */
    public static List<Value> vjp(List<Value> outputs, List<Value> cotangents, List<Value> wrt, boolean createGraph) {
        List<Value> out = nonNullCopy(outputs, "outputs");
        List<Value> seeds = nonNullCopy(cotangents, "cotangents");
        List<Value> w = nonNullCopy(wrt, "wrt");
        if (seeds.size() != out.size()) {
            throw new IllegalArgumentException(
                    "cotangents has " + Plural.of(seeds.size(), "entry", "entries") + " but outputs has "
                            + out.size());
        }
        if (!createGraph) {
            return leaves(Sweeps.reverse(out, data(seeds), w));
        }
        return Arrays.asList(Sweeps.reverseGraph(out, seeds, w, new ValueAlgebra()));
    }

    /**
     * The directional derivative of each output along the tangent of the inputs, by one forward sweep (forward
     * mode): {@code Σ_j ∂outputs[k]/∂inputs[j] · tangent[j]} for each {@code k}.
     *
     * @param outputs the nodes to differentiate
     * @param inputs  the nodes given a tangent (normally leaves; an input's tangent is taken as given)
     * @param tangent one number per input
     * @return one number per output
     */
    public static double[] jvp(List<Value> outputs, List<Value> inputs, double[] tangent) {
        List<Value> out = nonNullCopy(outputs, "outputs");
        List<Value> in = nonNullCopy(inputs, "inputs");
        checkLength(tangent, "tangent", in.size(), "one per input");
        double[][] t = Sweeps.forward(out, in, column(tangent), 1);
        double[] result = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            result[k] = t[k][0];
        }
        return result;
    }

    // ---------------------------------------------------------------- helpers

    private static Value[] leaves(double[] x, String name) {
        Objects.requireNonNull(x, name);
        Value[] leaves = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            leaves[i] = Value.of(x[i]);
        }
        return leaves;
    }

    private static List<Value> leaves(double[] x) {
        return Arrays.asList(leaves(x, "x"));
    }

    private static Value callScalar(ScalarFunction f, Value[] x) {
        Objects.requireNonNull(f, "f");
        return Objects.requireNonNull(f.apply(x.clone()), "f returned null");
    }

    private static List<Value> callVector(VectorFunction f, Value[] x) {
        Objects.requireNonNull(f, "f");
        Value[] y = Objects.requireNonNull(f.apply(x.clone()), "f returned null");
        for (int i = 0; i < y.length; i++) {
            Objects.requireNonNull(y[i], "f returned null at output " + i);
        }
        return Arrays.asList(y.clone());
    }

    private static List<Value> nonNullCopy(List<Value> values, String name) {
        Objects.requireNonNull(values, name);
        List<Value> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            copy.add(Objects.requireNonNull(values.get(i), name + " has null at position " + i));
        }
        return copy;
    }

    private static void checkLength(double[] v, String name, int expected, String what) {
        Objects.requireNonNull(v, name);
        if (v.length != expected) {
            throw new IllegalArgumentException(name + " has length " + v.length + " but "
                    + Plural.of(expected, "entry is", "entries are") + " needed (" + what + ")");
        }
    }

    private static double[] data(List<Value> values) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = values.get(i).data();
        }
        return d;
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] column(double[] v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            c[i][0] = v[i];
        }
        return c;
    }
}
