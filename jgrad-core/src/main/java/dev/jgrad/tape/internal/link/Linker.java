package dev.jgrad.tape.internal.link;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.Piece;
import dev.jgrad.tape.internal.Segment;
import dev.jgrad.tape.internal.codegen.KernelGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides where each value of a finished recording lives in a {@link dev.jgrad.tape.Workspace} and rewrites every reference from
 * slots (one per instruction, as recorded) to those positions.
 *
 * <p>Inputs come first, then each plain piece's instructions, then, for each loop, only the iterations of the body
 * positions that something outside their iteration reads (a later instruction, another loop, an output): a loop's
 * other values live in the kernel's locals and take no memory at all. When some loop reads another part of the
 * tape in a pattern this layout cannot express as {@code base + j * stride} (rare), every slot gets its own position
 * instead, which is always possible.
 */
public final class Linker {

    private final int inputs;
    /**
     * The parts, in slot order. While a recording goes on ({@link #open}), they are taken in as its loops are done,
     * and only the first {@link #partCount} are in; once linking starts, the arrays hold exactly the parts.
     */
    private Object[] parts;
    private int partCount;
    /** The first slot of each part, for finding the part that holds a slot. */
    private int[] starts;
    /** The indices in {@link #parts} of the loops, in slot order: the first {@link #loopCount}. */
    private int[] loopParts;
    private int loopCount;
    /**
     * Per part, whether it is a loop whose own exports, settling and crossing check were done while recording
     * ({@link #loopDone}), while its references were still in the cache.
     */
    private boolean[] exportedWhileRecording;
    /** The loops among those exported while recording whose references cross from one part to another. */
    private final List<Loop> crossingWhileRecording = new ArrayList<>();
    /**
     * Per loop read across by loops done while recording, each the only loop its reader reads across
     * ({@link #expandReadAcross}): the instructions of those readers so far.
     */
    private final Map<Loop, Long> readAcrossBy = new IdentityHashMap<>();
    /**
     * While exporting: slots that pieces read and that were exported last, as values and as adjoints, by a hash of
     * the slot.
     */
    private int[] recentValues;
    private int[] recentAdjoints;
    /**
     * While translating plain pieces: the positions of the last slots outside their runs looked up, by the slot's low
     * bits. A piece reads each value of the loop before it several times (an MLP's output units each read every
     * hidden unit, and their edges reach them again), and each lookup brings that loop's layout back from memory.
     */
    private final int[] recentSlots = filled(RECENT_POSITIONS, -1);
    private final int[] recentPositions = new int[RECENT_POSITIONS];
    private static final int RECENT_POSITIONS = 256;
    /** The part {@link #partOf} found last: operands near one another tend to lie in the same part. */
    private int lastPart;
    /**
     * Per block of {@code 1 << BLOCK_BITS} slots after the inputs, the part holding its first slot: where
     * {@link #partOf} looks, instead of searching all parts (twenty thousand in a mixture model, whose loops read a
     * batch of data far from them, several times each while linking).
     */
    private int[] partAtBlock;
    private int blockCount;
    private static final int BLOCK_BITS = 8;
    /**
     * The first slot of the first loop. The plain pieces before it follow the inputs one after the other in either
     * layout, so every slot before it is its own position, and nothing there is a loop's to export: the data and
     * constants a recording starts with, which its loops read again and again, need no search for their part.
     */
    private int firstLoopSlot = Integer.MAX_VALUE;
    private int[] base;
    private boolean compact = true;
    /**
     * The loops with an instruction that has an edge recorded after the loop ended, in a piece after it: an operation
     * whose operand became active only in the last iteration (a maximum over values of which one depends on an input)
     * gets that operand's edge once its partials are recorded, after the run the loop finder followed. The kernel
     * would never sweep that edge, and it reads the adjoint of an instruction inside the loop; such a loop runs as the
     * plain instructions it stands for, which sweep its edges in the order recorded.
     *
     * <p>Also the loops holding partial derivatives that a piece before them reads: a variadic operation's partials
     * are recorded after its instruction, one small expression per term, so the loop finder may have made a loop of
     * them ({@code logsumexp}'s {@code e^(x_i - out)}); nothing exports their values, which the kernel keeps in
     * registers, to the piece whose edges read them.
     */
    private final List<Loop> lateEdges = new ArrayList<>();
    /** The loops with a reference the compact layout cannot express (one whose slots span parts). */
    private final List<Loop> unaddressable = new ArrayList<>();
    /** The number of positions: the length of a workspace's arrays. */
    public int memorySize;
    public Segment[] segments;
    /**
     * Whether inputs stay in the caller's arrays: loops read {@code x} and sum input adjoints into the caller's
     * gradient directly. False when some loop reference reaches both inputs and other positions, or when plain
     * instructions have more edges into inputs than there are inputs: sweeping those apart then costs more than
     * copying the inputs in and their adjoints out (a network's parameters: few inputs, many edges).
     */
    public boolean inputsApart;
    private long edges;
    /** The plain pieces' edges into inputs, counted by {@link #walk}. */
    private long edgesIntoInputs;
    /** With {@link #inputsApart}: the inputs that plain pieces or outputs read from the workspace. */
    public int[] inputsRead = new int[0];

    private Linker(int inputs, int parts) {
        this.inputs = inputs;
        this.parts = new Object[Math.max(parts, 16)];
        this.starts = new int[this.parts.length];
        this.exportedWhileRecording = new boolean[this.parts.length];
        this.loopParts = new int[16];
        this.partAtBlock = new int[16];
    }

    /**
     * A linker that takes in the parts of a recording as the recording goes on ({@link #loopDone}), then links it
     * ({@link #finish}).
     *
     * @param inputs the number of inputs
     * @return a linker holding no parts yet
     */
    public static Linker open(int inputs) {
        return new Linker(inputs, 16);
    }

    /**
     * Takes in the parts of {@code recorded} not yet taken in, among them {@code loop}, which has ended and which
     * nothing of the recording looks at any more, and does for that loop what linking does first: checks whether
     * its references cross from one part to another, settles it ({@link LoopSettlement#settle}) and exports what it
     * reads of the parts before it. It ended a few loops ago, so its references are still in the cache, where
     * linking would reach them again across the whole recording (a mixture model's thirty thousand loops, some
     * 50 MB). Exporting is a union: what later parts read is exported later, in any order. The loops before it
     * were done before it (the loops a loop marks exports in), and the loops after it, left to linking, start with
     * no exports, as linking clears them. If its references cross into loops before it, those may be made plain
     * instructions in {@code recorded} ({@link #expandReadAcross}).
     *
     * @param recorded the recording's parts so far, in slot order; loops done before may be replaced by plain pieces
     * @param loop     a loop among them that stays a loop
     */
    public void loopDone(List<Object> recorded, Loop loop) {
        takeIn(recorded);
        int part = partOf(loop.firstSlot);
        if (parts[part] != loop) {
            throw new IllegalArgumentException("the loop at slot " + loop.firstSlot + " is not among the parts");
        }
        // what a loop reads was recorded before its end, so the parts it reads are all taken in
        assert everyMemoryRef(loop, r -> r.highestSlot(loop.count) < loop.endSlot())
                : "a loop at slot " + loop.firstSlot + " reads past its end";
        int crossing = crossingWhileRecording.size();
        exportOwn(loop, crossingWhileRecording);
        exportedWhileRecording[part] = true;
        if (crossingWhileRecording.size() > crossing) {
            expandReadAcross(recorded, loop);
        }
    }

    /**
     * Makes plain instructions, in the recording's parts and here, of the one loop done before {@code loop} that its
     * references read across ({@link #readAcross}), once the loops reading across it hold as many instructions as it
     * does ({@link #readAcrossBy}) and it holds at most a quarter of the instructions so far. The loops after it that
     * read it too (a mixture's precisions, one loop over the components, read by every point's loops at a step within
     * its body) are then not found crossing, and linking does not expand it at the end and link the whole recording
     * again (28 % of a d = 64, K = 10 mixture's recording). A loop that its readers do not outweigh, or that is one of
     * several a loop reads across, stays a loop, and linking makes its readers plain instead: a point's log-sum-exp
     * partials, a loop of a few instructions per term, read one slot of each of the point's component loops, and
     * making those plain left a d = 64, K = 100 mixture 1,099 of its 100,000 loops (replayed in 70 times the plain
     * function's time). The loops found crossing so far are looked at again, and those no longer crossing are taken
     * off the list. Exports they made into the loop stay: a plain piece reads no more than the loop it was.
     */
    private void expandReadAcross(List<Object> recorded, Loop loop) {
        Set<Loop> across = identitySet(List.of());
        readAcross(loop, across);
        if (across.size() != 1 || across.contains(loop)) {
            return;
        }
        Loop target = across.iterator().next();
        long targetSize = (long) target.length * target.count;
        long readers = readAcrossBy.merge(target, (long) loop.length * loop.count, Long::sum);
        if (readers < targetSize || targetSize > (loop.endSlot() - (long) inputs) / 4) {
            return;
        }
        readAcrossBy.remove(target);
        int i = partOf(target.firstSlot);
        Piece piece = LoopExpansion.expand(target);
        recorded.set(i, piece);
        parts[i] = piece;
        int k = 0;
        while (loopParts[k] != i) {
            k++;
        }
        System.arraycopy(loopParts, k + 1, loopParts, k, loopCount - k - 1);
        loopCount--;
        firstLoopSlot = loopCount > 0 ? starts[loopParts[0]] : Integer.MAX_VALUE;
        crossingWhileRecording.removeIf(l -> l == target || addressable(l, false));
    }

    /**
     * Links the recording whose parts were taken in as it went on: as {@link #link}, without exporting again the
     * loops done then.
     *
     * @param recorded the recording's plain pieces and loops, in slot order
     * @param outputs  the output slots, also read from outside
     * @param slots    the number of slots (inputs and instructions)
     * @return the linker holding the linked program (this one, or one made anew when loops had to run plain)
     */
    public Linker finish(List<Object> recorded, int[] outputs, int slots) {
        takeIn(recorded);
        return link(this, recorded, outputs, slots);
    }

    private void takeIn(List<Object> recorded) {
        for (int i = partCount; i < recorded.size(); i++) {
            append(recorded.get(i));
        }
    }

    private void append(Object part) {
        int start = part instanceof Loop ? ((Loop) part).firstSlot : ((Piece) part).firstSlot;
        if (partCount == parts.length) {
            parts = Arrays.copyOf(parts, 2 * partCount);
            starts = Arrays.copyOf(starts, 2 * partCount);
            exportedWhileRecording = Arrays.copyOf(exportedWhileRecording, 2 * partCount);
        }
        // the blocks starting before this part lie in the one before it, which is complete
        indexBlocksBefore(start, Math.max(0, partCount - 1));
        parts[partCount] = part;
        starts[partCount] = start;
        if (part instanceof Loop) {
            if (loopCount == 0) {
                firstLoopSlot = start;
            }
            if (loopCount == loopParts.length) {
                loopParts = Arrays.copyOf(loopParts, 2 * loopCount);
            }
            loopParts[loopCount++] = partCount;
        }
        partCount++;
    }

    /** Gives the blocks of {@link #partAtBlock} that start before {@code end} and have no part yet {@code part}. */
    private void indexBlocksBefore(long end, int part) {
        while (inputs + ((long) blockCount << BLOCK_BITS) < end) {
            if (blockCount == partAtBlock.length) {
                partAtBlock = Arrays.copyOf(partAtBlock, 2 * blockCount);
            }
            partAtBlock[blockCount++] = part;
        }
    }

    /** Ends the taking in: the arrays then hold exactly the parts, so linking reads their lengths. */
    private void seal() {
        if (partCount > 0) {
            indexBlocksBefore(endSlot(partCount - 1) + 1L, partCount - 1);
        }
        parts = Arrays.copyOf(parts, partCount);
        starts = Arrays.copyOf(starts, partCount);
        loopParts = Arrays.copyOf(loopParts, loopCount);
        partAtBlock = Arrays.copyOf(partAtBlock, blockCount);
        base = new int[partCount];
        segments = new Segment[partCount];
    }

    /**
     * Links a recording.
     *
     * @param inputs  the number of inputs
     * @param parts   the recording's plain pieces and loops, in slot order
     * @param outputs the output slots, also read from outside
     * @param slots   the number of slots (inputs and instructions)
     * @return the linker holding the linked program
     */
    public static Linker link(int inputs, List<Object> parts, int[] outputs, int slots) {
        Linker linker = new Linker(inputs, parts.size());
        for (Object part : parts) {
            linker.append(part);
        }
        return link(linker, parts, outputs, slots);
    }

    private static Linker link(Linker linker, List<Object> parts, int[] outputs, int slots) {
        linker.seal();
        int inputs = linker.inputs;
        boolean[] read = new boolean[inputs];
        List<Loop> tooLarge = new ArrayList<>();
        boolean compiled = false;
        if (linker.loopCount > 0) {
            // loops whose references cross from one part to another are known before anything is sized: expanding
            // them now saves a second pass of every loop through the linker (as the check after the layout below
            // does for references that settling makes workspace references)
            List<Loop> crossing = linker.export(outputs, read, linker.worthCompacting(slots));
            // every loop that must run as plain instructions is expanded in one new pass, which exports anew what
            // their plain instructions read
            Set<Loop> plain = identitySet(linker.lateEdges);
            for (int i : linker.loopParts) {
                if (((Loop) linker.parts[i]).plainOnly) {
                    plain.add((Loop) linker.parts[i]);
                }
            }
            plain.addAll(linker.expansionFor(crossing, plain, slots));
            if (!plain.isEmpty()) {
                return link(inputs, LoopExpansion.expand(parts, plain::contains), outputs, slots);
            }
            if (linker.worthCompacting(slots)) {
                compiled = linker.layOut(slots, tooLarge);
                Collection<Loop> unaddressable = linker.compact ? List.of()
                        : linker.expansionFor(linker.unaddressable, Set.of(), slots);
                if (!unaddressable.isEmpty()) {
                    // a few loops whose references cross from one part to another (a loop over the terms of many
                    // small loops), or the few loops those read, run as plain instructions, which read any slot,
                    // rather than every slot of the program taking a position of its own
                    return link(inputs, LoopExpansion.expand(parts, identitySet(unaddressable)::contains), outputs,
                            slots);
                }
            } else {
                linker.layOutBySlot(slots);
            }
        } else {
            for (Object part : linker.parts) {
                linker.walk((Piece) part, inputs, read);
            }
            // plain pieces follow the inputs without gaps: every slot is its own position already
            linker.memorySize = slots;
            linker.compact = false;
            for (int i = 0; i < linker.parts.length; i++) {
                linker.base[i] = linker.starts[i];
            }
        }
        linker.chooseInputs(outputs, read);
        if (!compiled) {
            for (int i : linker.loopParts) {
                linker.compile(i, tooLarge);
            }
        }
        if (!tooLarge.isEmpty()) {
            // the loop fitted while recording, before its exports were known; with them its kernel is larger than
            // the JIT compiles, and its plain instructions run faster than an interpreted kernel would
            return link(inputs, LoopExpansion.expand(parts, identitySet(tooLarge)::contains), outputs, slots);
        }
        linker.makeStraightSegments();
        linker.segments = Repetitions.fold(linker.segments);
        return linker;
    }

    /**
     * The loops to run as plain instructions so that those of {@code crossing} not in {@code plain} (which run plain
     * anyway) no longer have references the compact layout cannot express: those loops themselves if they are at
     * most a quarter of the program; else, if those are, the loops their references read across (see
     * {@link #readAcross}), which may be few where the loops reading them are many (a mixture's precisions,
     * computed per component by one loop and read by every point's loop over the dimensions); else none, and every
     * slot then gets a position of its own.
     */
    private Collection<Loop> expansionFor(List<Loop> crossing, Set<Loop> plain, int slots) {
        List<Loop> others = new ArrayList<>();
        for (Loop loop : crossing) {
            if (!plain.contains(loop)) {
                others.add(loop);
            }
        }
        long quarter = (slots - inputs) / 4;
        if (instructions(others) <= quarter) {
            return others;
        }
        Set<Loop> across = readAcross(others);
        return instructions(across) <= quarter ? across : List.of();
    }

    /**
     * The loops among the parts that the references of {@code loops} the compact layout cannot express span (see
     * {@link #addressable}): one read at a step within its body, or one of several parts read as one run. Run as
     * plain instructions, they leave those references spanning plain pieces only, which the layout can express. A
     * reference that reaches both inputs and other slots, or past the recording's end, adds none.
     */
    private Set<Loop> readAcross(List<Loop> loops) {
        Set<Loop> across = identitySet(List.of());
        for (Loop loop : loops) {
            readAcross(loop, across);
        }
        return across;
    }

    /** Adds to {@code across} the loops that the references of {@code loop} read across (see above). */
    private void readAcross(Loop loop, Set<Loop> across) {
        everyMemoryRef(loop, r -> {
            if (!addressable(r, loop.count)) {
                int first = partOf(r.lowestSlot(loop.count));
                int hi = r.highestSlot(loop.count);
                int last = partOf(hi);
                for (int i = first; first >= 0 && hi < endSlot(last) && i <= last; i++) {
                    if (parts[i] instanceof Loop) {
                        across.add((Loop) parts[i]);
                    }
                }
            }
            return true;
        });
    }

    private static Set<Loop> identitySet(Collection<Loop> loops) {
        Set<Loop> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(loops);
        return set;
    }

    /**
     * Whether every workspace reference of {@code loop} is {@link #addressable}, looked at in order until one is not;
     * with {@code translate}, also sets where each one reads ({@link #translate}). Written out rather than with a
     * predicate per purpose: a call through one the JIT cannot inline, per reference of every loop, showed.
     */
    private boolean addressable(Loop loop, boolean translate) {
        for (Position p : loop.body) {
            if (!addressable(p.operands, loop.count, translate) || !addressable(p.edgeOperands, loop.count, translate)
                    || !addressable(p.edgePartials, loop.count, translate)) {
                return false;
            }
        }
        return true;
    }

    private boolean addressable(Ref[] refs, int count, boolean translate) {
        for (Ref r : refs) {
            if (r.kind == Kind.MEMORY) {
                if (!addressable(r, count)) {
                    return false;
                }
                if (translate) {
                    translate(r, count);
                }
            }
        }
        return true;
    }

    /** Whether {@code test} holds for every workspace reference of {@code loop}, tried in order until one fails. */
    private static boolean everyMemoryRef(Loop loop, Predicate<Ref> test) {
        for (Position p : loop.body) {
            if (!everyMemoryRef(p.operands, test) || !everyMemoryRef(p.edgeOperands, test)
                    || !everyMemoryRef(p.edgePartials, test)) {
                return false;
            }
        }
        return true;
    }

    private static boolean everyMemoryRef(Ref[] refs, Predicate<Ref> test) {
        for (Ref r : refs) {
            if (r.kind == Kind.MEMORY && !test.test(r)) {
                return false;
            }
        }
        return true;
    }

    private static long instructions(Collection<Loop> loops) {
        long n = 0;
        for (Loop loop : loops) {
            n += (long) loop.length * loop.count;
        }
        return n;
    }

    private static int[] filled(int length, int value) {
        int[] a = new int[length];
        Arrays.fill(a, value);
        return a;
    }

    /** The number of reverse-sweep edges of the recording, those of every loop iteration included. */
    public long edgeCount() {
        return edges;
    }

    /** The position of a slot that something reads. */
    public int position(int slot) {
        if (slot < firstLoopSlot || !compact) {
            return slot;
        }
        int i = partOf(slot);
        if (parts[i] instanceof Piece) {
            return base[i] + slot - ((Piece) parts[i]).firstSlot;
        }
        Loop loop = (Loop) parts[i];
        int t = (slot - loop.firstSlot) % loop.length;
        int j = (slot - loop.firstSlot) / loop.length;
        if (j < loop.storedLo(t) || j > loop.storedHi(t)) {
            throw new IllegalStateException("slot " + slot + " of a loop was never exported");
        }
        return loop.positionBase[t] + j;
    }

    // ---------------------------------------------------------------- inputs

    /**
     * Decides whether inputs stay in the caller's arrays and, if so, which inputs the workspace still needs a copy
     * of; the plain pieces' edges into inputs then go after their other edges ({@link #separateEdges}, once the
     * pieces are translated). That order is exact: an input's adjoint is never read while sweeping, and the adjoint
     * an edge reads (its result's) is final by then. {@code read} holds the inputs that plain pieces read, as
     * {@link #walk} marked them. Inputs apart save copying them in and their adjoints out at every replay, which
     * counts where they are a large part of the workspace (Rosenbrock's million: 1 of its 2 ms); where they are few
     * beside it, kernels summing into the caller's gradient measured slower than into the workspace (a d = 64,
     * K = 100 mixture's 12,900 inputs beside 590,000 positions: 22 against 21 ms, the cause not found), so they stay
     * in the workspace.
     */
    private void chooseInputs(int[] outputs, boolean[] read) {
        // the loops' references are looked at only where the counts allow inputs apart: a pass over every loop
        inputsApart = inputsMayStayApart() && noLoopStraddlesInputs();
        if (!inputsApart) {
            read = new boolean[inputs];
        }
        for (int i : loopParts) {
            ((Loop) parts[i]).inputs = inputsApart ? inputs : 0;
        }
        for (int output : outputs) {
            if (output < inputs) {
                read[output] = true;
            }
        }
        int count = 0;
        for (boolean r : read) {
            count += r ? 1 : 0;
        }
        inputsRead = new int[count];
        for (int i = 0, k = 0; i < inputs; i++) {
            if (read[i]) {
                inputsRead[k++] = i;
            }
        }
    }

    private boolean noLoopStraddlesInputs() {
        for (int i : loopParts) {
            Loop loop = (Loop) parts[i];
            if (!everyMemoryRef(loop, r -> !straddlesInputs(r, loop.count)) || carriesFromInput(loop)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a carried position of {@code loop} starts from an input: its kernel reads that start from the
     * workspace and sums its adjoint there, never in the caller's arrays (an input just before the loop's slots,
     * {@code y = tanh(y)} repeated from the last input, is the slot of the iteration before its first).
     */
    private boolean carriesFromInput(Loop loop) {
        for (int t = 0; t < loop.length; t++) {
            if (loop.carried[t] && loop.startSlot(t) < inputs) {
                return true;
            }
        }
        return false;
    }

    private boolean straddlesInputs(Ref r, int count) {
        long last = r.memoryBase + (long) r.memoryStride * (count - 1);
        return Math.min(r.memoryBase, last) < inputs && Math.max(r.memoryBase, last) >= inputs;
    }

    /** Moves a piece's edges into inputs after its other edges, each group in its order. */
    private void separateEdges(Piece piece) {
        int[] edges = piece.edges;
        int intoInputs = 0;
        for (int e = 0; e < edges.length; e += 3) {
            intoInputs += edges[e] < inputs ? 3 : 0;
        }
        int[] others = new int[edges.length - intoInputs];
        int[] toInputs = new int[intoInputs];
        for (int e = 0, o = 0, i = 0; e < edges.length; e += 3) {
            if (edges[e] < inputs) {
                toInputs[i] = edges[e];
                toInputs[i + 1] = edges[e + 1];
                toInputs[i + 2] = edges[e + 2];
                i += 3;
            } else {
                others[o] = edges[e];
                others[o + 1] = edges[e + 1];
                others[o + 2] = edges[e + 2];
                o += 3;
            }
        }
        piece.edges = others;
        piece.inputEdges = toInputs;
    }

    // ---------------------------------------------------------------- what leaves an iteration

    /**
     * Settles each loop and marks what leaves its iterations, in one pass over the parts in slot order: what a part
     * reads lies before it or in it, so each loop is settled and its exports cleared before anything exports from it.
     * With {@code findCrossing}, also finds the loops with a workspace reference that {@link #translate} could not
     * map (see {@link #addressable}), each looked at before it is settled.
     *
     * @return the loops found crossing, empty without {@code findCrossing}
     */
    private List<Loop> export(int[] outputs, boolean[] read, boolean findCrossing) {
        recentValues = filled(1 << 14, -1);
        recentAdjoints = filled(1 << 14, -1);
        List<Loop> crossing = new ArrayList<>();
        int loopsEnd = inputs;
        if (findCrossing) {
            crossing.addAll(crossingWhileRecording);
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof Loop) {
                Loop loop = (Loop) parts[i];
                if (!exportedWhileRecording[i]) {
                    exportOwn(loop, findCrossing ? crossing : null);
                }
                loopsEnd = loop.endSlot();
            } else {
                walk((Piece) parts[i], loopsEnd, read);
            }
        }
        for (int output : outputs) {
            exportSlot(output, true, true);
        }
        return crossing;
    }

    /**
     * What linking does first for each loop: adds it to {@code crossing} (unless null) if its references cross from
     * one part to another, forgets its exports (those of an earlier link, which made some loops plain), settles it
     * and exports what it reads.
     */
    private void exportOwn(Loop loop, List<Loop> crossing) {
        if (crossing != null && !addressable(loop, false)) {
            crossing.add(loop);
        }
        loop.clearExports();
        LoopSettlement.settle(loop);
        exportLoop(loop);
    }

    private void exportLoop(Loop loop) {
        for (int t = 0; t < loop.length; t++) {
            Position p = loop.body[t];
            if (p.code == Codes.CONST) {
                // a constant's value is filled into its own position once per workspace
                loop.export(t, 0, loop.count - 1, true, false);
            }
            for (Ref r : p.operands) {
                exportRef(loop, r, true, false);
                if (r.kind == Kind.CARRY && loop.recomputed[t] && loop.count > 1) {
                    loop.export(r.position, 0, loop.count - 2, true, false);
                }
            }
            for (Ref r : p.edgeOperands) {
                exportRef(loop, r, false, true);
            }
            for (Ref r : p.edgePartials) {
                exportRef(loop, r, true, false);
            }
        }
    }

    /**
     * One pass over what a piece reads: marks the inputs it reads in {@code read}, counts its edges into inputs, and
     * exports what it reads of the loops before it, which end at {@code loopsEnd} ({@code inputs} if there are
     * none). One pass for all three because decoding the instructions is most of its cost.
     */
    private void walk(Piece piece, int loopsEnd, boolean[] read) {
        byte[] ops = piece.ops;
        int[] args = piece.args;
        for (int i = 0, p = 0; i < ops.length; i++) {
            int entries = Codes.argCount(ops[i], args, p);
            if (ops[i] != Codes.CONST) {
                for (int k = p + Codes.fixedCount(ops[i]); k < p + entries; k++) {
                    readSlot(args[k], loopsEnd, read);
                }
            }
            p += entries;
        }
        int[] edges = piece.edges;
        for (int e = 0; e < edges.length; e += 3) {
            if (edges[e] < inputs) {
                edgesIntoInputs++;
            } else {
                exportOutside(edges[e], loopsEnd, false, true);
            }
            readSlot(edges[e + 1], loopsEnd, read);
            if (edges[e + 2] < piece.firstSlot && edges[e + 2] < loopsEnd) {
                addLateEdges(loopOf(edges[e + 2]));
            }
            if (edges[e + 1] >= piece.endSlot()) {
                addLateEdges(loopOf(edges[e + 1]));
            }
        }
    }

    private void addLateEdges(Loop loop) {
        if (loop != null && (lateEdges.isEmpty() || lateEdges.get(lateEdges.size() - 1) != loop)) {
            lateEdges.add(loop);
        }
    }

    /** A piece reads the value of {@code slot}: an input is marked read, a loop's value exported. */
    private void readSlot(int slot, int loopsEnd, boolean[] read) {
        if (slot < inputs) {
            read[slot] = true;
        } else {
            exportOutside(slot, loopsEnd, true, false);
        }
    }

    /**
     * Exports a slot a piece reads, unless it lies before the first loop (an input, a data input, a constant made
     * first) or after every loop, or was just exported the same way (the common cases, found fast: plain code reads
     * the same few values of a loop again and again).
     */
    private void exportOutside(int slot, int loopsEnd, boolean value, boolean adjoint) {
        if (slot >= firstLoopSlot && slot < loopsEnd) {
            int[] recent = value ? recentValues : recentAdjoints;
            int at = slot * 0x9E3779B1 >>> 18;
            if (recent[at] != slot) {
                recent[at] = slot;
                exportSlot(slot, value, adjoint);
            }
        }
    }

    private void exportRef(Loop owner, Ref r, boolean value, boolean adjoint) {
        if (r.kind == Kind.CARRY) {
            exportSlot(owner.startSlot(r.position), true, true);
            return;
        }
        if (r.kind != Kind.MEMORY) {
            return;
        }
        int lo = r.lowestSlot(owner.count);
        int hi = r.highestSlot(owner.count);
        if (hi < firstLoopSlot) {
            return;
        }
        for (int i = Math.max(0, partOf(lo)); i < partCount && firstSlot(i) <= hi; i++) {
            if (!(parts[i] instanceof Loop)) {
                continue;
            }
            Loop target = (Loop) parts[i];
            int from = Math.max(lo, target.firstSlot);
            int to = Math.min(hi, target.slot(0, target.count) - 1);
            if (from > to) {
                continue;
            }
            int jLo = (from - target.firstSlot) / target.length;
            int jHi = (to - target.firstSlot) / target.length;
            if (r.stride % target.length == 0) {
                target.export(Math.floorMod(r.base - target.firstSlot, target.length), jLo, jHi, value, adjoint);
            } else if (Math.abs(r.stride) > target.length) {
                exportHits(r, from, to, target, value, adjoint);
            } else {
                for (int t = 0; t < target.length; t++) {
                    target.export(t, jLo, jHi, value, adjoint);
                }
            }
        }
    }

    /**
     * Exports the slots of {@code target} in {@code from..to} that a reference reaches, one by one: a reference
     * whose stride exceeds the target's body (a loop over the terms that many small loops left between them)
     * reaches at most one slot per target iteration, usually none (the terms lie between the loops).
     */
    private static void exportHits(Ref r, int from, int to, Loop target, boolean value, boolean adjoint) {
        long stride = r.stride;
        long first = stride > 0 ? ceilDiv(from - (long) r.base, stride) : ceilDiv(r.base - (long) to, -stride);
        long last = stride > 0 ? Math.floorDiv(to - (long) r.base, stride) : Math.floorDiv(r.base - (long) from, -stride);
        for (long j = Math.max(0, first); j <= last; j++) {
            int offset = (int) (r.base + j * stride - target.firstSlot);
            int iteration = offset / target.length;
            target.export(offset % target.length, iteration, iteration, value, adjoint);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private void exportSlot(int slot, boolean value, boolean adjoint) {
        Loop loop = loopOf(slot);
        if (loop != null) {
            int j = (slot - loop.firstSlot) / loop.length;
            loop.export((slot - loop.firstSlot) % loop.length, j, j, value, adjoint);
        }
    }

    /**
     * The loop whose iterations hold {@code slot}, or null: found through {@link #partOf}'s index of the parts, not
     * among the loops alone (an MLP step over 32 examples has 1,600 loops, and plain code reads them at every unit).
     */
    private Loop loopOf(int slot) {
        int part = partOf(slot);
        if (part < 0 || !(parts[part] instanceof Loop)) {
            return null;
        }
        Loop loop = (Loop) parts[part];
        return slot < loop.endSlot() ? loop : null;
    }

    private int firstSlot(int part) {
        return starts[part];
    }

    private int endSlot(int part) {
        if (parts[part] instanceof Loop) {
            Loop loop = (Loop) parts[part];
            return loop.slot(0, loop.count);
        }
        return ((Piece) parts[part]).endSlot();
    }

    /** The part holding {@code slot} ({@code slot >= inputs}); -1 for an input. */
    private int partOf(int slot) {
        if (slot < inputs) {
            return -1;
        }
        int last = lastPart;
        if (last < partCount && slot >= starts[last] && (last + 1 == partCount || slot < starts[last + 1])) {
            return last;
        }
        int block = (slot - inputs) >>> BLOCK_BITS;
        int lo;
        int hi;
        if (block < blockCount) {
            lo = partAtBlock[block];
            hi = block + 1 < blockCount ? partAtBlock[block + 1] : partCount - 1;
        } else {
            // past the blocks indexed: the slots of the last parts taken in (or past the recording's end)
            lo = blockCount > 0 ? partAtBlock[blockCount - 1] : 0;
            hi = partCount - 1;
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= slot) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lastPart = lo;
        return lo;
    }

    // ---------------------------------------------------------------- positions

    /**
     * Whether the loops hold at least as many slots as the plain pieces: only then does leaving out what stays inside
     * their iterations save memory worth rewriting every plain instruction's slots into positions. Otherwise every
     * slot keeps its own position, and plain pieces are linked as they are without loops.
     */
    private boolean worthCompacting(int slots) {
        long inLoops = 0;
        for (int i : loopParts) {
            Loop loop = (Loop) parts[i];
            inLoops += (long) loop.length * loop.count;
        }
        return inLoops >= slots - inputs - inLoops;
    }

    /**
     * Lays the parts out compactly and translates the loops' references into positions; if some loop's references
     * cannot be, every slot gets its own position instead ({@link #layOutBySlot}). Where the inputs cannot stay apart
     * ({@link #inputsMayStayApart}), also compiles each loop as it is translated.
     *
     * @param tooLarge where loops compiled here whose kernels would not fit are added
     * @return whether every loop was compiled here (with the compact layout kept)
     */
    private boolean layOut(int slots, List<Loop> tooLarge) {
        int next = inputs;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof Loop) {
                Loop loop = (Loop) parts[i];
                loop.positionStride = 1;
                for (int t = 0; t < loop.length; t++) {
                    if (loop.storedLo(t) <= loop.storedHi(t)) {
                        loop.positionBase[t] = next - loop.storedLo(t);
                        next += loop.storedHi(t) - loop.storedLo(t) + 1;
                    }
                }
            } else {
                base[i] = next;
                next += ((Piece) parts[i]).ops.length;
            }
        }
        memorySize = next;
        // inputs that cannot stay apart are known now, and each loop's kernel is then made right after its
        // references are translated, while they are still in the cache (a mixture model has ten thousand loops)
        boolean compileNow = !inputsMayStayApart();
        long edgesBefore = edges;
        for (int i : loopParts) {
            Loop loop = (Loop) parts[i];
            if (!translateLoop(loop)) {
                compact = false;
                unaddressable.add(loop);
            } else if (compileNow && compact) {
                loop.inputs = 0;
                compile(i, tooLarge);
            }
        }
        if (!compact) {
            layOutBySlot(slots);
            tooLarge.clear();
            edges = edgesBefore;
            return false;
        }
        return compileNow;
    }

    /**
     * Whether the counts allow the inputs to stay in the caller's arrays ({@link #inputsApart}), before the loops'
     * references are looked at: few edges into inputs, and inputs a quarter of the workspace or more.
     */
    private boolean inputsMayStayApart() {
        return edgesIntoInputs <= inputs && 4L * inputs >= memorySize;
    }

    /** Gives the loop {@code parts[i]} its kernel, or adds it to {@code tooLarge} if its kernel would not fit. */
    private void compile(int i, List<Loop> tooLarge) {
        Loop loop = (Loop) parts[i];
        if (KernelGenerator.compile(loop, i == parts.length - 1)) {
            // counted, and its segment made, while compiling has just brought the loop into the cache
            edges += loop.edgeCount();
            segments[i] = new Segment.Looped(loop);
        } else {
            tooLarge.add(loop);
        }
    }

    /**
     * Makes the plain pieces' segments (the loops' were made as they were compiled), each piece's slots rewritten
     * into the compact layout's positions first (in place: only once no loop is expanded any more, since a link
     * started anew reads the pieces as recorded) and its edges into inputs moved after the others. One piece at a
     * time, so that it is read from memory once.
     */
    private void makeStraightSegments() {
        boolean narrow = memorySize <= Character.MAX_VALUE + 1;
        int runStart = inputs;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof Loop) {
                runStart = ((Loop) parts[i]).endSlot();
                continue;
            }
            Piece piece = (Piece) parts[i];
            if (compact) {
                translatePiece(piece, base[i], runStart);
            }
            if (inputsApart) {
                separateEdges(piece);
            }
            edges += (piece.edges.length + piece.inputEdges.length) / 3;
            segments[i] = new Segment.Straight(piece, base[i], narrow);
        }
    }

    /**
     * Every slot at its own position: what a loop's references can always address. {@link #position} then answers
     * the slot itself; it answered the compact layout's position where a program had too few loops to be worth
     * compacting (a sum over values computed by longer plain code, its result an output: replayed as 0).
     */
    private void layOutBySlot(int slots) {
        compact = false;
        memorySize = slots;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof Loop) {
                Loop loop = (Loop) parts[i];
                loop.positionStride = loop.length;
                for (int t = 0; t < loop.length; t++) {
                    loop.positionBase[t] = loop.firstSlot + t;
                    loop.before[t] = loop.startSlot(t);
                }
                for (Position p : loop.body) {
                    for (Ref[] refs : new Ref[][] {p.operands, p.edgeOperands, p.edgePartials}) {
                        for (Ref r : refs) {
                            r.memoryBase = r.base;
                            r.memoryStride = r.stride;
                        }
                    }
                }
            } else {
                base[i] = ((Piece) parts[i]).firstSlot;
            }
        }
    }

    /** Sets the loop's memory references and starting values in the compact layout; false if one cannot be. */
    private boolean translateLoop(Loop loop) {
        for (int t = 0; t < loop.length; t++) {
            if (loop.carried[t]) {
                loop.before[t] = position(loop.startSlot(t));
            }
        }
        return addressable(loop, true);
    }

    /**
     * Whether the slots of {@code r} over {@code count} iterations map affinely onto the compact layout, whatever the
     * exports: fixed, all inputs, within one loop at a whole number of its iterations per step, or within plain
     * pieces with no loop between them, which the layout places one after the other as their slots are. A batch of
     * data inputs is recorded in pieces of {@link dev.jgrad.tape.internal.Codes#PIECE} instructions, and one point of
     * a mixture's (64 dimensions) in 1,000 lay across two of them: its loops, one per component, were made plain.
     */
    private boolean addressable(Ref r, int count) {
        if (r.stride == 0 || count == 1) {
            return true;
        }
        int lo = r.lowestSlot(count);
        int hi = r.highestSlot(count);
        if (hi < inputs || lo >= inputs && hi < firstLoopSlot) {
            return true;
        }
        int first = partOf(lo);
        int last = partOf(hi);
        if (first < 0 || hi >= endSlot(last)) {
            return false;
        }
        int loop = firstLoopFrom(first);
        if (loop < loopCount && loopParts[loop] <= last) {
            return first == last && r.stride % ((Loop) parts[first]).length == 0;
        }
        return true;
    }

    /**
     * The index in {@link #loopParts} of the first loop at part {@code part} or after it ({@link #loopCount} if
     * none): a binary search, since a reference of each point's loop in a mixture reads the precisions across the
     * hundreds of parts that computed them, which a walk over the parts visited for every reference of every loop.
     */
    private int firstLoopFrom(int part) {
        int found = Arrays.binarySearch(loopParts, 0, loopCount, part);
        return found >= 0 ? found : -found - 1;
    }

    /** Sets {@code r.memoryBase} and {@code r.memoryStride} of a reference whose slots are {@link #addressable}. */
    private void translate(Ref r, int count) {
        if (r.stride == 0 || count == 1) {
            r.memoryBase = position(r.base);
            r.memoryStride = 0;
            return;
        }
        if (r.highestSlot(count) < firstLoopSlot) {
            // inputs, or plain pieces before every loop: their own positions
            r.memoryBase = r.base;
            r.memoryStride = r.stride;
            return;
        }
        int part = partOf(r.lowestSlot(count));
        if (parts[part] instanceof Piece) {
            r.memoryBase = base[part] + r.base - firstSlot(part);
            r.memoryStride = r.stride;
            return;
        }
        Loop target = (Loop) parts[part];
        int t = Math.floorMod(r.base - target.firstSlot, target.length);
        int j0 = Math.floorDiv(r.base - target.firstSlot, target.length);
        r.memoryBase = target.positionBase[t] + j0;
        r.memoryStride = r.stride / target.length;
    }

    /**
     * Rewrites a piece's operand and edge slots into positions. The plain pieces after the last loop before it
     * ({@code runStart} on, to this piece's end) lie at positions shifted by one distance, so most slots need no
     * search.
     */
    private void translatePiece(Piece piece, int pieceBase, int runStart) {
        int shift = pieceBase - piece.firstSlot;
        int runEnd = piece.endSlot();
        piece.forEachOperand((instruction, i) -> piece.args[i] = position(piece.args[i], runStart, shift, runEnd));
        int[] edges = piece.edges;
        for (int e = 0; e < edges.length; e++) {
            edges[e] = position(edges[e], runStart, shift, runEnd);
        }
    }

    private int position(int slot, int runStart, int shift, int runEnd) {
        // a variadic operation's edges read partials recorded after the piece, perhaps beyond a loop
        if (slot >= runStart && slot < runEnd) {
            return slot + shift;
        }
        if (slot < firstLoopSlot) {
            return slot;
        }
        int at = slot & (RECENT_POSITIONS - 1);
        if (recentSlots[at] != slot) {
            recentSlots[at] = slot;
            recentPositions[at] = position(slot);
        }
        return recentPositions[at];
    }
}
