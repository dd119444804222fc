package dev.jgrad.tape.internal.record;

import dev.jgrad.Algebra;
import dev.jgrad.Op;
import dev.jgrad.Rule;
import dev.jgrad.internal.Plural;
import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.LeanAdjoints;
import dev.jgrad.tape.internal.LeanSegment;
import dev.jgrad.tape.internal.Piece;
import dev.jgrad.tape.internal.Program;
import dev.jgrad.tape.internal.Segment;
import dev.jgrad.tape.internal.link.Linker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records operations into the flat arrays of a {@link Program}, as an {@link Algebra} whose handles are the tape's
 * value slots: inputs first, then one slot per instruction, so a handle never needs renumbering.
 *
 * <p>An operation applied by the caller (the user's traced function, or a node of a {@code Value} graph) is a
 * <em>main</em> instruction. For each of its operands that is not a constant, its rule's {@link Rule#partial} is
 * called on this same algebra: that appends the partial derivative's expression as further instructions, or just
 * returns an existing slot (for {@code a * b} the other operand, for {@code a + b} the shared constant 1), and one
 * reverse-sweep edge {@code (operand, partial, out)} is stored. Operations applied while a partial is being built
 * are plain instructions without edges.
 *
 * <p>Instructions go into a {@link Window}, from which a {@link LoopFinder} commits them as plain pieces or absorbs
 * them into a loop. While a loop predicts the recording, an operation that matches its body gets its slot and is only
 * counted; for {@code +}, {@code -} and {@code *} (whose partials, the rule table shows, are operands or constants)
 * even the partials are not rebuilt, since a partial depends only on handles. {@link #finish} has the {@link Linker}
 * lay out the workspace and compile the loops.
 *
 * <p>A {@link #lean} recorder records main instructions only, neither partials nor edges, and finishes into
 * {@link LeanSegment}s, which compute the partials at every reverse sweep.
 */
public final class Recorder implements Algebra {

    private final int inputs;
    /** The instructions not yet committed: a loop's iterations pass through here and are dropped once matched. */
    private final Window window;
    /** The committed plain pieces and loops, in slot order. */
    private final List<Object> parts = new ArrayList<>();
    /** How many instructions the window holds when {@link #settle} next has them taken in. */
    private int advanceAt;
    /** Null when loops are not compiled: everything is committed as plain pieces. */
    private final LoopFinder finder;
    /**
     * Whether partial derivatives are left to each replay ({@link #lean}): operations are recorded without their
     * partials' instructions or their edges, and {@link #finish} makes {@link LeanSegment}s.
     */
    private final boolean recomputePartials;
    /** With {@link #recomputePartials}: the partial derivatives each reverse sweep computes (an edge's worth each). */
    private long recomputedEdges;
    /**
     * One bit per slot after the inputs: whether it is passive, no input's derivative reaching it: a constant, a
     * data input, or an operation on passive operands only. Edges to passive slots are not recorded, nor their
     * partials built, so what depends on data alone costs the reverse sweep nothing.
     */
    private long[] passiveBits = new long[16];

    private double[] constants = new double[16];
    private int constantCount;
    private int[] constantSlots = new int[16];
    private final ConstantIndex constantIndex = new ConstantIndex();
    /** The two constants looked up last (by bits; none at first: no double has these NaN bits) and their slots. */
    private final long[] recentBits = {0x7FF8_DEAD_0000_0001L, 0x7FF8_DEAD_0000_0002L};
    private final int[] recentSlots = new int[2];

    /** The slot of each data input. */
    private final int[] dataSlots;

    private final List<Rule> rules = new ArrayList<>();
    private final Map<Rule, Integer> ruleIndex = new IdentityHashMap<>();

    /** The operands of a fixed-arity operation, for {@link #emit}. */
    private final int[] operands = new int[3];

    /** Above 0 while a rule's partial derivative is being recorded: its instructions are not main. */
    private int partialDepth;
    private boolean finished;
    /**
     * What interrupted an operation half recorded (a rule's partial that threw, or returned a bad handle), or null.
     * The recording is then inconsistent (an instruction without all its edges, a loop's prediction cut short), so
     * every later call throws instead of recording a tape with silently wrong derivatives.
     */
    private Throwable failure;

    /**
     * A recorder without data inputs.
     *
     * @param inputs       the number of inputs, {@code >= 0}
     * @param compileLoops whether to find loops and run them as generated code
     */
    public Recorder(int inputs, boolean compileLoops) {
        this(inputs, 0, compileLoops);
    }

    /**
     * A recorder whose handles {@code 0 .. inputs-1} are the differentiable inputs and whose next {@code data}
     * handles ({@link #dataHandle}) are data inputs: rebound at every replay, never differentiated.
     *
     * @param inputs       the number of inputs, {@code >= 0}
     * @param data         the number of data inputs, {@code >= 0}
     * @param compileLoops whether to find loops and run them as generated code
     */
    public Recorder(int inputs, int data, boolean compileLoops) {
        this(inputs, data, compileLoops, false);
    }

    /**
     * A recorder that keeps each operation's op code and operands only, its partial derivatives recomputed from the
     * rule table at every reverse sweep ({@link LeanSegment}); no loops are compiled.
     *
     * @param inputs the number of inputs, {@code >= 0}
     * @param data   the number of data inputs, {@code >= 0}
     * @return the recorder
     */
    public static Recorder lean(int inputs, int data) {
        return new Recorder(inputs, data, false, true);
    }

    private Recorder(int inputs, int data, boolean compileLoops, boolean recomputePartials) {
        if (inputs < 0 || inputs > Codes.MAX_SLOTS) {
            throw new IllegalArgumentException(
                    "number of inputs (" + inputs + ") must be >= 0 and at most " + Codes.MAX_SLOTS);
        }
        if (data < 0 || data > Codes.MAX_SLOTS - inputs) {
            throw new IllegalArgumentException("number of data inputs (" + data + ") must be >= 0 and at most "
                    + (Codes.MAX_SLOTS - inputs) + " beside " + Plural.of(inputs, "input"));
        }
        this.inputs = inputs;
        this.recomputePartials = recomputePartials;
        this.window = new Window(inputs, compileLoops);
        // the data inputs, then the constants 1 and -1, take the slots after the inputs; no loop writes them
        this.finder = compileLoops ? new LoopFinder(window, parts, inputs, inputs + data + 2) : null;
        this.dataSlots = new int[data];
        // with data, the finder looks at nothing until they are committed as their piece: it would look at them
        // (and, past a piece's length, commit some) as the constants below are recorded, and count as looked at
        // as many of the instructions that follow the piece, the first loops among them going unseen
        advanceAt = data > 0 ? Integer.MAX_VALUE : 0;
        for (int i = 0; i < data; i++) {
            dataSlots[i] = window.emitData(i);
            markPassive(dataSlots[i]);
        }
        // the partials of + and -, made before anything is recorded rather than at the first + or -: that often
        // falls in the first iteration of a loop computing what later loops read (a mixture's per-component
        // precisions), whose slots would then not advance by the loop's strides, and every later loop reading them
        // would keep its own first iteration as plain instructions
        constant(1.0);
        constant(-1.0);
        if (data > 0) {
            // one piece, however many: a loop reading the data (a Monte Carlo loop over its draws) then finds them
            // at base + j * stride in the workspace, which the linker cannot express across pieces
            window.settle();
            parts.add(window.copy(window.count));
            window.drop(window.count);
            advanceAt = finder != null ? 0 : Codes.PIECE;
        }
    }

    /**
     * The handle of data input {@code i}.
     *
     * @param i the data input's index
     * @return its handle
     */
    public int dataHandle(int i) {
        return dataSlots[i];
    }

    /** A constant: one slot per distinct value (by its bits), filled once per workspace. */
    @Override
    public int constant(double value) {
        checkOpen();
        long bits = Double.doubleToRawLongBits(value);
        // the partials of + and - ask for 1 and -1 at every operation: the last two answers are kept at hand
        if (bits == recentBits[0]) {
            return recentSlots[0];
        }
        if (bits == recentBits[1]) {
            return recentSlots[1];
        }
        int known = constantIndex.get(bits);
        if (known != ConstantIndex.ABSENT) {
            recentBits[1] = recentBits[0];
            recentSlots[1] = recentSlots[0];
            recentBits[0] = bits;
            recentSlots[0] = known;
            return known;
        }
        if (constantCount == constants.length) {
            constants = Arrays.copyOf(constants, constantCount * 2);
            constantSlots = Arrays.copyOf(constantSlots, constantCount * 2);
        }
        constants[constantCount] = value;
        int slot = predicting() ? finder.expectConstant(constantCount) : -1;
        if (slot < 0) {
            slot = window.emitConstant(constantCount);
        }
        constantSlots[constantCount++] = slot;
        constantIndex.put(bits, slot);
        markPassive(slot);
        if (partialDepth == 0) {
            settle();
        }
        return slot;
    }

    /**
     * Applies {@code rule}: while a partial is being recorded, one instruction; otherwise a main instruction with its
     * reverse-sweep entries. A variadic rule (arity -1, such as {@link Op#SUM}) takes the operands that are not
     * {@link Algebra#NONE}.
     */
    @Override
    public int apply(Rule rule, int a, int b, int c) {
        checkOpen();
        Objects.requireNonNull(rule, "rule");
        // Op's methods are called on the class, not the interface: a cheaper dispatch on the recording's hot path
        int arity = rule instanceof Op ? ((Op) rule).arity() : rule.arity();
        if (arity == -1) {
            int[] terms = b == NONE ? new int[] {a} : c == NONE ? new int[] {a, b} : new int[] {a, b, c};
            return applyVariadic(rule, terms);
        }
        if (arity < 1 || arity > 3) {
            throw new IllegalArgumentException(
                    "rule '" + rule.label() + "' has arity " + arity + "; a tape takes 1 to 3");
        }
        checkHandle(a, rule, 0);
        if (arity < 2) {
            b = NONE;
        } else {
            checkHandle(b, rule, 1);
        }
        if (arity < 3) {
            c = NONE;
        } else {
            checkHandle(c, rule, 2);
        }
        boolean main = partialDepth == 0;
        byte code = Codes.code(rule, arity);
        int index = code >= Codes.CUSTOM1 ? ruleIndex(rule) : -1;
        operands[0] = a;
        operands[1] = b;
        operands[2] = c;
        int out = arity == 1 && index < 0 && !predicting() ? window.emitUnary(code, a)
                : emit(code, index, operands, arity);
        if (main) {
            if (isPassive(a) && (arity < 2 || isPassive(b)) && (arity < 3 || isPassive(c))) {
                markPassive(out);
            }
            // Edges are stored last operand first: the reverse sweep runs backwards, so it meets operand 0 first, in
            // the order of Value.backward(), and gradients are summed in the same order, to the last bit.
            for (int arg = arity - 1; arg >= 0; arg--) {
                int operand = arg == 0 ? a : arg == 1 ? b : c;
                if (!isPassive(operand)) {
                    if (recomputePartials) {
                        recomputedEdges++;
                    } else {
                        edge(operand, partial(rule, arg, a, b, c, out), out, rule, arg);
                    }
                }
            }
            settle();
        }
        return out;
    }

    // The algebra's helpers for the commonest operations, overridden so that each passes a constant of Op to a method
    // small enough to be inlined where it is used: the JIT then inlines the rule's partial (for a * b just the other
    // operand's slot) instead of dispatching on the rule, which is most of the cost of recording.

    @Override
    public int add(int x, int y) {
        return binary(Op.ADD, Codes.ADD, ADD_PLAIN, x, y);
    }

    @Override
    public int sub(int x, int y) {
        return binary(Op.SUB, Codes.SUB, SUB_PLAIN, x, y);
    }

    @Override
    public int mul(int x, int y) {
        return binary(Op.MUL, Codes.MUL, MUL_PLAIN, x, y);
    }

    @Override
    public int div(int x, int y) {
        return binary(Op.DIV, Codes.DIV, DIV_PLAIN, x, y);
    }

    /**
     * A binary built-in operation: if a loop predicts it and its partials record nothing ({@code plain}), only its
     * slot; else recorded with its edges.
     */
    private int binary(Op op, byte code, boolean plain, int x, int y) {
        if (plain && partialDepth == 0 && predicting()) {
            int passive = passive(x, y);
            int out = finder.expectWithEdges(code, x, y, passive);
            if (out >= 0) {
                if (passive == 3) {
                    markPassive(out);
                }
                return out;
            }
        }
        return recordBinary(op, code, x, y);
    }

    private int recordBinary(Op op, byte code, int x, int y) {
        int out = emitBinary(op, code, x, y);
        if (partialDepth == 0) {
            if (isPassive(x) && isPassive(y)) {
                markPassive(out);
            }
            if (recomputePartials) {
                recomputedEdges += (isPassive(x) ? 0 : 1) + (isPassive(y) ? 0 : 1);
                settle();
                return out;
            }
            partialDepth++;
            int py;
            int px;
            try {
                py = isPassive(y) ? NONE : op.partial(this, 1, x, y, NONE, out);
                px = isPassive(x) ? NONE : op.partial(this, 0, x, y, NONE, out);
            } catch (RuntimeException | Error e) {
                fail(e);
                throw e;
            }
            partialDepth--;
            binaryEdges(op, x, px, y, py, out);
            settle();
        }
        return out;
    }

    /** The instruction of {@code op} on two operands, as {@link #apply} emits it; its edges follow. */
    private int emitBinary(Op op, byte code, int a, int b) {
        checkOpen();
        checkHandle(a, op, 0);
        checkHandle(b, op, 1);
        if (predicting()) {
            operands[0] = a;
            operands[1] = b;
            int out = finder.expect(code, -1, operands, 2);
            if (out >= 0) {
                return out;
            }
        }
        return window.emitBinary(code, a, b);
    }

    /** An instruction: the slot a loop predicts for it, or a new one in the window. */
    private int emit(byte code, int rule, int[] operands, int count) {
        int out = predicting() ? finder.expect(code, rule, operands, count) : -1;
        return out >= 0 ? out : window.emit(code, rule, operands, count);
    }

    /** The edges of a binary operation, operand 1's first (see {@link #apply}); {@code NONE} for a passive operand. */
    private void binaryEdges(Op op, int a, int pa, int b, int pb, int out) {
        if (pb != NONE) {
            edge(b, pb, out, op, 1);
        }
        if (pa != NONE) {
            edge(a, pa, out, op, 0);
        }
    }

    /** Which of two operands are passive: bit 0 for {@code x}, bit 1 for {@code y}. */
    private int passive(int x, int y) {
        return (isPassive(x) ? 1 : 0) | (isPassive(y) ? 2 : 0);
    }

    /**
     * Per built-in op (by ordinal): whether all its partial derivatives are operands, its result or constants, so
     * that differentiating it records no instruction. Found by asking the rule table itself, once.
     */
    private static final boolean[] PLAIN_PARTIALS = plainPartials();
    private static final boolean ADD_PLAIN = PLAIN_PARTIALS[Op.ADD.ordinal()];
    private static final boolean SUB_PLAIN = PLAIN_PARTIALS[Op.SUB.ordinal()];
    private static final boolean MUL_PLAIN = PLAIN_PARTIALS[Op.MUL.ordinal()];
    private static final boolean DIV_PLAIN = PLAIN_PARTIALS[Op.DIV.ordinal()];

    private static boolean[] plainPartials() {
        boolean[] plain = new boolean[Op.values().length];
        for (Op op : Op.values()) {
            Probe probe = new Probe();
            for (int arg = 0; arg < op.arity(); arg++) {
                op.partial(probe, arg, 0, op.arity() >= 2 ? 1 : NONE, op.arity() >= 3 ? 2 : NONE, 3);
            }
            plain[op.ordinal()] = op.arity() >= 1 && !probe.applied;
        }
        return plain;
    }

    /** An algebra that only notes whether an operation was applied. */
    private static final class Probe implements Algebra {
        boolean applied;

        @Override
        public int constant(double value) {
            return 4;
        }

        @Override
        public int apply(Rule rule, int a, int b, int c) {
            applied = true;
            return 5;
        }
    }

    /**
     * Applies a variadic rule to any number of terms, its value the rule's {@link Rule#variadicValue} as in
     * {@code Value}; each term's partial comes from the rule with the term as operand 0. This is one n-ary
     * instruction however many terms; a sum of one term is the term itself (other rules, such as
     * {@link Op#LOGSUMEXP}, keep their node: its derivative at an infinite term is NaN, as in {@code Value}).
     */
    @Override
    public int applyVariadic(Rule rule, int... terms) {
        checkOpen();
        Objects.requireNonNull(rule, "rule");
        if (terms.length == 0) {
            throw new IllegalArgumentException("rule '" + rule.label() + "' given no operands");
        }
        if (rule.arity() != -1) {
            throw new IllegalArgumentException(
                    "rule '" + rule.label() + "' of arity " + rule.arity() + " is not variadic");
        }
        for (int i = 0; i < terms.length; i++) {
            checkHandle(terms[i], rule, i);
        }
        boolean main = partialDepth == 0;
        // a partial's one-term sum is its term; a recorded one is a node, as Value.sum's, whose adjoint gathers its
        // users' contributions before passing them on: summed apart, they would round differently
        if (terms.length == 1 && rule == Op.SUM && !main) {
            return terms[0];
        }
        byte code = rule == Op.SUM ? Codes.SUMN : Codes.CUSTOMN;
        int index = code == Codes.CUSTOMN ? ruleIndex(rule) : -1;
        int out = emit(code, index, terms, terms.length);
        if (main) {
            boolean passive = true;
            for (int term : terms) {
                passive &= isPassive(term);
            }
            if (passive) {
                markPassive(out);
            }
            for (int i = terms.length - 1; i >= 0; i--) {
                if (!isPassive(terms[i])) {
                    if (recomputePartials) {
                        recomputedEdges++;
                    } else {
                        edge(terms[i], termPartial(rule, i, terms, out), out, rule, i);
                    }
                }
            }
            settle();
        }
        return out;
    }

    /**
     * The reverse-sweep edge of operand {@code arg} of {@code rule}: nothing to store if a loop predicted it (its
     * partial is then a valid handle), else checked and stored.
     */
    private void edge(int operand, int partial, int out, Rule rule, int arg) {
        if (!predicting() || !finder.expectEdge(operand, partial, out)) {
            window.edge(operand, checkPartial(partial, rule, arg), out);
        }
    }

    /** Whether a loop is predicting the recording, so that what matches it need not be stored. */
    private boolean predicting() {
        return finder != null && finder.predicting;
    }

    /**
     * A main operation and all its edges are recorded: once the window holds {@link #advanceAt} instructions, the
     * finder takes them in (or, without one, they are committed), so that a plain instruction costs the same
     * whether loops are compiled or not.
     */
    private void settle() {
        if (predicting()) {
            return;
        }
        window.settle();
        if (window.count >= advanceAt) {
            advance();
        }
    }

    private void advance() {
        if (finder != null) {
            finder.advance(false);
            advanceAt = finder.nextAdvance();
        } else {
            parts.add(window.copy(window.count));
            window.drop(window.count);
            advanceAt = Codes.PIECE;
        }
    }

    private int partial(Rule rule, int arg, int a, int b, int c, int out) {
        partialDepth++;
        try {
            int p = rule instanceof Op
                    ? ((Op) rule).partial(this, arg, a, b, c, out)
                    : rule.partial(this, arg, a, b, c, out);
            partialDepth--;
            return p;
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        }
    }

    /** {@link Rule#termPartial} of a variadic rule, as {@link #partial}. */
    private int termPartial(Rule rule, int arg, int[] terms, int out) {
        partialDepth++;
        try {
            int p = rule.termPartial(this, arg, terms, out);
            partialDepth--;
            return p;
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        }
    }

    /** Marks the recording as failed by {@code e}, unless it already failed. */
    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** {@link #fail}, returning {@code e} to be thrown. */
    private <T extends Throwable> T failed(T e) {
        fail(e);
        return e;
    }

    private int checkPartial(int p, Rule rule, int arg) {
        if (!isHandle(p)) {
            throw failed(new IllegalStateException(
                    "rule '" + rule.label() + "' returned an invalid handle " + p + " for its partial " + arg));
        }
        return p;
    }

    private int slotCount() {
        return window.slot(window.count);
    }

    private int ruleIndex(Rule rule) {
        Integer index = ruleIndex.get(rule);
        if (index == null) {
            index = rules.size();
            rules.add(rule);
            ruleIndex.put(rule, index);
        }
        return index;
    }

    private boolean isPassive(int slot) {
        int index = slot - inputs;
        return index >= 0 && index >>> 6 < passiveBits.length && (passiveBits[index >>> 6] & (1L << index)) != 0;
    }

    private void markPassive(int slot) {
        int index = slot - inputs;
        if (index >>> 6 >= passiveBits.length) {
            passiveBits = Arrays.copyOf(passiveBits, Math.max(passiveBits.length * 2, (index >>> 6) + 1));
        }
        passiveBits[index >>> 6] |= 1L << index;
    }

    private boolean isHandle(int h) {
        return h >= 0 && h < slotCount();
    }

    private void checkHandle(int h, Rule rule, int position) {
        if (!isHandle(h)) {
            IllegalArgumentException e = new IllegalArgumentException("operand " + position + " of '"
                    + rule.label() + "' is " + h + ", not a handle of this recording (" + Plural.of(inputs, "input")
                    + " and " + Plural.of(slotCount() - inputs, "instruction") + ")");
            // outside a partial nothing is recorded yet; inside one, the operation it serves is half recorded
            throw partialDepth == 0 ? e : failed(e);
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this recording is finished; record a new tape instead");
        }
        if (failure != null) {
            throw new IllegalStateException("this recording failed half way through an operation (" + failure
                    + "), so its derivatives would be wrong; record a new tape instead", failure);
        }
    }

    /**
     * The compiled program for the given output handles. The recorder cannot be used afterwards.
     *
     * @param outputs handles returned by this recorder
     */
    public Program finish(int[] outputs) {
        checkOpen();
        for (int i = 0; i < outputs.length; i++) {
            if (!isHandle(outputs[i])) {
                throw new IllegalArgumentException(
                        "output " + i + " is " + outputs[i] + ", not a handle of this recording");
            }
        }
        finished = true;
        window.settle();
        if (finder != null) {
            finder.advance(true);
        } else if (window.count > 0) {
            parts.add(window.copy(window.count));
        }
        int slots = slotCount();
        if (recomputePartials) {
            return leanProgram(outputs, slots);
        }
        Linker linker = finder != null ? finder.linker.finish(parts, outputs, slots)
                : Linker.link(inputs, parts, outputs, slots);
        int[] constantPositions = new int[constantCount];
        for (int i = 0; i < constantCount; i++) {
            constantPositions[i] = linker.position(constantSlots[i]);
        }
        int[] dataPositions = new int[dataSlots.length];
        for (int i = 0; i < dataSlots.length; i++) {
            dataPositions[i] = linker.position(dataSlots[i]);
        }
        int[] outputPositions = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            outputPositions[i] = linker.position(outputs[i]);
        }
        return new Program(inputs, slots - inputs, linker.edgeCount(), Arrays.copyOf(constants, constantCount),
                constantPositions, dataPositions, rules.toArray(new Rule[0]), outputPositions, linker.segments,
                linker.memorySize, linker.inputsApart, linker.inputsRead);
    }

    /**
     * The program of a lean recording: its pieces as {@link LeanSegment}s, every slot's value at the slot's own
     * position, the adjoints where {@link LeanAdjoints} puts them, the inputs in the workspace.
     */
    private Program leanProgram(int[] outputs, int slots) {
        long[] passive = Arrays.copyOf(passiveBits, ((slots - inputs) >>> 6) + 1);
        List<Piece> pieces = new ArrayList<>(parts.size());
        for (Object part : parts) {
            pieces.add((Piece) part);
        }
        LeanAdjoints adjoints = LeanAdjoints.of(pieces, inputs, passive, outputs, slots);
        parts.clear();
        Segment[] segments = new Segment[pieces.size()];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new LeanSegment(pieces.get(i), adjoints, i == 0);
            // its operands are packed now: the recorded ones may go, before the next piece is packed beside them
            pieces.set(i, null);
        }
        return Program.withAdjoints(inputs, slots - inputs, recomputedEdges, Arrays.copyOf(constants, constantCount),
                Arrays.copyOf(constantSlots, constantCount), dataSlots.clone(), rules.toArray(new Rule[0]),
                outputs.clone(), segments, slots, adjoints.length(), adjoints.outputIndices(outputs));
    }

    /** An open-addressing map from a constant's bits to its slot, so each distinct constant gets one slot. */
    private static final class ConstantIndex {
        static final int ABSENT = -1;
        private long[] keys = new long[32];
        private int[] values = filled(32);
        private int size;

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
                if (values[i] == ABSENT) {
                    return ABSENT;
                }
                if (keys[i] == key) {
                    return values[i];
                }
            }
        }

        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                long[] oldKeys = keys;
                int[] oldValues = values;
                keys = new long[oldKeys.length * 2];
                values = filled(oldKeys.length * 2);
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldValues[i] != ABSENT) {
                        insert(oldKeys[i], oldValues[i]);
                    }
                }
            }
            insert(key, value);
            size++;
        }

        private void insert(long key, int value) {
            int mask = keys.length - 1;
            int i = hash(key) & mask;
            while (values[i] != ABSENT) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
        }

        private static int[] filled(int length) {
            int[] a = new int[length];
            Arrays.fill(a, ABSENT);
            return a;
        }

        /**
         * MurmurHash3's finalizer: every bit of the key reaches the low bits. A plain multiply leaves the low bits of
         * the product zero for constants such as 1, -1 or 100, whose low mantissa bits are zero, so they all probe
         * from the same place.
         */
        private static int hash(long key) {
            long h = key;
            h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
            h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
            return (int) (h ^ (h >>> 33));
        }
    }
}
