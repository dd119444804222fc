package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.Op;
import dev.jgrad.Rule;
import dev.jgrad.TestRules;
import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Lean tapes ({@link Tape#traceLean}): partial derivatives computed at every reverse sweep, not recorded. Each is
 * checked against the full recording of the same function (loops off), which the other tests check against the
 * {@code Value} engine and finite differences: values and vector-Jacobian products equal to the bit.
 */
class LeanTapeTest {

    @Test
    void randomProgramsReplayAsTheirFullRecordingToTheBit() {
        for (long seed = 0; seed < 120; seed++) {
            RandomTracedProgramsTest.Program program = RandomTracedProgramsTest.Program.of(seed);
            assertLeanAsFull(program::trace, program.inputs(), program.data(), seed);
        }
        for (long seed = 0; seed < 150; seed++) {
            RandomArrayProgramsTest.Program program = RandomArrayProgramsTest.Program.of(seed);
            assertLeanAsFull(program::trace, program.inputs(), program.data(), seed);
        }
    }

    private static void assertLeanAsFull(TracedDataFunction f, int inputs, int data, long seed) {
        Tape full = Tape.traceData(inputs, data, f, false);
        Tape lean = Tape.traceLean(inputs, data, f);
        assertEquals(full.edgeCount(), lean.edgeCount(), "seed " + seed + ": a partial per edge");
        assertEquals(0, lean.compiledLoopCount());
        LoopedAgainstPlain.assertSameReplays(full, "recorded", lean, "lean", seed);
    }

    /** The values at which every op is differentiated: signs of zero, infinities and NaN among them. */
    private static final double[] POINTS = {0, -0.0, 1, -1, 2, -0.5, 3.7, 1e-300, 1000, -1000,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    @Test
    void everyOpOfTheTableAtEdgePointsGivesTheFullRecordingsBits() {
        Random random = new Random(5);
        for (Op op : Op.values()) {
            int arity = op.arity();
            TracedDataFunction f = arity == -1
                    ? (g, x, z) -> new int[] {g.applyVariadic(op, x[0], x[1], x[2]), g.applyVariadic(op, x[2], x[0])}
                    : (g, x, z) -> new int[] {g.apply(op, x[0], arity >= 2 ? x[1] : Algebra.NONE,
                            arity >= 3 ? x[2] : Algebra.NONE), g.mul(x[0], x[1])};
            Tape full = Tape.traceData(3, 0, f, false);
            Tape lean = Tape.traceLean(3, 0, f);
            for (int i = 0; i < 60; i++) {
                double[] x = {POINTS[random.nextInt(POINTS.length)], POINTS[random.nextInt(POINTS.length)],
                    POINTS[random.nextInt(POINTS.length)]};
                assertSameVjp(full, lean, x, op.label() + " at " + Arrays.toString(x));
            }
        }
    }

    @Test
    void userRulesOfEveryArityAndARepeatedOperandGiveTheFullRecordingsBits() {
        TracedDataFunction f = (g, x, z) -> {
            int s = g.apply(TestRules.SOFTPLUS, x[0], Algebra.NONE, Algebra.NONE);
            int q = g.apply(TestRules.SQUARE_PLUS, s, x[1], Algebra.NONE);
            int m = g.apply(TestRules.FMA, q, x[2], g.mul(x[0], x[0]));
            int p = g.applyVariadic(TestRules.PRODUCT, m, x[1], x[2], x[1], g.constant(0.5));
            return new int[] {g.add(p, g.logsumexp(m, q, s)), g.applyVariadic(TestRules.PRODUCT, x[0], x[0])};
        };
        Tape full = Tape.traceData(3, 0, f, false);
        Tape lean = Tape.traceLean(3, 0, f);
        Random random = new Random(9);
        for (int i = 0; i < 50; i++) {
            double[] x = CompiledLoopTest.point(random, 3);
            x[random.nextInt(3)] = i % 5 == 0 ? 0 : x[0];
            assertSameVjp(full, lean, x, "at " + Arrays.toString(x));
        }
    }

    private static void assertSameVjp(Tape full, Tape lean, double[] x, String what) {
        Workspace a = full.newWorkspace();
        Workspace b = lean.newWorkspace();
        double[] weights = {0.7, -1.3};
        double[] expected = new double[3];
        double[] actual = new double[3];
        a.vjp(x, weights, expected);
        b.vjp(x, weights, actual);
        for (int k = 0; k < 2; k++) {
            assertSameBits(a.output(k), b.output(k), what + ", output " + k);
        }
        for (int k = 0; k < 3; k++) {
            assertSameBits(expected[k], actual[k], what + ", vjp[" + k + "]");
        }
    }

    /** The same bits, or both NaN: which NaN comes out where NaNs meet is the JIT's choice. */
    private static void assertSameBits(double expected, double actual, String what) {
        if (!(Double.isNaN(expected) && Double.isNaN(actual))) {
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                    () -> what + ": " + expected + " recorded, " + actual + " lean");
        }
    }

    @Test
    void adjointsInTheRingOrKeptApartGiveTheFullRecordingsJacobianRowByRow() {
        // a chain reading the link before it and one 7 or 1,000 links back (so most adjoints share a short ring and
        // some are kept apart), with outputs inside it that later links read too, a constant and an input as outputs
        TracedDataFunction f = (g, x, z) -> {
            int[] chain = new int[3000];
            chain[0] = g.mul(x[0], x[1]);
            for (int i = 1; i < chain.length; i++) {
                int back = chain[Math.max(0, i - (i % 5 == 0 ? 1000 : 7))];
                chain[i] = i % 3 == 0 ? g.add(g.sin(chain[i - 1]), back) : g.mul(chain[i - 1], g.tanh(back));
            }
            return new int[] {chain[2999], chain[1500], g.constant(2.0), x[1], chain[3]};
        };
        Tape full = Tape.traceData(2, 0, f, false);
        Tape lean = Tape.traceLean(2, 0, f);
        assertTrue(lean.workspaceBytes() < full.workspaceBytes() * 2 / 3,
                () -> lean.workspaceBytes() + " bytes of workspace lean, " + full.workspaceBytes() + " recorded");
        Workspace a = full.newWorkspace();
        Workspace b = lean.newWorkspace();
        Random random = new Random(4);
        for (int point = 0; point < 4; point++) {
            double[] x = {0.9 + 0.1 * random.nextGaussian(), 0.9 + 0.1 * random.nextGaussian()};
            double[][] expected = new double[5][2];
            double[][] actual = new double[5][2];
            a.jacobian(x, expected);
            b.jacobian(x, actual);
            for (int row = 0; row < 5; row++) {
                for (int k = 0; k < 2; k++) {
                    assertSameBits(expected[row][k], actual[row][k], "point " + point + ", d output " + row + "/dx" + k);
                }
            }
        }
    }

    @Test
    void aValueGraphRecordedLeanGivesTheFullRecordingsAndBackwardsBits() {
        Random random = new Random(12);
        for (int seed = 0; seed < 20; seed++) {
            double[] at = CompiledLoopTest.point(random, 6);
            List<Value> inputs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                inputs.add(Value.of(at[i]));
            }
            List<Value> data = List.of(Value.of(at[4]), Value.of(at[5]));
            // a graph over inputs and data: each node an op of the table on two earlier ones
            List<Value> nodes = new ArrayList<>(inputs);
            nodes.addAll(data);
            Random draws = new Random(seed);
            for (int k = 0; k < 60; k++) {
                Value a = nodes.get(nodes.size() - 1 - draws.nextInt(Math.min(nodes.size(), 5)));
                Value b = nodes.get(draws.nextInt(nodes.size()));
                nodes.add(switch (draws.nextInt(5)) {
                    case 0 -> a.mul(b);
                    case 1 -> a.add(b.tanh());
                    case 2 -> a.sin().sub(b);
                    case 3 -> a.div(b.mul(b).add(1.0));
                    default -> Value.logsumexp(a, b, nodes.get(k));
                });
            }
            Value output = nodes.get(nodes.size() - 1);
            Tape lean = Tape.recordLean(List.of(output), inputs, data);
            Tape full = Tape.record(List.of(output), inputs, data, false);
            output.backward();
            double[] grad = new double[4];
            double[] fullGrad = new double[4];
            double[] x = Arrays.copyOf(at, 4);
            assertSameBits(full.newWorkspace().gradient(x, fullGrad), lean.newWorkspace().gradient(x, grad), "value");
            for (int i = 0; i < 4; i++) {
                assertSameBits(fullGrad[i], grad[i], "seed " + seed + ", d/dx" + i);
                assertSameBits(inputs.get(i).grad(), grad[i], "seed " + seed + ", d/dx" + i + " against backward()");
            }
        }
    }

    @Test
    void dataAreReboundAtEveryReplayAndGetNoPartial() {
        // f(x; z) = x0 e^(z0) + sin(z1) x1 + z0 z1: the data's own product takes no partial
        Tape lean = Tape.traceLean(2, 2, (g, x, z) -> new int[] {
            g.add(g.add(g.mul(x[0], g.exp(z[0])), g.mul(g.sin(z[1]), x[1])), g.mul(z[0], z[1]))});
        assertEquals(5, lean.edgeCount(), "x0 and x1 in their products, both products in the first sum, it in the"
                + " second (the data's product takes none)");
        Workspace w = lean.newWorkspace();
        double[] grad = new double[2];
        for (double[] z : new double[][] {{0.5, 1.5}, {-2, 0.25}}) {
            w.setData(z);
            double value = w.gradient(new double[] {3, -4}, grad);
            assertEquals(3 * Math.exp(z[0]) - 4 * Math.sin(z[1]) + z[0] * z[1], value, 1e-12);
            assertEquals(Math.exp(z[0]), grad[0], 1e-15);
            assertEquals(Math.sin(z[1]), grad[1], 1e-15);
        }
    }

    /**
     * {@code count} operations, each on the latest result and one drawn from all before it (as the benchmarks'
     * {@code random} program): nothing repeats, so the full recording has no loop to compress.
     */
    private static int randomOperations(Algebra g, int[] x, int count) {
        Random random = new Random(3);
        int[] results = new int[x.length + count];
        System.arraycopy(x, 0, results, 0, x.length);
        int n = x.length;
        for (int i = 0; i < count; i++) {
            int a = results[n - 1];
            int b = results[random.nextInt(n)];
            results[n++] = switch (random.nextInt(6)) {
                case 0 -> g.add(a, b);
                case 1 -> g.mul(a, g.tanh(b));
                case 2 -> g.sub(g.sin(a), b);
                case 3 -> g.div(a, g.add(g.mul(b, b), 1.0));
                case 4 -> g.mul(a, b);
                default -> g.add(g.exp(g.mul(a, -0.01)), b);
            };
        }
        return results[n - 1];
    }

    @Test
    void operationsThatDoNotRepeatTakeAtMostSixteenBytesEachAndAThirdOfWhatTheFullRecordingTakes() {
        int inputs = 100;
        TracedDataFunction f = (g, x, z) -> new int[] {randomOperations(g, x, 50_000)};
        Tape lean = Tape.traceLean(inputs, 0, f);
        Tape full = Tape.traceData(inputs, 0, f, true);
        assertEquals(0, full.compiledLoopCount(), "nothing repeats");
        // 14.7 bytes per operation here (program, a value each, adjoints in the ring or for far reads), the full
        // recording 55 (37 per instruction)
        long operations = lean.instructionCount();
        long leanBytes = lean.programBytes() + lean.workspaceBytes();
        long fullBytes = full.programBytes() + full.workspaceBytes();
        assertTrue(leanBytes <= 16 * operations, () -> leanBytes + " bytes for " + operations + " operations");
        assertTrue(fullBytes >= 3 * leanBytes, () -> fullBytes + " bytes recorded, " + leanBytes + " lean");
        double[] x = CompiledLoopTest.point(new Random(1), inputs);
        double[] expected = new double[inputs];
        double[] actual = new double[inputs];
        assertEquals(full.newWorkspace().gradient(x, expected), lean.newWorkspace().gradient(x, actual));
        for (int i = 0; i < inputs; i++) {
            assertSameBits(expected[i], actual[i], "d/dx" + i);
        }
    }

    @Test
    void aUserRuleWhosePartialIsNotAHandleFailsTheReplayNamingIt() {
        Rule faulty = new TestRules.TestRule("faulty", 1) {
            @Override
            public double value(double a, double b, double c) {
                return 2 * a;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return 1234;
            }
        };
        Tape lean = Tape.traceLean(1, 0, (g, x, z) -> new int[] {g.apply(faulty, x[0], Algebra.NONE, Algebra.NONE)});
        assertEquals(6, lean.newWorkspace().value(new double[] {3}));
        Exception e = assertThrows(RuntimeException.class,
                () -> lean.newWorkspace().gradient(new double[] {3}, new double[1]));
        assertTrue(e.getMessage().contains("faulty"), e::getMessage);
    }

    @Test
    void anOperandThatIsNotAHandleIsRefusedWhileRecording() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> Tape.traceLean(2, 0, (g, x, z) -> new int[] {g.add(x[0], 99)}));
        assertTrue(e.getMessage().contains("99"), e::getMessage);
    }

    @Test
    void threadsReplayingOneLeanTapeAtOnceGetTheSameResults() throws Exception {
        TracedDataFunction f = (g, x, z) -> new int[] {
            g.applyVariadic(TestRules.PRODUCT, g.sin(x[0]), x[1], g.tanh(x[2])), g.hypot(x[0], x[2])};
        Tape lean = Tape.traceLean(3, 0, f);
        Tape full = Tape.traceData(3, 0, f, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 2000; i++) {
                        assertSameVjp(full, lean, CompiledLoopTest.point(random, 3), "thread " + seed);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
