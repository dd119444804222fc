package dev.jgrad.tape;

import dev.jgrad.Rule;
import dev.jgrad.internal.Plural;
import dev.jgrad.tape.internal.Program;
import dev.jgrad.tape.internal.Segment;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The memory in which one thread replays a {@link Tape}: a value and an adjoint per position, allocated once. Every
 * replay method fills the caller's arrays and allocates nothing.
 *
 * <p>A replay runs the tape's segments forwards (plain instructions each compute their rule's {@link Rule#value}
 * from their operands; compiled loops run their generated code; a run of segments that repeats with shifted positions
 * runs its first repetition's code over each repetition's positions), then, for derivatives, backwards: each edge adds
 * {@code partial * adjoint of its result} to its operand's adjoint. With {@code f} the outputs and {@code w} the
 * weights, the reverse sweep computes the vector-Jacobian product {@code w^T J}, where
 * {@code J[i][j] = d f_i / d x_j}. The caller's {@code x} is read during the call (not only copied at its start),
 * and the result arrays may be {@code x} itself; the gradient of {@link #vjp} may also be its weights.
 *
 * <p>Derivatives are those of {@link dev.jgrad.Value#backward()}: NaN and infinities propagate by IEEE 754 (an edge
 * whose partial is infinite times a zero adjoint gives NaN, as in PyTorch). Every input of the tape is differentiated,
 * also one recorded from a node that requires no gradient ({@link dev.jgrad.Value#constant}, {@code detach()}): naming
 * a node as an input asks for its derivative, where {@code backward()} leaves such a node's gradient at 0.
 *
 * <p><b>Threads.</b> A workspace is for one thread at a time; a tape may have any number of workspaces on different
 * threads. A replay that starts while another is running in the same workspace (on another thread, or from a rule
 * called by the replay) throws {@link IllegalStateException} instead of mixing the two into wrong results. A replay
 * that throws (a user rule's value that throws) leaves the workspace usable.
 *
 * <p><b>Data inputs.</b> A tape recorded with data inputs ({@link Tape#traceData}) replays with the data bound
 * last by {@link #setData}; the {@code x} of every replay method holds the differentiable inputs only.
 */
public final class Workspace {

    private final Tape tape;
    /** The tape's program, which this workspace replays. */
    private final Program program;
    private final double[] val;
    private final double[] adj;
    /** Room for the terms of the program's largest variadic instruction, gathered for {@link Rule#variadicValue}. */
    private final double[] terms;
    /** Room for the slots of repeated segments' repetitions, made as the sweeps reach them. */
    private final int[] scratch;
    /** The thread replaying in this workspace, or null: set when a replay starts and cleared when it ends. */
    private final AtomicReference<Thread> user = new AtomicReference<>();

    Workspace(Tape tape) {
        this.tape = tape;
        this.program = tape.program;
        long bytes = 8L * program.positions + 8L * program.adjointLength;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            // refused before the JVM fails to allocate an array of billions of doubles
            throw new IllegalStateException("a workspace of this tape needs " + bytes + " bytes (a value for each"
                    + " of its " + program.positions + " positions and " + program.adjointLength + " adjoints), more"
                    + " than the maximum heap of "
                    + heap + " bytes; give the JVM more (-Xmx) or record a smaller program");
        }
        this.val = new double[program.positions];
        this.adj = new double[program.adjointLength];
        this.terms = new double[program.variadicTerms];
        this.scratch = new int[program.scratchNeed];
        fillConstants();
        bindData(tape.recordedData);
    }

    /**
     * The tape this workspace replays.
     *
     * @return the tape this workspace replays
     */
    public Tape tape() {
        return tape;
    }

    /**
     * Binds the data inputs ({@link Tape#dataCount()} of them) for the replays that follow, until bound again. The
     * values are copied. Data get no derivative: gradient arrays have one entry per differentiable input.
     *
     * @param data the data inputs' values, {@code data.length == tape().dataCount()}
     * @throws IllegalStateException if a replay is running in this workspace
     */
    public void setData(double[] data) {
        checkLength(data, program.dataPositions.length, "data", "data input");
        enter();
        try {
            bindData(data);
        } finally {
            exit();
        }
    }

    private void bindData(double[] data) {
        int[] positions = program.dataPositions;
        for (int i = 0; i < positions.length; i++) {
            val[positions[i]] = data[i];
        }
    }

    /**
     * The first output at {@code x}.
     *
     * @param x the inputs, {@code x.length == tape().inputCount()}
     * @return {@code f_0(x)}
     */
    public double value(double[] x) {
        enter();
        try {
            forward(x, false);
            return val[program.outputs[0]];
        } finally {
            exit();
        }
    }

    /**
     * Every output at {@code x}.
     *
     * @param x      the inputs, {@code x.length == tape().inputCount()}
     * @param values receives {@code f_i(x)}, {@code values.length == tape().outputCount()}
     */
    public void values(double[] x, double[] values) {
        checkLength(values, program.outputs.length, "values", "output");
        enter();
        try {
            forward(x, false);
            for (int i = 0; i < values.length; i++) {
                values[i] = val[program.outputs[i]];
            }
        } finally {
            exit();
        }
    }

    /**
     * Output {@code i} as computed by the latest replay in this workspace ({@link #value}, {@link #values},
     * {@link #gradient}, {@link #vjp} or {@link #jacobian}), without replaying again; 0 before any.
     *
     * @param i the output's index, {@code 0 <= i < tape().outputCount()}
     * @return {@code f_i} at the latest inputs
     * @throws IndexOutOfBoundsException if there is no output {@code i}, naming it and the tape's output count
     */
    public double output(int i) {
        if (i < 0 || i >= program.outputs.length) {
            throw new IndexOutOfBoundsException("output " + i + " of a tape with "
                    + Plural.of(program.outputs.length, "output"));
        }
        return val[program.outputs[i]];
    }

    /**
     * The value and gradient of a tape with one output.
     *
     * @param x        the inputs, {@code x.length == tape().inputCount()}
     * @param gradient receives {@code d f / d x_j}, {@code gradient.length == tape().inputCount()} (overwritten)
     * @return {@code f(x)}
     * @throws IllegalStateException if the tape has more than one output (use {@link #vjp})
     */
    public double gradient(double[] x, double[] gradient) {
        if (program.outputs.length != 1) {
            throw new IllegalStateException(
                    "gradient needs a tape with one output; this one has " + program.outputs.length
                            + " (use vjp)");
        }
        checkLength(gradient, program.inputs, "gradient", "input");
        enter();
        try {
            double[] in = forwardToFused(x, gradient == x);
            double[] inputAdjoints = clearAdjoints(gradient, false, program.fusedLast != null);
            seed(inputAdjoints, program.outputAdjoints[0], 1);
            reverseFromFused(in, inputAdjoints, gradient);
            return val[program.outputs[0]];
        } finally {
            exit();
        }
    }

    /**
     * The gradient of the weighted sum of the outputs, {@code sum_i w_i f_i(x)}: the vector-Jacobian product
     * {@code w^T J} ({@link dev.jgrad.Grad#vjp} on a graph of values).
     *
     * @param x        the inputs, {@code x.length == tape().inputCount()}
     * @param weights  {@code w}, {@code weights.length == tape().outputCount()}
     * @param gradient receives {@code sum_i w_i d f_i / d x_j}, {@code gradient.length == tape().inputCount()}
     *                 (overwritten; it may be {@code x} or {@code weights} itself)
     */
    public void vjp(double[] x, double[] weights, double[] gradient) {
        checkLength(weights, program.outputs.length, "weights", "output");
        checkLength(gradient, program.inputs, "gradient", "input");
        enter();
        try {
            double[] in = forwardToFused(x, gradient == x || weights == x);
            double[] inputAdjoints = clearAdjoints(gradient, weights == gradient, program.fusedLast != null);
            for (int i = 0; i < weights.length; i++) {
                seed(inputAdjoints, program.outputAdjoints[i], weights[i]);
            }
            reverseFromFused(in, inputAdjoints, gradient);
        } finally {
            exit();
        }
    }

    /**
     * The full Jacobian, one reverse sweep per output after one forward sweep.
     *
     * @param x        the inputs, {@code x.length == tape().inputCount()}
     * @param jacobian receives {@code J[i][j] = d f_i / d x_j}: {@code tape().outputCount()} rows of
     *                 {@code tape().inputCount()} entries
     */
    public void jacobian(double[] x, double[][] jacobian) {
        Objects.requireNonNull(jacobian, "jacobian");
        checkLength(jacobian.length, program.outputs.length, "jacobian", "output");
        for (int i = 0; i < jacobian.length; i++) {
            // the row's name only on failure: a replay allocates nothing
            if (jacobian[i] == null || jacobian[i].length != program.inputs) {
                checkLength(jacobian[i], program.inputs, "jacobian[" + i + "]", "input");
            }
        }
        boolean aliased = false;
        for (double[] row : jacobian) {
            aliased |= row == x;
        }
        enter();
        try {
            double[] in = forward(x, aliased);
            for (int i = 0; i < jacobian.length; i++) {
                double[] inputAdjoints = clearAdjoints(jacobian[i], false);
                seed(inputAdjoints, program.outputAdjoints[i], 1);
                reverse(in, inputAdjoints, jacobian[i], program.segments.length);
            }
        } finally {
            exit();
        }
    }

    /**
     * Claims this workspace for the current thread's replay.
     *
     * @throws IllegalStateException if a replay is already running in it
     */
    private void enter() {
        Thread current = Thread.currentThread();
        if (!user.compareAndSet(null, current)) {
            Thread other = user.get();
            throw new IllegalStateException("this workspace is in use by " + (other == current
                    ? "a replay on this same thread (a rule replaying the workspace that calls it)"
                    : "thread '" + (other == null ? "?" : other.getName()) + "'")
                    + ": a Workspace is for one thread at a time; give each thread its own (Tape.newWorkspace())");
        }
    }

    private void exit() {
        user.setRelease(null);
    }

    /**
     * The forward sweep; returns the array the sweeps read inputs from. When the tape keeps inputs apart, that is
     * {@code x} itself (only the inputs plain instructions read are copied), unless the caller's result array is
     * {@code x} ({@code aliased}): then, as for other tapes, all of {@code x} is copied first.
     */
    private double[] forward(double[] x, boolean aliased) {
        return forward(x, aliased, program.segments.length);
    }

    /**
     * The forward sweep of a gradient: without the last segment if that runs fused ({@link Program#fusedLast}),
     * which {@link #reverseFromFused} then runs.
     */
    private double[] forwardToFused(double[] x, boolean aliased) {
        return forward(x, aliased, program.segments.length - (program.fusedLast == null ? 0 : 1));
    }

    /** The forward sweep of the first {@code segments} segments; see {@link #forward(double[], boolean)}. */
    private double[] forward(double[] x, boolean aliased, int segments) {
        checkLength(x, program.inputs, "x", "input");
        double[] in = x;
        if (!program.inputsApart || aliased) {
            System.arraycopy(x, 0, val, 0, x.length);
            in = val;
        } else {
            for (int i : program.inputsRead) {
                val[i] = x[i];
            }
        }
        for (int i = 0; i < segments; i++) {
            program.segments[i].forward(program.rules, val, in, terms, scratch);
        }
        return in;
    }

    /** Fills each constant's slot; the forward sweep never writes them. */
    private void fillConstants() {
        for (int i = 0; i < program.constants.length; i++) {
            val[program.constantPositions[i]] = program.constants[i];
        }
    }

    /**
     * Zeroes every adjoint a reverse sweep sums (a loop's own temporaries live in registers); returns where the
     * inputs' adjoints are summed: the caller's {@code result} when the tape keeps inputs apart, else the workspace.
     * A {@code result} that still holds the seeds ({@code seedsInResult}) is not zeroed: the workspace sums instead,
     * its positions of the inputs being theirs in every layout.
     */
    private double[] clearAdjoints(double[] result, boolean seedsInResult) {
        return clearAdjoints(result, seedsInResult, false);
    }

    /**
     * {@link #clearAdjoints(double[], boolean)} before a fused pass ({@code fused}): the inputs' adjoints that pass
     * stores without reading are left as they are.
     */
    private double[] clearAdjoints(double[] result, boolean seedsInResult, boolean fused) {
        double[] inputAdjoints = program.inputsApart && !seedsInResult ? result : adj;
        if (fused) {
            int[] ranges = program.inputsToClear;
            for (int i = 0; i < ranges.length; i += 2) {
                Arrays.fill(inputAdjoints, ranges[i], ranges[i + 1], 0);
            }
        } else {
            Arrays.fill(inputAdjoints, 0, program.inputs, 0);
        }
        for (Segment segment : program.segments) {
            segment.clearAdjoints(adj, scratch);
        }
        return inputAdjoints;
    }

    /** Adds {@code weight} to the adjoint of an output (which may be an input). */
    private void seed(double[] inputAdjoints, int output, double weight) {
        if (output < program.inputs) {
            inputAdjoints[output] += weight;
        } else {
            adj[output] += weight;
        }
    }

    /**
     * The reverse sweep of a gradient after {@link #forwardToFused}: the last segment's fused pass if it has one
     * (its adjoints, as the reverse sweep's, come before those of the segments before it), then the reverse sweep
     * of the others.
     */
    private void reverseFromFused(double[] in, double[] inputAdjoints, double[] result) {
        if (program.fusedLast != null) {
            program.fusedLast.fused(program.rules, val, adj, in, inputAdjoints);
        }
        reverse(in, inputAdjoints, result, program.segments.length - (program.fusedLast == null ? 0 : 1));
    }

    /**
     * The reverse sweep of the first {@code segments} segments, last first; leaves the inputs' adjoints in
     * {@code result}.
     */
    private void reverse(double[] in, double[] inputAdjoints, double[] result, int segments) {
        for (int i = segments - 1; i >= 0; i--) {
            program.segments[i].reverse(program.rules, val, adj, in, inputAdjoints, scratch);
        }
        if (inputAdjoints != result) {
            System.arraycopy(inputAdjoints, 0, result, 0, program.inputs);
        }
    }

    private static void checkLength(double[] array, int expected, String name, String what) {
        Objects.requireNonNull(array, name);
        checkLength(array.length, expected, name, what);
    }

    private static void checkLength(int length, int expected, String name, String what) {
        if (length != expected) {
            throw new IllegalArgumentException(
                    name + " has length " + length + " but the tape has " + Plural.of(expected, what));
        }
    }
}
