package dev.jgrad.tape;

import dev.jgrad.Algebra;
import dev.jgrad.Rule;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import dev.jgrad.VectorFunction;
import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Program;
import dev.jgrad.tape.internal.record.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled program: a function of {@code n} inputs to one or more outputs, recorded once into flat arrays of
 * primitives and replayed many times, for new inputs, by a {@link Workspace}.
 *
 * <pre>{@code
 * Value x = Value.of(1), y = Value.of(2);
 * Tape tape = Tape.record(x.mul(y).add(x.sin()), List.of(x, y));   // f(x, y) = xy + sin x
 * Workspace w = tape.newWorkspace();                                // one per thread, reused
 * double[] grad = new double[2];
 * double f = w.gradient(new double[] {0.5, 3}, grad);               // grad = {y + cos x, x} at (0.5, 3)
 * }</pre>
 *
 * <p><b>Where values and derivatives come from.</b> Every instruction's value is its rule's {@link Rule#value}, and
 * every partial derivative is its rule's {@link Rule#partial}, called once at recording time on an {@link Algebra}
 * whose handles are tape slots, so the derivative expressions are themselves recorded as instructions. There is no
 * second copy of any formula: results equal those of {@link Value#backward()} on the same graph, to the last bit.
 *
 * <p><b>Layout.</b> Each instruction gets a slot when recorded: inputs first, then instructions in recording order.
 * Each distinct constant is one instruction, filled once per workspace. Plain instructions are stored as a
 * {@code byte} op code and operand slots; the reverse sweep is a list of edges {@code (operand, partial, out)}, one per
 * operand of a recorded operation (constants have none), run as {@code adj[operand] += val[partial] * adj[out]}
 * backwards with no dispatch. Instructions that only compute partials have no edges.
 *
 * <p><b>Loops.</b> A run of instructions that repeats one body, each slot shifted by a fixed step per iteration, is
 * what a Java loop over arrays records (the extended Rosenbrock sum, a running recurrence, a per-element loss). Such
 * runs are found while recording and stored once, with a count: the recorder predicts each new operation from the
 * body and, when it matches, stores nothing. Each loop is replayed by JVM bytecode generated for its body (a hidden
 * class, shared by loops of the same shape) that keeps the body's temporaries and adjoints in registers, recomputes
 * in the reverse sweep the cheap values its partials need (sums, products, selects), reads back the costly ones
 * (exponentials, logarithms, powers, trigonometric and custom rules) that the forward sweep stored, and touches the
 * workspace only for those and for what leaves an iteration.
 * The kernel performs the same operations in the same order as the plain sweep, so results do not change by a bit.
 * For the extended Rosenbrock function with a million variables, {@link #programBytes()} is under 4 KB and a
 * workspace holds little more than the inputs; replay costs a few times the plain Java function
 * (see BENCHMARKS.md). Runs shorter than 128 instructions (or four iterations), bodies longer than 191
 * instructions, and loops whose generated code would exceed the JIT's method limit once their exports are known stay
 * plain instructions.
 * The {@code compileLoops} parameter of {@link #traceAll(int, TracedVectorFunction, boolean)} and
 * {@link #recordAll(double[], VectorFunction, boolean)} turns this off.
 *
 * <p><b>Lean tapes.</b> {@link #traceLean} (and {@link #recordLean} for a {@code Value} graph) records each
 * operation's op code and operands only and computes its partial derivatives at every reverse sweep: 12 to 15 bytes
 * per operation with a workspace, 3 to 4 times less than a program that does not loop takes recorded in full, for a
 * gradient 2.2 to 3.7 times slower; results do not change by a bit.
 *
 * <p><b>Control flow is frozen at recording.</b> A tape holds the operations that ran when it was recorded, not
 * the Java code that chose them. An {@code if} on a value, a loop whose length depends on a value, or
 * {@code Math.max} on {@code data()} takes the branch of the recording point for ever:
 * <pre>{@code
 * Tape bad = Tape.record(new double[] {2}, x -> x[0].data() > 0 ? x[0] : x[0].neg());   // |x|, recorded at 2
 * bad.newWorkspace().value(new double[] {-3});        // -3, not 3: the 'x > 0' branch was frozen
 * Tape good = Tape.record(new double[] {2}, x -> Value.where(x[0], x[0], x[0].neg()));
 * good.newWorkspace().value(new double[] {-3});       // 3: where() selects again at every replay
 * }</pre>
 * Use {@link Value#where} (or {@code relu}, {@code abs}, {@code sign}, which are branch-free ops) for anything that
 * must depend on the inputs. Leaves of a recorded graph that are not declared inputs are frozen as constants too.
 *
 * <p><b>Size.</b> Every input and instruction has a slot, an {@code int}: a tape holds at most {@link #MAX_SLOTS}
 * ({@code 2^31 - 9}) of them, each iteration of a compiled loop counted although a loop stores its body once.
 * Recording past the limit throws {@link IllegalStateException} naming it; what was recorded before stays usable.
 *
 * <p><b>Failures while recording.</b> If a rule's partial derivative throws, or returns something that is not a
 * handle, the operation it served is half recorded: the exception propagates, and every later operation of that
 * recording and its {@code finish} throw {@link IllegalStateException} (with the first failure as cause), so that a
 * caller who catches the exception and goes on cannot get a tape with silently wrong derivatives.
 *
 * <p><b>Threads.</b> A tape is immutable and may be shared by any number of threads, each replaying it in its own
 * {@link Workspace}. User-defined rules are called from those threads and must be stateless (as the built-in ones are).
 * Recording a graph of {@link Value}s traverses it as {@link Value#backward()} does, so no other thread may traverse
 * that graph meanwhile; tracing touches no shared state.
 */
public final class Tape {

    /**
     * The most slots (inputs plus instructions, every iteration of a compiled loop counted) a tape can have: slots
     * are {@code int}s, and a workspace may need an array with a position per slot, whose length Java bounds just
     * below {@code 2^31}.
     */
    public static final int MAX_SLOTS = Codes.MAX_SLOTS;

    /** The linked program this tape is; workspaces replay it. */
    final Program program;
    /** The data inputs a new workspace starts with: their values at recording, or 0 for a traced tape. */
    final double[] recordedData;

    private Tape(Program program, double[] recordedData) {
        program.releaseLoops();
        this.program = program;
        this.recordedData = recordedData;
    }

    // ---------------------------------------------------------------- recording

    /**
     * Records the graph that computes {@code output} as a function of {@code inputs}.
     *
     * @param output the function's value, a node computed from the inputs
     * @param inputs the leaves (or any nodes) that become the tape's inputs, in order; the graph above them is cut
     * @return the compiled program, with one output
     * @see #record(List, List)
     */
    public static Tape record(Value output, List<Value> inputs) {
        Objects.requireNonNull(output, "output");
        return record(List.of(output), inputs);
    }

    /**
     * Records the graph that computes {@code outputs} as functions of {@code inputs}. Each node is recorded once,
     * however many outputs share it. Leaves reached that are not among the inputs are recorded as constants with
     * their current value; declared inputs that are not leaves cut the graph (what computed them is not recorded).
     *
     * @param outputs the function's values, at least one
     * @param inputs  distinct nodes, the tape's inputs in order
     * @return the compiled program
     * @throws IllegalArgumentException if there is no output or an input is given twice
     */
    public static Tape record(List<Value> outputs, List<Value> inputs) {
        return record(outputs, inputs, true);
    }

    /**
     * Records the graph that computes {@code outputs} as functions of {@code inputs}, choosing whether loops are
     * compiled; see {@link #record(List, List)} and {@link #traceAll(int, TracedVectorFunction, boolean)}.
     *
     * @param outputs      the function's values, at least one
     * @param inputs       distinct nodes, the tape's inputs in order
     * @param compileLoops whether repeated runs of instructions are found and run as generated bytecode
     * @return the compiled program
     */
    public static Tape record(List<Value> outputs, List<Value> inputs, boolean compileLoops) {
        return record(outputs, inputs, List.of(), compileLoops);
    }

    /**
     * Records the graph that computes {@code outputs} from differentiable {@code inputs} and from {@code data}:
     * inputs that each replay may change ({@link Workspace#setData}) but that get no derivative, such as a
     * mini-batch, market data or Monte Carlo random numbers. Operations that depend on data alone are replayed
     * forwards but have no reverse-sweep work, and gradient arrays have one entry per differentiable input only.
     * A workspace starts with the data's values at recording. Like inputs, data nodes cut the graph.
     *
     * @param outputs      the function's values, at least one
     * @param inputs       distinct nodes, the tape's differentiable inputs in order
     * @param data         distinct nodes, none of them an input, the tape's data inputs in order
     * @param compileLoops whether repeated runs of instructions are found and run as generated bytecode
     * @return the compiled program
     * @throws IllegalArgumentException if there is no output or a node is given twice (among inputs and data)
     * @throws NullPointerException     if a list or one of its nodes is null, naming it
     */
    public static Tape record(List<Value> outputs, List<Value> inputs, List<Value> data, boolean compileLoops) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(data, "data");
        return record(outputs, inputs, data, new Recorder(inputs.size(), data.size(), compileLoops));
    }

    /**
     * Records the graph that computes {@code outputs} from {@code inputs} and {@code data} (as
     * {@link #record(List, List, List, boolean)} does) into a lean tape, {@link #traceLean}'s: each operation kept as
     * its op code and operands only, its partial derivatives computed at every reverse sweep; 3 to 4 times less
     * memory than the full recording of a graph that does not loop, for a gradient 2.2 to 3.7 times slower, with the
     * same bits as {@link Value#backward()}.
     *
     * @param outputs the function's values, at least one
     * @param inputs  distinct nodes, the tape's differentiable inputs in order
     * @param data    distinct nodes, none of them an input, the tape's data inputs in order
     * @return the program
     * @throws IllegalArgumentException if there is no output or a node is given twice (among inputs and data)
     * @throws NullPointerException     if a list or one of its nodes is null, naming it
     */
    public static Tape recordLean(List<Value> outputs, List<Value> inputs, List<Value> data) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(data, "data");
        return record(outputs, inputs, data, Recorder.lean(inputs.size(), data.size()));
    }

    /** Records the graph into {@code recorder}, whose handles are the inputs, then the data. */
    private static Tape record(List<Value> outputs, List<Value> inputs, List<Value> data, Recorder recorder) {
        Objects.requireNonNull(outputs, "outputs");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a tape needs at least one output");
        }
        for (int i = 0; i < outputs.size(); i++) {
            Objects.requireNonNull(outputs.get(i), "output " + i);
        }
        Map<Value, Integer> handles = new IdentityHashMap<>();
        Map<Value, String> names = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Value input = Objects.requireNonNull(inputs.get(i), "input " + i);
            declare(handles, names, input, i, "input " + i);
        }
        double[] recordedData = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            Value datum = Objects.requireNonNull(data.get(i), "data " + i);
            declare(handles, names, datum, recorder.dataHandle(i), "data " + i);
            recordedData[i] = datum.data();
        }
        List<Value> declared = new ArrayList<>(inputs);
        declared.addAll(data);
        List<Value> order = order(outputs);
        boolean[] needed = needed(order, outputs, declared, handles);
        for (int i = 0; i < order.size(); i++) {
            Value node = order.get(i);
            if (needed[i] && !handles.containsKey(node)) {
                handles.put(node, emitNode(node, node.inputs(), recorder, handles));
            }
        }
        int[] out = new int[outputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = handles.get(outputs.get(i));
        }
        return new Tape(recorder.finish(out), recordedData);
    }

    /** Gives a declared node its handle, refusing a node declared twice. */
    private static void declare(Map<Value, Integer> handles, Map<Value, String> names, Value node, int handle,
            String name) {
        String previous = names.putIfAbsent(node, name);
        if (previous != null) {
            throw new IllegalArgumentException(name + " is the same node as " + previous);
        }
        handles.put(node, handle);
    }

    /**
     * The nodes in the topological order that {@link Value#backward()} (and {@code Grad}, for several outputs) sweeps
     * in reverse: recorded in this order, the tape sums each node's gradient in the same order, to the last bit.
     */
    private static List<Value> order(List<Value> outputs) {
        if (outputs.size() == 1) {
            return outputs.get(0).topologicalOrder();
        }
        List<Value> order = Value.sum(outputs).topologicalOrder();
        return order.subList(0, order.size() - 1);
    }

    /**
     * Which nodes of {@code order} the outputs need, the graph being cut at the inputs. Only a declared input that
     * is not a leaf can make a node unneeded; without one, all are needed.
     */
    private static boolean[] needed(List<Value> order, List<Value> outputs, List<Value> inputs,
            Map<Value, Integer> handles) {
        boolean[] needed = new boolean[order.size()];
        if (inputs.stream().allMatch(Value::isLeaf)) {
            Arrays.fill(needed, true);
            return needed;
        }
        Map<Value, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        for (Value output : outputs) {
            needed[position.get(output)] = true;
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Value node = order.get(i);
            if (needed[i] && !handles.containsKey(node)) {
                for (Value operand : node.inputs()) {
                    needed[position.get(operand)] = true;
                }
            }
        }
        return needed;
    }

    private static int emitNode(Value node, List<Value> operands, Recorder recorder, Map<Value, Integer> handles) {
        if (node.isLeaf()) {
            return recorder.constant(node.data());
        }
        Rule rule = node.rule().orElseThrow();
        int[] h = new int[operands.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = handles.get(operands.get(i));
        }
        if (rule.arity() == -1) {
            return recorder.applyVariadic(rule, h);
        }
        return recorder.apply(rule, h[0], h.length >= 2 ? h[1] : Algebra.NONE, h.length >= 3 ? h[2] : Algebra.NONE);
    }

    /**
     * Records {@code f} at the point {@code at}: it is called once on fresh leaves holding {@code at}, and the graph
     * it returns is recorded (see {@link #record(List, List)}). Java control flow in {@code f} is frozen at {@code at}.
     * The function type is the one {@link dev.jgrad.Grad} takes, so one lambda serves both engines.
     *
     * @param at the recording point; its length is the number of inputs
     * @param f  the function, over {@link Value}s
     * @return the compiled program, with one output
     */
    public static Tape record(double[] at, ScalarFunction f) {
        Objects.requireNonNull(f, "f");
        return recordAll(at, x -> new Value[] {f.apply(x)});
    }

    /**
     * Records a function of several outputs at the point {@code at}; see {@link #record(double[], ScalarFunction)}.
     *
     * @param at the recording point; its length is the number of inputs
     * @param f  the function, returning at least one output
     * @return the compiled program
     */
    public static Tape recordAll(double[] at, VectorFunction f) {
        return recordAll(at, f, true);
    }

    /**
     * Records a function of several outputs at the point {@code at}, choosing whether loops are compiled; see
     * {@link #record(double[], ScalarFunction)} and {@link #traceAll(int, TracedVectorFunction, boolean)}.
     *
     * @param at           the recording point; its length is the number of inputs
     * @param f            the function, returning at least one output
     * @param compileLoops whether repeated runs of instructions are found and run as generated bytecode
     * @return the compiled program
     * @throws NullPointerException if an argument is null or {@code f} returns null (or a null output), naming it
     */
    public static Tape recordAll(double[] at, VectorFunction f, boolean compileLoops) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(f, "f");
        Value[] x = new Value[at.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Value.of(at[i]);
        }
        Value[] outputs = Objects.requireNonNull(f.apply(x.clone()), "f returned null");
        for (int i = 0; i < outputs.length; i++) {
            Objects.requireNonNull(outputs[i], "f returned null at output " + i);
        }
        return record(Arrays.asList(outputs), Arrays.asList(x), compileLoops);
    }

    /**
     * Records {@code f} by tracing: it is called once with an {@link Algebra} whose handles are tape slots and the
     * handles of the {@code inputs}, and every operation it applies is recorded. No {@link Value} is built, so this
     * is the fastest way to record large functions; {@code f} sees no values, so it cannot branch on them (use
     * {@link Algebra#where}). Every recorded operation is swept backwards, also one whose result no output reads: its
     * adjoint is 0, so where its partial derivative is infinite it adds {@code 0 · ∞ = NaN} ({@code g.log(x)} traced
     * and discarded makes the gradient NaN at {@code x = 0}, where {@link Value#backward()} gives 0).
     *
     * <pre>{@code
     * // extended Rosenbrock: sum of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2
     * Tape t = Tape.trace(n, (g, x) -> {
     *     int sum = g.constant(0), one = g.constant(1), hundred = g.constant(100);
     *     for (int i = 0; i + 1 < n; i++) {
     *         int d = g.sub(x[i + 1], g.mul(x[i], x[i])), e = g.sub(one, x[i]);
     *         sum = g.add(sum, g.add(g.mul(hundred, g.mul(d, d)), g.mul(e, e)));
     *     }
     *     return sum;
     * });
     * }</pre>
     *
     * @param inputs the number of inputs, {@code >= 0}
     * @param f      the function over handles; the handles it returns must come from the algebra it was given
     * @return the compiled program, with one output
     */
    public static Tape trace(int inputs, TracedFunction f) {
        Objects.requireNonNull(f, "f");
        return traceAll(inputs, (g, x) -> new int[] {f.apply(g, x)});
    }

    /**
     * Records a function of several outputs by tracing; see {@link #trace(int, TracedFunction)}.
     *
     * @param inputs the number of inputs, {@code >= 0}
     * @param f      the function over handles, returning at least one output handle
     * @return the compiled program
     */
    public static Tape traceAll(int inputs, TracedVectorFunction f) {
        return traceAll(inputs, f, true);
    }

    /**
     * Records a function of several outputs by tracing, choosing whether loops are compiled.
     *
     * <p>With {@code compileLoops} (the default of the other methods), a run of instructions that repeats one body
     * over slots shifted by a fixed step each time (what a Java loop over arrays records, such as the Rosenbrock
     * sum above) is stored once, with its count, and replayed by JVM bytecode generated for that body: its
     * temporaries stay in registers and only what leaves an iteration is stored, so the recording and the workspace
     * take almost no memory for it and replay approaches the speed of the plain Java function. Results are the
     * same, to the last bit, either way, but for which NaN comes out where two NaNs of different payloads (or signs)
     * meet in a sum: both ways give NaN there, possibly not the same one. Without it, every instruction is stored and swept by an interpreter, as for
     * code without loops: for comparing the two, or where defining classes at run time is not wanted.
     *
     * @param inputs       the number of inputs, {@code >= 0}
     * @param f            the function over handles, returning at least one output handle
     * @param compileLoops whether repeated runs of instructions are found and run as generated bytecode
     * @return the compiled program
     */
    public static Tape traceAll(int inputs, TracedVectorFunction f, boolean compileLoops) {
        Objects.requireNonNull(f, "f");
        Recorder recorder = new Recorder(inputs, compileLoops);
        int[] x = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            x[i] = i;
        }
        int[] outputs = Objects.requireNonNull(f.apply(recorder, x), "f returned null");
        if (outputs.length == 0) {
            throw new IllegalArgumentException("a tape needs at least one output");
        }
        return new Tape(recorder.finish(outputs.clone()), new double[0]);
    }

    /**
     * Records a function of differentiable inputs and of data inputs by tracing. Data inputs are rebound before
     * replays ({@link Workspace#setData}), get no derivative and cost the reverse sweep nothing, nor do the
     * operations that depend on data alone (their partial derivatives are not even recorded): a mini-batch, market
     * data, the normal draws of a Monte Carlo simulation. A new workspace's data are 0.
     *
     * <pre>{@code
     * Tape tape = Tape.traceData(1, 1, (g, x, z) -> new int[] {g.mul(x[0], g.exp(z[0]))});   // f(x; z) = x e^z
     * Workspace w = tape.newWorkspace();
     * w.setData(new double[] {0.5});
     * double[] grad = new double[1];
     * w.gradient(new double[] {2}, grad);                // f = 2 e^0.5, grad = {e^0.5}; no derivative in z
     * }</pre>
     *
     * @param inputs       the number of differentiable inputs, {@code >= 0}
     * @param data         the number of data inputs, {@code >= 0}
     * @param f            the function over handles of the inputs and the data, returning at least one output
     * @param compileLoops whether repeated runs of instructions are found and run as generated bytecode
     * @return the compiled program
     */
    public static Tape traceData(int inputs, int data, TracedDataFunction f, boolean compileLoops) {
        return trace(new Recorder(inputs, data, compileLoops), inputs, data, f);
    }

    /**
     * Records a function of differentiable inputs and of data inputs by tracing, in the least memory: each operation
     * is kept as its op code and operand slots only, and its partial derivatives are computed from the rule table
     * at every reverse sweep instead of being recorded as instructions with their edges. A tape of operations that
     * do not repeat (where {@link #traceData(int, int, TracedDataFunction, boolean) compiled loops} cannot help)
     * then takes 12 to 15 bytes per operation in all, program and one workspace: its op code, its operands packed as
     * distances back (one byte for a value computed just before), a value, and an adjoint only where one is read
     * far from where it is computed (the others share a short ring of adjoints). A full recording takes 35 to 50
     * bytes per instruction and records 1 to 2.2 instructions per operation (a product's partials are its operands, a
     * tangent's are instructions of their own): 3 to 4 times as much (BENCHMARKS.md). The price is the gradient, 2.2
     * to 3.7 times slower than a full recording's interpreted one: the operands are unpacked in both sweeps, and each
     * partial is evaluated anew ({@link dev.jgrad.Partials}), through the rule's {@link Rule#partial} on doubles,
     * except those the table gives as a constant, an operand or the result.
     *
     * <p>Values and gradients are those of the full recording and of {@link Value#backward()}, to the last bit: the
     * same formulas, evaluated on the same values, summed in the same order. Loops are not compiled. A custom rule's
     * {@link Rule#partial} is called at every replay, so a faulty one throws from the replay rather than from the
     * recording. Everything else is as {@link #traceData(int, int, TracedDataFunction, boolean)} describes (data
     * rebound with {@link Workspace#setData}, no derivative for them or for what depends on them alone).
     *
     * <pre>{@code
     * Tape tape = Tape.traceLean(2, 0, (g, x, z) -> new int[] {g.mul(g.sin(x[0]), x[1])});   // f = x1 sin x0
     * double[] grad = new double[2];
     * tape.newWorkspace().gradient(new double[] {1, 2}, grad);   // grad = {2 cos 1, sin 1}
     * }</pre>
     *
     * @param inputs the number of differentiable inputs, {@code >= 0}
     * @param data   the number of data inputs, {@code >= 0}
     * @param f      the function over handles of the inputs and the data, returning at least one output
     * @return the program, whose {@link #edgeCount()} is the number of partial derivatives a reverse sweep computes
     */
    public static Tape traceLean(int inputs, int data, TracedDataFunction f) {
        return trace(Recorder.lean(inputs, data), inputs, data, f);
    }

    /** Traces {@code f} into {@code recorder}, whose first handles are the inputs, then the data. */
    private static Tape trace(Recorder recorder, int inputs, int data, TracedDataFunction f) {
        Objects.requireNonNull(f, "f");
        int[] x = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            x[i] = i;
        }
        int[] z = new int[data];
        for (int i = 0; i < data; i++) {
            z[i] = recorder.dataHandle(i);
        }
        int[] outputs = Objects.requireNonNull(f.apply(recorder, x, z), "f returned null");
        if (outputs.length == 0) {
            throw new IllegalArgumentException("a tape needs at least one output");
        }
        return new Tape(recorder.finish(outputs.clone()), new double[data]);
    }

    /**
     * {@link #traceData(int, int, TracedDataFunction, boolean)} with loops compiled.
     *
     * @param inputs the number of differentiable inputs, {@code >= 0}
     * @param data   the number of data inputs, {@code >= 0}
     * @param f      the function over handles of the inputs and the data, returning at least one output
     * @return the compiled program
     */
    public static Tape traceData(int inputs, int data, TracedDataFunction f) {
        return traceData(inputs, data, f, true);
    }

    // ---------------------------------------------------------------- facts

    /**
     * The number of inputs.
     *
     * @return the number of inputs
     */
    public int inputCount() {
        return program.inputs;
    }

    /**
     * The number of data inputs: bound by {@link Workspace#setData}, never differentiated.
     *
     * @return the number of data inputs
     */
    public int dataCount() {
        return program.dataPositions.length;
    }

    /**
     * The number of outputs.
     *
     * @return the number of outputs
     */
    public int outputCount() {
        return program.outputs.length;
    }

    /**
     * The number of instructions: the operations, those that compute partial derivatives, the constants and the data
     * inputs.
     *
     * @return the number of instructions
     */
    public int instructionCount() {
        return program.instructions;
    }

    /**
     * The number of loops found in the recording and compiled to JVM bytecode: runs of instructions that repeat one
     * body over shifted slots, as a traced Java loop over an array records them.
     *
     * @return the number of loops found in the recording and compiled to JVM bytecode
     */
    public int compiledLoopCount() {
        return program.compiledLoopCount();
    }

    /**
     * The number of distinct constants.
     *
     * @return the number of distinct constants
     */
    public int constantCount() {
        return program.constants.length;
    }

    /**
     * The number of reverse-sweep edges recorded: one per operand of a recorded operation, but for constant operands.
     *
     * @return the number of reverse-sweep edges recorded
     */
    public long edgeCount() {
        return program.edgeCount;
    }

    /**
     * The bytes this program keeps: for plain instructions, one per op code, four per operand and twelve per edge;
     * for a compiled loop, four per parameter and eight per run of adjoints it clears or edge into the workspace,
     * however many iterations it has (its kernel's code is shared by every loop of its shape); twelve per constant
     * and four per output (object headers and spare capacity not counted). Segments that repeat with every position
     * moved by the same step (a loop and the plain instructions after it, per component of each point of a mixture
     * model) are kept once, with eight bytes per position they name, however often they repeat. Each workspace adds
     * {@link #workspaceBytes()}.
     *
     * @return the bytes this program keeps
     */
    public long programBytes() {
        return program.programBytes();
    }

    /**
     * The bytes of the arrays of one {@link Workspace}: a value and an adjoint, eight bytes each, per input, per
     * plain instruction, per value that leaves an iteration of a compiled loop and per costly value (an exponential,
     * a logarithm...) whose partial derivatives a loop's reverse sweep reads back instead of recomputing it. A lean
     * tape ({@link #traceLean}) keeps a value per input and instruction, and an adjoint per input, per instruction
     * read far from where it is computed, per output, and in a short ring for all the others.
     *
     * @return the bytes of the arrays of one {@link Workspace}
     */
    public long workspaceBytes() {
        return 8L * program.positions + 8L * program.adjointLength;
    }

    /**
     * A new workspace for replaying this program, with the constants already in place. A workspace is not
     * thread-safe: give each thread its own.
     *
     * @return a new workspace for replaying this program, with the constants already in place
     * @throws IllegalStateException if its arrays ({@link #workspaceBytes()}) exceed the JVM's maximum heap
     */
    public Workspace newWorkspace() {
        return new Workspace(this);
    }

    @Override
    public String toString() {
        return "Tape(inputs=" + program.inputs + ", outputs=" + program.outputs.length + ", instructions="
                + program.instructions + ", constants=" + program.constants.length + ")";
    }
}
