package dev.jgrad.tape;

import static dev.jgrad.tape.TapeTest.assertMatchesValueEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.Op;
import dev.jgrad.testing.Parallel;
import dev.jgrad.Rule;
import dev.jgrad.ScalarFunction;
import dev.jgrad.TestRules;
import dev.jgrad.Value;
import dev.jgrad.VectorFunction;
import dev.jgrad.internal.Rosenbrock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Loops found in recordings and run by generated kernels give the results of the plain sweep and of the
 * {@link Value} engine, to the last bit, for random loop bodies over every op.
 */
class CompiledLoopTest {

    private static final int OPS = 22;

    /**
     * A random loop program, the same body in every iteration: two state values carried from one iteration to the
     * next, a running sum, the iteration's inputs {@code x[i+2], x[i+3]}, two shared parameters {@code x[0], x[1]},
     * a data constant per iteration and earlier values of the body as operands.
     */
    static final class LoopProgram {
        final int[] ops;
        final int[][] operands;
        final int iterations;
        final boolean repeatedData;

        LoopProgram(long seed, int iterations) {
            Random random = new Random(seed);
            int length = 3 + random.nextInt(10);
            this.ops = new int[length];
            this.operands = new int[length][];
            for (int k = 0; k < length; k++) {
                ops[k] = random.nextInt(OPS);
                operands[k] = new int[3];
                for (int a = 0; a < 3; a++) {
                    // sources 0..6 are the fixed ones below, 7.. earlier body values
                    operands[k][a] = random.nextInt(7 + k);
                }
            }
            this.iterations = iterations;
            this.repeatedData = random.nextInt(4) == 0;
        }

        int inputs() {
            return iterations + 3;
        }

        Value[] run(Value[] x) {
            Value s0 = x[0].mul(0.5);
            Value s1 = x[1].tanh();
            Value sum = Value.of(0);
            Value middle = null;
            for (int i = 0; i < iterations; i++) {
                double data = repeatedData ? i % 3 : Math.sin(i + 0.25);
                Value[] fixed = {x[i + 2], x[i + 3], x[0], x[1], s0, s1, Value.of(data)};
                List<Value> body = new ArrayList<>();
                for (int k = 0; k < ops.length; k++) {
                    Value[] v = new Value[3];
                    for (int a = 0; a < 3; a++) {
                        int source = operands[k][a];
                        v[a] = source < 7 ? fixed[source] : body.get(source - 7);
                    }
                    body.add(apply(ops[k], v[0], v[1], v[2]));
                }
                Value last = body.get(body.size() - 1);
                s0 = last.tanh();
                s1 = body.get(body.size() / 2).sin();
                sum = sum.add(last.mul(0.125));
                if (i == iterations / 2) {
                    middle = s0;
                }
            }
            return new Value[] {sum.add(s1), middle, s1};
        }

        static Value apply(int op, Value a, Value b, Value c) {
            switch (op) {
                case 0: return a.add(b);
                case 1: return a.sub(b);
                case 2: return a.mul(b);
                case 3: return a.div(b.abs().add(0.5));
                case 4: return a.abs().add(0.1).pow(b.tanh());
                case 5: return a.neg();
                case 6: return a.tanh().exp();
                case 7: return a.abs().add(1).log();
                case 8: return a.abs().sqrt();
                case 9: return a.tanh();
                case 10: return a.sigmoid();
                case 11: return a.relu();
                case 12: return a.sin();
                case 13: return a.cos();
                case 14: return a.abs();
                case 15: return a.sign().mul(b);
                case 16: return Value.where(a, b, c);
                case 17: return Value.sum(a, b, c);
                case 18: return Value.apply(TestRules.SOFTPLUS, a.tanh());
                case 19: return Value.apply(TestRules.SQUARE_PLUS, a.tanh(), b.tanh());
                case 20: return Value.apply(TestRules.FMA, a, b, c).tanh();
                default: return Value.apply(TestRules.PRODUCT, a.tanh(), b.tanh(), c.tanh());
            }
        }
    }

    /**
     * Asserts that {@code tape} gives {@code plain}'s Jacobian at {@code x} to the bit, the sign of a zero included;
     * returns it.
     */
    private static double[][] assertSameJacobian(Tape plain, Tape tape, double[] x, String what) {
        double[][] jacobian = new double[tape.outputCount()][x.length];
        double[][] plainJacobian = new double[plain.outputCount()][x.length];
        tape.newWorkspace().jacobian(x, jacobian);
        plain.newWorkspace().jacobian(x, plainJacobian);
        for (int row = 0; row < jacobian.length; row++) {
            assertArrayEquals(plainJacobian[row], jacobian[row], what + " row " + row);
        }
        return jacobian;
    }

    /** {@code n} standard normal numbers drawn from {@code random}. */
    static double[] point(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    @Test
    void randomLoopBodiesEqualThePlainSweepAndTheValueEngine() {
        Random points = new Random(7);
        int compiled = 0;
        int programs = 150;
        for (long seed = 0; seed < programs; seed++) {
            LoopProgram program = new LoopProgram(seed, 60 + (int) (seed % 7));
            ScalarFunction f = x -> program.run(x)[0];
            double[] at = point(points, program.inputs());
            Tape tape = Tape.record(at, f);
            if (tape.compiledLoopCount() > 0) {
                compiled++;
            }
            Tape plain = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
            assertEquals(0, plain.compiledLoopCount());
            for (int k = 0; k < 3; k++) {
                double[] x = k == 0 ? at : point(points, program.inputs());
                assertMatchesValueEngine(f, x, tape);
                double[] grad = new double[x.length];
                double[] plainGrad = new double[x.length];
                Workspace w = tape.newWorkspace();
                assertEquals(plain.newWorkspace().gradient(x, plainGrad), w.gradient(x, grad));
                assertArrayEquals(plainGrad, grad, "seed " + seed);
                assertEquals(plain.newWorkspace().value(x), w.value(x));
            }
        }
        assertTrue(compiled > programs * 3 / 4, "loops compiled in only " + compiled + " of " + programs);
    }

    /**
     * Every op of the table (and custom rules of every arity) as a loop body over the iteration's inputs
     * {@code x[i], x[i+1], x[i+2]}, on points where each op is defined and where many are not: the reverse sweep
     * recomputes the values of cheap ops and reads back those of costly ones from the forward sweep, and either way
     * the gradient is the plain sweep's and the {@link Value} engine's to the bit.
     */
    @Test
    void everyOpAsALoopBodyEqualsThePlainSweepAndTheValueEngine() {
        List<Rule> rules = new ArrayList<>(List.of(Op.values()));
        rules.addAll(List.of(TestRules.SOFTPLUS, TestRules.SQUARE_PLUS, TestRules.FMA, TestRules.PRODUCT));
        Random random = new Random(17);
        for (Rule rule : rules) {
            int arity = rule.arity() < 0 ? 3 : rule.arity();
            ScalarFunction f = x -> {
                Value sum = Value.of(0);
                for (int i = 0; i + 2 < x.length; i++) {
                    Value[] operands = Arrays.copyOfRange(new Value[] {x[i], x[i + 1], x[i + 2]}, 0, arity);
                    sum = sum.add(Value.apply(rule, operands));
                }
                return sum;
            };
            for (double[] range : new double[][] {{0.1, 0.9}, {-3, 3}}) {
                double[] x = new double[400];
                for (int i = 0; i < x.length; i++) {
                    x[i] = range[0] + (range[1] - range[0]) * random.nextDouble();
                }
                Tape tape = Tape.record(x, f);
                assertEquals(1, tape.compiledLoopCount(), rule.toString());
                Tape plain = Tape.recordAll(x, y -> new Value[] {f.apply(y)}, false);
                double[] grad = new double[x.length];
                double[] plainGrad = new double[x.length];
                assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
                assertArrayEquals(plainGrad, grad, rule.toString());
                assertMatchesValueEngine(f, x, tape);
            }
        }
    }

    /**
     * Edges whose partial the rule table gives as the constant 1 or -1 add or subtract the adjoint without
     * multiplying; an operand passed twice ({@code x - x}, {@code x + x}, a sum repeating a term) or next to a
     * constant has its edges matched to the right arguments, so {@code x - x} gets both its partials, 1 and -1.
     */
    @Test
    void repeatedAndConstantOperandsOfAdditionsEqualThePlainSweep() {
        TracedFunction f = (g, x) -> {
            int sum = g.constant(0);
            for (int i = 0; i + 1 < x.length; i++) {
                int a = g.sub(x[i], x[i]);
                int b = g.add(x[i + 1], x[i + 1]);
                int c = g.sub(g.constant(2), g.mul(x[i], b));
                int d = g.sub(c, 3.0);
                int e = g.applyVariadic(Op.SUM, d, x[i], d, a);
                sum = g.add(sum, g.sub(g.mul(e, e), b));
            }
            return sum;
        };
        int n = 600;
        Tape tape = Tape.trace(n, f);
        assertEquals(1, tape.compiledLoopCount());
        Tape plain = Tape.traceAll(n, (g, x) -> new int[] {f.apply(g, x)}, false);
        Random random = new Random(8);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        x[5] = -0.0;
        double[] grad = new double[n];
        double[] plainGrad = new double[n];
        assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
        assertArrayEquals(plainGrad, grad);
        double[] expected = new double[n];
        for (int i = 0; i + 1 < n; i++) {
            double b = 2 * x[i + 1];
            double e = 2 * (2 - x[i] * b - 3) + x[i];
            // d/dx[i] of e*e - b through e = 2(2 - x[i] b - 3) + x[i] + (x[i] - x[i])
            expected[i] += 2 * e * (1 - 2 * b);
            expected[i + 1] += 2 * e * (-2 * x[i] * 2) - 2;
        }
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], grad[i], 1e-9 * (1 + Math.abs(expected[i])), "d/dx" + i);
        }
    }

    /**
     * The reverse sweep of {@code sum exp(x[i])} reads each exponential back from the forward sweep: the workspace
     * holds one more value (and adjoint) per iteration, and the gradient is exactly {@code exp(x[i])}.
     */
    /**
     * Maxima over a cycle of twelve values, eleven of them one passive value and the last depending on an input: in
     * the last iteration that operand is active, and its edge is recorded after the operation's partials, after the
     * run the loop finder followed, in the piece after the loop. Recording threw "slot ... of a loop was never
     * exported" (found by a fuzzer; the maxima need not be used); the loop now runs plain, in the plain sweep's order.
     */
    @Test
    void anEdgeRecordedAfterTheLoopItBelongsToIsSweptInOrder() {
        int cycle = 12;
        TracedFunction f = (g, x) -> {
            int[] a = new int[cycle];
            for (int i = 0; i < cycle - 1; i++) {
                a[i] = g.cosh(g.constant(1.0));
            }
            a[cycle - 1] = g.add(g.constant(1.0), x[0]);
            for (int i = 0; i < 3 * cycle; i++) {
                g.max(a[i % cycle], x[0]);
            }
            return g.mul(a[cycle - 1], x[1]);
        };
        Tape tape = Tape.trace(2, f);
        Tape plain = Tape.traceAll(2, (g, x) -> new int[] {f.apply(g, x)}, false);
        for (double[] x : new double[][] {{0.5, 2.0}, {3.0, -1.0}, {-0.0, 0.25}}) {
            double[] grad = new double[2];
            double[] plainGrad = new double[2];
            assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
            assertArrayEquals(plainGrad, grad);
            assertArrayEquals(new double[] {x[1], 1 + x[0]}, grad);
        }
    }

    @Test
    void anExponentialIsKeptForTheReverseSweep() {
        int n = 10_000;
        Tape tape = Tape.trace(n, (g, x) -> {
            int sum = g.constant(0);
            for (int i = 0; i < n; i++) {
                sum = g.add(sum, g.exp(x[i]));
            }
            return sum;
        });
        assertEquals(1, tape.compiledLoopCount());
        assertTrue(tape.workspaceBytes() >= 16L * 2 * (n - 300), () -> "workspace bytes " + tape.workspaceBytes());
        assertTrue(tape.workspaceBytes() < 16L * (2 * n + 100), () -> "workspace bytes " + tape.workspaceBytes());
        double[] x = new double[n];
        Random random = new Random(4);
        for (int i = 0; i < n; i++) {
            x[i] = 3 * random.nextGaussian();
        }
        double[] grad = new double[n];
        Workspace w = tape.newWorkspace();
        for (int k = 0; k < 2; k++) {
            w.gradient(x, grad);
            for (int i = 0; i < n; i++) {
                assertEquals(Math.exp(x[i]), grad[i], "d/dx" + i);
            }
            x[k] = -x[k];
        }
    }

    /**
     * Rows of products of growing length, each followed by irregular code: every row of at least 256 instructions is
     * found as a loop of its own (the detector starts afresh after each), the shorter ones stay plain, and the
     * gradient is the plain sweep's to the bit.
     */
    @Test
    void loopsOfEveryLengthBetweenIrregularCodeAreEachFound() {
        int n = 700;
        int rows = 0;
        TracedFunction f = (g, x) -> {
            int total = g.constant(0);
            for (int length = 100; length < n; length += 37) {
                int product = x[0];
                for (int j = 1; j < length; j++) {
                    product = g.mul(product, x[j]);
                }
                total = g.add(total, g.sin(g.add(product, x[length % 7])));
            }
            return total;
        };
        for (int length = 100; length < n; length += 37) {
            rows += length - 1 >= 128 ? 1 : 0;
        }
        Tape tape = Tape.trace(n, f);
        Tape plain = Tape.traceAll(n, (g, x) -> new int[] {f.apply(g, x)}, false);
        assertEquals(rows, tape.compiledLoopCount());
        double[] x = new double[n];
        Random random = new Random(3);
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 1e-3 * random.nextGaussian();
        }
        double[] grad = new double[n];
        double[] plainGrad = new double[n];
        assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
        assertArrayEquals(plainGrad, grad);
    }

    /**
     * A random nested program: an outer loop whose body runs an inner loop (a random body over the inner index's
     * inputs, a carried state and the outer iteration's value), then a few random operations; inner runs of 60 to 200
     * iterations, so some are compiled and some stay plain, and the outer body is longer than a loop body may be.
     */
    private static Value nested(long seed, Value[] x) {
        Random random = new Random(seed);
        int outer = 3 + random.nextInt(4);
        RandomBody body = new RandomBody(random, 2 + random.nextInt(5));
        Value total = Value.of(0);
        Value state = x[0].tanh();
        for (int i = 0; i < outer; i++) {
            int inner = 60 + random.nextInt(141);
            Value outerValue = x[1 + i % 3].mul(0.5);
            for (int j = 0; j < inner; j++) {
                state = body.run(x[4 + j], state, outerValue, x[0]).tanh();
            }
            total = total.add(state.mul(outerValue).sin());
        }
        return total;
    }

    /** A random body of operations over four given values and the body's earlier results; the same at every run. */
    private static final class RandomBody {
        private final int[] ops;
        private final int[][] operands;

        RandomBody(Random random, int length) {
            ops = new int[length];
            operands = new int[length][3];
            for (int k = 0; k < length; k++) {
                ops[k] = random.nextInt(OPS);
                for (int a = 0; a < 3; a++) {
                    operands[k][a] = random.nextInt(4 + k);
                }
            }
        }

        /** The body's last value over {@code fixed} (four values). */
        Value run(Value... fixed) {
            List<Value> body = new ArrayList<>();
            for (int k = 0; k < ops.length; k++) {
                Value[] v = new Value[3];
                for (int a = 0; a < 3; a++) {
                    int source = operands[k][a];
                    v[a] = source < 4 ? fixed[source] : body.get(source - 4);
                }
                body.add(LoopProgram.apply(ops[k], v[0], v[1], v[2]));
            }
            return body.get(ops.length - 1);
        }
    }

    /** Asserts that {@code tape} gives at {@code x} the value and gradient of {@code plain} and the Value engine. */
    private static void assertSameAsPlainAndValue(ScalarFunction f, Tape tape, Tape plain, double[] x, String what) {
        assertMatchesValueEngine(f, x, tape);
        double[] grad = new double[x.length];
        double[] plainGrad = new double[x.length];
        assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
        assertArrayEquals(plainGrad, grad, what);
    }

    /**
     * Records the programs of 60 seeds over {@code inputs} inputs with and without compiled loops, asserts each
     * equal to the plain sweep and the Value engine at its recording point and another (with the same edges), and
     * returns in how many any loop was compiled.
     */
    private static int assertRandomProgramsAsPlainAndValue(long pointSeed, int inputs,
            BiFunction<Long, Value[], Value> program) {
        Random points = new Random(pointSeed);
        int compiled = 0;
        for (long seed = 0; seed < 60; seed++) {
            long programSeed = seed;
            ScalarFunction f = x -> program.apply(programSeed, x);
            double[] at = point(points, inputs);
            Tape tape = Tape.record(at, f);
            compiled += tape.compiledLoopCount() > 0 ? 1 : 0;
            Tape plain = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
            assertSameAsPlainAndValue(f, tape, plain, at, "seed " + seed);
            assertSameAsPlainAndValue(f, tape, plain, point(points, inputs), "seed " + seed);
            assertEquals(plain.edgeCount(), tape.edgeCount(), "seed " + seed);
        }
        return compiled;
    }

    @Test
    void randomNestedLoopsEqualThePlainSweepAndTheValueEngine() {
        int compiled = assertRandomProgramsAsPlainAndValue(5, 204, CompiledLoopTest::nested);
        assertTrue(compiled >= 20, "inner loops compiled in only " + compiled + " of 60 programs");
    }

    /**
     * Random accumulators, each started from a passive value (a constant, another one, or an operation on constants
     * only) and updated by a random body that may read it anywhere: where only the update's own operand reads it,
     * the loop takes the first iteration in (its carry starts from the passive slot); where a partial is the carried
     * value (a product), or the start is active, that iteration stays plain. Either way, as the plain sweep and the
     * Value engine compute it, to the bit.
     */
    private static Value passiveStarts(long seed, Value[] x) {
        Random random = new Random(seed);
        int blocks = 3 + random.nextInt(4);
        RandomBody body = new RandomBody(random, 2 + random.nextInt(4));
        int start = random.nextInt(4);
        boolean added = random.nextBoolean();
        Value total = Value.of(0);
        for (int b = 0; b < blocks; b++) {
            int inner = 40 + random.nextInt(61);
            Value acc = switch (start) {
                case 0 -> Value.of(0);
                case 1 -> Value.of(0.5 + b);
                case 2 -> Value.of(2).mul(Value.of(0.25 * (b + 1)));
                default -> x[0].mul(0.5);
            };
            for (int j = 0; j < inner; j++) {
                Value update = body.run(x[4 + j], acc, x[1 + b % 3], x[0]).tanh();
                acc = added ? acc.add(update) : update;
            }
            total = total.add(acc.sin());
        }
        return total;
    }

    @Test
    void randomAccumulatorsFromPassiveStartsEqualThePlainSweepAndTheValueEngine() {
        int compiled = assertRandomProgramsAsPlainAndValue(11, 104, CompiledLoopTest::passiveStarts);
        assertTrue(compiled >= 30, "loops compiled in only " + compiled + " of 60 programs");
    }

    /**
     * A random program shaped like a mixture model's likelihood: per point, per component, an inner loop over
     * {@code d} dimensions (a random body over the point's and the component's inputs and a carried sum), then a
     * random operation with the component's bias; the components' terms summed per point. A component's
     * instructions make one body, longer than 48 in almost every program (recorded operations take partials too).
     */
    private static Value twoLevel(long seed, Value[] x) {
        Random random = new Random(seed);
        TwoLevelSizes sizes = TwoLevelSizes.draw(random);
        int d = sizes.d();
        int components = sizes.components();
        int points = sizes.points();
        RandomBody body = new RandomBody(random, 2 + random.nextInt(3));
        int epilogue = random.nextInt(OPS);
        int pointBase = components * d;
        Value total = Value.of(0);
        for (int p = 0; p < points; p++) {
            Value[] terms = new Value[components];
            for (int c = 0; c < components; c++) {
                Value sum = x[0].mul(0.25);
                for (int e = 0; e < d; e++) {
                    sum = sum.add(body.run(x[pointBase + p * d + e], x[1 + c * d + e], sum, x[0]).tanh());
                }
                terms[c] = LoopProgram.apply(epilogue, sum, x[1 + c * d], x[0]);
            }
            total = total.add(Value.sum(terms).tanh());
        }
        return total;
    }

    /** The sizes of a {@link #twoLevel} program, the first draws of its seed's random numbers. */
    private record TwoLevelSizes(int d, int components, int points) {
        static TwoLevelSizes draw(Random random) {
            int d = 5 + random.nextInt(8);
            int components = 10 + random.nextInt(9);
            return new TwoLevelSizes(d, components, 2 + random.nextInt(3));
        }
    }

    @Test
    void componentBodiesLongerThanADozenOpsCompileAndEqualThePlainSweepAndTheValueEngine() {
        Random points = new Random(9);
        int oneKernelPerPoint = 0;
        for (long seed = 0; seed < 40; seed++) {
            long programSeed = seed;
            ScalarFunction f = x -> twoLevel(programSeed, x);
            int n = 1 + 18 * 12 + 4 * 12;
            double[] at = point(points, n);
            Tape tape = Tape.record(at, f);
            int pointCount = TwoLevelSizes.draw(new Random(seed)).points();
            // the components of a point as iterations of one loop, not a loop per component's inner run
            oneKernelPerPoint += tape.compiledLoopCount() == pointCount ? 1 : 0;
            Tape plain = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
            assertSameAsPlainAndValue(f, tape, plain, point(points, n), "seed " + seed);
        }
        assertTrue(oneKernelPerPoint >= 25, "one loop per point in only " + oneKernelPerPoint + " of 40 programs");
    }

    /**
     * Twelve iterations of a chain of {@code length} operations drawn at random once (products, sums, a sine, a
     * three-term sum, a custom rule, and an iteration's own constant), so that no shorter run repeats inside it;
     * with {@code readAll}, every value of every iteration is read again afterwards, in shuffled order, so that the
     * loop must write them all out.
     */
    private static Value chain(Value[] x, int length, boolean readAll) {
        int[] ops = new Random(length).ints(length, 0, 5).toArray();
        List<Value> all = new ArrayList<>();
        Value v = x[0];
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k < length; k++) {
                switch (ops[k]) {
                    case 0: v = v.mul(x[1 + i]); break;
                    case 1: v = v.add(x[2 + i]); break;
                    case 2: v = v.sub(x[3 + i]).sin(); break;
                    case 3: v = Value.sum(v, x[1 + i], Value.of(i + 0.25)); break;
                    default: v = Value.apply(TestRules.SOFTPLUS, v); break;
                }
                all.add(v);
            }
        }
        Value total = v;
        if (readAll) {
            Collections.shuffle(all, new Random(1));
            for (Value value : all) {
                total = total.add(value);
            }
        }
        return total;
    }

    @Test
    void aLoopWhoseKernelWouldBeTooLargeOnceItsValuesAreReadRunsAsPlainInstructions() {
        Random points = new Random(13);
        for (int length : new int[] {70, 110}) {
            double[] at = point(points, 15);
            assertEquals(1, Tape.record(at, x -> chain(x, length, false)).compiledLoopCount());
            ScalarFunction f = x -> chain(x, length, true);
            Tape tape = Tape.record(at, f);
            assertEquals(0, tape.compiledLoopCount(), "a loop writing out all its values");
            Tape plain = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
            assertEquals(plain.instructionCount(), tape.instructionCount());
            assertSameAsPlainAndValue(f, tape, plain, point(points, 15), "length " + length);
        }
    }

    /** {@code sum_ij tanh(sum_k A_ik B_kj)} over two {@code n x n} matrices, row-major, {@code A} then {@code B}. */
    private static int tanhOfProduct(Algebra g, int[] x, int n) {
        int total = g.constant(0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int entry = g.constant(0);
                for (int k = 0; k < n; k++) {
                    entry = g.add(entry, g.mul(x[i * n + k], x[n * n + k * n + j]));
                }
                total = g.add(total, g.tanh(entry));
            }
        }
        return total;
    }

    @Test
    void aMatrixProductWhoseDotProductsAreTooShortForLoopsRunsAKernelPerRow() {
        // 54 to 64 terms: too few for a dot product to be a loop; a row of entries is one, whose kernel fits the
        // JIT's limit because an entry's value and adjoint take one parameter
        Random points = new Random(19);
        for (int n : new int[] {54, 64}) {
            Tape tape = Tape.trace(2 * n * n, (g, x) -> tanhOfProduct(g, x, n));
            assertEquals(n, tape.compiledLoopCount(), "a loop per row of " + n);
            Tape plain = Tape.traceAll(2 * n * n, (g, x) -> new int[] {tanhOfProduct(g, x, n)}, false);
            double[] x = point(points, 2 * n * n);
            double[] grad = new double[x.length];
            double[] plainGrad = new double[x.length];
            assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
            assertArrayEquals(plainGrad, grad, "n = " + n);
            // by hand: with S = 1 - tanh(AB)^2, the gradient is S B^T for A and A^T S for B
            double[] s = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double entry = 0;
                    for (int k = 0; k < n; k++) {
                        entry += x[i * n + k] * x[n * n + k * n + j];
                    }
                    s[i * n + j] = 1 - Math.tanh(entry) * Math.tanh(entry);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    double da = 0;
                    double db = 0;
                    for (int j = 0; j < n; j++) {
                        da += s[i * n + j] * x[n * n + k * n + j];
                        db += x[j * n + i] * s[j * n + k];
                    }
                    assertEquals(da, grad[i * n + k], 1e-12, "dA[" + i + "][" + k + "], n = " + n);
                    assertEquals(db, grad[n * n + i * n + k], 1e-12, "dB[" + i + "][" + k + "], n = " + n);
                }
            }
        }
    }

    /**
     * A mixture's log-likelihood at one point: per component {@code c} of 100, a quadratic form over 48 dimensions
     * (a compiled loop each), then a term; then the terms' log-sum-exp, whose partial derivatives (one per term,
     * recorded as instructions) make a loop whose references reach across every component's loop and the plain
     * instructions between them. (Over 40 dimensions a component spans fewer instructions than a loop's body may,
     * and the components make one flat loop, which the terms' loop reads at whole iterations.)
     */
    private static Value termsAcrossLoops(Value[] x) {
        int d = 48;
        int components = 100;
        Value[] terms = new Value[components];
        for (int c = 0; c < components; c++) {
            Value q = x[0].mul(0.5);
            for (int e = 0; e < d; e++) {
                Value z = x[1 + e].sub(x[1 + d + c]).mul(x[1 + d + components + e]);
                q = q.add(z.mul(z));
            }
            terms[c] = q.mul(-0.5).sub(x[1 + d + c]);
        }
        return Value.logsumexp(terms);
    }

    @Test
    void aLoopReadingAcrossManyLoopsRunsPlainAndTheWorkspaceStaysCompact() {
        int n = 1 + 48 + 100 + 48;
        Random points = new Random(17);
        double[] at = point(points, n);
        ScalarFunction f = CompiledLoopTest::termsAcrossLoops;
        Tape tape = Tape.record(at, f);
        assertEquals(100, tape.compiledLoopCount(), "the components' loops, and not the loop over their terms");
        // a workspace position per value that leaves a loop, per plain instruction and per input, not per slot
        assertTrue(tape.workspaceBytes() < 16L * tape.instructionCount() / 8,
                () -> tape.workspaceBytes() + " workspace bytes for " + tape.instructionCount() + " instructions");
        Tape plain = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
        assertSameAsPlainAndValue(f, tape, plain, point(points, n), "a mixture at one point");
    }

    /**
     * A mixture's log-likelihood over 30 points of 16 dimensions with 4 components: each component a quadratic form
     * (66 instructions), each point's components a loop of 4 iterations. Such loops were not found before they had
     * 8 iterations: a mixture of 4 to 7 components over 12 to 32 dimensions made no loop and replayed interpreted.
     */
    private static Value fourComponentsPerPoint(Value[] x) {
        int d = 16;
        int components = 4;
        int points = 30;
        int precisions = 1 + components * d;
        int data = precisions + components * d;
        Value total = x[0].mul(0.25);
        for (int p = 0; p < points; p++) {
            Value[] terms = new Value[components];
            for (int c = 0; c < components; c++) {
                Value q = x[0].mul(0.5);
                for (int e = 0; e < d; e++) {
                    Value z = x[data + p * d + e].sub(x[1 + c * d + e]).mul(x[precisions + c * d + e]);
                    q = q.add(z.mul(z));
                }
                terms[c] = q.mul(-0.5).sub(x[1 + c * d]);
            }
            total = total.add(Value.logsumexp(terms));
        }
        return total;
    }

    @Test
    void fourComponentsOfAMixturePerPointAreALoopPerPoint() {
        int n = 1 + 2 * 4 * 16 + 30 * 16;
        Random points = new Random(23);
        double[] at = point(points, n);
        ScalarFunction f = CompiledLoopTest::fourComponentsPerPoint;
        Tape tape = Tape.record(at, f);
        assertTrue(tape.compiledLoopCount() >= 29, () -> tape.compiledLoopCount() + " loops over 30 points");
        Tape plain = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
        assertSameAsPlainAndValue(f, tape, plain, point(points, n), "a mixture of four components at one point");
    }

    @Test
    void severalOutputsFromInsideAndAfterLoopsEqualThePlainSweep() {
        Random points = new Random(11);
        for (long seed = 0; seed < 60; seed++) {
            LoopProgram program = new LoopProgram(1000 + seed, 64);
            VectorFunction f = program::run;
            double[] at = point(points, program.inputs());
            Tape tape = Tape.recordAll(at, f);
            Tape plain = Tape.recordAll(at, f, false);
            double[] x = point(points, program.inputs());
            assertSameJacobian(plain, tape, x, "seed " + seed);
            double[] weights = {0.5, -2, 3};
            double[] vjp = new double[x.length];
            double[] plainVjp = new double[x.length];
            tape.newWorkspace().vjp(x, weights, vjp);
            plain.newWorkspace().vjp(x, weights, plainVjp);
            assertArrayEquals(plainVjp, vjp, "seed " + seed);
            double[] values = new double[3];
            double[] plainValues = new double[3];
            tape.newWorkspace().values(x, values);
            plain.newWorkspace().values(x, plainValues);
            assertArrayEquals(plainValues, values);
        }
    }

    @Test
    void rosenbrockRunsAsOneCompiledLoopWithTheHandDerivedGradient() {
        int n = 5000;
        Tape tape = Rosenbrock.tape(n);
        assertEquals(1, tape.compiledLoopCount());
        double[] x = point(new Random(3), n);
        double[] grad = new double[n];
        double f = tape.newWorkspace().gradient(x, grad);
        assertEquals(Rosenbrock.primal(x), f, 1e-9 * Math.abs(f));
        for (int i = 0; i < n; i++) {
            double expected = TapeTest.rosenbrockDerivative(x, i);
            assertEquals(expected, grad[i], 1e-9 * (1 + Math.abs(expected)), "d/dx" + i);
        }
        double[] plain = new double[n];
        Tape.traceAll(n, (g, v) -> new int[] {Rosenbrock.trace(g, v)}, false).newWorkspace().gradient(x, plain);
        assertArrayEquals(plain, grad);
    }

    @Test
    void tracedLoopsOverEveryStrideEqualThePlainSweep() {
        // x[2i], x[i] and x[n-1-i] read in one body: strides 2, 1 and -1, and a shared parameter x[0]
        int n = 400;
        TracedVectorFunction f = (g, x) -> {
            int acc = g.constant(0);
            for (int i = 1; 2 * i < n; i++) {
                int a = g.mul(x[2 * i], x[i]);
                int b = g.sub(x[n - 1 - i], g.sin(a));
                acc = g.add(acc, g.mul(b, x[0]));
            }
            return new int[] {acc};
        };
        Tape tape = Tape.traceAll(n, f);
        Tape plainTape = Tape.traceAll(n, f, false);
        assertTrue(tape.compiledLoopCount() > 0);
        Random random = new Random(5);
        for (int k = 0; k < 5; k++) {
            double[] x = point(random, n);
            double[] grad = new double[n];
            double[] plain = new double[n];
            assertEquals(plainTape.newWorkspace().gradient(x, plain),
                    tape.newWorkspace().gradient(x, grad));
            assertArrayEquals(plain, grad, Arrays.toString(x));
        }
    }

    /**
     * Loops reading inputs at a stride longer than their body: a dot product with a column of a row-major matrix
     * ({@code x[j] * x[base + s * j]}), and a transposed matrix-vector product ({@code y_i = sum_j W[j][i] v_j},
     * one loop per output, each reading a column), compiled. A column whose reads run on past the inputs into
     * computed values, a loop reading computed values at such a stride and one whose reads step on into its own
     * iterations replay as the plain sweep too. Each tape equals the plain sweep to the bit.
     */
    @Test
    void inputsReadAtAStrideLongerThanTheBodyAreCompiledAndEqualThePlainSweep() {
        Random random = new Random(43);
        for (int stride : new int[] {3, 8, 37}) {
            int n = 400 + 400 * stride;
            TracedVectorFunction column = (g, x) -> {
                int s = g.constant(0);
                for (int j = 0; j < 400; j++) {
                    s = g.add(s, g.mul(x[j], x[400 + stride * j]));
                }
                return new int[] {s};
            };
            Tape tape = Tape.traceAll(n, column);
            assertEquals(1, tape.compiledLoopCount(), "stride " + stride);
            double[] x = point(random, n);
            double[][] jacobian = assertSameJacobian(Tape.traceAll(n, column, false), tape, x, "stride " + stride);
            for (int j = 0; j < 400; j++) {
                assertEquals(x[400 + stride * j], jacobian[0][j]);
                assertEquals(x[j], jacobian[0][400 + stride * j]);
            }
        }
        int rows = 300;
        int cols = 6;
        TracedVectorFunction transposed = (g, x) -> {
            int[] y = new int[cols];
            for (int i = 0; i < cols; i++) {
                int s = g.constant(0);
                for (int j = 0; j < rows; j++) {
                    s = g.add(s, g.mul(x[j * cols + i], g.tanh(x[rows * cols + j])));
                }
                y[i] = s;
            }
            return y;
        };
        int n = rows * cols + rows;
        Tape tape = Tape.traceAll(n, transposed);
        assertTrue(tape.compiledLoopCount() >= cols - 1, tape.compiledLoopCount() + " compiled loops");
        assertSameJacobian(Tape.traceAll(n, transposed, false), tape, point(random, n), "transposed product");
        // reads at stride 5 from input 300 on reach computed values after 40 iterations, and values computed
        // before the loop are read at stride 7
        TracedVectorFunction pastInputs = (g, x) -> {
            int[] computed = new int[700];
            for (int k = 0; k < computed.length; k++) {
                computed[k] = g.sin(x[k % 500]);
            }
            int s = g.constant(0);
            int t = g.constant(0);
            for (int j = 0; j < 90; j++) {
                s = g.add(s, g.mul(x[j], j * 5 + 300 < 500 ? x[j * 5 + 300] : computed[j * 5 + 300 - 500]));
                t = g.add(t, g.mul(x[j], computed[7 * j]));
            }
            return new int[] {s, t};
        };
        Tape past = Tape.traceAll(500, pastInputs);
        assertSameJacobian(Tape.traceAll(500, pastInputs, false), past, point(random, 500), "reads past the inputs");
        // handles are slots: reads at handle 380 + 4j step from the last inputs through the constants and the sums
        // recorded after them into the loop's own earlier iterations, all at one stride
        TracedVectorFunction onIntoTheLoop = (g, x) -> {
            for (int k = 0; k < 200; k++) {
                g.add(x[k], x[k + 1]);
            }
            int s = g.constant(0);
            for (int j = 0; j < 100; j++) {
                s = g.add(s, g.mul(x[j], 380 + 4 * j));
            }
            return new int[] {s};
        };
        assertSameJacobian(Tape.traceAll(400, onIntoTheLoop, false), Tape.traceAll(400, onIntoTheLoop),
                point(random, 400), "reads on into the loop");
    }

    /**
     * Data inputs read at a stride longer than the body, as inputs are: the columns of a row-major data matrix, one
     * loop per column, each compiled (the first too, right after 1,500 data inputs: the finder once counted the data
     * as instructions it had looked at after them) and equal to the plain sweep to the bit with the data rebound.
     */
    @Test
    void dataReadAtAStrideLongerThanTheBodyAreCompiledAndEqualThePlainSweep() {
        int examples = 300;
        int features = 5;
        TracedDataFunction columns = (g, x, z) -> {
            int[] out = new int[features];
            for (int f = 0; f < features; f++) {
                int s = g.constant(0);
                for (int b = 0; b < examples; b++) {
                    s = g.add(s, g.mul(x[b], z[b * features + f]));
                }
                out[f] = s;
            }
            return out;
        };
        Tape tape = Tape.traceData(examples, examples * features, columns, true);
        Tape plain = Tape.traceData(examples, examples * features, columns, false);
        assertEquals(features, tape.compiledLoopCount());
        Random random = new Random(47);
        Workspace w = tape.newWorkspace();
        Workspace p = plain.newWorkspace();
        for (int k = 0; k < 2; k++) {
            double[] z = point(random, examples * features);
            w.setData(z);
            p.setData(z);
            double[] x = point(random, examples);
            double[][] jacobian = new double[features][examples];
            double[][] plainJacobian = new double[features][examples];
            w.jacobian(x, jacobian);
            p.jacobian(x, plainJacobian);
            for (int f = 0; f < features; f++) {
                assertArrayEquals(plainJacobian[f], jacobian[f], "column " + f);
                for (int b = 0; b < examples; b++) {
                    assertEquals(z[b * features + f], jacobian[f][b]);
                }
            }
        }
    }

    /**
     * A dot product's running sum (two instructions per iteration, so its reverse sweep runs without tests of the
     * carry below the first partial sum read from outside), some of whose partial sums are read again after the
     * loop: in the middle, at the end, near the start. Their adjoints from outside must reach the chain at exactly
     * those iterations. Compiled and interpreted gradients equal bit for bit, over inputs with zeros of both signs.
     */
    @Test
    void aRunningSumReadFromInsideItsLoopEqualsThePlainSweep() {
        int n = 400;
        int[][] readBack = {{150, 151, 152, 200, n - 1}, {n - 1}, {1, 2, n - 1}, {0, 210, n - 1}};
        Random random = new Random(41);
        for (int[] reads : readBack) {
            VectorFunction f = x -> {
                Value s = x[0].mul(x[n]);
                Value[] partial = new Value[n];
                partial[0] = s;
                for (int i = 1; i < n; i++) {
                    s = s.add(x[i].mul(x[n + i]));
                    partial[i] = s;
                }
                Value out = x[0];
                for (int r : reads) {
                    out = out.add(partial[r].mul(partial[r]).mul(r));
                }
                return new Value[] {out, partial[reads[reads.length - 1]].mul(3)};
            };
            double[] at = point(random, 2 * n);
            Tape tape = Tape.recordAll(at, f);
            Tape plain = Tape.recordAll(at, f, false);
            assertTrue(tape.compiledLoopCount() > 0, Arrays.toString(reads));
            for (int k = 0; k < 3; k++) {
                double[] x = point(random, 2 * n);
                x[3] = 0.0;
                x[n + 5] = -0.0;
                assertSameJacobian(plain, tape, x, Arrays.toString(reads));
            }
        }
    }

    /**
     * A loop body whose adjoints inside an iteration are zeros of either sign (its outputs weighted by ±0, its
     * operands ±0 in places), where the kernel stores each local adjoint's first contribution instead of adding it to
     * 0: the gradients must still have the plain sweep's bits, +0 where it has +0, and NaN where an infinite partial
     * meets a zero adjoint.
     */
    @Test
    void firstContributionsThatAreZerosOfEitherSignLeaveThePlainSweepsBits() {
        int n = 300;
        VectorFunction f = x -> {
            Value s = x[2 * n];
            for (int i = 0; i < n; i++) {
                Value t = x[i].mul(x[n + i]);
                Value u = t.mul(t).neg().add(x[i]);
                s = s.add(u.mul(t).sub(t.tanh()).add(x[n + i].exp()));
            }
            return new Value[] {s.mul(x[2 * n + 1]), s.mul(x[2 * n + 2]).add(s)};
        };
        Random random = new Random(43);
        Tape tape = Tape.recordAll(point(random, 2 * n + 3), f);
        Tape plain = Tape.recordAll(point(random, 2 * n + 3), f, false);
        assertTrue(tape.compiledLoopCount() > 0);
        double[] zeros = {0.0, -0.0};
        for (int k = 0; k < 8; k++) {
            double[] x = point(random, 2 * n + 3);
            for (int i = 0; i < 2 * n; i += 1 + random.nextInt(3)) {
                x[i] = zeros[random.nextInt(2)];
            }
            x[2 * n + 1] = zeros[k & 1];
            x[2 * n + 2] = k < 4 ? -0.0 : random.nextGaussian();
            if (k == 7) {
                x[n + 17] = Double.POSITIVE_INFINITY;
            }
            assertSameJacobian(plain, tape, x, "point " + k);
        }
    }

    @Test
    void aCarriedStartThatEveryIterationAlsoReadsGetsEveryContribution() {
        // s starts as y = (x0 + x1) x0, right before the loop, and every iteration multiplies by y again: y's
        // adjoint receives the carried chain's contribution and one from each iteration
        int n = 200;
        Tape tape = Tape.trace(n, (g, x) -> {
            int y = g.mul(g.add(x[0], x[1]), x[0]);
            int s = y;
            for (int i = 1; i < n; i++) {
                s = g.mul(g.add(s, x[i]), y);
            }
            return s;
        });
        assertTrue(tape.compiledLoopCount() > 0);
        ScalarFunction f = x -> {
            Value y = x[0].add(x[1]).mul(x[0]);
            Value s = y;
            for (int i = 1; i < n; i++) {
                s = s.add(x[i]).mul(y);
            }
            return s;
        };
        Random random = new Random(9);
        for (int k = 0; k < 5; k++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 0.5 + 0.01 * random.nextGaussian();
            }
            x[0] = 0.9;
            x[1] = 0.2;
            assertMatchesValueEngine(f, x, tape);
        }
    }

    @Test
    void aLoopReadingInputsAndInstructionsAsOneArrayEqualsThePlainSweep() {
        // handles 0 .. last are the inputs, the constants the recorder makes before anything else, and the squares
        // recorded right after them: one stride crosses them all, so every slot keeps its own position and inputs
        // are copied into the workspace
        int n = 300;
        TracedVectorFunction f = (g, x) -> {
            int last = -1;
            for (int k = 0; k < n; k++) {
                last = g.mul(x[k], x[k]);
            }
            int c = g.constant(0.75);
            int acc = g.constant(0);
            for (int i = 0; i <= last; i++) {
                acc = g.add(g.mul(acc, c), g.sin(i));
            }
            return new int[] {acc, last};
        };
        Tape tape = Tape.traceAll(n, f);
        assertTrue(tape.compiledLoopCount() > 1);
        Tape plain = Tape.traceAll(n, f, false);
        double[] x = point(new Random(8), n);
        double[][] jacobian = assertSameJacobian(plain, tape, x, "");
        assertEquals(2 * x[n - 1], jacobian[1][n - 1]);
    }

    @Test
    void theGradientMayBeWrittenOverTheInputs() {
        int n = 300;
        Tape tape = Rosenbrock.tape(n);
        double[] x = point(new Random(4), n);
        double[] expected = new double[n];
        double f = tape.newWorkspace().gradient(x, expected);
        double[] same = x.clone();
        assertEquals(f, tape.newWorkspace().gradient(same, same));
        assertArrayEquals(expected, same);
        double[] weights = {2};
        double[] vjp = x.clone();
        tape.newWorkspace().vjp(vjp, weights, vjp);
        for (int i = 0; i < n; i++) {
            assertEquals(2 * expected[i], vjp[i]);
        }
    }

    @Test
    void aRecordedLoopTakesMemoryForWhatLeavesItsIterationsOnly() {
        int n = 100_000;
        Tape tape = Rosenbrock.tape(n);
        assertEquals(8L * (n - 1) + 4, tape.instructionCount());
        assertTrue(tape.programBytes() < 4_000, () -> "program bytes " + tape.programBytes());
        // a value and an adjoint per input, and a few for the plain instructions around the loop
        assertTrue(tape.workspaceBytes() < 16L * (n + 100), () -> "workspace bytes " + tape.workspaceBytes());
    }

    @Test
    void threadsRecordingAndReplayingLoopsAtOnceGetExactResults() throws Exception {
        LoopProgram program = new LoopProgram(77, 80);
        ScalarFunction f = x -> program.run(x)[0];
        Tape shared = Tape.record(point(new Random(1), program.inputs()), f);
        Parallel.run(4, thread -> {
            Random random = new Random(thread);
            Workspace w = shared.newWorkspace();
            for (int k = 0; k < 30; k++) {
                double[] x = point(random, program.inputs());
                // a tape of the same shape recorded by every thread: its kernel comes from the shared cache
                Tape own = Tape.record(x, f);
                double[] grad = new double[x.length];
                double[] ownGrad = new double[x.length];
                assertEquals(w.gradient(x, grad), own.newWorkspace().gradient(x, ownGrad));
                assertArrayEquals(grad, ownGrad);
                assertMatchesValueEngine(f, x, shared);
            }
        });
    }

    @Test
    void anInvalidHandleInTheMiddleOfALoopIsReportedAsAnywhere() {
        int n = 2000;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tape.trace(n, (g, x) -> {
            int sum = g.constant(0);
            for (int i = 0; i < n; i++) {
                sum = g.add(sum, g.mul(x[i], i == 1500 ? n + 10_000_000 : x[i]));
            }
            return sum;
        }));
        assertTrue(e.getMessage().startsWith("operand 1 of '*' is 10002000, not a handle of this recording"),
                e.getMessage());
    }

    @Test
    void aRuleThatThrowsInACompiledLoopThrowsFromTheReplay() {
        Rule fragile = new TestRules.TestRule("fragile", 1) {
            @Override
            public double value(double a, double b, double c) {
                if (a > 100) {
                    throw new ArithmeticException("fragile at " + a);
                }
                return 2 * a;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                return g.constant(2);
            }
        };
        int n = 500;
        Tape tape = Tape.trace(n, (g, x) -> {
            int sum = g.constant(0);
            for (int i = 0; i < n; i++) {
                sum = g.add(sum, g.apply(fragile, x[i], Algebra.NONE, Algebra.NONE));
            }
            return sum;
        });
        assertTrue(tape.compiledLoopCount() > 0);
        double[] x = new double[n];
        double[] grad = new double[n];
        Workspace w = tape.newWorkspace();
        assertEquals(0, w.gradient(x, grad));
        assertEquals(2, grad[7]);
        x[321] = 1000;
        ArithmeticException thrown = assertThrows(ArithmeticException.class, () -> w.gradient(x, grad));
        assertEquals("fragile at 1000.0", thrown.getMessage());
        x[321] = 1;
        assertEquals(2, w.gradient(x, grad));
        assertEquals(2, grad[321]);
    }

    /**
     * The log-sum-exp of a loop's terms: its partial derivatives {@code e^(t_i - out)}, recorded after it, one pair of
     * instructions per term, are a loop of their own that the log-sum-exp's edges read. The replay threw
     * ArrayIndexOutOfBoundsException: nothing exported those partials from their kernel.
     */
    @Test
    void theLogSumExpOfALoopsTermsHasTheSoftmaxAsGradient() {
        int n = 300;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i) * 2;
        }
        TracedFunction f = (g, h) -> {
            int[] terms = new int[n];
            for (int i = 0; i < n; i++) {
                terms[i] = g.mul(h[i], h[i]);
            }
            return g.logsumexp(terms);
        };
        Tape tape = Tape.trace(n, f);
        assertTrue(tape.compiledLoopCount() > 0);
        double[] grad = new double[n];
        double value = tape.newWorkspace().gradient(x, grad);
        // d/dx_i ln Σ e^(x_j²) = 2 x_i e^(x_i²) / Σ e^(x_j²)
        double sum = 0;
        for (double xi : x) {
            sum += Math.exp(xi * xi);
        }
        assertEquals(Math.log(sum), value, 1e-13);
        for (int i = 0; i < n; i++) {
            assertEquals(2 * x[i] * Math.exp(x[i] * x[i]) / sum, grad[i], 1e-15, "d/dx" + i);
        }
        double[] plainGrad = new double[n];
        Tape plain = Tape.traceAll(n, (g, h) -> new int[] {f.apply(g, h)}, false);
        assertEquals(plain.newWorkspace().gradient(x, plainGrad), value);
        assertArrayEquals(plainGrad, grad);
        ScalarFunction recorded = v -> {
            Value[] terms = new Value[n];
            for (int i = 0; i < n; i++) {
                terms[i] = v[i].mul(v[i]);
            }
            return Value.logsumexp(terms);
        };
        Tape fromValues = Tape.record(x, recorded);
        assertTrue(fromValues.compiledLoopCount() > 0);
        assertMatchesValueEngine(recorded, x, fromValues);
    }

    /**
     * {@code y = tanh(y)} repeated from the last of many inputs: with three instructions per iteration and the two
     * constants every recording starts with, that input is the slot of the iteration before the loop's first, so the
     * loop carries from it. The workspace kept inputs in the caller's arrays and the kernel read the start from, and
     * summed its adjoint into, the workspace: the value was tanh iterated from 0 and the derivative 0.
     */
    @Test
    void aLoopCarriedFromTheLastOfManyInputsReadsItAndDifferentiatesIt() {
        int n = 300;
        int steps = 300;
        Tape tape = Tape.trace(n, (g, x) -> {
            int y = x[n - 1];
            for (int i = 0; i < steps; i++) {
                y = g.tanh(y);
            }
            return y;
        });
        assertTrue(tape.compiledLoopCount() > 0);
        double[] x = new double[n];
        x[n - 1] = 0.3;
        double y = 0.3;
        double derivative = 1;
        for (int i = 0; i < steps; i++) {
            y = Math.tanh(y);
            derivative *= 1 - y * y;
        }
        double[] grad = new double[n];
        assertEquals(y, tape.newWorkspace().gradient(x, grad));
        assertEquals(derivative, grad[n - 1], 1e-15 * derivative);
        assertEquals(0, grad[0]);
    }
}
