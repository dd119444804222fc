package dev.jgrad.tape.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.Rule;
import dev.jgrad.Value;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedDataFunction;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.Workspace;
import dev.jgrad.tape.internal.record.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Repeated segments ({@link dev.jgrad.tape.internal.link.Repetitions}): programs shaped like a mixture model — per
 * point, per component, a compiled loop over dimensions and a few plain instructions after it, per point a
 * log-sum-exp — replay as a few nested repetitions and equal the plain sweep and the {@link Value} engine bit for
 * bit.
 */
class RepetitionsTest {

    /**
     * A random three-level program: the inner body and the component's epilogue are drawn from {@code seed};
     * {@code odd} is a component (point * components + component) that gets one operation more, or -1. Its output is
     * the sum over points, or with {@code perPoint} each point's term.
     */
    private record Mixture(long seed, int d, int components, int points, int odd, boolean perPoint)
            implements TracedVectorFunction {

        Mixture(long seed, int d, int components, int points, int odd) {
            this(seed, d, components, points, odd, false);
        }

        int inputs() {
            return 1 + 2 * components * d + points * d;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            Random random = new Random(seed);
            int[] ops = random.ints(2 + random.nextInt(3), 0, RandomOps.COUNT).toArray();
            int epilogue = random.nextInt(RandomOps.COUNT);
            boolean constantStart = random.nextBoolean();
            int mu = 1;
            int scale = 1 + components * d;
            int data = 1 + 2 * components * d;
            int total = g.constant(0);
            int[] perPointTerms = new int[points];
            for (int p = 0; p < points; p++) {
                int[] terms = new int[components];
                for (int c = 0; c < components; c++) {
                    int q = constantStart ? g.constant(0) : g.mul(x[scale + c * d], 0.5);
                    for (int e = 0; e < d; e++) {
                        int z = g.sub(x[data + p * d + e], x[mu + c * d + e]);
                        for (int op : ops) {
                            z = RandomOps.apply(g, op, z, x[scale + c * d + e]);
                        }
                        q = g.add(q, g.mul(z, z));
                    }
                    int term = RandomOps.apply(g, epilogue, q, x[0]);
                    if (p * components + c == odd) {
                        term = g.sin(term);
                    }
                    terms[c] = g.sub(x[scale + c * d], g.mul(term, 0.5));
                }
                perPointTerms[p] = g.logsumexp(terms);
                total = g.add(total, perPointTerms[p]);
            }
            return perPoint ? perPointTerms : new int[] {total};
        }
    }

    /**
     * The {@link Value} engine behind the tracing interface: handle {@code i} is the {@code i}-th value made, the
     * function's inputs first (leaves), constants as {@link Value#constant}.
     */
    private static final class ValueGraph implements Algebra {
        final List<Value> values = new ArrayList<>();

        ValueGraph(double[] x) {
            for (double v : x) {
                values.add(Value.of(v));
            }
        }

        private int add(Value v) {
            values.add(v);
            return values.size() - 1;
        }

        @Override
        public int constant(double value) {
            return add(Value.constant(value));
        }

        @Override
        public int apply(Rule rule, int a, int b, int c) {
            int arity = rule.arity();
            Value[] operands = new Value[arity];
            for (int i = 0; i < arity; i++) {
                operands[i] = values.get(i == 0 ? a : i == 1 ? b : c);
            }
            return add(Value.apply(rule, operands));
        }

        @Override
        public int applyVariadic(Rule rule, int... terms) {
            Value[] operands = new Value[terms.length];
            for (int i = 0; i < terms.length; i++) {
                operands[i] = values.get(terms[i]);
            }
            return add(Value.apply(rule, operands));
        }
    }

    /** Asserts that {@code tape} gives at {@code x} the value and gradient of the {@link Value} engine, bit for bit. */
    private static void assertSameAsValueEngine(Mixture f, Tape tape, double[] x) {
        ValueGraph graph = new ValueGraph(x);
        int[] handles = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            handles[i] = i;
        }
        Value out = graph.values.get(f.apply(graph, handles)[0]);
        out.backward();
        double[] engine = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            engine[i] = graph.values.get(i).grad();
        }
        double[] grad = new double[x.length];
        assertEquals(out.data(), tape.newWorkspace().gradient(x, grad), () -> f.toString());
        assertArrayEquals(engine, grad, () -> f.toString());
    }

    private static Program record(Mixture f) {
        Recorder recorder = new Recorder(f.inputs(), true);
        int[] x = new int[f.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return recorder.finish(f.apply(recorder, x));
    }

    private static double[] point(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * random.nextGaussian();
        }
        return x;
    }

    /** Asserts that {@code f} recorded with loops replays as without, value and gradient bit for bit, at two points. */
    private static void assertSameAsWithoutLoops(Mixture f, Random random) {
        Tape looped = Tape.traceAll(f.inputs(), f, true);
        Tape plain = Tape.traceAll(f.inputs(), f, false);
        for (int k = 0; k < 2; k++) {
            double[] x = point(random, f.inputs());
            double[] grad = new double[x.length];
            double[] plainGrad = new double[x.length];
            assertEquals(plain.newWorkspace().gradient(x, plainGrad), looped.newWorkspace().gradient(x, grad),
                    () -> f.toString());
            assertArrayEquals(plainGrad, grad, () -> f.toString());
        }
    }

    @Test
    void componentsWithinPointsFoldIntoNestedRepetitionsThatReplayAsThePlainSweep() {
        Random random = new Random(3);
        for (long seed = 0; seed < 12; seed++) {
            Mixture f = new Mixture(seed, 70 + random.nextInt(20), 3 + random.nextInt(6), 5 + random.nextInt(6), -1);
            Program program = record(f);
            assertEquals(f.points() * f.components(), program.compiledLoopCount(), () -> f.toString());
            // unfolded, two segments per component; folded once, two or three per point; nested, one for all the
            // points but the first and last (which make the constants and end the program), whose components fold
            // where at least three of them repeat (the first point's first differs): at most five segments each,
            // or two per component where they do not fold
            int endPoint = f.components() > 3 ? 5 : 2 * f.components();
            assertTrue(program.segments.length <= 2 + 2 * endPoint,
                    () -> program.segments.length + " segments for " + f);
            assertSameAsWithoutLoops(f, random);
            assertSameAsValueEngine(f, Tape.traceAll(f.inputs(), f, true), point(random, f.inputs()));
        }
    }

    /**
     * Per repetition, a dot product of 70 terms (a loop) and then 50 operations drawn once, the same in every
     * repetition (plain instructions of more than {@code Repetitions.FEW_PLAIN_SLOTS} slots, as an MLP example's
     * output layer is), their operands moving on with the repetition. The first repetition adds to the constant 0,
     * the others to the sum so far, and the last one's sum is the output: {@code repetitions - 2} of them repeat.
     */
    private record LongTail(int repetitions) implements TracedVectorFunction {
        static final int TERMS = 70;
        static final int TAIL = 50;

        int inputs() {
            return repetitions * (2 * TERMS + 1) + TAIL;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            int total = g.constant(0);
            for (int r = 0; r < repetitions; r++) {
                int at = r * (2 * TERMS + 1);
                int dot = g.mul(x[at], x[at + TERMS]);
                for (int k = 1; k < TERMS; k++) {
                    dot = g.add(dot, g.mul(x[at + k], x[at + TERMS + k]));
                }
                Random tail = new Random(21);
                int t = g.add(dot, x[at + 2 * TERMS]);
                for (int k = 0; k < TAIL; k++) {
                    t = RandomOps.apply(g, tail.nextInt(RandomOps.COUNT), t, x[repetitions * (2 * TERMS + 1) + k]);
                }
                total = g.add(total, t);
            }
            return new int[] {total};
        }
    }

    @Test
    void repetitionsWithLongPlainCodeFoldFromEightOn() {
        for (int repetitions : new int[] {4, 9, 10, 13}) {
            LongTail f = new LongTail(repetitions);
            Program program = PlainSweep.programWithLoops(f.inputs(), f);
            assertEquals(repetitions, program.compiledLoopCount(), f::toString);
            boolean folded = Arrays.stream(program.segments).anyMatch(s -> s instanceof Segment.Repeated);
            assertEquals(repetitions - 2 >= 8, folded, f::toString);
            PlainSweep.assertSameJacobian(f, PlainSweep.gaussianPoint(f.inputs(), repetitions), f.toString());
        }
    }

    @Test
    void twoRepetitionsAreNotFolded() {
        // folded, they would replay slower than the segments themselves, in more memory
        Random random = new Random(11);
        for (long seed = 0; seed < 6; seed++) {
            Mixture f = new Mixture(seed, 70 + random.nextInt(20), 3, 2, -1);
            Program program = record(f);
            assertEquals(6, program.compiledLoopCount(), () -> f.toString());
            for (Segment segment : program.segments) {
                assertTrue(!(segment instanceof Segment.Repeated), () -> "a repetition folded in " + f);
            }
            assertSameAsWithoutLoops(f, random);
        }
    }

    @Test
    void aJacobianOfOneRowPerPointClearsAndSweepsRepeatedSegmentsOncePerRow() {
        Random random = new Random(5);
        for (long seed = 0; seed < 6; seed++) {
            Mixture f = new Mixture(seed, 64 + random.nextInt(20), 3 + random.nextInt(4), 4 + random.nextInt(4), -1,
                    true);
            Tape looped = Tape.traceAll(f.inputs(), f, true);
            Tape plain = Tape.traceAll(f.inputs(), f, false);
            assertEquals(f.points() * f.components(), looped.compiledLoopCount(), () -> f.toString());
            double[] x = point(random, f.inputs());
            double[][] jacobian = new double[f.points()][f.inputs()];
            double[][] plainJacobian = new double[f.points()][f.inputs()];
            looped.newWorkspace().jacobian(x, jacobian);
            plain.newWorkspace().jacobian(x, plainJacobian);
            for (int row = 0; row < f.points(); row++) {
                assertArrayEquals(plainJacobian[row], jacobian[row], f + ", row " + row);
            }
        }
    }

    @Test
    void pointsAsDataRebindOnEveryReplayOfTheRepeatedSegments() {
        Random random = new Random(6);
        for (long seed = 0; seed < 6; seed++) {
            Mixture f = new Mixture(seed, 64 + random.nextInt(20), 3 + random.nextInt(4), 4 + random.nextInt(4), -1);
            int data = f.points() * f.d();
            int parameters = f.inputs() - data;
            // the points are the last inputs of f: traced here as data, so they get no adjoint
            TracedDataFunction asData = (g, x, z) -> {
                int[] all = java.util.Arrays.copyOf(x, f.inputs());
                System.arraycopy(z, 0, all, parameters, data);
                return f.apply(g, all);
            };
            Tape looped = Tape.traceData(parameters, data, asData, true);
            Tape plain = Tape.traceData(parameters, data, asData, false);
            assertEquals(f.points() * f.components(), looped.compiledLoopCount(), () -> f.toString());
            Workspace w = looped.newWorkspace();
            Workspace p = plain.newWorkspace();
            double[] x = point(random, parameters);
            double[] first = null;
            for (int k = 0; k < 2; k++) {
                double[] z = point(random, data);
                w.setData(z);
                p.setData(z);
                double[] grad = new double[parameters];
                double[] plainGrad = new double[parameters];
                assertEquals(p.gradient(x, plainGrad), w.gradient(x, grad), () -> f.toString());
                assertArrayEquals(plainGrad, grad, () -> f.toString());
                if (first == null) {
                    first = grad;
                } else {
                    assertTrue(!java.util.Arrays.equals(first, grad), "other points, another gradient");
                }
            }
        }
    }

    @Test
    void aComponentThatDiffersEndsARepetitionAndStillReplaysAsThePlainSweep() {
        Random random = new Random(4);
        for (long seed = 0; seed < 12; seed++) {
            int components = 3 + random.nextInt(6);
            int points = 5 + random.nextInt(6);
            // not in the first point, which makes the constants and repeats nothing before it
            Mixture f = new Mixture(seed, 64 + random.nextInt(20), components, points,
                    components + random.nextInt(components * (points - 1)));
            Mixture regular = new Mixture(seed, f.d(), components, points, -1);
            assertTrue(record(f).segments.length > record(regular).segments.length, () -> f.toString());
            assertSameAsWithoutLoops(f, random);
        }
    }
}
