package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.Piece;
import dev.jgrad.tape.internal.link.Linker;
import dev.jgrad.tape.internal.link.LoopExpansion;
import java.util.Arrays;
import java.util.List;

/**
 * Finds loops while a tape is being recorded: runs of instructions that repeat one body with every slot an affine
 * function of the iteration, which is what a traced Java loop over arrays records. Once a loop is found, each new
 * instruction is checked against its body and, if it matches, is not stored at all: the loop just counts one more
 * iteration. Everything else is committed to the tape as plain {@link Piece}s.
 *
 * <p>Nothing is guessed: an instruction joins a loop only if its op code, rule and every operand and edge slot are
 * exactly those the body predicts, so the loop is the same program as the instructions it stands for, and its
 * kernel performs the same floating-point operations on every value and adjoint in the same order.
 */
final class LoopFinder {

    private final Window w;
    private final List<Object> pieces;
    /**
     * Takes in each loop that stays a loop once the forecaster no longer looks at it (settling may change its
     * references' kinds, which the forecaster compares), to link it while it is still in the cache.
     */
    final Linker linker;
    private final LoopDetector detector;
    /** The slots below it are written before any loop (inputs, data inputs, the first constants). */
    private final int unwritten;
    /** Scratch for the operand slots of a body position written back into the window. */
    private final int[] operandSlots = new int[LoopDetector.MAX_ENTRIES];

    /** The loop being extended: the window holds the part of its current iteration recorded so far. */
    private Loop active;
    /** The window's first instructions, already matched against the active loop's current iteration. */
    private int matched;
    /**
     * Whether the active loop predicts the recording: the window is empty, and each instruction and edge recorded
     * is compared with the body as it comes ({@link #expect}) instead of being stored.
     */
    boolean predicting;
    /** While predicting: the next body position, and how many of the iteration's edges have come. */
    private int next;
    private int edgesSeen;
    /** While predicting: the active loop's current iteration. */
    private int iteration;
    /**
     * While predicting, per position, {@value #PLAN} ints for {@link #expectWithEdges}: its op code, operand
     * constness and whether it qualifies (one int, compared at once; 0 if it does not), both operands' base and
     * stride, its number of edges and its first edge (in recording order).
     */
    private int[] plan = new int[0];
    private static final int PLAN = 7;
    private static final int PLAIN_BINARY = 1 << 16;
    /**
     * While predicting, the body flattened for quick comparison: per position its op code, rule and where its
     * operands start in {@code operandBase}; per edge (in recording order) its position; and every expected slot
     * as {@code base + j * stride} in iteration {@code j}.
     */
    private byte[] codes = new byte[0];
    private int[] rules = new int[0];
    private int[] operandStart = new int[1];
    private int[] operandBase = new int[0];
    private int[] operandStride = new int[0];
    private int[] edgeOwner = new int[0];
    private int[] edgeBase = new int[0];
    private int[] edgeStride = new int[0];
    /**
     * While predicting: the body's length and its number of edges, the parts of the arrays above in use (they are
     * kept from loop to loop, grown when a body needs more: a recording predicts thousands of loops).
     */
    private int bodyLength;
    private int edgeTotal;
    /** While predicting: the constant index of each constant position recorded in this iteration. */
    private final int[] constantIndex = new int[LoopDetector.MAX_BODY];
    /** Guesses the next loop from those kept. */
    private final Forecast forecaster;
    /**
     * The loop guessed to start at its first slot ({@link Forecast}), or null: taken, without the detector, once its
     * first iteration is in the window and matches it, or predicted from its start ({@link #predictedFromItsStart}).
     */
    private Loop forecast;
    /**
     * The op codes of the plain instructions between the loop the {@link #forecast} moves on and the part before
     * that loop, which the instructions before the forecast repeat if the guess is right; empty where that part is a
     * loop, null where nothing is known (no part before it, or the pieces it was in have left the list's end).
     */
    private byte[] forecastGap;
    /**
     * The period of a loop of loops being tried as one flat loop ({@link #tryPoints}), 0 if none: until the window
     * passes {@link #pointsTriedUntil}, shorter loops are not taken, so that the detector sees whole points.
     */
    private int pointsTried;
    private int pointsTriedUntil;
    /** The periods tried as a flat loop that made none: not tried again in this recording. */
    private final boolean[] pointsRefused = new boolean[LoopDetector.MAX_BODY + 1];

    /**
     * @param window the recording's window
     * @param pieces where committed plain pieces and loops go, in order
     * @param inputs the recording's number of inputs
     * @param unwritten the slots below it are written before any loop can start (inputs, data inputs, the first
     *                  constants), so loops may read them at any stride
     */
    LoopFinder(Window window, List<Object> pieces, int inputs, int unwritten) {
        this.w = window;
        this.unwritten = unwritten;
        this.pieces = pieces;
        this.linker = Linker.open(inputs);
        this.detector = new LoopDetector(window, this::addressable);
        this.forecaster = new Forecast();
    }

    /**
     * Takes in the window's newly settled instructions; with {@code finishing}, commits everything. The detector
     * looks at them a {@link LoopDetector#batch} at a time, in a loop of its own, so that recording a plain
     * instruction costs little more than storing it.
     */
    void advance(boolean finishing) {
        if (predicting) {
            if (!finishing) {
                return;
            }
            mispredicted();
            // the iteration so far, written back after the recorder settled the window: its edges are all in
            w.settle();
        }
        if (active != null) {
            extend();
        }
        if (active == null && forecast != null && !finishing) {
            takeForecast();
        }
        if (active == null || finishing) {
            if (active != null) {
                ended(active);
            }
            active = null;
            if (finishing || detector.unseen() >= detector.batch()) {
                search(finishing);
            }
        }
        if (finishing) {
            commit(w.count);
        }
    }

    /**
     * How many instructions the window must hold before {@link #advance} has anything to do: one more while a loop
     * is being extended (each instruction is matched as it comes), else a batch more than the detector has seen, or
     * fewer where the {@link #forecast} starts (or, if it cannot be {@link #predictedFromItsStart}, where its first
     * iteration is in) by then.
     */
    int nextAdvance() {
        if (active != null) {
            return w.count + 1;
        }
        int batch = w.count + detector.batch() - detector.unseen();
        if (forecast == null) {
            return batch;
        }
        int first = forecast.firstSlot - w.firstSlot;
        if (first > w.count && predictedFromItsStart(forecast, first)) {
            return Math.min(batch, first);
        }
        return Math.min(batch, Math.max(w.count + 1, first + forecast.length));
    }

    /**
     * Whether the {@link #forecast} is to be predicted from its first instruction on, without its first iteration
     * being stored and matched first, once the window holds the {@code gap} instructions before it: if those have
     * the length of the {@link #forecastGap} (and, once they are in, its op codes), and no carried position starts
     * from a passive slot, which iteration 0 alone reads ({@link Loop#startFrom}). The window is committed before
     * the prediction begins, so a guess its first iteration does not follow would leave the instructions before it
     * plain, a loop among them too (after a mixture's point, its log-sum-exp and the next point's first loop, where
     * the guess from the point's last two loops expects one more of them): where the instructions before it differ
     * from those before the loop it moves on, it is matched first, as the detector looks at the window meanwhile.
     */
    private boolean predictedFromItsStart(Loop loop, int gap) {
        if (forecastGap == null || forecastGap.length != gap
                || gap == w.count && !Arrays.equals(forecastGap, 0, gap, w.ops, 0, gap)) {
            return false;
        }
        for (int start : loop.startFrom) {
            if (start >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The op codes of the plain piece right before {@code loop} among the last pieces (see {@link #forecastGap}). */
    private byte[] gapBefore(Loop loop) {
        int oldest = Math.max(1, pieces.size() - 4 * Forecast.LONGEST_PERIOD);
        for (int i = pieces.size() - 1; i >= oldest; i--) {
            if (pieces.get(i) == loop) {
                Object before = pieces.get(i - 1);
                return before instanceof Piece ? ((Piece) before).ops : new byte[0];
            }
        }
        return null;
    }

    /**
     * Takes the {@link #forecast} as the active loop: predicting it from its first instruction if the window ends
     * just before it ({@link #predictedFromItsStart}), else once its first iteration is in the window and matches
     * it. The instructions before it are committed as they are. One whose first iteration does not match, or whose
     * first slot has left the window, is dropped, and the detector goes on as if there had been none (a prediction
     * that fails in the first iteration drops it in {@link #ended}).
     */
    private void takeForecast() {
        Loop loop = forecast;
        int first = loop.firstSlot - w.firstSlot;
        if (first == w.count && predictedFromItsStart(loop, first)) {
            forecast = null;
            commit(first);
            take(loop, 0);
            active = loop;
            startPredicting();
            return;
        }
        if (first >= 0 && w.count < first + loop.length) {
            return;
        }
        forecast = null;
        if (first < 0) {
            return;
        }
        for (int t = 0; t < loop.length; t++) {
            if (!matches(loop, 0, t, first + t)) {
                return;
            }
            if (loop.body[t].code == Codes.CONST) {
                loop.body[t].constantIndex = w.args[w.argStart[first + t]];
            }
        }
        commit(first);
        loop.count = 1;
        take(loop, loop.length);
        active = loop;
        matched = 0;
        extend();
    }

    /**
     * Adds {@code loop}, which the window's first {@code instructions} are iterations of, to the pieces, drops them,
     * and has the detector start afresh after it, expecting another loop of its body length.
     */
    private void take(Loop loop, int instructions) {
        pieces.add(loop);
        drop(instructions);
        detector.reset();
        detector.expectRepeat(loop.length);
    }

    /** Commits the window's first {@code n} instructions as plain code. */
    private void commit(int n) {
        if (n > 0) {
            pieces.add(w.copy(n));
            drop(n);
        }
    }

    /** Drops the window's first {@code n} instructions, and their shapes. */
    private void drop(int n) {
        w.drop(n);
        detector.drop(n);
    }

    /** Matches the window's new instructions against the active loop's body, dropping each completed iteration. */
    private void extend() {
        Loop loop = active;
        for (int i = matched; i < w.count; i++) {
            if (!matches(loop, loop.count, i, i)) {
                active = null;
                ended(loop);
                return;
            }
            if (i == loop.length - 1) {
                loop.count++;
                drop(loop.length);
                i = -1;
            }
        }
        matched = w.count;
        if (w.count == 0) {
            startPredicting();
        }
    }

    // ---------------------------------------------------------------- prediction

    private void startPredicting() {
        Loop loop = active;
        int operands = 0;
        int edges = 0;
        for (Position p : loop.body) {
            operands += p.operands.length;
            edges += p.edgeOperands.length;
        }
        if (codes.length < loop.length) {
            codes = new byte[loop.length];
            rules = new int[loop.length];
            operandStart = new int[loop.length + 1];
            plan = new int[PLAN * loop.length];
        }
        if (operandBase.length < operands) {
            operandBase = new int[operands];
            operandStride = new int[operands];
        }
        if (edgeOwner.length < edges) {
            edgeOwner = new int[edges];
            edgeBase = new int[3 * edges];
            edgeStride = new int[3 * edges];
        }
        bodyLength = loop.length;
        edgeTotal = edges;
        int o = 0;
        int e = 0;
        for (int t = 0; t < loop.length; t++) {
            Position p = loop.body[t];
            codes[t] = p.code;
            rules[t] = p.rule;
            operandStart[t] = o;
            for (Ref r : p.operands) {
                operandBase[o] = r.base;
                operandStride[o++] = r.stride;
            }
            for (int i = 0; i < p.edgeOperands.length; i++, e++) {
                edgeOwner[e] = t;
                edgeBase[3 * e] = p.edgeOperands[i].base;
                edgeStride[3 * e] = p.edgeOperands[i].stride;
                edgeBase[3 * e + 1] = p.edgePartials[i].base;
                edgeStride[3 * e + 1] = p.edgePartials[i].stride;
                edgeBase[3 * e + 2] = loop.slot(t, 0);
                edgeStride[3 * e + 2] = loop.length;
            }
        }
        operandStart[loop.length] = o;
        int firstEdge = 0;
        for (int t = 0; t < loop.length; t++) {
            Position p = loop.body[t];
            int mask = constantMask(p);
            plan[PLAN * t] = 0;
            if (mask >= 0 && p.rule == -1) {
                plan[PLAN * t] = p.code & 0xFF | mask << 8 | PLAIN_BINARY;
                plan[PLAN * t + 1] = p.operands[0].base;
                plan[PLAN * t + 2] = p.operands[0].stride;
                plan[PLAN * t + 3] = p.operands[1].base;
                plan[PLAN * t + 4] = p.operands[1].stride;
                plan[PLAN * t + 5] = p.edgeOperands.length;
                plan[PLAN * t + 6] = firstEdge;
            }
            firstEdge += p.edgeOperands.length;
        }
        iteration = loop.count;
        next = 0;
        edgesSeen = 0;
        predicting = true;
    }

    /**
     * The slot of the next instruction if it is the one the loop predicts: op code {@code code}, rule index
     * {@code rule} (-1 for none) and {@code operands[0 .. count-1]}; otherwise -1, after the iteration so far has
     * been written to the window (the instruction is then to be stored as usual).
     */
    int expect(byte code, int rule, int[] operands, int count) {
        Codes.checkSlot(w.firstSlot);
        int t = next;
        if (t == bodyLength) {
            // every instruction of the iteration came but not all its edges: an operation needed none this time
            return mispredicted();
        }
        int o = operandStart[t];
        if (codes[t] != code || rules[t] != rule || operandStart[t + 1] - o != count) {
            return mispredicted();
        }
        int j = iteration;
        for (int i = 0; i < count; i++) {
            if (operandBase[o + i] + j * operandStride[o + i] != operands[i]) {
                return mispredicted();
            }
        }
        return predicted();
    }

    /**
     * The slot of the next instruction if the loop predicts it, for a binary operation whose partial derivatives
     * record no instruction (each is an operand, the result or an existing constant): then its edges are those the
     * body predicts whenever its operand handles are, since a partial depends only on handles, and the caller need
     * not build them. {@code constants} has bit {@code i} set if operand {@code i} is a constant (which has no edge).
     * Returns -1, with nothing changed, if the operation or its edges differ: the caller then records it as usual.
     */
    int expectWithEdges(byte code, int a, int b, int constants) {
        Codes.checkSlot(w.firstSlot);
        if (next == bodyLength) {
            return -1;
        }
        int p = next * PLAN;
        int j = iteration;
        if (plan[p] != (code & 0xFF | constants << 8 | PLAIN_BINARY) || plan[p + 1] + j * plan[p + 2] != a
                || plan[p + 3] + j * plan[p + 4] != b || plan[p + 6] != edgesSeen) {
            return -1;
        }
        edgesSeen += plan[p + 5];
        return predicted();
    }

    /**
     * {@link #expect} for a new constant, whose index is {@code index}: in iteration 0 (a forecast predicted from its
     * start), the index its position starts from.
     */
    int expectConstant(int index) {
        Codes.checkSlot(w.firstSlot);
        if (next == bodyLength || codes[next] != Codes.CONST) {
            return mispredicted();
        }
        constantIndex[next] = index;
        if (iteration == 0) {
            active.body[next].constantIndex = index;
        }
        return predicted();
    }

    /** Whether the next edge is the one the loop predicts; if not, the iteration so far goes to the window. */
    boolean expectEdge(int operand, int partial, int out) {
        int e = edgesSeen;
        int j = iteration;
        if (e < edgeTotal && edgeOwner[e] < next && edgeBase[3 * e] + j * edgeStride[3 * e] == operand
                && edgeBase[3 * e + 1] + j * edgeStride[3 * e + 1] == partial
                && edgeBase[3 * e + 2] + j * edgeStride[3 * e + 2] == out) {
            edgesSeen = e + 1;
            if (next == bodyLength && e + 1 == edgeTotal) {
                completeIteration();
            }
            return true;
        }
        mispredicted();
        return false;
    }

    private int predicted() {
        int slot = w.firstSlot++;
        if (++next == bodyLength && edgesSeen == edgeTotal) {
            completeIteration();
        }
        return slot;
    }

    private void completeIteration() {
        active.count++;
        iteration++;
        next = 0;
        edgesSeen = 0;
    }

    /**
     * For a binary position whose edges go, last operand first, to exactly its non-constant operands (as the
     * recorder makes them): a bit per operand that had none. Otherwise -1.
     */
    private static int constantMask(Position p) {
        if (p.operands.length != 2 || p.edgeOperands.length > 2) {
            return -1;
        }
        int mask = 3;
        int e = 0;
        for (int i = 1; i >= 0; i--) {
            if (e < p.edgeOperands.length && p.edgeOperands[e].base == p.operands[i].base
                    && p.edgeOperands[e].stride == p.operands[i].stride) {
                mask &= ~(1 << i);
                e++;
            }
        }
        return e == p.edgeOperands.length ? mask : -1;
    }

    /** Ends the prediction: writes the current iteration's instructions and edges so far into the window. */
    private int mispredicted() {
        Loop loop = active;
        int j = loop.count;
        predicting = false;
        active = null;
        ended(loop);
        w.firstSlot = loop.slot(0, j);
        for (int t = 0; t < next; t++) {
            Position p = loop.body[t];
            if (p.code == Codes.CONST) {
                w.emitConstant(constantIndex[t]);
            } else {
                for (int i = 0; i < p.operands.length; i++) {
                    operandSlots[i] = p.operands[i].slot(j);
                }
                w.emit(p.code, p.rule, operandSlots, p.operands.length);
            }
        }
        for (int e = 0; e < edgesSeen; e++) {
            w.edge(edgeBase[3 * e] + j * edgeStride[3 * e], edgeBase[3 * e + 1] + j * edgeStride[3 * e + 1],
                    edgeBase[3 * e + 2] + j * edgeStride[3 * e + 2]);
        }
        return -1;
    }

    /**
     * Takes in the window's instructions as the detector offers periods: a loop found is committed (and becomes the
     * active loop if it reaches the window's end); instructions no loop can start at any more are committed as plain
     * code in pieces of {@link Codes#PIECE}.
     */
    private void search(boolean finishing) {
        if (pointsTried > 0 && (finishing || w.firstSlot + w.count > pointsTriedUntil)) {
            refusePoints();
        }
        for (int length = detector.nextPeriod(); length > 0; length = detector.nextPeriod()) {
            if (length < pointsTried) {
                continue;
            }
            Loop loop = offeredLoop(length);
            if (loop == null) {
                if (length == pointsTried) {
                    refusePoints();
                }
                continue;
            }
            pointsTried = 0;
            boolean reachesEnd = detector.foundEnd() == w.count;
            commit(w.index(loop.firstSlot));
            take(loop, loop.count * loop.length);
            if (reachesEnd && !finishing) {
                active = loop;
                matched = 0;
                return;
            }
            ended(loop);
        }
        if (w.count - LoopDetector.KEEP >= Codes.PIECE) {
            commit(w.count - LoopDetector.KEEP);
        }
    }

    /**
     * The loop of the period {@code length} that the detector offers, its count set to the iterations it found,
     * where there is one and it {@link #readsAddressably}; otherwise null.
     */
    private Loop offeredLoop(int length) {
        Loop loop = detector.loopAt(detector.candidateStart(length), length);
        if (loop == null) {
            return null;
        }
        loop.count = (detector.foundEnd() - w.index(loop.firstSlot)) / loop.length;
        return readsAddressably(loop, loop.count) ? loop : null;
    }

    /**
     * Whether each value computed before {@code loop} that it reads at a step longer than its body, over its
     * {@code count} iterations, lies where the compact layout can address it ({@code Linker.addressable}): within
     * plain instructions, or within one loop at a whole number of its iterations per step (a layer's units, one loop,
     * read by the next layer's dot products). Otherwise linking would find it reading across the loops it spans and
     * make them plain (an MLP's output units read one hidden value per unit, and each unit was a loop of its own).
     */
    private boolean readsAddressably(Loop loop, int count) {
        for (Position p : loop.body) {
            for (Ref r : p.operands) {
                if (r.kind == Kind.MEMORY && r.stride > loop.length
                        && !addressable(r.lowestSlot(count), r.highestSlot(count), r.stride)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether slots {@code lo .. hi}, read at {@code stride}, lie among the slots written before any loop, within
     * plain instructions or within one loop. The rule is {@code Linker.addressable}'s, over the pieces here: the
     * linker takes a loop in only once the forecaster no longer looks at it, and the last pieces may still be made
     * plain or removed ({@link #ended}).
     */
    private boolean addressable(int lo, int hi, int stride) {
        if (hi < unwritten) {
            return true;
        }
        if (lo < unwritten) {
            return false;
        }
        if (lo >= w.firstSlot) {
            // plain instructions not yet committed
            return true;
        }
        for (int i = pieces.size() - 1; i >= 0; i--) {
            Object part = pieces.get(i);
            if (part instanceof Loop) {
                Loop target = (Loop) part;
                if (target.firstSlot <= hi) {
                    return hi < target.endSlot() && lo >= target.firstSlot && stride % target.length == 0;
                }
            } else if (((Piece) part).firstSlot <= lo) {
                return true;
            }
        }
        return true;
    }

    /**
     * A loop that has ended, the last of the pieces: one taken early, as a repetition of the loop before it
     * ({@link LoopDetector#expectRepeat}), that ended short of the extent a loop needs becomes plain instructions
     * again, as if it had never been taken; one that ended before its first iteration was complete is removed (its
     * instructions so far are in the window).
     */
    private void ended(Loop loop) {
        if (loop.count == 0) {
            pieces.remove(pieces.size() - 1);
            detector.forgetRepeat();
            return;
        }
        if (!LoopDetector.spansExtent(loop.count, loop.length)) {
            pieces.set(pieces.size() - 1, LoopExpansion.expand(loop));
            // only a loop that went the full extent is expected again: a run of short repeats costs one such try
            detector.forgetRepeat();
            return;
        }
        Loop done = forecaster.oldest();
        forecast = forecaster.next(loop);
        forecastGap = forecast == null ? null : gapBefore(forecaster.movedOn());
        if (forecast != null) {
            tryPoints(loop);
            // the guess takes the next loop itself, from its first iteration (or whole points are tried, which a
            // loop of this length is not taken in): following the loop's length at every instruction until then
            // (expectRepeat) sent the plain instructions between the guessed loops through the detector one by one
            // (a 3-50-2000 mixture's log-sum-exps: a quarter of its recording)
            detector.forgetRepeat();
        }
        if (done != null) {
            linker.loopDone(pieces, done);
        }
    }

    /**
     * Where the forecaster found a loop of loops whose points repeat exactly and span no more than a body may
     * ({@link Forecast#pointSpan}), drops its guess and has the next points recorded plain, loops shorter than a
     * point not taken, until the detector offers the point's period: one flat loop then holds every point, its inner
     * loop unrolled and the code between the inner loops compiled too, where a loop per point cost its recording
     * and linking again at every point (a mixture of five components over eight dimensions recorded in 1.9 times
     * the time without loops, 0.27 with the flat loop, and replays in 2.3 times the plain function instead of 3.2).
     * A period that makes no loop (a body too large for a kernel) is refused for the rest of the recording, so
     * trying costs a few points' plain instructions at most once per period.
     */
    private void tryPoints(Loop loop) {
        int span = forecaster.pointSpan();
        if (span > 0 && span <= LoopDetector.MAX_BODY && !pointsRefused[span]) {
            forecast = null;
            forecastGap = null;
            pointsTried = span;
            // points repeat from the loop's end on, so the period is offered a loop's extent after it, give or take
            // a sample; the window still holds every instruction of the trial when it ends (KEEP)
            pointsTriedUntil = loop.endSlot() + LoopDetector.minExtent(span) + 2 * LoopDetector.MAX_BODY;
        }
    }

    /**
     * Ends the trial of {@link #tryPoints}, which made no loop, and has the detector look at the window again from
     * its start: the inner loops it offered meanwhile are offered again and taken.
     */
    private void refusePoints() {
        pointsRefused[pointsTried] = true;
        pointsTried = 0;
        detector.reset();
    }

    /**
     * Whether window instruction {@code i} is body position {@code t} of {@code loop} in iteration {@code j}. In
     * iteration 0 a carried position that starts from a passive slot ({@link Loop#startFrom}) reads that slot and
     * has no edge to it.
     */
    private boolean matches(Loop loop, int j, int t, int i) {
        Position p = loop.body[t];
        byte code = w.ops[i];
        if (code != p.code || w.operandSlots(i) != p.operands.length) {
            return false;
        }
        int a = w.argStart[i];
        if (p.rule >= 0 && w.args[a] != p.rule) {
            return false;
        }
        a += Codes.fixedCount(code);
        for (int e = 0; e < p.operands.length; e++) {
            if (w.args[a + e] != loop.slotRead(p.operands[e], j)) {
                return false;
            }
        }
        int s = w.edgeStart[i];
        int end = s + 3 * w.edgeCount(i);
        for (int e = 0; e < p.edgeOperands.length; e++) {
            if (j == 0 && loop.readsStart(p.edgeOperands[e])) {
                continue;
            }
            // the edge's instruction too: an edge recorded late, for an instruction before, is indexed with this one
            if (s == end || w.edges[s] != p.edgeOperands[e].slot(j) || w.edges[s + 1] != p.edgePartials[e].slot(j)
                    || w.edges[s + 2] != w.slot(i)) {
                return false;
            }
            s += 3;
        }
        return s == end;
    }

}
