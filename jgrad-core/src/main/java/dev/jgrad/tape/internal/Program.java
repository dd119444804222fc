package dev.jgrad.tape.internal;

import dev.jgrad.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a finished recording is, once linked: the arrays a {@link dev.jgrad.tape.Tape} keeps and a
 * {@link dev.jgrad.tape.Workspace} replays. Immutable once built.
 */
public final class Program {

    /** The number of inputs. */
    public final int inputs;
    /** The number of instructions, constants and those computing partials included. */
    public final int instructions;
    /** The number of reverse-sweep edges, those of every loop iteration included. */
    public final long edgeCount;
    /** The distinct constants. */
    public final double[] constants;
    /** The workspace position of each constant. */
    public final int[] constantPositions;
    /** The workspace position of each data input. */
    public final int[] dataPositions;
    /** The rules without a built-in op code, by the index instructions name them with. */
    public final Rule[] rules;
    /** The workspace position of each output. */
    public final int[] outputs;
    /** How workspaces replay this program: plain pieces and compiled loops, in order. */
    public final Segment[] segments;
    /** The length of a workspace's array of values. */
    public final int positions;
    /** The length of a workspace's array of adjoints: {@link #positions} but for a lean tape ({@link LeanAdjoints}). */
    public final int adjointLength;
    /** The index of each output's adjoint in that array, where its seed goes: {@link #outputs} but for a lean tape. */
    public final int[] outputAdjoints;
    /** Whether replays read inputs from the caller's array and sum their adjoints into the caller's gradient. */
    public final boolean inputsApart;
    /** With {@link #inputsApart}: the inputs plain instructions read, copied into the workspace by each replay. */
    public final int[] inputsRead;
    /** The room a workspace keeps for a variadic instruction's terms: the most of any segment's. */
    public final int variadicTerms;
    /** The room a workspace keeps for the slots of repeated segments' repetitions: the most of any segment's. */
    public final int scratchNeed;
    /**
     * The last segment when it is a loop whose kernel runs both sweeps in one pass ({@link Segment.Looped#fuses})
     * and no output is an adjoint it sums into, which gradients then use; else null.
     */
    public final Segment.Looped fusedLast;
    /**
     * With {@link #fusedLast}: the inputs whose adjoints a gradient needs cleared before it, as sorted, disjoint
     * {@code [from, to)} pairs: all but those the fused pass stores without reading.
     */
    public final int[] inputsToClear;

    /**
     * A linked program.
     *
     * @param inputs            the number of inputs
     * @param instructions      the number of instructions
     * @param edgeCount         the number of reverse-sweep edges
     * @param constants         the distinct constants
     * @param constantPositions the workspace position of each constant
     * @param dataPositions     the workspace position of each data input
     * @param rules             the rules called through their interface
     * @param outputs           the workspace position of each output
     * @param segments          the plain pieces and compiled loops, in order
     * @param positions         the length of a workspace's arrays
     * @param inputsApart       whether replays keep inputs in the caller's arrays
     * @param inputsRead        with {@code inputsApart}, the inputs copied into the workspace
     */
    public Program(int inputs, int instructions, long edgeCount, double[] constants, int[] constantPositions,
            int[] dataPositions, Rule[] rules, int[] outputs, Segment[] segments, int positions, boolean inputsApart, int[] inputsRead) {
        this(inputs, instructions, edgeCount, constants, constantPositions, dataPositions, rules, outputs, segments,
                positions, inputsApart, inputsRead, positions, outputs);
    }

    /**
     * A linked program whose adjoints are not at its values' positions (a lean tape's, {@link LeanAdjoints}); the
     * inputs stay in the workspace.
     *
     * @param inputs            the number of inputs
     * @param instructions      the number of instructions
     * @param edgeCount         the number of partial derivatives a reverse sweep takes
     * @param constants         the distinct constants
     * @param constantPositions the workspace position of each constant
     * @param dataPositions     the workspace position of each data input
     * @param rules             the rules called through their interface
     * @param outputs           the workspace position of each output
     * @param segments          the plain pieces, in order
     * @param positions         the length of a workspace's array of values
     * @param adjointLength     the length of its array of adjoints
     * @param outputAdjoints    the index of each output's adjoint
     */
    public static Program withAdjoints(int inputs, int instructions, long edgeCount, double[] constants,
            int[] constantPositions, int[] dataPositions, Rule[] rules, int[] outputs, Segment[] segments,
            int positions, int adjointLength, int[] outputAdjoints) {
        return new Program(inputs, instructions, edgeCount, constants, constantPositions, dataPositions, rules,
                outputs, segments, positions, false, new int[0], adjointLength, outputAdjoints);
    }

    private Program(int inputs, int instructions, long edgeCount, double[] constants, int[] constantPositions,
            int[] dataPositions, Rule[] rules, int[] outputs, Segment[] segments, int positions, boolean inputsApart,
            int[] inputsRead, int adjointLength, int[] outputAdjoints) {
        this.inputs = inputs;
        this.instructions = instructions;
        this.edgeCount = edgeCount;
        this.constants = constants;
        this.constantPositions = constantPositions;
        this.dataPositions = dataPositions;
        this.rules = rules;
        this.outputs = outputs;
        this.segments = segments;
        this.positions = positions;
        this.adjointLength = adjointLength;
        this.outputAdjoints = outputAdjoints;
        this.inputsApart = inputsApart;
        this.inputsRead = inputsRead;
        int most = 0;
        int scratch = 0;
        for (Segment segment : segments) {
            most = Math.max(most, segment.variadicTerms());
            scratch = Math.max(scratch, segment.scratchNeed());
        }
        this.variadicTerms = most;
        this.scratchNeed = scratch;
        this.fusedLast = fusedLast(segments, outputs);
        this.inputsToClear = fusedLast == null ? new int[] {0, inputs} : complement(fusedLast.fusedStores(), inputs);
    }

    /** The parts of {@code [0, inputs)} outside the disjoint {@code [from, to)} ranges, as sorted ranges. */
    private static int[] complement(int[] ranges, int inputs) {
        int count = ranges.length / 2;
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(ranges[2 * a], ranges[2 * b]));
        int[] gaps = new int[2 * count + 2];
        int n = 0;
        int from = 0;
        for (int i : order) {
            if (ranges[2 * i] > from) {
                gaps[n++] = from;
                gaps[n++] = ranges[2 * i];
            }
            from = Math.max(from, ranges[2 * i + 1]);
        }
        if (from < inputs) {
            gaps[n++] = from;
            gaps[n++] = inputs;
        }
        return Arrays.copyOf(gaps, n);
    }

    /**
     * The last segment if it is a loop that can run fused and no output's seed lands on an adjoint it sums into
     * (the pass starts those at 0, as the workspace cleared them); else null.
     */
    private static Segment.Looped fusedLast(Segment[] segments, int[] outputs) {
        Segment last = segments.length == 0 ? null : segments[segments.length - 1];
        if (!(last instanceof Segment.Looped) || !((Segment.Looped) last).fuses()) {
            return null;
        }
        Segment.Looped loop = (Segment.Looped) last;
        for (int output : outputs) {
            if (loop.updatesAdjointOf(output)) {
                return null;
            }
        }
        return loop;
    }

    /**
     * The number of compiled loops the segments run, each repetition of a repeated one counted.
     *
     * @return the number of compiled loops
     */
    public int compiledLoopCount() {
        long count = 0;
        for (Segment segment : segments) {
            count += segment.loopCount();
        }
        // every loop has slots of its own, and slots are ints
        return (int) count;
    }

    /**
     * The loops the segments hold: a repeated segment's once, as its first repetition has them; none once
     * {@link #releaseLoops released}.
     *
     * @return the loops, in order
     */
    public List<Loop> loops() {
        List<Loop> loops = new ArrayList<>();
        for (Segment segment : segments) {
            segment.collectLoops(loops);
        }
        return loops;
    }

    /**
     * Lets go of the loops as linked, which replay does not read (see {@link Segment#releaseLoops}): a program kept
     * for replay holds only its segments' kernels, parameters and plain instructions.
     */
    public void releaseLoops() {
        for (Segment segment : segments) {
            segment.releaseLoops();
        }
    }

    /**
     * The bytes this program keeps; see {@link dev.jgrad.tape.Tape#programBytes()}.
     *
     * @return the bytes this program keeps
     */
    public long programBytes() {
        long bytes = 12L * constants.length + 4L * outputs.length;
        for (Segment segment : segments) {
            bytes += segment.bytes();
        }
        return bytes;
    }
}
