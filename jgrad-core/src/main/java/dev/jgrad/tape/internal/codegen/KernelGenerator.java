package dev.jgrad.tape.internal.codegen;

import dev.jgrad.Algebra;
import dev.jgrad.Op;
import dev.jgrad.Rule;
import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.LoopKernel;
import dev.jgrad.tape.internal.SlotNumbers;
import dev.jgrad.tape.internal.codegen.ClassBuilder.Code;
import dev.jgrad.tape.internal.codegen.ClassBuilder.Label;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Loop} into JVM bytecode: a {@link LoopKernel} whose forward method computes the body's values in
 * locals, iteration after iteration, and whose reverse method runs the iterations backwards, recomputing the cheap
 * values its partial derivatives need (reading back the others, which the forward method stored) and summing
 * adjoints in locals. Only what leaves an iteration, and those kept values, touch the workspace.
 *
 * <p>The code calls the same rule methods as the plain sweep ({@code Op.MUL.value(a, b, 0)}, a custom rule's
 * {@code value}), so no formula is written here, and it applies the same additions and multiplications to every
 * adjoint in the same order: results equal the plain sweep's to the last bit.
 *
 * <p>Each distinct workspace value the body reads is loaded once per iteration (once per call if its slot is fixed),
 * and an adjoint the body updates is summed in a local and written back once, unless another reference can reach
 * the same slot in some iteration (decided from the strides, when the kernel is made).
 *
 * <p>Kernels depend only on a loop's shape (its ops, strides and which references coincide); where it sits and how
 * often it runs are {@link Loop#params}. Kernels of the shapes last used are kept (up to {@value #CACHE_LIMIT}), looked up
 * by {@link #shape} before any code is written, so the many loops of one shape in a recording (a loop per row of a
 * triangular product, per unit of a layer) cost one kernel, and recording the same function again reuses code the
 * JIT has already compiled. A loop of the shape of one of the last few this thread compiled is recognised by
 * comparing it with that one ({@link CompiledShape}), without its key being built.
 */
public final class KernelGenerator {

    /** C2 does not compile methods of more bytecode than this (HotSpot's {@code HugeMethodLimit}). */
    private static final int MAX_METHOD_BYTES = 8000;
    /**
     * How many bytes below {@link #MAX_METHOD_BYTES} a loop sized while recording ({@link #fits}) must stay, for what
     * linking may still change: how references are laid out in groups, values read after the loop other than an
     * accumulator's. Sized as settled ({@code LoopSettlement.fitsOnceSettled}), flat loops over points came within
     * 30 bytes of their linked size, above it (7,683 sized and 7,655 linked, 7,927 and 7,907); sized unsettled, 2 %
     * to 40 % below it, and a loop over a convolution's windows of 81 taps sized at 7,857 bytes was 8,012 once linked
     * (its iterations then ran as plain instructions).
     */
    private static final int SIZING_HEADROOM = 64;
    /** The name given to every kernel class; as hidden classes, each gets its own suffix. */
    private static final String CLASS_NAME = "dev/jgrad/tape/internal/codegen/LoopKernel$Body";
    private static final int CACHE_LIMIT = 256;
    /** Kernels by {@link #shape}: what their code depends on. */
    private static final Map<Key, LoopKernel> CACHE = recentlyUsed();
    /** Whether loops of a shape seen fit ({@link #fits}), by {@link #sizingKey}: loops of one shape recur. */
    private static final Map<Key, Boolean> FITS = recentlyUsed();
    /** The {@link #shape}s whose kernels {@link #compile} found too large, so that their loops are not written again. */
    private static final Map<Key, Boolean> TOO_LARGE = recentlyUsed();
    /**
     * Per thread, the key and the group numberings that every loop's lookups fill anew: a recording looks up each of
     * its loops twice (sized while recording, compiled when linking), and a mixture model has ten
     * thousand loops, whose keys and tables made a quarter of what its recording allocated.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** What {@link #SCRATCH} holds; each lookup uses it before the next begins. */
    private static final class Scratch {
        final Key key = new Key();
        final SlotNumbers values = new SlotNumbers();
        final SlotNumbers adjoints = new SlotNumbers();
        /**
         * The shapes of the loops this thread compiled last, latest first: the loops of a series alternate between a
         * few shapes at most (an MLP's hidden and output layers per example).
         */
        final CompiledShape[] recent = new CompiledShape[RECENT_SHAPES];

        /** The latest shape {@code loop} has and its parameters, moved to the front; null if none has it. */
        int[] reuse(Loop loop) {
            for (int i = 0; i < recent.length && recent[i] != null; i++) {
                CompiledShape shape = recent[i];
                int[] params = shape.paramsFor(loop, values);
                if (params != null) {
                    System.arraycopy(recent, 0, recent, 1, i);
                    recent[0] = shape;
                    loop.kernel = shape.kernel;
                    return params;
                }
            }
            return null;
        }

        void remember(CompiledShape shape) {
            System.arraycopy(recent, 0, recent, 1, recent.length - 1);
            recent[0] = shape;
        }
    }

    /** How many shapes a thread remembers its latest loops by ({@link Scratch#recent}). */
    private static final int RECENT_SHAPES = 4;

    /**
     * A map of at most {@value #CACHE_LIMIT} entries that forgets the least recently used one to make room: a
     * process that has met many shapes keeps finding the ones it is using now (a cache that stopped growing when
     * full would compile every later loop afresh).
     */
    private static <V> Map<Key, V> recentlyUsed() {
        return Collections.synchronizedMap(new LinkedHashMap<>(2 * CACHE_LIMIT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, V> eldest) {
                return size() > CACHE_LIMIT;
            }
        });
    }
    private static final String OP = "dev/jgrad/Op";
    private static final String RULE = "dev/jgrad/Rule";
    private static final String VALUE = "(DDD)D";
    /** The name in {@link Op} of each built-in op code of {@link Codes}. */
    private static final String[] OP_NAMES = opNames();
    /**
     * Per built-in op code and argument: the constant the rule table gives as that argument's partial derivative,
     * NaN if it is not a constant. An edge whose partial is 1 adds the adjoint without multiplying ({@code 1 * a} is
     * {@code a} exactly), one whose partial is -1 subtracts it ({@code x + (-1) a} is {@code x - a} exactly): the
     * multiplication would only lengthen the reverse sweep's chains and fill its pipes.
     */
    private static final double[][] CONSTANT_PARTIALS = constantPartials();

    // locals shared by both methods
    private static final int VAL = 1;
    private static final int ADJ = 2;
    /** The forward method's second parameter: room for a variadic operation's terms ({@link LoopKernel#forward}). */
    private static final int TERMS = 2;
    private static final int X = 3;
    private static final int GRADIENT = 4;
    private static final int RULES = 5;
    private static final int PARAMS = 6;
    /** Where in {@link #PARAMS} the loop's parameters start. */
    private static final int AT = 7;
    private static final int J = 8;
    private static final int COUNT = 9;
    private static final int J_MINUS_1 = 10;
    private static final int FIRST_PARAM_LOCAL = 11;

    private final Loop loop;
    private final int length;
    /**
     * Size the code before the loop is laid out in the workspace: references grouped by slot, none read from the
     * caller's arrays, positions assumed apart, with the exports and settlement the loop has so far.
     */
    private final boolean sizing;
    /** The loop's parameters ({@link Loop#params}): ints, made for every loop linked. */
    private final int[] params;
    /**
     * The distinct workspace values the body reads, each loaded once per iteration (or once, if fixed); a reference
     * read (an operand or a partial) has its index here in {@link Ref#group}.
     */
    private final List<Group> valueGroups = new ArrayList<>();
    /**
     * The distinct workspace adjoints the body updates, summed in a local when no other one can alias them; an edge's
     * operand has its index here in {@link Ref#group}.
     */
    private final List<Group> adjointGroups = new ArrayList<>();
    private final int[] positionBaseLocal;
    private final int[] valueLoLocal;
    private final int[] adjointLoLocal;
    private final int[] beforeLocal;
    private final int value0;
    private final int carry0;
    private final int adjoint0;
    private final int carryAdjoint0;
    /**
     * Whether this kernel's reverse sweep may be split into runs ({@link #exportedCarry}): cleared when the split
     * method, which repeats the iteration, would not fit the JIT's limit. In a dot product's two instructions the
     * tests are a large part of an iteration: the traced MLP step's replay took 21.4 ms before, 15.5 after (JMH
     * averages). A run's loop holds two iterations (with a test between them): written with one, C2 unrolled
     * Rosenbrock's eight-instruction body so far that it ran slower split than tested (2.2 against 2.4 ms, best of
     * thousands of replays, and C2 with -XX:LoopMaxUnroll=2 gave the same 2.1 as two iterations per trip do).
     */
    private boolean splitAllowed = true;
    /** While emitting the fused sweep: edges to delayed groups are held back, the sum's edge goes to its start. */
    private boolean fusing;
    /** While emitting an iteration of such a run: it is past iteration 0, so a carry's previous slot needs no test. */
    private boolean inRun;
    private final boolean[] hasAdjoint;
    /**
     * While emitting an iteration: which per-iteration groups are in their locals, which values the reverse sweep has
     * and which adjoints it has started. Each is emitted just before its first use, not all at the iteration's
     * start, so that a long body does not hold every load and recomputed value in a register at once (C2 spills
     * them when it runs out, and schedules roughly in the order of the bytecode).
     */
    private final boolean[] groupLoaded;
    private final boolean[] adjointGroupLoaded;
    private final boolean[] valueReady;
    private final boolean[] adjointReady;
    /**
     * Per position: its adjoint local was started at 0 and has received nothing yet, so its first contribution is
     * stored rather than added to 0 (see {@link #edge}).
     */
    private final boolean[] adjointUntouched;
    /**
     * Per carried position, in a run ({@link #reverseIteration}): its carried adjoint is 0 and has received nothing.
     */
    private final boolean[] carryUntouched;

    /**
     * Whether the kernel also gets a {@link LoopKernel#fused} sweep: decided by {@link #fusion} when compiling the
     * program's last part (never while sizing), and cleared again if that method would be too large for the JIT.
     */
    private boolean fused;
    /** With {@link #fused}: the one carried position, a running sum. */
    private int sumPosition = -1;
    /**
     * With {@link #fused}, per adjoint group: how many iterations its contributions wait before they are added to
     * their slot. A slot that several groups reach in different iterations (the {@code x[i]} and {@code x[i+1]} of a
     * stencil) receives, in the reverse sweep, the contributions of its latest iteration first; a fused sweep runs
     * the earliest first, so it holds the others' back until the last of them has added its own.
     */
    private int[] delay;
    /** With {@link #fused}, per adjoint group: the contributions its edges make per iteration. */
    private int[] pendingTerms;
    /** With {@link #fused}, per adjoint group: the first of its {@code (delay + 1) * pendingTerms} pending locals. */
    private int[] pendingLocal0;
    /** With {@link #fused}, per adjoint group and contribution: whether it is subtracted (a partial of -1). */
    private boolean[][] pendingSubtracts;
    /** While emitting a fused iteration's edges: per adjoint group, the contributions held back so far. */
    private int[] pendingEmitted;
    /** The fused sweep's local holding the running sum's adjoint, the same in every iteration. */
    private final int sumAdjoint;
    /** A fused sweep holds back at most this many iterations' contributions... */
    private static final int MAX_DELAY = 4;
    /** ...and at most this many contributions in all, each in a local. */
    private static final int MAX_PENDING = 48;

    /** Workspace references with the same base and stride: one parameter, one local. */
    static final class Group {
        final int base;
        final int stride;
        /** Whether every slot it reaches is an input: read from the caller's {@code x} or summed into its gradient. */
        final boolean input;
        int baseLocal;
        int local;
        /** For values: whether the forward sweep reads it, whether the reverse sweep does. */
        boolean forward;
        boolean reverse;
        /** For adjoints: whether no other group reaches the same slot, so the sum can be kept in the local. */
        boolean kept;
        /** For adjoints: how many edges of the body update the group. */
        int updates;
        /** Its place among the value groups or the adjoint groups. */
        final int index;
        /**
         * The group whose base parameter this one's slot is computed from (itself, or an earlier group of the same
         * list, array and stride), and this one's base minus the leader's, fewer than {@link GroupTable#SHARED_SPAN}
         * strides apart.
         */
        Group leader = this;
        int offset;
        /** For a leading adjoint group, the value group whose base it takes ({@link GroupTable#sharedBases}), or -1. */
        int sharedValue = -1;

        Group(int base, int stride, boolean input, int index) {
            this.base = base;
            this.stride = stride;
            this.input = input;
            this.index = index;
        }

        /** The array this group lives in: an input array or the workspace's. */
        int array(boolean adjoint) {
            return input ? (adjoint ? GRADIENT : X) : (adjoint ? ADJ : VAL);
        }
    }

    private KernelGenerator(Loop loop, boolean sizing, boolean last) {
        this.loop = loop;
        this.length = loop.length;
        this.sizing = sizing;
        int local = FIRST_PARAM_LOCAL;
        Scratch scratch = SCRATCH.get();
        SlotNumbers values = scratch.values.cleared();
        SlotNumbers adjoints = scratch.adjoints.cleared();
        for (int t = 0; t < length; t++) {
            Position p = loop.body[t];
            for (Ref r : p.operands) {
                if (r.kind == Kind.MEMORY) {
                    Group g = group(values, valueGroups, r);
                    g.forward = true;
                    g.reverse |= loop.recomputed[t];
                }
            }
            for (Ref r : p.edgePartials) {
                if (r.kind == Kind.MEMORY) {
                    Group g = group(values, valueGroups, r);
                    g.reverse = true;
                }
            }
            for (Ref r : p.edgeOperands) {
                if (r.kind == Kind.MEMORY) {
                    group(adjoints, adjointGroups, r).updates++;
                }
            }
        }
        GroupTable adjointTable = GroupTable.of(adjointGroups);
        boolean[] kept = adjointTable.kept(loop.count);
        for (Group g : adjointGroups) {
            g.kept = kept[g.index];
        }
        int[] leaderBases = new int[valueGroups.size() + adjointGroups.size()];
        int leaders = 0;
        GroupTable valueTable = GroupTable.of(valueGroups);
        int[] valueLeader = valueTable.leaders();
        int[] adjointLeader = adjointTable.leaders();
        int[] shared = adjointTable.sharedBases(adjointLeader, valueTable, valueLeader, values,
                new int[adjointGroups.size()]);
        for (int list = 0; list < 2; list++) {
            List<Group> groups = list == 0 ? valueGroups : adjointGroups;
            int[] leader = list == 0 ? valueLeader : adjointLeader;
            for (Group g : groups) {
                g.leader = groups.get(leader[g.index]);
                g.offset = g.base - g.leader.base;
                if (list == 1 && shared[g.index] >= 0) {
                    g.sharedValue = shared[g.index];
                    g.baseLocal = valueGroups.get(g.sharedValue).baseLocal;
                } else if (g.leader == g) {
                    g.baseLocal = local++;
                    leaderBases[leaders++] = g.base;
                } else {
                    g.baseLocal = g.leader.baseLocal;
                }
            }
        }
        positionBaseLocal = new int[length];
        valueLoLocal = new int[length];
        adjointLoLocal = new int[length];
        beforeLocal = new int[length];
        for (int t = 0; t < length; t++) {
            if (valueExported(t) || adjointExported(t)) {
                positionBaseLocal[t] = local++;
            }
            if (valueExported(t)) {
                valueLoLocal[t] = local;
                local += 2;
            }
            if (adjointExported(t)) {
                adjointLoLocal[t] = local;
                local += 2;
            }
            if (loop.carried[t]) {
                beforeLocal[t] = local++;
            }
        }
        params = params(loop, leaderBases, leaders);
        hasAdjoint = new boolean[length];
        valueReady = new boolean[length];
        adjointReady = new boolean[length];
        adjointUntouched = new boolean[length];
        carryUntouched = new boolean[length];
        groupLoaded = new boolean[valueGroups.size()];
        adjointGroupLoaded = new boolean[adjointGroups.size()];
        for (int t = 0; t < length; t++) {
            Position p = loop.body[t];
            hasAdjoint[t] |= p.edgeOperands.length > 0 || loop.carried[t];
            for (Ref r : p.edgeOperands) {
                if (r.kind != Kind.MEMORY) {
                    hasAdjoint[r.position] = true;
                }
            }
        }
        for (Group g : valueGroups) {
            g.local = local;
            local += 2;
        }
        for (Group g : adjointGroups) {
            g.local = local;
            local += 2;
        }
        value0 = local;
        carry0 = value0 + 2 * length;
        adjoint0 = carry0 + 2 * length;
        carryAdjoint0 = adjoint0 + 2 * length;
        sumAdjoint = carryAdjoint0 + 2 * length;
        fused = last && fusion(sumAdjoint + 2);
    }

    /**
     * Whether this loop can run as one fused pass ({@link LoopKernel#fused}), giving the two sweeps' bits; if so,
     * sets up the pending contributions, their locals from {@code firstLocal} on. It can when:
     * <ul>
     * <li>one position is carried, a running sum: its only edge to the previous iteration's sum has the constant
     *     partial 1 ({@code s + t}, {@code s - t}), and nothing else in the body reads the sum. Then its adjoint is
     *     the seeded one in every iteration, known before the forward pass runs: the reverse sweep hands it down the
     *     chain as {@code 0 + a}, which is {@code a} itself, since a seeded adjoint is a sum begun at {@code +0} and
     *     so never {@code -0};</li>
     * <li>only the sum's last iteration is read from outside the loop (the workspace's values of costly positions,
     *     kept for the reverse sweep, need not be, and its constants are the recording's): nothing after the loop
     *     needs anything else of it;</li>
     * <li>every adjoint slot the body updates is reached in each iteration by one group only, and groups reaching a
     *     slot in different iterations have one stride and lie at most {@link #MAX_DELAY} iterations apart (a
     *     stencil): then each slot's contributions can still be added latest iteration first. Nothing updates the
     *     slot the sum starts from or the one it ends in, which the pass reads and writes itself;</li>
     * <li>no position is a variadic custom rule (whose terms would need the forward sweep's room).</li>
     * </ul>
     */
    private boolean fusion(int firstLocal) {
        for (int t = 0; t < length; t++) {
            if (loop.body[t].code == Codes.CUSTOMN) {
                return false;
            }
            if (loop.carried[t]) {
                if (sumPosition >= 0) {
                    return false;
                }
                sumPosition = t;
            }
        }
        int count = loop.count;
        if (sumPosition < 0 || loop.adjointLo[sumPosition] != count - 1 || loop.adjointHi[sumPosition] != count - 1) {
            return false;
        }
        int sumEdges = 0;
        for (int t = 0; t < length; t++) {
            if (t != sumPosition && (adjointExported(t)
                    || valueExported(t) && !loop.kept[t] && loop.body[t].code != Codes.CONST)) {
                return false;
            }
            Position p = loop.body[t];
            for (Ref r : p.operands) {
                if (readsSum(r) && (t != sumPosition || r.kind != Kind.CARRY)) {
                    return false;
                }
            }
            for (int i = 0; i < p.edgeOperands.length; i++) {
                if (readsSum(p.edgePartials[i])) {
                    return false;
                }
                if (readsSum(p.edgeOperands[i])) {
                    if (t != sumPosition || p.edgeOperands[i].kind != Kind.CARRY || constantPartial(p, i) != 1) {
                        return false;
                    }
                    sumEdges++;
                }
            }
        }
        int start = loop.before[sumPosition];
        int end = loop.positionBase[sumPosition] + (count - 1) * loop.positionStride;
        return sumEdges == 1 && start >= loop.inputs && delays(start, end) && pending(firstLocal);
    }

    /** Whether {@code r} reads the running sum: its previous iteration's value, or this iteration's. */
    private boolean readsSum(Ref r) {
        return r.kind != Kind.MEMORY && r.position == sumPosition;
    }

    /**
     * Finds each adjoint group's {@link #delay}: groups that reach one slot in different iterations are linked, each
     * linked set shares a stride, and a group waits as many iterations as its base lies ahead of the set's earliest.
     * False if groups reach one slot otherwise (in one iteration, or at different strides, or one in the inputs'
     * arrays and one in the workspace's), if one reaches the same slot in every iteration, or if one reaches
     * {@code start} or {@code end}.
     */
    private boolean delays(int start, int end) {
        int n = adjointGroups.size();
        int count = loop.count;
        int[] set = new int[n];
        for (int i = 0; i < n; i++) {
            Group g = adjointGroups.get(i);
            if (!g.kept || g.stride == 0 || reaches(g, start) || reaches(g, end)) {
                return false;
            }
            set[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                Group a = adjointGroups.get(i);
                Group b = adjointGroups.get(k);
                if (a.stride != b.stride) {
                    if (overlap(a, b)) {
                        return false;
                    }
                } else if (reaches(a, b.base) || reaches(b, a.base)) {
                    if (a.input != b.input) {
                        // a held-back contribution is added to the other group's local, stored in that one's array
                        return false;
                    }
                    int from = set[k];
                    for (int m = 0; m < n; m++) {
                        set[m] = set[m] == from ? set[i] : set[m];
                    }
                }
            }
        }
        delay = new int[n];
        for (int i = 0; i < n; i++) {
            long earliest = Long.MAX_VALUE;
            Group g = adjointGroups.get(i);
            for (int m = 0; m < n; m++) {
                if (set[m] == set[i]) {
                    earliest = Math.min(earliest, ahead(adjointGroups.get(m), g));
                }
            }
            // how many iterations g's slot at j is ahead of the earliest group's at j
            long behind = -earliest;
            if (behind > MAX_DELAY || behind >= count) {
                return false;
            }
            delay[i] = (int) behind;
        }
        return true;
    }

    /**
     * How many iterations {@code g}'s slots lie ahead of {@code of}'s: {@code g} at {@code j} is {@code of} at
     * {@code j + ahead}.
     */
    private static long ahead(Group g, Group of) {
        return ((long) g.base - of.base) / g.stride;
    }

    /** Whether group {@code g} reaches {@code slot} in some iteration. */
    private boolean reaches(Group g, long slot) {
        long distance = slot - g.base;
        return distance % g.stride == 0 && distance / g.stride >= 0 && distance / g.stride < loop.count;
    }

    /** Whether the slots two groups reach lie in overlapping ranges. */
    private boolean overlap(Group a, Group b) {
        long lastA = a.base + (long) a.stride * (loop.count - 1);
        long lastB = b.base + (long) b.stride * (loop.count - 1);
        return Math.max(Math.min(a.base, lastA), Math.min(b.base, lastB))
                <= Math.min(Math.max(a.base, lastA), Math.max(b.base, lastB));
    }

    /**
     * Counts the contributions each delayed group's edges make per iteration, notes which are subtracted, in the
     * order the reverse sweep makes them (last position first, last edge first), and gives them locals from
     * {@code firstLocal} on: one per contribution for this iteration and for each iteration it waits. False if
     * that is more than {@link #MAX_PENDING}.
     */
    private boolean pending(int firstLocal) {
        int n = adjointGroups.size();
        pendingTerms = new int[n];
        pendingLocal0 = new int[n];
        pendingSubtracts = new boolean[n][];
        pendingEmitted = new int[n];
        List<List<Boolean>> subtracts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            subtracts.add(new ArrayList<>());
        }
        for (int t = length - 1; t >= 0; t--) {
            Position p = loop.body[t];
            for (int i = p.edgeOperands.length - 1; i >= 0; i--) {
                Ref r = p.edgeOperands[i];
                if (r.kind == Kind.MEMORY && delay[r.group] > 0) {
                    subtracts.get(r.group).add(constantPartial(p, i) == -1);
                }
            }
        }
        int local = firstLocal;
        for (int i = 0; i < n; i++) {
            pendingTerms[i] = subtracts.get(i).size();
            pendingLocal0[i] = local;
            local += 2 * (delay[i] + 1) * pendingTerms[i];
            pendingSubtracts[i] = new boolean[pendingTerms[i]];
            for (int k = 0; k < pendingTerms[i]; k++) {
                pendingSubtracts[i][k] = subtracts.get(i).get(k);
            }
        }
        return (local - firstLocal) / 2 <= MAX_PENDING;
    }

    /**
     * The group of a memory reference, by its workspace base and stride (by slot while sizing), its index set as the
     * reference's {@link Ref#group}.
     */
    private Group group(SlotNumbers numbers, List<Group> groups, Ref r) {
        int base = sizing ? r.base : r.memoryBase;
        int stride = sizing ? r.stride : r.memoryStride;
        int index = numbers.number(base, stride);
        if (index == groups.size()) {
            boolean input = !sizing && GroupTable.inInputs(base, stride, loop.count, loop.inputs);
            groups.add(new Group(base, stride, input, index));
        }
        r.group = index;
        return groups.get(index);
    }

    private boolean valueExported(int t) {
        return loop.valueExported(t);
    }

    private boolean adjointExported(int t) {
        return loop.adjointExported(t);
    }

    /**
     * Whether the reverse sweep reads an instruction's value back from the forward sweep rather than recomputing
     * it: true unless its op is a few cycles of arithmetic. An exponential or a logarithm costs ten to twenty
     * times a multiplication, and lengthens each iteration's chain of dependent operations, which is what bounds a
     * reverse sweep whose iterations are otherwise independent; storing a value and loading it back costs 8 bytes
     * each way (16 of workspace: its position also has an adjoint).
     *
     * @param code the instruction's op code ({@link Codes})
     */
    public static boolean keepsValue(byte code) {
        switch (code) {
            case Codes.ADD:
            case Codes.SUB:
            case Codes.MUL:
            case Codes.DIV:
            case Codes.NEG:
            case Codes.SQRT:
            case Codes.RELU:
            case Codes.ABS:
            case Codes.SIGN:
            case Codes.WHERE:
            case Codes.SUMN:
            case Codes.CONST:
                return false;
            default:
                return true;
        }
    }

    /**
     * Whether {@code loop}'s kernel can be small enough for the JIT to compile: asked while recording, the loop
     * marked as linking will settle it ({@code LoopSettlement.fitsOnceSettled}) but not yet laid out, and before
     * what reads it later is known (hence {@link #SIZING_HEADROOM}); {@link #compile} tells, once it is linked,
     * whether it is.
     */
    public static boolean fits(Loop loop) {
        Key key = sizingKey(loop);
        Boolean known = FITS.get(key);
        if (known != null) {
            return known;
        }
        Code[] methods = new KernelGenerator(loop, true, false).methods(new ClassBuilder(CLASS_NAME, LoopKernel.NAME));
        // laying the loop out only merges groups and drops the positions' stride; a reverse sweep split into runs
        // (exportedCarry) repeats its iteration, and is written unsplit where that would not fit
        boolean fits = Math.max(methods[0].size(), methods[1].size()) <= MAX_METHOD_BYTES - SIZING_HEADROOM;
        FITS.put(key.copy(), fits);
        return fits;
    }

    /**
     * What the code of a loop being sized depends on: per position its op code, rule, exports and settlement, and
     * references (kind, stride, body position, and for workspace references which ones share base and stride, since
     * those share a parameter and a local). Where the loop sits and how often it runs do not enter.
     */
    private static Key sizingKey(Loop loop) {
        Scratch scratch = SCRATCH.get();
        Key key = scratch.key.cleared();
        // the distinct (base, stride) pairs of workspace references so far, numbered in order of appearance
        SlotNumbers groups = scratch.values.cleared();
        // the distinct pairs of adjoint references, whose aliasing decides how their updates are written
        SlotNumbers adjoints = scratch.adjoints.cleared();
        for (int t = 0; t < loop.length; t++) {
            Position p = loop.body[t];
            key.add((loop.valueExported(t) ? 1 : 0) | (loop.adjointExported(t) ? 2 : 0) | (loop.carried[t] ? 4 : 0)
                    | (loop.recomputed[t] ? 8 : 0) | (loop.kept[t] ? 16 : 0));
            key.add(p.code | p.rule << 8);
            key.add(p.operands.length | p.edgeOperands.length << 16);
            addSizingRefs(key, p.operands, groups, null);
            addSizingRefs(key, p.edgeOperands, groups, adjoints);
            addSizingRefs(key, p.edgePartials, groups, null);
        }
        // which groups compute their slots from an earlier one's base (GroupTable.leaders), and at what offset
        for (int i = 0; i < groups.size(); i++) {
            // a fixed slot computes its slot from no other group's base
            for (int k = 0; k < i && groups.stride(i) != 0; k++) {
                if (GroupTable.sharesBase(groups.base(k), groups.stride(k), groups.base(i), groups.stride(i))) {
                    key.add(k);
                    key.add(groups.base(i) - groups.base(k));
                    break;
                }
            }
        }
        for (int i = 0; i < adjoints.size(); i++) {
            for (int k = i + 1; k < adjoints.size(); k++) {
                if (Loop.meet(adjoints.base(i), adjoints.stride(i), adjoints.base(k), adjoints.stride(k),
                        loop.count)) {
                    key.add(i);
                    key.add(k);
                }
            }
        }
        return key;
    }

    /**
     * Adds the references {@code refs} to a {@link #sizingKey}: kind, body position and stride, and for workspace
     * references their group among {@code groups}; adjoint references also enter {@code adjoints} if given.
     */
    private static void addSizingRefs(Key key, Ref[] refs, SlotNumbers groups, SlotNumbers adjoints) {
        for (Ref r : refs) {
            key.add(r.kind.ordinal() | (r.position + 1) << 8);
            key.add(r.stride);
            if (r.kind == Kind.MEMORY) {
                key.add(groups.number(r.base, r.stride));
                if (adjoints != null) {
                    adjoints.number(r.base, r.stride);
                }
            }
        }
    }

    /**
     * A key of the caches: a growing list of ints, built for every loop found (once while recording, once while
     * linking) in a thread's {@link Scratch}, so without boxing or allocating, hashed as it grows and looked up as
     * it is; a cache keeps a {@link #copy}.
     */
    static final class Key {
        private int[] values;
        private int size;
        private int hash = 1;

        Key() {
            values = new int[256];
        }

        private Key(int[] values, int hash) {
            this.values = values;
            this.size = values.length;
            this.hash = hash;
        }

        /** This key emptied, to be built anew. */
        Key cleared() {
            size = 0;
            hash = 1;
            return this;
        }

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
            hash = 31 * hash + value;
        }

        /** A key equal to this one that holds no more ints than it has: what a cache keeps. */
        Key copy() {
            return new Key(Arrays.copyOf(values, size), hash);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && ((Key) other).hash == hash
                    && Arrays.equals(values, 0, size, ((Key) other).values, 0, ((Key) other).size);
        }
    }

    /**
     * Gives {@code loop} its kernel and parameters, once its exports and layout are settled, if the kernel's methods
     * are small enough for the JIT to compile: the loop {@link #fits} before its exports were known, and they add
     * code. Kernels are cached by {@link #shape}, and only kernels that fit are, so a loop whose shape has one fits.
     * The program's last part may also get a fused sweep ({@link #fusion}); no other could use one.
     *
     * @param loop a loop whose exports and layout are settled
     * @param last whether the loop is the program's last part
     * @return whether the kernel fits; if not, the loop has none and is to run as plain instructions
     */
    public static boolean compile(Loop loop, boolean last) {
        Scratch scratch = SCRATCH.get();
        int[] reused = last ? null : scratch.reuse(loop);
        if (reused != null) {
            assert generatedAlike(loop, reused, scratch.recent[0]);
            loop.params = reused;
            loop.fusedStores = null;
            return true;
        }
        KernelGenerator generator = new KernelGenerator(loop, false, last);
        Key key = generator.shape();
        LoopKernel kernel = CACHE.get(key);
        if (kernel == null) {
            if (TOO_LARGE.containsKey(key)) {
                return false;
            }
            ClassBuilder builder = new ClassBuilder(CLASS_NAME, LoopKernel.NAME);
            Code[] methods = generator.methods(builder);
            if (Math.max(methods[0].size(), methods[1].size()) > MAX_METHOD_BYTES) {
                TOO_LARGE.put(key.copy(), Boolean.TRUE);
                return false;
            }
            for (Code method : methods) {
                method.end();
            }
            kernel = define(builder.toBytes());
            LoopKernel raced = CACHE.putIfAbsent(key.copy(), kernel);
            kernel = raced == null ? kernel : raced;
        }
        loop.kernel = kernel;
        loop.params = generator.params;
        loop.fusedStores = kernel.fuses() ? generator.fusedStores() : null;
        if (!generator.fused) {
            scratch.remember(new CompiledShape(kernel, key.copy(), loop, generator.valueGroups,
                    generator.adjointGroups));
        }
        return true;
    }

    /**
     * Whether a generator made anew for {@code loop} gives it the key and parameters {@code shape} gave it: checked
     * for every loop reused while assertions are enabled (as in the tests), so that every test recording loops of
     * one shape tries the shortcut against the generator.
     */
    private static boolean generatedAlike(Loop loop, int[] params, CompiledShape shape) {
        KernelGenerator generator = new KernelGenerator(loop, false, false);
        if (!generator.shape().equals(shape.key) || !Arrays.equals(generator.params, params)) {
            throw new AssertionError("loop of " + loop.length + " positions from slot " + loop.firstSlot
                    + " reused a kernel its generator would not give it, or other parameters: "
                    + Arrays.toString(params) + " against " + Arrays.toString(generator.params));
        }
        return true;
    }

    /**
     * The inputs whose adjoints the fused sweep stores without reading them first, as {@code [from, to)} ranges:
     * those of the groups of delay 0 that step through the inputs one by one.
     */
    private int[] fusedStores() {
        int[] ranges = new int[2 * adjointGroups.size()];
        int n = 0;
        for (Group g : adjointGroups) {
            if (delay[g.index] == 0 && g.input && Math.abs(g.stride) == 1) {
                int last = g.base + g.stride * (loop.count - 1);
                ranges[n++] = Math.min(g.base, last);
                ranges[n++] = Math.max(g.base, last) + 1;
            }
        }
        return Arrays.copyOf(ranges, n);
    }

    /**
     * The sizes in bytes of the code {@link #compile} writes for {@code loop}: its forward and reverse methods (for
     * tests: both stay within the JIT's limit whenever {@link #compile} gave the loop a kernel).
     *
     * @param loop a loop whose exports and layout are settled
     * @return the forward method's size, then the reverse method's
     */
    public static int[] methodBytes(Loop loop) {
        Code[] methods = new KernelGenerator(loop, false, false).methods(new ClassBuilder(CLASS_NAME, LoopKernel.NAME));
        return new int[] {methods[0].size(), methods[1].size()};
    }

    /**
     * Everything the generated code depends on besides its parameters: per body position its op code, rule,
     * exports, whether it is carried, recomputed or kept from the forward sweep, and per reference its kind, body position and group; per group
     * its stride, whether it is an input, when it is loaded and whether its adjoint is kept in a local, and with a
     * fused sweep how many iterations its contributions wait and to which group's they are added; the stride of
     * the loop's positions. Two loops of one shape get the same class bytes, so the bytes need not be written to be
     * found in the cache. Whatever the methods below come to read from the loop must enter here too.
     */
    private Key shape() {
        Key key = SCRATCH.get().key.cleared();
        key.add(length);
        key.add(loop.positionStride);
        for (int t = 0; t < length; t++) {
            Position p = loop.body[t];
            key.add(opWord(p));
            key.add(arityWord(p));
            key.add(flagWord(loop, t));
            for (Ref r : p.operands) {
                key.add(refKey(r));
            }
            for (int i = 0; i < p.edgeOperands.length; i++) {
                key.add(refKey(p.edgeOperands[i]));
                key.add(refKey(p.edgePartials[i]));
            }
        }
        key.add(valueGroups.size());
        for (Group g : valueGroups) {
            key.add(g.stride);
            key.add((g.input ? 1 : 0) | (g.forward ? 2 : 0) | (g.reverse ? 4 : 0));
            key.add(g.leader.index);
            key.add(g.offset);
        }
        key.add(adjointGroups.size());
        for (Group g : adjointGroups) {
            key.add(g.stride);
            key.add((g.input ? 1 : 0) | (g.kept ? 2 : 0));
            key.add(g.leader.index);
            key.add(g.offset);
            key.add(g.sharedValue);
            key.add(fused ? delay[g.index] : -1);
            // the group a delayed one's contributions are added to: two stencils may delay the same groups by the
            // same counts yet link them to different leading groups (x[i+1] to x[i] in one, to x[i+200] in another)
            key.add(fused && delay[g.index] > 0 ? firstOfLinked(g).index : -1);
        }
        key.add(fused ? 1 : 0);
        return key;
    }

    /** A body position's op code and rule, as {@link #shape} keys it. */
    static int opWord(Position p) {
        return p.code | (p.rule + 1) << 8;
    }

    /** A body position's numbers of operands and edges, as {@link #shape} keys them. */
    static int arityWord(Position p) {
        return p.operands.length | p.edgeOperands.length << 16;
    }

    /** Whether body position {@code t} is exported, carried, recomputed or kept, as {@link #shape} keys it. */
    static int flagWord(Loop loop, int t) {
        return (loop.valueExported(t) ? 1 : 0) | (loop.adjointExported(t) ? 2 : 0) | (loop.carried[t] ? 4 : 0)
                | (loop.recomputed[t] ? 8 : 0) | (loop.kept[t] ? 16 : 0);
    }

    /** A reference's kind and body position, or for a workspace reference its group. */
    static int refKey(Ref r) {
        int at = r.kind == Kind.MEMORY ? r.group : r.position;
        return r.kind.ordinal() | (at + 1) << 2;
    }

    /**
     * Defines a hidden class: it has no name anyone can look up, lives as long as a tape uses it, and reaches only
     * what this package can.
     */
    private static LoopKernel define(byte[] bytes) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (LoopKernel) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("could not define a loop kernel", e);
        }
    }

    private static String[] opNames() {
        String[] names = new String[Codes.CUSTOM1];
        for (Op op : Op.values()) {
            if (op.arity() >= 1) {
                byte code = Codes.code(op, op.arity());
                if (code < Codes.CUSTOM1) {
                    names[code] = op.name();
                }
            }
        }
        return names;
    }

    private static double[][] constantPartials() {
        double[][] constant = new double[Codes.SUMN + 1][];
        for (int code = 0; code < Codes.CUSTOM1; code++) {
            Op op = Op.valueOf(OP_NAMES[code]);
            constant[code] = new double[op.arity()];
            for (int arg = 0; arg < op.arity(); arg++) {
                ConstantProbe probe = new ConstantProbe();
                constant[code][arg] = probe.constant(op.partial(probe, arg, 0, 1, 2, 3));
            }
        }
        ConstantProbe probe = new ConstantProbe();
        constant[Codes.SUMN] = new double[] {probe.constant(Op.SUM.termPartial(probe, 0, new int[] {0, 1}, 3))};
        return constant;
    }

    /** An algebra that tells which handles its partial derivatives return are constants, and of which value. */
    private static final class ConstantProbe implements Algebra {
        private static final int FIRST_CONSTANT = 1000;
        private final List<Double> constants = new ArrayList<>();

        @Override
        public int constant(double value) {
            constants.add(value);
            return FIRST_CONSTANT + constants.size() - 1;
        }

        @Override
        public int apply(Rule rule, int a, int b, int c) {
            return -1;
        }

        /** The constant a handle stands for; NaN if it is not a constant. */
        double constant(int handle) {
            return handle >= FIRST_CONSTANT ? constants.get(handle - FIRST_CONSTANT) : Double.NaN;
        }
    }

    /**
     * The constant partial derivative of edge {@code i} of position {@code p}, NaN if it has none: the constant that
     * every argument its operand is passed as (found by slot, since passive operands have no edge) has in the rule
     * table.
     */
    private static double constantPartial(Position p, int i) {
        if (p.rule >= 0 || p.code >= CONSTANT_PARTIALS.length || CONSTANT_PARTIALS[p.code] == null) {
            return Double.NaN;
        }
        double[] constant = CONSTANT_PARTIALS[p.code];
        Ref operand = p.edgeOperands[i];
        double found = Double.NaN;
        boolean first = true;
        for (int k = 0; k < p.operands.length; k++) {
            Ref r = p.operands[k];
            if (r.base == operand.base && r.stride == operand.stride) {
                double partial = constant[Math.min(k, constant.length - 1)];
                if (first) {
                    found = partial;
                    first = false;
                } else if (partial != found) {
                    return Double.NaN;
                }
            }
        }
        return found;
    }

    /** Writes the forward and reverse methods' code (not yet ended) in {@code builder}. */
    private Code[] methods(ClassBuilder builder) {
        ClassBuilder draft = new ClassBuilder(CLASS_NAME, LoopKernel.NAME);
        Locals forwardLocals = new Locals();
        Code forwardDraft = draft.method("forward", LoopKernel.DESCRIPTOR);
        forwardDraft.recordLocals(forwardLocals);
        forward(forwardDraft);
        Locals reverseLocals = new Locals();
        Code reverseDraft = draft.method("reverse", LoopKernel.DESCRIPTOR);
        reverseDraft.recordLocals(reverseLocals);
        reverse(reverseDraft);
        if (reverseDraft.size() > MAX_METHOD_BYTES && exportedCarry() != -2) {
            splitAllowed = false;
            reverseLocals = new Locals();
            reverseDraft = draft.method("reverse", LoopKernel.DESCRIPTOR);
            reverseDraft.recordLocals(reverseLocals);
            reverse(reverseDraft);
        }
        Locals fusedLocals = new Locals();
        if (fused) {
            Code fusedDraft = draft.method("fused", LoopKernel.DESCRIPTOR);
            fusedDraft.recordLocals(fusedLocals);
            fused(fusedDraft);
            fused = fusedDraft.size() <= MAX_METHOD_BYTES;
        }
        boolean[] shortLived = shortLivedLocals();
        Code forward = builder.method("forward", LoopKernel.DESCRIPTOR);
        forward.renumberLocals(forwardLocals.allocate(FIRST_PARAM_LOCAL, shortLived));
        forward(forward);
        Code reverse = builder.method("reverse", LoopKernel.DESCRIPTOR);
        reverse.renumberLocals(reverseLocals.allocate(FIRST_PARAM_LOCAL, shortLived));
        reverse(reverse);
        if (!fused) {
            return new Code[] {forward, reverse};
        }
        Code fusedSweep = builder.method("fused", LoopKernel.DESCRIPTOR);
        fusedSweep.renumberLocals(fusedLocals.allocate(FIRST_PARAM_LOCAL, shortLived));
        fused(fusedSweep);
        Code fuses = builder.method("fuses", "()Z");
        fuses.iconst(1);
        fuses.op(Code.IRETURN);
        return new Code[] {forward, reverse, fusedSweep, fuses};
    }

    /**
     * The locals each iteration writes before it reads them and that no later iteration reads: the body's values and
     * adjoints, and the workspace groups loaded (and stored back) per iteration. Carries, fixed groups and
     * parameters live across iterations.
     */
    private boolean[] shortLivedLocals() {
        boolean[] shortLived = new boolean[carryAdjoint0 + 2 * length];
        for (int t = 0; t < length; t++) {
            shortLived[value0 + 2 * t] = true;
            shortLived[adjoint0 + 2 * t] = true;
        }
        for (Group g : valueGroups) {
            shortLived[g.local] = g.stride != 0;
        }
        for (Group g : adjointGroups) {
            shortLived[g.local] = g.stride != 0;
        }
        return shortLived;
    }

    /**
     * A loop's parameters, in the order of the locals {@link #loadParams} loads them into: its count, the bases of
     * its leading groups ({@code leaders} of {@code leaderBases}: value groups, then adjoint groups), then per body
     * position, where exported, its position's base and the ranges of iterations whose values and adjoints leave
     * the loop, and where carried, the slot it starts from.
     */
    static int[] params(Loop loop, int[] leaderBases, int leaders) {
        int count = 1 + leaders;
        for (int t = 0; t < loop.length; t++) {
            boolean value = loop.valueExported(t);
            boolean adjoint = loop.adjointExported(t);
            count += (value || adjoint ? 1 : 0) + (value ? 2 : 0) + (adjoint ? 2 : 0) + (loop.carried[t] ? 1 : 0);
        }
        int[] params = new int[count];
        params[0] = loop.count;
        System.arraycopy(leaderBases, 0, params, 1, leaders);
        int at = 1 + leaders;
        for (int t = 0; t < loop.length; t++) {
            boolean value = loop.valueExported(t);
            boolean adjoint = loop.adjointExported(t);
            if (value || adjoint) {
                params[at++] = loop.positionBase[t];
            }
            if (value) {
                params[at++] = loop.valueLo[t];
                params[at++] = loop.valueHi[t];
            }
            if (adjoint) {
                params[at++] = loop.adjointLo[t];
                params[at++] = loop.adjointHi[t];
            }
            if (loop.carried[t]) {
                params[at++] = loop.before[t];
            }
        }
        return params;
    }

    private void loadParams(Code c) {
        for (int i = 0; i < params.length; i++) {
            c.aload(PARAMS);
            c.iload(AT);
            if (i > 0) {
                c.iconst(i);
                c.op(Code.IADD);
            }
            c.op(Code.IALOAD);
            c.istore(i == 0 ? COUNT : FIRST_PARAM_LOCAL + i - 1);
        }
    }

    // ---------------------------------------------------------------- forward

    private void forward(Code c) {
        loadParams(c);
        loadFixedValues(c, true);
        startCarries(c);
        Label top = c.newLabel();
        Label end = c.newLabel();
        beginIterations(c, top, end);
        iterationValues(c);
        advanceCarries(c);
        c.iinc(J, 1);
        c.branch(Code.GOTO, top);
        c.mark(end);
        c.op(Code.RETURN);
    }

    /** Loads each carried position's start, the value before the loop, into its carry local. */
    private void startCarries(Code c) {
        for (int t = 0; t < length; t++) {
            if (loop.carried[t]) {
                c.aload(VAL);
                c.iload(beforeLocal[t]);
                c.op(Code.DALOAD);
                c.dstore(carry0 + 2 * t);
            }
        }
    }

    /** Opens the loop over the iterations: {@code J} from 0, leaving for {@code end} once it reaches the count. */
    private static void beginIterations(Code c, Label top, Label end) {
        c.iconst(0);
        c.istore(J);
        c.mark(top);
        c.iload(J);
        c.iload(COUNT);
        c.branch(Code.IF_ICMPGE, end);
    }

    /**
     * Computes iteration {@code J}'s values into their locals and stores those read from outside it; in the fused
     * sweep only the running sum's, as nothing after the loop reads the others (costly values are kept for a reverse
     * sweep that the fused sweep does not run).
     */
    private void iterationValues(Code c) {
        startIteration();
        for (int t = 0; t < length; t++) {
            value(c, t, true);
            if (valueExported(t) && (!fusing || t == sumPosition)) {
                Label skip = c.newLabel();
                inInterval(c, J, valueLoLocal[t], skip);
                c.aload(VAL);
                positionSlot(c, t, J);
                c.dload(value0 + 2 * t);
                c.op(Code.DASTORE);
                c.mark(skip);
            }
        }
    }

    /** Hands each carried position's value on to the next iteration. */
    private void advanceCarries(Code c) {
        for (int t = 0; t < length; t++) {
            if (loop.carried[t]) {
                c.dload(value0 + 2 * t);
                c.dstore(carry0 + 2 * t);
            }
        }
    }

    /** Computes position {@code t}'s value into its local, as the plain sweep does. */
    private void value(Code c, int t, boolean forward) {
        Position p = loop.body[t];
        int result = value0 + 2 * t;
        switch (p.code) {
            case Codes.CONST:
                c.aload(VAL);
                positionSlot(c, t, J);
                c.op(Code.DALOAD);
                break;
            case Codes.SUMN:
                operand(c, p.operands[0], forward);
                for (int i = 1; i < p.operands.length; i++) {
                    c.dstore(result);
                    callee(c, p);
                    c.dload(result);
                    operand(c, p.operands[i], forward);
                    c.op(Code.DCONST_0);
                    invokeValue(c, p);
                }
                break;
            case Codes.CUSTOMN:
                // rule.variadicValue(terms, k) with the terms stored in the forward sweep's room for them; the
                // reverse sweep reads such values back, never recomputes them (keepsValue), so it has no room
                if (!forward) {
                    throw new IllegalStateException("a variadic rule's value is recomputed in a reverse sweep");
                }
                callee(c, p);
                c.aload(TERMS);
                for (int i = 0; i < p.operands.length; i++) {
                    c.op(Code.DUP);
                    c.iconst(i);
                    operand(c, p.operands[i], forward);
                    c.op(Code.DASTORE);
                }
                c.iconst(p.operands.length);
                c.invoke(Code.INVOKEINTERFACE, RULE, "variadicValue", "([DI)D", true);
                break;
            default:
                callee(c, p);
                for (Ref r : p.operands) {
                    operand(c, r, forward);
                }
                for (int i = p.operands.length; i < 3; i++) {
                    c.op(Code.DCONST_0);
                }
                invokeValue(c, p);
        }
        c.dstore(result);
    }

    private void callee(Code c, Position p) {
        if (p.rule >= 0) {
            c.aload(RULES);
            c.iconst(p.rule);
            c.op(Code.AALOAD);
        } else {
            c.getstatic(OP, p.code == Codes.SUMN ? Op.SUM.name() : OP_NAMES[p.code], "L" + OP + ";");
        }
    }

    private static void invokeValue(Code c, Position p) {
        if (p.rule >= 0) {
            c.invoke(Code.INVOKEINTERFACE, RULE, "value", VALUE, true);
        } else {
            c.invoke(Code.INVOKEVIRTUAL, OP, "value", VALUE, false);
        }
    }

    /** Pushes an operand's value: a local, the carried local (forward only), a group's local or a load. */
    private void operand(Code c, Ref r, boolean forward) {
        if (r.kind == Kind.LOCAL) {
            c.dload(value0 + 2 * r.position);
        } else if (r.kind == Kind.CARRY && forward) {
            c.dload(carry0 + 2 * r.position);
        } else if (r.kind == Kind.MEMORY) {
            Group g = valueGroups.get(r.group);
            loadValue(c, g);
            c.dload(g.local);
        } else {
            c.aload(VAL);
            previousPosition(c, r.position);
            c.op(Code.DALOAD);
        }
    }

    /**
     * Loads the fixed value groups the sweep reads into their locals, before the loop. The others are loaded in each
     * iteration where first read ({@link #loadValue}). The loop writes no slot it reads this way: a fixed slot lies
     * before the loop, and the others before the current iteration.
     */
    private void loadFixedValues(Code c, boolean forward) {
        for (Group g : valueGroups) {
            if ((forward ? g.forward : g.reverse) && g.stride == 0) {
                loadGroup(c, g, false);
            }
        }
    }

    /** Forgets what the iteration emitted last had loaded, computed and started: a new iteration's code begins. */
    private void startIteration() {
        Arrays.fill(groupLoaded, false);
        Arrays.fill(adjointGroupLoaded, false);
        Arrays.fill(valueReady, false);
        Arrays.fill(adjointReady, false);
        Arrays.fill(adjointUntouched, false);
        Arrays.fill(carryUntouched, false);
    }

    /** Loads a per-iteration value group into its local unless this iteration's code already has. */
    private void loadValue(Code c, Group g) {
        if (g.stride != 0 && !groupLoaded[g.index]) {
            groupLoaded[g.index] = true;
            loadGroup(c, g, false);
        }
    }

    private void loadGroup(Code c, Group g, boolean adjoint) {
        c.aload(g.array(adjoint));
        groupSlot(c, g);
        c.op(Code.DALOAD);
        c.dstore(g.local);
    }

    /**
     * Loads the fixed adjoint groups kept in locals (before the loop) or stores them back (after it); or, per
     * iteration, stores back those the iteration loaded.
     */
    private void adjointGroups(Code c, boolean load, boolean fixed) {
        for (Group g : adjointGroups) {
            if (g.kept && (g.stride == 0) == fixed && (fixed || adjointGroupLoaded[g.index])) {
                if (load) {
                    loadGroup(c, g, true);
                } else {
                    c.aload(g.array(true));
                    groupSlot(c, g);
                    c.dload(g.local);
                    c.op(Code.DASTORE);
                }
            }
        }
    }

    /** Pushes the slot of a group in iteration {@code J}. */
    private void groupSlot(Code c, Group g) {
        groupSlot(c, g, J);
    }

    /** Pushes the slot of a group in the iteration held by local {@code jLocal}. */
    private void groupSlot(Code c, Group g, int jLocal) {
        c.iload(g.baseLocal);
        if (g.stride != 0) {
            c.iload(jLocal);
            if (g.stride != 1) {
                c.iconst(g.stride);
                c.op(Code.IMUL);
            }
            c.op(Code.IADD);
        }
        if (g.offset != 0) {
            c.iconst(g.offset);
            c.op(Code.IADD);
        }
    }

    /** Pushes the position of body position {@code t} in the iteration held by local {@code jLocal}. */
    private void positionSlot(Code c, int t, int jLocal) {
        c.iload(positionBaseLocal[t]);
        c.iload(jLocal);
        if (loop.positionStride != 1 || sizing) {
            c.iconst(sizing ? length : loop.positionStride);
            c.op(Code.IMUL);
        }
        c.op(Code.IADD);
    }

    /**
     * Pushes the position of carried position {@code t} in the previous iteration: in iteration 0, the slot the
     * carry starts from ({@link Loop#startSlot}).
     */
    private void previousPosition(Code c, int t) {
        if (inRun) {
            positionSlot(c, t, J_MINUS_1);
            return;
        }
        Label later = c.newLabel();
        Label done = c.newLabel();
        c.iload(J);
        c.branch(Code.IFNE, later);
        c.iload(beforeLocal[t]);
        c.branch(Code.GOTO, done);
        c.mark(later);
        positionSlot(c, t, J_MINUS_1);
        c.mark(done);
    }

    /** Falls through if {@code lo <= j <= hi} (the interval in locals {@code loLocal, loLocal + 1}), else jumps. */
    private static void inInterval(Code c, int jLocal, int loLocal, Label outside) {
        c.iload(jLocal);
        c.iload(loLocal);
        c.branch(Code.IF_ICMPLT, outside);
        c.iload(jLocal);
        c.iload(loLocal + 1);
        c.branch(Code.IF_ICMPGT, outside);
    }

    // ---------------------------------------------------------------- reverse

    private void reverse(Code c) {
        loadParams(c);
        loadFixedValues(c, false);
        adjointGroups(c, true, true);
        c.iload(COUNT);
        c.iconst(1);
        c.op(Code.ISUB);
        c.istore(J);
        for (int t = 0; t < length; t++) {
            if (loop.carried[t]) {
                storedAdjoint(c, t, J);
                c.dstore(carryAdjoint0 + 2 * t);
            }
        }
        int exported = exportedCarry();
        Label top = c.newLabel();
        Label end = c.newLabel();
        Label one = c.newLabel();
        c.mark(top);
        c.iload(J);
        c.branch(Code.IFLT, end);
        if (exported != -2) {
            // below the first iteration whose carry's adjoint is exported, down to iteration 1, no iteration reads a
            // carried adjoint from the workspace: iteration 0 reads the slot before the loop, and the iterations
            // above (the exported ones, usually just the last) each test
            Label run = c.newLabel();
            c.iload(J);
            c.branch(Code.IFEQ, one);
            if (exported >= 0) {
                c.iload(J);
                c.iconst(1);
                c.op(Code.ISUB);
                c.iload(adjointLoLocal[exported]);
                c.branch(Code.IF_ICMPGE, one);
            }
            c.mark(run);
            reverseIteration(c, true);
            Label second = c.newLabel();
            c.iload(J);
            c.branch(Code.IFGT, second);
            c.branch(Code.GOTO, top);
            c.mark(second);
            reverseIteration(c, true);
            c.iload(J);
            c.branch(Code.IFGT, run);
            c.branch(Code.GOTO, top);
        }
        c.mark(one);
        reverseIteration(c, false);
        c.branch(Code.GOTO, top);
        c.mark(end);
        for (int t = 0; t < length; t++) {
            if (loop.carried[t]) {
                c.aload(ADJ);
                c.iload(beforeLocal[t]);
                c.dload(carryAdjoint0 + 2 * t);
                c.op(Code.DASTORE);
            }
        }
        adjointGroups(c, false, true);
        c.op(Code.RETURN);
    }

    /**
     * Which carried position's adjoints are exported, for splitting the reverse sweep into runs: -1 if none is (every
     * iteration but 0 runs without reading the workspace for its carries), the position if exactly one is, -2 if
     * several are (or while sizing, or where the split method would not fit): then every iteration tests, as
     * {@link #carriedAdjoint} does.
     */
    private int exportedCarry() {
        if (sizing || !splitAllowed) {
            return -2;
        }
        int exported = -1;
        for (int t = 0; t < length; t++) {
            if (loop.carried[t] && adjointExported(t)) {
                if (exported != -1) {
                    return -2;
                }
                exported = t;
            }
        }
        return exported;
    }

    /**
     * One iteration {@code J} of the reverse sweep, then {@code J--}. With {@code run}, the iteration is known to be
     * past 0 and below the exported iterations of the one carry that has any (see {@link #exportedCarry}), so the
     * adjoint its previous iteration's carries hold in the workspace is 0, and their slot is the previous
     * iteration's, without a test: the same sums as {@link #carriedAdjoint} and {@link #previousPosition} give.
     */
    private void reverseIteration(Code c, boolean run) {
        inRun = run;
        c.iload(J);
        c.iconst(1);
        c.op(Code.ISUB);
        c.istore(J_MINUS_1);
        startIteration();
        // adjoints read from the workspace are read before any edge writes it, as the plain sweep's order has them
        for (int t = 0; t < length; t++) {
            if (!hasAdjoint[t] || !loop.carried[t] && !adjointExported(t)) {
                continue;
            }
            adjointReady[t] = true;
            if (loop.carried[t]) {
                c.dload(carryAdjoint0 + 2 * t);
                c.dstore(adjoint0 + 2 * t);
                if (run) {
                    c.op(Code.DCONST_0);
                    carryUntouched[t] = true;
                } else {
                    carriedAdjoint(c, t);
                }
                c.dstore(carryAdjoint0 + 2 * t);
            } else {
                storedAdjoint(c, t, J);
                c.dstore(adjoint0 + 2 * t);
            }
        }
        iterationEdges(c);
        adjointGroups(c, false, false);
        c.iinc(J, -1);
        inRun = false;
    }

    /** Follows the iteration's edges, last position first and each position's last edge first. */
    private void iterationEdges(Code c) {
        for (int t = length - 1; t >= 0; t--) {
            Position p = loop.body[t];
            if (p.edgeOperands.length > 0) {
                startAdjoint(c, t);
            }
            for (int i = p.edgeOperands.length - 1; i >= 0; i--) {
                edge(c, t, p.edgeOperands[i], p.edgePartials[i], constantPartial(p, i));
            }
        }
    }

    /**
     * {@code operand's adjoint += partial * adjoint of t}, in a local or in the workspace; {@code constant} is the
     * partial's value if the rule table gives it as a constant, else NaN.
     */
    private void edge(Code c, int t, Ref operand, Ref partial, double constant) {
        if (fusing && fusedEdge(c, t, operand, partial, constant)) {
            return;
        }
        Group group = operand.kind == Kind.MEMORY ? adjointGroups.get(operand.group) : null;
        // a moving group that one edge updates adds to its slot in place: loading it into a local first and storing
        // it back gives the same sum in more code; not in the fused sweep, which stores such slots without reading
        // them (Loop#fusedStores: the workspace does not clear them)
        boolean inMemory = group != null
                && (!group.kept || !fusing && group.stride != 0 && group.updates == 1);
        if (operand.kind == Kind.LOCAL) {
            startAdjoint(c, operand.position);
            if (adjointUntouched[operand.position] && constant != -1) {
                adjointUntouched[operand.position] = false;
                firstContribution(c, t, adjoint0 + 2 * operand.position, partial, constant);
                return;
            }
            adjointUntouched[operand.position] = false;
        } else if (operand.kind == Kind.CARRY && carryUntouched[operand.position]) {
            carryUntouched[operand.position] = false;
            if (constant != -1) {
                firstContribution(c, t, carryAdjoint0 + 2 * operand.position, partial, constant);
                return;
            }
        } else if (operand.kind == Kind.MEMORY && !inMemory && group.stride != 0
                && !adjointGroupLoaded[group.index]) {
            adjointGroupLoaded[group.index] = true;
            if (fusing) {
                // the pass runs before anything else adds to these slots, which the workspace cleared and nothing
                // seeded (Program#fusedLast): they hold +0, and the local starts as the load would
                c.op(Code.DCONST_0);
                c.dstore(group.local);
            } else {
                loadGroup(c, group, true);
            }
        }
        int partialLocal = constant != 1 && constant != -1 ? partialLocal(c, partial) : -1;
        if (inMemory) {
            c.aload(group.array(true));
            groupSlot(c, group);
            c.op(Code.DUP2);
            c.op(Code.DALOAD);
        } else {
            c.dload(target(operand));
        }
        if (constant == 1 || constant == -1) {
            c.dload(adjoint0 + 2 * t);
            c.op(constant == 1 ? Code.DADD : Code.DSUB);
        } else {
            c.dload(partialLocal);
            c.dload(adjoint0 + 2 * t);
            c.op(Code.DMUL);
            c.op(Code.DADD);
        }
        if (inMemory) {
            c.op(Code.DASTORE);
        } else {
            c.dstore(target(operand));
        }
    }

    // ---------------------------------------------------------------- fused

    /**
     * The fused sweep: per iteration, first to last, the forward sweep's values, then the reverse sweep's edges with
     * the running sum's adjoint known in advance ({@link #fusion}), contributions to slots that a later iteration
     * reaches too held back until it has added its own, then added in the reverse sweep's order.
     */
    private void fused(Code c) {
        fusing = true;
        loadParams(c);
        for (Group g : valueGroups) {
            if ((g.forward || g.reverse) && g.stride == 0) {
                loadGroup(c, g, false);
            }
        }
        int sum = sumPosition;
        startCarries(c);
        c.iload(COUNT);
        c.iconst(1);
        c.op(Code.ISUB);
        c.istore(J);
        c.aload(ADJ);
        positionSlot(c, sum, J);
        c.op(Code.DALOAD);
        c.dstore(sumAdjoint);
        // the verifier wants every local written before the loop reads it; nothing reads these zeros
        for (Group g : adjointGroups) {
            for (int age = 1; age <= delay[g.index]; age++) {
                for (int k = 0; k < pendingTerms[g.index]; k++) {
                    c.op(Code.DCONST_0);
                    c.dstore(heldBack(g.index, age, k));
                }
            }
        }
        Label top = c.newLabel();
        Label end = c.newLabel();
        beginIterations(c, top, end);
        iterationValues(c);
        Arrays.fill(valueReady, true);
        Arrays.fill(pendingEmitted, 0);
        c.dload(sumAdjoint);
        c.dstore(adjoint0 + 2 * sum);
        adjointReady[sum] = true;
        iterationEdges(c);
        for (int d = 1; d <= MAX_DELAY; d++) {
            addHeldBack(c, d, d, false);
        }
        adjointGroups(c, false, false);
        shiftHeldBack(c);
        advanceCarries(c);
        c.iinc(J, 1);
        c.branch(Code.GOTO, top);
        c.mark(end);
        // the slots past the last iteration of the groups that reach them first: what is still held back, in order
        for (int k = 0; k < MAX_DELAY; k++) {
            for (int d = k + 1; d <= MAX_DELAY; d++) {
                addHeldBack(c, d, d - k, true);
            }
            c.iinc(J, 1);
        }
        c.op(Code.RETURN);
        fusing = false;
    }

    /**
     * An edge of the fused sweep that differs from the reverse sweep's: the running sum's edge to its previous
     * iteration, which only the first iteration follows (to the slot the sum starts from; in the others that
     * adjoint is known), and an edge to a delayed group, whose contribution is held in a local. False for others.
     */
    private boolean fusedEdge(Code c, int t, Ref operand, Ref partial, double constant) {
        if (operand.kind == Kind.CARRY) {
            Label skip = c.newLabel();
            c.iload(J);
            c.branch(Code.IFNE, skip);
            c.aload(ADJ);
            c.iload(beforeLocal[t]);
            c.op(Code.DUP2);
            c.op(Code.DALOAD);
            c.dload(adjoint0 + 2 * t);
            c.op(Code.DADD);
            c.op(Code.DASTORE);
            c.mark(skip);
            return true;
        }
        if (operand.kind != Kind.MEMORY || delay[operand.group] == 0) {
            return false;
        }
        int group = operand.group;
        if (constant == 1 || constant == -1) {
            c.dload(adjoint0 + 2 * t);
        } else {
            c.dload(partialLocal(c, partial));
            c.dload(adjoint0 + 2 * t);
            c.op(Code.DMUL);
        }
        c.dstore(heldBack(group, 0, pendingEmitted[group]++));
        return true;
    }

    /**
     * The local holding a delayed group's contribution {@code term} from {@code age} iterations back (0: this one).
     */
    private int heldBack(int group, int age, int term) {
        return pendingLocal0[group] + 2 * (age * pendingTerms[group] + term);
    }

    /**
     * Adds the contributions that groups delayed by {@code d} made in iteration {@code J - d}, if the loop ran it,
     * now held {@code age} iterations back. Within the loop ({@code age == d}) they go to the local of the group of
     * delay 0 that reaches their slot in iteration {@code J}, after its own contributions and before its one store;
     * after the loop ({@code J} past its end) to the slots themselves, which no group of delay 0 reached.
     */
    private void addHeldBack(Code c, int d, int age, boolean afterLoop) {
        for (Group g : adjointGroups) {
            if (delay[g.index] != d || pendingTerms[g.index] == 0) {
                continue;
            }
            Group first = afterLoop ? null : firstOfLinked(g);
            Label skip = c.newLabel();
            c.iload(J);
            c.iconst(d);
            c.op(Code.ISUB);
            c.istore(J_MINUS_1);
            c.iload(J_MINUS_1);
            c.branch(Code.IFLT, skip);
            for (int k = 0; k < pendingTerms[g.index]; k++) {
                if (afterLoop) {
                    c.aload(g.array(true));
                    groupSlot(c, g, J_MINUS_1);
                    c.op(Code.DUP2);
                    c.op(Code.DALOAD);
                } else {
                    c.dload(first.local);
                }
                c.dload(heldBack(g.index, age, k));
                c.op(pendingSubtracts[g.index][k] ? Code.DSUB : Code.DADD);
                if (afterLoop) {
                    c.op(Code.DASTORE);
                } else {
                    c.dstore(first.local);
                }
            }
            c.mark(skip);
        }
    }

    /**
     * The group of delay 0 that reaches, in each iteration, the slot {@code g} reached {@code delay} iterations
     * before.
     */
    private Group firstOfLinked(Group g) {
        for (Group first : adjointGroups) {
            if (delay[first.index] == 0 && first.stride == g.stride && ahead(g, first) == delay[g.index]
                    && ((long) g.base - first.base) % g.stride == 0) {
                return first;
            }
        }
        throw new IllegalStateException("no group leads group " + g.index);
    }

    /** Ages every held-back contribution by one iteration: this iteration's become last iteration's. */
    private void shiftHeldBack(Code c) {
        for (Group g : adjointGroups) {
            for (int age = delay[g.index]; age >= 1; age--) {
                for (int k = 0; k < pendingTerms[g.index]; k++) {
                    c.dload(heldBack(g.index, age - 1, k));
                    c.dstore(heldBack(g.index, age, k));
                }
            }
        }
    }

    /**
     * The first contribution to an adjoint local that was started at 0 (a body position's, or within a run a
     * carry's) stored instead of added to that 0: the sum {@code 0 + v} differs from {@code v} only when {@code v}
     * is {@code −0}. Such a local only ever multiplies partials or is added into other adjoints; the adjoints the
     * kernel leaves in the workspace or the gradient (a carry's at iteration 0, sums into memory) are sums that
     * began at {@code +0}, which are never {@code −0}, and adding {@code ±0} to them changes nothing. So every
     * adjoint left behind has the plain sweep's bits. A partial of {@code −1} keeps its subtraction from 0
     * ({@code −v} would flip a NaN's sign bit).
     */
    private void firstContribution(Code c, int t, int targetLocal, Ref partial, double constant) {
        if (constant != 1) {
            c.dload(partialLocal(c, partial));
        }
        c.dload(adjoint0 + 2 * t);
        if (constant != 1) {
            c.op(Code.DMUL);
        }
        c.dstore(targetLocal);
    }

    /**
     * Makes a partial derivative's value ready in its local, recomputed or loaded from its workspace group as this
     * iteration's code has not yet, and returns that local.
     */
    private int partialLocal(Code c, Ref partial) {
        if (partial.kind == Kind.LOCAL) {
            reverseValue(c, partial.position);
            return value0 + 2 * partial.position;
        }
        Group values = valueGroups.get(partial.group);
        loadValue(c, values);
        return values.local;
    }

    /** Starts the adjoint of a position no carry or export brings one to: 0, just before its first use. */
    private void startAdjoint(Code c, int t) {
        if (!adjointReady[t]) {
            adjointReady[t] = true;
            adjointUntouched[t] = true;
            c.op(Code.DCONST_0);
            c.dstore(adjoint0 + 2 * t);
        }
    }

    /**
     * Makes position {@code t}'s value available to the reverse sweep, just before its first use: recomputed (after
     * the values it is computed from) or read back from the forward sweep.
     */
    private void reverseValue(Code c, int t) {
        if (valueReady[t]) {
            return;
        }
        valueReady[t] = true;
        if (loop.recomputed[t]) {
            for (Ref r : loop.body[t].operands) {
                if (r.kind == Kind.LOCAL) {
                    reverseValue(c, r.position);
                }
            }
            value(c, t, false);
        } else if (loop.kept[t]) {
            c.aload(VAL);
            positionSlot(c, t, J);
            c.op(Code.DALOAD);
            c.dstore(value0 + 2 * t);
        }
    }

    private int target(Ref operand) {
        if (operand.kind == Kind.MEMORY) {
            return adjointGroups.get(operand.group).local;
        }
        return (operand.kind == Kind.CARRY ? carryAdjoint0 : adjoint0) + 2 * operand.position;
    }

    /** Pushes the adjoint of position {@code t} in iteration {@code jLocal}: from the workspace if exported there. */
    private void storedAdjoint(Code c, int t, int jLocal) {
        if (!adjointExported(t)) {
            c.op(Code.DCONST_0);
            return;
        }
        Label zero = c.newLabel();
        Label done = c.newLabel();
        inInterval(c, jLocal, adjointLoLocal[t], zero);
        c.aload(ADJ);
        positionSlot(c, t, jLocal);
        c.op(Code.DALOAD);
        c.branch(Code.GOTO, done);
        c.mark(zero);
        c.op(Code.DCONST_0);
        c.mark(done);
    }

    /**
     * Pushes the adjoint so far of position {@code t} in the previous iteration, about to receive this iteration's
     * carried contributions: before the loop (iteration 0) it is the workspace's slot, which is written back at the
     * end.
     */
    private void carriedAdjoint(Code c, int t) {
        Label load = c.newLabel();
        Label zero = c.newLabel();
        Label done = c.newLabel();
        c.iload(J);
        c.branch(Code.IFEQ, load);
        if (adjointExported(t)) {
            inInterval(c, J_MINUS_1, adjointLoLocal[t], zero);
        } else {
            c.branch(Code.GOTO, zero);
        }
        c.mark(load);
        c.aload(ADJ);
        if (adjointExported(t)) {
            previousPosition(c, t);
        } else {
            // only iteration 0 gets here: its previous position is the slot before the loop
            c.iload(beforeLocal[t]);
        }
        c.op(Code.DALOAD);
        c.branch(Code.GOTO, done);
        c.mark(zero);
        c.op(Code.DCONST_0);
        c.mark(done);
    }
}
