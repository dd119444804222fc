package dev.jgrad.tape.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.codegen.KernelGenerator;
import dev.jgrad.tape.internal.record.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What keeps recording with compiled loops cheap on any program: loops of one shape share one kernel, a loop is found
 * at its shortest extent whatever its period and wherever it starts, and a recording whose loops are a small part of
 * it is linked like one without loops. Each compiled tape must replay exactly as the same recording without loops.
 */
class LoopScaleTest {

    /** Triangular products: row {@code i} multiplies {@code x[0..i]}, a loop of its own length once long enough. */
    private static int triangle(Algebra g, int[] x) {
        int total = g.constant(0);
        for (int i = 0; i < x.length; i++) {
            int product = x[0];
            for (int j = 1; j <= i; j++) {
                product = g.mul(product, x[j]);
            }
            total = g.add(total, product);
        }
        return total;
    }

    private static List<LoopKernel> kernels(Program program) {
        List<LoopKernel> kernels = new ArrayList<>();
        for (Loop loop : program.loops()) {
            kernels.add(loop.kernel);
        }
        return kernels;
    }

    private static Program recordTriangle(int n) {
        Recorder recorder = new Recorder(n, true);
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return recorder.finish(new int[] {triangle(recorder, x)});
    }

    /** Replays {@code f} recorded with and without compiled loops at {@code x}; asserts equal value and gradient. */
    private static Tape assertSameAsWithoutLoops(int n, TracedVectorFunction f, double[] x) {
        Tape looped = Tape.traceAll(n, f, true);
        Tape plain = Tape.traceAll(n, f, false);
        double[] grad = new double[n];
        double[] plainGrad = new double[n];
        assertEquals(plain.newWorkspace().gradient(x, plainGrad), looped.newWorkspace().gradient(x, grad));
        assertArrayEquals(plainGrad, grad);
        return looped;
    }

    private static double[] point(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 1e-3 * random.nextGaussian();
        }
        return x;
    }

    @Test
    void loopsOfOneShapeShareOneKernelAcrossRecordingsAndReplayExactly() {
        int n = 400;
        Program program = recordTriangle(n);
        List<LoopKernel> first = kernels(program);
        List<LoopKernel> again = kernels(recordTriangle(n));
        // rows of 256 to 399 products, each of another length and place, all of one shape
        int loops = program.compiledLoopCount();
        assertTrue(loops >= n - 260, () -> loops + " loops");
        assertEquals(first.size(), again.size());
        for (int i = 0; i < first.size(); i++) {
            assertSame(first.get(0), first.get(i), "row loop " + i);
            assertSame(first.get(0), again.get(i), "row loop " + i + " recorded again");
        }
        Tape looped = assertSameAsWithoutLoops(n, (g, x) -> new int[] {triangle(g, x)}, point(n, 5));
        assertEquals(loops, looped.compiledLoopCount());
    }

    /**
     * A loop whose body applies four unary ops chosen by the digits of {@code shape} in base 5, to each input in turn,
     * and sums the results: a loop of another shape for each {@code shape} below 625.
     */
    private static Program recordShape(int shape, int n) {
        Recorder recorder = new Recorder(n, true);
        int total = recorder.constant(0);
        for (int i = 0; i < n; i++) {
            int v = i;
            for (int digit = 0, rest = shape; digit < 4; digit++, rest /= 5) {
                switch (rest % 5) {
                    case 0 -> v = recorder.sin(v);
                    case 1 -> v = recorder.cos(v);
                    case 2 -> v = recorder.exp(v);
                    case 3 -> v = recorder.tanh(v);
                    default -> v = recorder.sqrt(v);
                }
            }
            total = recorder.add(total, v);
        }
        return recorder.finish(new int[] {total});
    }

    @Test
    void aShapeInUseIsFoundAgainAfterManyOtherShapesHaveBeenSeen() {
        for (int shape = 0; shape < 300; shape++) {
            assertEquals(1, kernels(recordShape(shape, 300)).size(), "shape " + shape);
        }
        List<LoopKernel> first = kernels(recordTriangle(300));
        List<LoopKernel> again = kernels(recordTriangle(300));
        assertSame(first.get(0), again.get(again.size() - 1));
    }

    /**
     * A sum of squares over the inputs, and the same sum over values computed by an earlier loop: the same body at the
     * same stride, but one reads the caller's inputs and the other the workspace, so the kernel found for one must not
     * serve the other. Both in one process, in either order, replay exactly.
     */
    @Test
    void aLoopOverInputsAndTheSameLoopOverComputedValuesEachReplayExactly() {
        int n = 600;
        TracedVectorFunction overInputs = (g, x) -> {
            int sum = g.constant(0);
            for (int j = 0; j < n; j++) {
                sum = g.add(sum, g.mul(x[j], x[j]));
            }
            return new int[] {sum};
        };
        TracedVectorFunction overValues = (g, x) -> {
            int[] y = new int[n];
            for (int j = 0; j < n; j++) {
                y[j] = g.sin(x[j]);
            }
            int sum = g.constant(0);
            for (int j = 0; j < n; j++) {
                sum = g.add(sum, g.mul(y[j], y[j]));
            }
            return new int[] {sum};
        };
        for (TracedVectorFunction f : List.of(overInputs, overValues, overInputs)) {
            Tape looped = assertSameAsWithoutLoops(n, f, point(n, 9));
            assertTrue(looped.compiledLoopCount() >= 1);
        }
    }

    /**
     * For body lengths 1 to 32, a loop of one iteration more than the 256 instructions a loop needs (its first
     * instruction may read the irregular code's result from elsewhere than the others do) after a random amount of
     * irregular code, so that it starts at any phase of the detector's sampling: it is found, once, and from its first
     * or second instruction on, not later as it would be if its period were offered late.
     */
    @Test
    void aLoopOfEveryPeriodIsFoundAtItsShortestExtentWhereverItStarts() {
        Random random = new Random(11);
        for (int p = 1; p <= 32; p++) {
            assertFoundOnceFromItsStart(p, (256 + p - 1) / p + 1, 1 + random.nextInt(100));
        }
    }

    /**
     * Loops of short and long bodies after thousands of irregular instructions, which the detector samples period by
     * period in batches ({@code LoopDetector.sampleQuietly}) until a batch would start following a run: each loop
     * is found once, from its first or second instruction, wherever the batches fall, and replays exactly.
     */
    @Test
    void aLoopAfterLongIrregularCodeIsFoundAtItsShortestExtentWhereverTheBatchesFall() {
        Random random = new Random(23);
        for (int p : new int[] {1, 2, 3, 5, 8, 13, 21, 32, 33, 47, 48, 49, 64, 96, 97}) {
            // the extent a loop of this body needs: 128 instructions, 4 iterations, and 96, 384 or 768 past two
            int extent = Math.max(Math.max(128, 4 * p), 2 * p + (p <= 48 ? 96 : p <= 96 ? 384 : 768));
            assertFoundOnceFromItsStart(p, (extent + p - 1) / p + 1, 500 + random.nextInt(3000));
        }
    }

    /**
     * Loops of one body separated by a few irregular instructions, as a mixture's components are: after the first,
     * each is taken as soon as three of its iterations are seen; a repeat that ends short of the extent a loop needs
     * (128 instructions here) is plain instructions again. The long runs, and only they, are compiled loops, each
     * from its first or second instruction, and the recording replays as without loops.
     */
    @Test
    void repeatsOfTheLastLoopAreTakenEarlyAndShortOnesStayPlain() {
        int p = 4;
        int[] iterations = {40, 40, 3, 40, 10, 33, 2, 40, 31, 40};
        int n = 8;
        for (int count : iterations) {
            n += p * count;
        }
        int inputs = n;
        List<Integer> runStarts = new ArrayList<>();
        TracedVectorFunction f = (g, x) -> {
            runStarts.clear();
            Random irregular = new Random(5);
            int cur = x[0];
            int next = 8;
            for (int count : iterations) {
                for (int k = 3 + irregular.nextInt(20); k > 0; k--) {
                    cur = irregular.nextBoolean() ? g.sin(g.add(cur, x[irregular.nextInt(8)]))
                            : g.mul(cur, x[irregular.nextInt(8)]);
                }
                for (int j = 0; j < count; j++) {
                    for (int t = 0; t < p; t++) {
                        cur = t == 0 ? g.mul(cur, x[next++]) : g.add(cur, x[next++]);
                        if (j == 0 && t == 0) {
                            runStarts.add(cur);
                        }
                    }
                }
            }
            return new int[] {g.sin(cur)};
        };
        Tape looped = assertSameAsWithoutLoops(inputs, f, point(inputs, 9));
        long longRuns = java.util.Arrays.stream(iterations).filter(count -> p * count >= 128).count();
        assertEquals(longRuns, looped.compiledLoopCount(), "one loop per run of 128 instructions or more");
        for (Loop loop : PlainSweep.programWithLoops(inputs, f).loops()) {
            assertTrue(runStarts.stream().anyMatch(start -> loop.firstSlot >= start && loop.firstSlot <= start + 1),
                    () -> "a loop from slot " + loop.firstSlot + ", runs from " + runStarts);
        }
    }

    /**
     * Records {@code prefix} irregular instructions, then {@code iterations} of a body of {@code p} instructions whose
     * op codes repeat with period {@code p} exactly (one product, then sums); asserts that it replays as without loops,
     * that one loop is compiled, and that it starts at the body's first or second instruction.
     */
    private static void assertFoundOnceFromItsStart(int p, int iterations, int prefix) {
        int n = p * iterations + 8;
        int[] loopStart = new int[1];
        TracedVectorFunction f = (g, x) -> {
            Random irregular = new Random(p);
            int cur = x[0];
            for (int k = 0; k < prefix; k++) {
                cur = irregular.nextBoolean() ? g.sin(g.add(cur, x[irregular.nextInt(8)]))
                        : g.mul(cur, x[irregular.nextInt(8)]);
            }
            for (int j = 0; j < iterations; j++) {
                for (int t = 0; t < p; t++) {
                    cur = t == 0 ? g.mul(cur, x[8 + p * j + t]) : g.add(cur, x[8 + p * j + t]);
                    loopStart[0] = j == 0 && t == 0 ? cur : loopStart[0];
                }
            }
            return new int[] {g.sin(cur)};
        };
        Tape looped = assertSameAsWithoutLoops(n, f, point(n, p));
        assertEquals(1, looped.compiledLoopCount(), () -> "period " + p + " after " + prefix + " instructions");
        for (Loop loop : PlainSweep.programWithLoops(n, f).loops()) {
            assertTrue(loop.firstSlot <= loopStart[0] + 1, () -> "period " + p + ": loop from slot "
                    + loop.firstSlot + ", its instructions from " + loopStart[0]);
        }
    }

    /**
     * A loop that is a small part of the recording (a mixture model's per-component setup read by much irregular
     * code): every slot keeps its own position, as without loops, and the replay is exact.
     */
    @Test
    void aSmallLoopBeforeMuchPlainCodeLeavesThePlainCodeWhereItWouldBeWithoutLoops() {
        int n = 200;
        TracedVectorFunction f = (g, x) -> {
            int[] scaled = new int[n];
            for (int i = 0; i < n; i++) {
                scaled[i] = g.mul(g.exp(x[i]), x[(i + 1) % n]);
            }
            Random random = new Random(7);
            int total = g.constant(0);
            for (int k = 0; k < 20_000; k++) {
                int a = scaled[random.nextInt(n)];
                int b = x[random.nextInt(n)];
                total = g.add(total, random.nextBoolean() ? g.mul(a, g.sin(b)) : g.sub(g.cos(a), b));
            }
            return new int[] {total};
        };
        Tape looped = assertSameAsWithoutLoops(n, f, point(n, 3));
        assertEquals(1, looped.compiledLoopCount());
        assertEquals(Tape.traceAll(n, f, false).workspaceBytes(), looped.workspaceBytes());
    }

    /**
     * A body with one carry, long enough that its reverse sweep split into runs (its iteration written three times)
     * would pass the JIT's 8,000-byte limit on a method while the unsplit one fits: the kernel is written unsplit,
     * every method within the limit, and replays as the plain sweep does, as a short body of the same kind (split)
     * does.
     */
    @Test
    void aReverseSweepIsSplitIntoRunsOnlyWhereTheSplitMethodStillFits() {
        int n = 40;
        int[] lengths = {6, 100};
        int[][] sizes = new int[lengths.length][];
        for (int k = 0; k < lengths.length; k++) {
            int chain = lengths[k];
            // the same ops in every iteration, in an order without a period of its own (which would be a loop)
            int[] ops = new Random(chain).ints(chain, 0, 3).toArray();
            TracedVectorFunction f = (g, x) -> {
                int s = x[n];
                for (int i = 0; i < n; i++) {
                    int v = x[i];
                    for (int op : ops) {
                        v = op == 0 ? g.sin(v) : op == 1 ? g.mul(v, x[i]) : g.add(v, x[n + 1]);
                    }
                    s = g.add(g.mul(s, x[n + 2]), v);
                }
                return new int[] {s};
            };
            Recorder recorder = new Recorder(n + 3, true);
            int[] x = new int[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            Program program = recorder.finish(f.apply(recorder, x));
            Loop loop = null;
            for (Loop found : program.loops()) {
                loop = found;
            }
            assertTrue(loop != null, "chain " + chain + " compiles a loop");
            sizes[k] = KernelGenerator.methodBytes(loop);
            assertTrue(sizes[k][0] <= 8000 && sizes[k][1] <= 8000, "chain " + chain + ": " + Arrays.toString(sizes[k]));
            double[] at = new double[n + 3];
            Random random = new Random(chain);
            for (int i = 0; i < at.length; i++) {
                at[i] = random.nextDouble() - 0.5;
            }
            double[] compiled = new double[at.length];
            double[] plain = new double[at.length];
            Tape.traceAll(n + 3, f).newWorkspace().vjp(at, new double[] {1}, compiled);
            Tape.traceAll(n + 3, f, false).newWorkspace().vjp(at, new double[] {1}, plain);
            assertArrayEquals(plain, compiled, "chain " + chain);
        }
        // the long body's reverse, written unsplit, is more than a third of the limit: split, it would not fit
        assertTrue(3 * sizes[1][1] > 8000, "the long body's reverse: " + Arrays.toString(sizes[1]));
    }

    /**
     * A loop reading what an earlier loop computed, one element per iteration: the earlier loop's first + makes the
     * constants its partials need, and were they made then, its first result would sit one slot off the stride of
     * the others, and the later loop would keep its first iteration as plain instructions.
     */
    @Test
    void aLoopOverWhatAnEarlierLoopComputedTakesEveryIteration() {
        int n = 200;
        Recorder recorder = new Recorder(n + 1, true);
        int[] x = new int[n + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        int[] v = new int[n];
        for (int c = 0; c < n; c++) {
            v[c] = recorder.exp(recorder.add(x[c], x[c + 1]));
        }
        int s = recorder.constant(0);
        for (int c = 0; c < n; c++) {
            s = recorder.add(s, recorder.mul(v[c], x[c]));
        }
        Program program = recorder.finish(new int[] {s});
        int iterations = 0;
        for (Loop loop : program.loops()) {
            iterations = Math.max(iterations, loop.count * loop.length);
        }
        assertEquals(2 * n, iterations, "the longer loop's instructions");
    }

    /**
     * Quadratic forms, one per entry of {@code dims} (its number of dimensions), each summed from a constant:
     * {@code q = 0}, then {@code q = q + z * z}. With {@code product}, each also multiplies a running product started
     * from 1, whose first iteration's partial is that constant. Inputs: the shared point, then per form its mean,
     * then a shared scale, {@code dims.length + 2} blocks of the largest dimension.
     */
    private static TracedVectorFunction forms(int[] dims, boolean product) {
        int most = Arrays.stream(dims).max().orElse(0);
        return (g, x) -> {
            int total = g.constant(0);
            for (int b = 0; b < dims.length; b++) {
                int q = g.constant(0);
                int p = g.constant(1);
                for (int e = 0; e < dims[b]; e++) {
                    int z = g.mul(g.sub(x[e], x[most + b * most + e]), x[(dims.length + 1) * most + e]);
                    q = g.add(q, g.mul(z, z));
                    if (product) {
                        p = g.mul(p, z);
                    }
                }
                total = g.add(total, product ? g.add(q, p) : q);
            }
            return new int[] {total};
        };
    }

    /**
     * A sum started from a constant is compiled from its first term: that iteration reads the constant where the
     * others read the carried sum, and has no edge to it. Before, every such loop left its first iteration to the
     * plain sweep, between every two kernel calls (a mixture's quadratic forms). A running product, whose first
     * iteration's partial is the constant, keeps that iteration plain. A short form after long ones is taken as a
     * repeat, then made plain again: without the edge to the constant. All replay as without loops, bit for bit,
     * with the same edges.
     */
    @Test
    void aSumStartedFromAConstantIsCompiledFromItsFirstTerm() {
        int d = 40;
        int[] dims = {d, d, d, 25, d, d};
        int n = (dims.length + 2) * d;
        for (boolean product : new boolean[] {false, true}) {
            TracedVectorFunction f = forms(dims, product);
            Tape looped = assertSameAsWithoutLoops(n, f, point(n, 5));
            assertEquals(dims.length - 1, looped.compiledLoopCount(), "product " + product);
            assertEquals(Tape.traceAll(n, f, false).edgeCount(), looped.edgeCount(), "product " + product);
            for (Loop loop : PlainSweep.programWithLoops(n, f).loops()) {
                assertEquals(product ? d - 1 : d, loop.count, "product " + product);
                assertEquals(product, Arrays.stream(loop.startFrom).allMatch(slot -> slot < 0));
            }
        }
    }

    /**
     * A mixture's log-likelihood as the benchmarks trace it: per component, precisions made by a loop of its own
     * ({@code exp} and a running sum, two instructions per dimension), then per point and component a quadratic
     * form (a loop of four instructions per dimension), and a log-sum-exp over the components, whose partials form
     * a loop over the terms, stepping over whole quadratic forms. Linking first finds most loops reading across
     * parts (the precisions lie in a loop of another length) and keeps them, exports what every loop reads, then
     * expands the few loops it cannot lay out and links again: the exports of that first pass, made for loops the
     * second pass no longer has, made each quadratic form store values it never needs to (a d = 64, K = 100
     * mixture: 13 million workspace positions where 0.6 million do, and a replay twice as slow).
     */
    @Test
    void loopsExpandedWhileLinkingLeaveNoExportsBehind() {
        int components = 100;
        int d = 64;
        int points = 2;
        int n = components + 2 * components * d + points * d;
        TracedVectorFunction f = (g, x) -> {
            int[] precision = new int[components * d];
            int[] bias = new int[components];
            for (int c = 0; c < components; c++) {
                int sum = x[c];
                for (int e = 0; e < d; e++) {
                    precision[c * d + e] = g.exp(x[components + components * d + c * d + e]);
                    sum = g.add(sum, x[components + components * d + c * d + e]);
                }
                bias[c] = sum;
            }
            int total = g.constant(0);
            int[] terms = new int[components];
            for (int p = 0; p < points; p++) {
                for (int c = 0; c < components; c++) {
                    int q = g.constant(0);
                    for (int e = 0; e < d; e++) {
                        int z = g.mul(g.sub(x[n - points * d + p * d + e], x[components + c * d + e]),
                                precision[c * d + e]);
                        q = g.add(q, g.mul(z, z));
                    }
                    terms[c] = g.sub(bias[c], g.mul(q, 0.5));
                }
                total = g.add(total, g.logsumexp(terms));
            }
            return new int[] {total};
        };
        Tape looped = assertSameAsWithoutLoops(n, f, point(n, 6));
        assertTrue(looped.compiledLoopCount() >= points * components, "loops: " + looped.compiledLoopCount());
        for (Loop loop : PlainSweep.programWithLoops(n, f).loops()) {
            for (int t = 0; t < loop.length; t++) {
                // a quadratic form's sum leaves its last iteration; nothing else is read from outside
                int stored = loop.valueExported(t) ? loop.valueHi[t] - loop.valueLo[t] + 1 : 0;
                assertTrue(stored <= 1, "loop at " + loop.firstSlot + ", position " + t + ": " + stored + " values");
            }
        }
    }

    /**
     * {@code values} values of plain code (two instructions each, over random inputs, so no loop), then a sum over
     * them, {@code s = s + v * v} or, {@code scaled}, {@code s = s + v * v * x[0]}: a loop whose result is the output.
     */
    private static TracedVectorFunction sumOverPlainValues(int n, int values, boolean scaled) {
        return (g, x) -> {
            Random random = new Random(3);
            int[] v = new int[values];
            for (int i = 0; i < values; i++) {
                // partials that are operands: no instruction beside the two, so the values lie two slots apart
                int first = random.nextBoolean() ? g.mul(x[random.nextInt(n)], x[random.nextInt(n)])
                        : g.sub(x[random.nextInt(n)], x[random.nextInt(n)]);
                v[i] = random.nextBoolean() ? g.add(first, x[random.nextInt(n)]) : g.mul(x[random.nextInt(n)], first);
            }
            int s = g.constant(0);
            for (int i = 0; i < values; i++) {
                int square = g.mul(v[i], v[i]);
                s = g.add(s, scaled ? g.mul(square, x[0]) : square);
            }
            return new int[] {s};
        };
    }

    /**
     * A program whose loops hold fewer slots than its plain code keeps every slot at its own position; the loop's
     * result, an output, is then read at its slot. It was read where the compact layout would have put it, and the
     * replay returned 0 and a zero gradient.
     */
    @Test
    void aLoopsResultIsReadWhereTheLayoutBySlotPutsIt() {
        int n = 64;
        TracedVectorFunction f = sumOverPlainValues(n, 500, false);
        Tape looped = assertSameAsWithoutLoops(n, f, point(n, 9));
        assertEquals(1, looped.compiledLoopCount());
        assertEquals(Tape.traceAll(n, f, false).workspaceBytes(), looped.workspaceBytes(), "by slot");
    }

    /**
     * Plain code long enough to be committed in several pieces, then a loop over what it computed: the pieces lie
     * one after the other in the compact layout, as their slots do, so the loop's references may span them and the
     * workspace stays compact (before, such a loop made every slot of the program a position of its own).
     */
    @Test
    void aLoopOverValuesOfSeveralPlainPiecesKeepsTheLayoutCompact() {
        int n = 64;
        TracedVectorFunction f = sumOverPlainValues(n, 3 * Codes.PIECE, true);
        Tape looped = assertSameAsWithoutLoops(n, f, point(n, 9));
        assertEquals(1, looped.compiledLoopCount());
        // the plain code's slots and the loop's last sum, not one position per instruction of the loop
        assertTrue(looped.workspaceBytes() < Tape.traceAll(n, f, false).workspaceBytes() * 3 / 4,
                looped.workspaceBytes() + " bytes against " + Tape.traceAll(n, f, false).workspaceBytes());
    }

    /**
     * A mixture-like program: one loop over {@code k} components computes each component's {@code d} precisions
     * {@code e^s} (with a running sum, so its body is a whole component), then each of {@code n} points has a loop
     * over the dimensions per component, which reads that component's precisions: slots two apart within one
     * iteration of the first loop, which the compact layout cannot express. Those readers are most of the program;
     * the loop they read across is small, and runs as plain instructions instead.
     */
    private static TracedVectorFunction precisionsReadAcross(int d, int k, int n) {
        int mu = k * d;
        int data = 2 * k * d;
        return (g, x) -> {
            int[] precision = new int[k * d];
            int total = g.constant(0);
            for (int c = 0; c < k; c++) {
                int sum = x[c * d];
                for (int e = 0; e < d; e++) {
                    precision[c * d + e] = g.exp(x[c * d + e]);
                    sum = g.add(sum, x[c * d + e]);
                }
                total = g.add(total, sum);
            }
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    int q = g.constant(0);
                    for (int e = 0; e < d; e++) {
                        // enough work per dimension that a component's is over 191 instructions: the loops are over
                        // the dimensions, not the components
                        int z = g.mul(g.sub(x[data + i * d + e], x[mu + c * d + e]), precision[c * d + e]);
                        int t = g.tanh(z);
                        int w = g.sin(z);
                        q = g.add(q, g.add(g.add(g.mul(z, z), g.mul(t, t)), g.mul(w, w)));
                    }
                    total = g.add(total, q);
                }
            }
            return new int[] {total};
        };
    }

    /**
     * The loops reading across the precisions' loop are too many to run plain, so that loop does, and the layout
     * stays compact (before, every slot of the program became a position of its own: 16 bytes of workspace per
     * instruction instead of about 4).
     */
    @Test
    void aSmallLoopThatManyLoopsReadAcrossRunsPlainAndTheLayoutStaysCompact() {
        int d = 16;
        int k = 40;
        int n = 20;
        int inputs = 2 * k * d + n * d;
        TracedVectorFunction f = precisionsReadAcross(d, k, n);
        Tape looped = assertSameAsWithoutLoops(inputs, f, point(inputs, 21));
        assertEquals(n * k, looped.compiledLoopCount(), "every point's loop over the dimensions, per component");
        double perInstruction = (double) looped.workspaceBytes() / looped.instructionCount();
        assertTrue(perInstruction < 8, perInstruction + " bytes of workspace per instruction");
    }
}
