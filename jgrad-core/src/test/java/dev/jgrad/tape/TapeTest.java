package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.Grad;
import dev.jgrad.Op;
import dev.jgrad.testing.Parallel;
import dev.jgrad.TestRules;
import dev.jgrad.Rule;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import dev.jgrad.VectorFunction;
import dev.jgrad.internal.Rosenbrock;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TapeTest {

    // ---------------------------------------------------------------- against the Value engine

    /** Records {@code f} at {@code x}, then compares value and gradient with Value.backward() bit for bit. */
    static void assertMatchesValueEngine(ScalarFunction f, double[] x, Tape tape) {
        Value[] leaves = leaves(x);
        Value out = f.apply(leaves);
        out.backward();
        double[] grad = new double[x.length];
        double value = tape.newWorkspace().gradient(x, grad);
        assertEquals(out.data(), value, () -> "value at " + Arrays.toString(x));
        for (int i = 0; i < x.length; i++) {
            int j = i;
            assertEquals(leaves[i].grad(), grad[i], () -> "d/dx" + j + " at " + Arrays.toString(x) + " " + tape);
        }
    }

    static Value[] leaves(double[] x) {
        Value[] v = new Value[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = Value.of(x[i]);
        }
        return v;
    }

    static final double[] EDGE_POINTS = {0, -0.0, 1, -1, 2, -2, 0.5, -0.5, 3.7, 1000, -1000, 1e-300,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    @Test
    void everyUnaryOpEqualsTheValueEngineAtEdgePoints() {
        List<Rule> unary = new ArrayList<>(List.of(TestRules.SOFTPLUS));
        for (Op op : Op.values()) {
            if (op.arity() == 1) {
                unary.add(op);
            }
        }
        for (Rule rule : unary) {
            ScalarFunction f = x -> Value.apply(rule, x[0]);
            Tape tape = Tape.record(new double[] {0.3}, f);
            for (double a : EDGE_POINTS) {
                assertMatchesValueEngine(f, new double[] {a}, tape);
            }
        }
    }

    @Test
    void everyBinaryOpEqualsTheValueEngineAtEdgePoints() {
        List<Rule> binary = new ArrayList<>(List.of(TestRules.SQUARE_PLUS, Op.SUM, TestRules.PRODUCT));
        for (Op op : Op.values()) {
            if (op.arity() == 2) {
                binary.add(op);
            }
        }
        for (Rule rule : binary) {
            ScalarFunction f = x -> Value.apply(rule, x[0], x[1]);
            Tape tape = Tape.record(new double[] {0.3, 0.7}, f);
            for (double a : EDGE_POINTS) {
                for (double b : EDGE_POINTS) {
                    assertMatchesValueEngine(f, new double[] {a, b}, tape);
                }
            }
        }
    }

    /** The extended table through the tracing algebra's named methods, against the same graph built of Values. */
    @Test
    void namedMethodsOfTheTracingAlgebraEqualTheValueMethods() {
        Tape traced = Tape.trace(2, (g, x) -> {
            int a = x[0];
            int b = x[1];
            int unary = g.sum(g.log1p(g.abs(a)), g.expm1(a), g.tan(a), g.asin(g.tanh(a)), g.acos(g.sigmoid(b)),
                    g.atan(a), g.sinh(b), g.cosh(a), g.softplus(b), g.relu(a), g.sqrt(g.abs(b)));
            int binary = g.add(g.atan2(a, b), g.mul(g.hypot(a, b), g.max(a, b)));
            int scalars = g.sub(g.div(g.pow(g.abs(a), 1.5), 3.0), g.mul(g.add(b, 0.25), -2.0));
            int clamped = g.add(g.max(a, 0.5), g.min(b, -0.5));
            return g.logsumexp(unary, g.min(binary, scalars), clamped, g.logsumexp(a), g.logsumexp(a, b));
        });
        ScalarFunction f = x -> {
            Value a = x[0];
            Value b = x[1];
            Value unary = Value.sum(a.abs().log1p(), a.expm1(), a.tan(), a.tanh().asin(), b.sigmoid().acos(),
                    a.atan(), b.sinh(), a.cosh(), b.softplus(), a.relu(), b.abs().sqrt());
            Value binary = a.atan2(b).add(a.hypot(b).mul(Value.max(a, b)));
            Value scalars = a.abs().pow(1.5).div(3.0).sub(b.add(0.25).mul(-2.0));
            Value clamped = Value.max(a, Value.of(0.5)).add(Value.min(b, Value.of(-0.5)));
            return Value.logsumexp(unary, Value.min(binary, scalars), clamped, Value.logsumexp(a),
                    Value.logsumexp(a, b));
        };
        double[] points = {0.3, -0.7, 0.5, -0.5, 0, 20, 21, 1000, Double.NEGATIVE_INFINITY, Double.NaN};
        for (double a : points) {
            for (double b : points) {
                assertMatchesValueEngine(f, new double[] {a, b}, traced);
            }
        }
    }

    @Test
    void ternaryOpsEqualTheValueEngineAtEdgePoints() {
        for (Rule rule : List.of(Op.WHERE, TestRules.FMA, Op.SUM, TestRules.PRODUCT)) {
            ScalarFunction f = x -> Value.apply(rule, x[0], x[1], x[2]);
            Tape tape = Tape.record(new double[] {0.3, 0.7, 0.1}, f);
            for (double a : EDGE_POINTS) {
                for (double b : new double[] {0, -2, 1e300, Double.NaN}) {
                    for (double c : new double[] {-0.0, 3, Double.NEGATIVE_INFINITY}) {
                        assertMatchesValueEngine(f, new double[] {a, b, c}, tape);
                    }
                }
            }
        }
    }

    @Test
    void operandsUsedTwiceAndLongSumsEqualTheValueEngine() {
        ScalarFunction f = x -> {
            Value b = x[0].add(x[0]);
            Value c = b.add(b).mul(x[0]);
            Value[] terms = new Value[50];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = x[i % 2].mul(i).add(c);
            }
            return Value.sum(terms).add(Value.sum(x[1])).add(Value.apply(Op.SUM, x[1], x[1], x[0]));
        };
        Tape tape = Tape.record(new double[] {1.5, -2}, f);
        assertMatchesValueEngine(f, new double[] {1.5, -2}, tape);
        assertMatchesValueEngine(f, new double[] {-0.25, 7}, tape);
    }

    /**
     * A one-term {@code Value.sum(x)} is a node of its own, whose gradient gathers its users' contributions before
     * passing them to {@code x}; recorded as {@code x} itself, those contributions reached {@code x} one by one and
     * rounded differently (the gradient at (-1.96..., ...) below differed in its last bit).
     */
    @Test
    void aOneTermSumIsANodeAsInTheValueEngine() {
        ScalarFunction f = x -> {
            Value s = Value.sum(x[0]);
            return x[0].mul(x[1]).add(s.mul(x[2])).add(x[0].mul(x[3])).add(s.mul(s));
        };
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            double[] point = {r.nextDouble() * 4 - 2, r.nextDouble() * 4 - 2, r.nextDouble() * 4 - 2,
                r.nextDouble() * 4 - 2};
            assertMatchesValueEngine(f, point, Tape.record(point, f));
        }
        double[] point = {-1.9649583307250733, 0.5247595532460996, -1.16808808382951, 1.5214291396281694};
        assertMatchesValueEngine(f, point, Tape.record(point, f));
        ScalarFunction loop = x -> {
            Value total = Value.constant(0);
            for (int i = 0; i + 1 < x.length; i++) {
                Value s = Value.sum(x[i]);
                total = total.add(s.mul(x[i + 1]).add(x[i].mul(s)));
            }
            return total;
        };
        double[] many = new double[300];
        for (int i = 0; i < many.length; i++) {
            many[i] = r.nextDouble() * 4 - 2;
        }
        assertMatchesValueEngine(loop, many, Tape.record(many, loop));
    }

    /**
     * A random graph over {@code inputs}: every operation and user rule, operands drawn from all earlier nodes (so
     * nodes are reused), constants, sums of many terms. Rebuilt from the same seed it has the same structure.
     */
    static Value randomGraph(long seed, Value[] inputs) {
        Random r = new Random(seed);
        List<Value> nodes = new ArrayList<>(Arrays.asList(inputs));
        int size = 5 + r.nextInt(60);
        Op[] ops = Op.values();
        for (int n = 0; n < size; n++) {
            Value a = nodes.get(r.nextInt(nodes.size()));
            Value b = nodes.get(r.nextInt(nodes.size()));
            Value c = nodes.get(r.nextInt(nodes.size()));
            Value next;
            int pick = r.nextInt(ops.length + 5);
            if (pick < ops.length) {
                Op op = ops[pick];
                if (op == Op.SUM) {
                    next = Value.sum(a, b, c, a.mul(0.5));
                } else if (op == Op.POW) {
                    next = a.abs().add(0.5).pow(r.nextBoolean() ? b.tanh() : Value.of(r.nextInt(4) - 1));
                } else if (op == Op.ASIN || op == Op.ACOS || op == Op.ATANH) {
                    next = Value.apply(op, a.tanh());
                } else if (op == Op.ACOSH) {
                    next = Value.apply(op, a.abs().add(1));
                } else if (op.arity() == 1) {
                    next = Value.apply(op, a);
                } else if (op.arity() == 2) {
                    next = Value.apply(op, a, b);
                } else {
                    next = Value.apply(op, a, b, c);
                }
            } else if (pick == ops.length) {
                next = a.mul(r.nextInt(7) - 3.0);
            } else {
                Rule[] custom = {TestRules.SOFTPLUS, TestRules.SQUARE_PLUS, TestRules.FMA, TestRules.PRODUCT};
                Rule rule = custom[pick - ops.length - 1];
                next = rule.arity() == 1 ? Value.apply(rule, a)
                        : rule.arity() == 2 ? Value.apply(rule, a, b)
                        : Value.apply(rule, a, b, c);
            }
            nodes.add(r.nextInt(3) == 0 ? next.tanh() : next);
        }
        List<Value> tail = nodes.subList(Math.max(0, nodes.size() - 6), nodes.size());
        return Value.sum(tail);
    }

    @Test
    void randomGraphsEqualTheValueEngineAtTheRecordingPointAndElsewhere() {
        Random points = new Random(42);
        int finite = 0;
        for (long seed = 0; seed < 300; seed++) {
            long s = seed;
            int n = 1 + (int) (seed % 4);
            double[] at = new double[n];
            for (int i = 0; i < n; i++) {
                at[i] = points.nextGaussian();
            }
            ScalarFunction f = x -> randomGraph(s, x);
            Tape tape = Tape.record(at, f);
            assertMatchesValueEngine(f, at, tape);
            for (int k = 0; k < 3; k++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = 2 * points.nextGaussian();
                }
                assertMatchesValueEngine(f, x, tape);
                if (Double.isFinite(tape.newWorkspace().value(x))) {
                    finite++;
                }
            }
        }
        assertTrue(finite > 450, "too few finite random graphs to be a test: " + finite);
    }

    @Test
    void tracingGivesTheSameTapeAsRecordingValues() {
        Tape traced = Tape.trace(2, (g, x) -> g.add(g.mul(x[0], x[1]), g.sin(x[0])));
        ScalarFunction f = x -> x[0].mul(x[1]).add(x[0].sin());
        assertMatchesValueEngine(f, new double[] {0.5, 3}, traced);
        assertEquals(Tape.record(new double[] {0, 0}, f).toString(), traced.toString());
    }

    @Test
    void oneLambdaServesGradAndTape() {
        ScalarFunction f = x -> x[0].mul(x[1]).add(x[0].sin()).pow(Value.of(2));
        double[] at = {0.5, 3};
        double[] grad = new double[2];
        Tape.record(at, f).newWorkspace().gradient(at, grad);
        assertArrayEquals(Grad.grad(f, at), grad);
        VectorFunction g = x -> new Value[] {x[0].mul(x[1]), x[1].exp()};
        double[][] jacobian = new double[2][2];
        Tape.recordAll(at, g).newWorkspace().jacobian(at, jacobian);
        assertArrayEquals(Grad.jacobian(g, at), jacobian);
    }

    // ---------------------------------------------------------------- independent truth

    @Test
    void rosenbrockGradientMatchesTheHandDerivedOne() {
        int n = 1000;
        Tape tape = Rosenbrock.tape(n);
        double[] x = Rosenbrock.start(n);
        double[] grad = new double[n];
        double value = tape.newWorkspace().gradient(x, grad);
        assertEquals(Rosenbrock.primal(x), value, 1e-12 * Math.abs(value));
        for (int i = 0; i < n; i++) {
            double expected = rosenbrockDerivative(x, i);
            assertEquals(expected, grad[i], 1e-12 * Math.max(1, Math.abs(expected)), "d/dx" + i);
        }
    }

    /**
     * {@code d f / d x_i} of the extended Rosenbrock function, by hand: {@code -400 x_i (x_(i+1) - x_i^2) - 2 (1 - x_i)}
     * for {@code i < n-1}, plus {@code 200 (x_i - x_(i-1)^2)} for {@code i > 0}.
     */
    static double rosenbrockDerivative(double[] x, int i) {
        double d = 0;
        if (i + 1 < x.length) {
            d += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
        }
        if (i > 0) {
            d += 200 * (x[i] - x[i - 1] * x[i - 1]);
        }
        return d;
    }

    // ---------------------------------------------------------------- where and frozen control flow

    @Test
    void whereSelectsAgainAtEveryReplayAndRoutesTheGradient() {
        Tape tape = Tape.record(new double[] {2, 5}, x -> Value.where(x[0], x[0].mul(x[1]), x[1].mul(x[1])));
        Workspace w = tape.newWorkspace();
        double[] grad = new double[2];
        assertEquals(10, w.gradient(new double[] {2, 5}, grad));
        assertArrayEquals(new double[] {5, 2}, grad);
        assertEquals(25, w.gradient(new double[] {-2, 5}, grad));
        assertArrayEquals(new double[] {0, 10}, grad);
        assertEquals(9, w.gradient(new double[] {0, 3}, grad));
        assertArrayEquals(new double[] {0, 6}, grad);
    }

    @Test
    void javaControlFlowIsFrozenAtRecording() {
        Tape frozen = Tape.record(new double[] {2}, x -> x[0].data() > 0 ? x[0] : x[0].neg());
        assertEquals(-3, frozen.newWorkspace().value(new double[] {-3}));
        Tape selecting = Tape.record(new double[] {2}, x -> Value.where(x[0], x[0], x[0].neg()));
        assertEquals(3, selecting.newWorkspace().value(new double[] {-3}));
    }

    // ---------------------------------------------------------------- several outputs

    static Value[] vectorFunction(Value[] x) {
        return new Value[] {x[0].mul(x[1]).sin(), x[1].div(x[2]).add(x[0]), x[2].exp().mul(x[0]), x[1]};
    }

    @Test
    void vjpAndJacobianEqualTheValueEngine() {
        double[] at = {0.7, -1.3, 0.4};
        Tape tape = Tape.recordAll(at, TapeTest::vectorFunction);
        assertEquals(4, tape.outputCount());
        Workspace w = tape.newWorkspace();
        double[] x = {1.1, 0.2, -0.9};
        double[][] jacobian = new double[4][3];
        w.jacobian(x, jacobian);
        double[] values = new double[4];
        w.values(x, values);
        for (int i = 0; i < 4; i++) {
            Value[] leaves = leaves(x);
            Value out = vectorFunction(leaves)[i];
            out.backward();
            assertEquals(out.data(), values[i]);
            for (int j = 0; j < 3; j++) {
                assertEquals(leaves[j].grad(), jacobian[i][j], "J[" + i + "][" + j + "]");
            }
        }
        double[] weights = {2, -1, 0.5, 3};
        double[] vjp = new double[3];
        w.vjp(x, weights, vjp);
        for (int i = 0; i < 4; i++) {
            assertEquals(values[i], w.output(i), "output " + i + " of the latest replay");
        }
        for (int i : new int[] {-1, 4}) {
            assertEquals("output " + i + " of a tape with 4 outputs",
                    assertThrows(IndexOutOfBoundsException.class, () -> w.output(i)).getMessage());
        }
        Value[] leaves = leaves(x);
        Value[] outs = vectorFunction(leaves);
        Value weighted = Value.sum(outs[0].mul(2), outs[1].mul(-1), outs[2].mul(0.5), outs[3].mul(3));
        weighted.backward();
        for (int j = 0; j < 3; j++) {
            assertEquals(leaves[j].grad(), vjp[j], 1e-12 * Math.abs(vjp[j]), "vjp " + j);
        }
    }

    @Test
    void recordingAGraphCutsAtNonLeafInputsAndFreezesOtherLeaves() {
        Value a = Value.of(3);
        Value hidden = Value.of(10);
        Value b = a.mul(a);
        Value y = b.mul(hidden).add(a);
        Tape tape = Tape.record(y, List.of(b, a));
        double[] grad = new double[2];
        assertEquals(2 * 10 + 5, tape.newWorkspace().gradient(new double[] {2, 5}, grad));
        assertArrayEquals(new double[] {10, 1}, grad);
    }

    @Test
    void outputsThatAreInputsConstantsOrRepeatedWorkEveryTime() {
        Value x = Value.of(2);
        Value y = Value.of(5);
        Value product = x.mul(y);
        Tape tape = Tape.record(List.of(x, Value.of(3), product, product), List.of(x, y));
        Workspace w = tape.newWorkspace();
        double[][] jacobian = new double[4][2];
        for (int call = 0; call < 2; call++) {
            w.jacobian(new double[] {7, -1}, jacobian);
            assertArrayEquals(new double[] {1, 0}, jacobian[0]);
            assertArrayEquals(new double[] {0, 0}, jacobian[1]);
            assertArrayEquals(new double[] {-1, 7}, jacobian[2]);
            assertArrayEquals(new double[] {-1, 7}, jacobian[3]);
            double[] vjp = new double[2];
            w.vjp(new double[] {7, -1}, new double[] {1, 10, 2, 3}, vjp);
            assertArrayEquals(new double[] {1 + 5 * -1, 5 * 7}, vjp);
        }
        Tape constant = Tape.trace(0, (g, in) -> g.constant(2));
        assertEquals(2, constant.newWorkspace().gradient(new double[0], new double[0]));
        Tape identity = Tape.record(x, List.of(x));
        double[] grad = new double[1];
        Workspace wi = identity.newWorkspace();
        for (int call = 0; call < 2; call++) {
            assertEquals(4, wi.gradient(new double[] {4}, grad));
            assertArrayEquals(new double[] {1}, grad);
        }
    }

    /**
     * {@code vjp(x, w, w)} and {@code vjp(x, x, x)}: the weights are read before the gradient is written, whether the
     * tape sums the inputs' adjoints in the caller's array (few edges into many inputs) or in the workspace.
     */
    @Test
    void theGradientOfVjpMayBeItsWeights() {
        VectorFunction fewEdges = x -> new Value[] {x[0].mul(x[1]), x[1], x[2].sin(), x[0]};
        VectorFunction manyEdges = x -> new Value[] {x[0].mul(x[1]), x[1].mul(x[2]), x[2].sin(), x[0].mul(x[3])};
        assertTrue(Tape.recordAll(new double[4], fewEdges).program.inputsApart);
        assertTrue(!Tape.recordAll(new double[4], manyEdges).program.inputsApart);
        double[] x = {0.5, -2, 1.25, 3};
        double[] weights = {2, -1, 0.5, 3};
        for (VectorFunction f : List.of(fewEdges, manyEdges)) {
            Workspace w = Tape.recordAll(new double[4], f).newWorkspace();
            for (int call = 0; call < 2; call++) {
                double[] inPlace = weights.clone();
                w.vjp(x, inPlace, inPlace);
                assertArrayEquals(Grad.vjp(f, x, weights).cotangent(), inPlace);
                double[] all = x.clone();
                w.vjp(all, all, all);
                assertArrayEquals(Grad.vjp(f, x, x).cotangent(), all);
            }
        }
    }

    // ---------------------------------------------------------------- threads, size, errors

    /**
     * After the first call, no replay method allocates: counted by this thread's allocated bytes over many calls on
     * tapes that use every kind of instruction. One object per call would add at least 16 bytes times 200 calls
     * per method; the bound leaves room only for the few bytes that reading the count costs.
     *
     * <p>The count comes from {@code com.sun.management.ThreadMXBean}, called by reflection: the module
     * {@code dev.jgrad} does not read {@code java.management} (the library has no use for it), and reflection needs
     * no readability.
     */
    @Test
    void replayAllocatesNothingAfterTheFirstCall() throws ReflectiveOperationException {
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
        assumeTrue(type.isInstance(threads) && (Boolean) type.getMethod("isThreadAllocatedMemoryEnabled")
                .invoke(threads), "this JVM does not count the bytes a thread allocates");
        Method allocatedBytes = type.getMethod("getThreadAllocatedBytes", long.class);
        Long thread = Thread.currentThread().getId();

        double[] at = {0.3, 0.7, 0.1};
        Workspace scalar = Tape.record(at, x -> randomGraph(11, x).add(randomGraph(12, x))).newWorkspace();
        Workspace vector = Tape.recordAll(at, TapeTest::vectorFunction).newWorkspace();
        double[] grad = new double[3];
        double[] weights = {1, -2, 0.5, 3};
        double[] values = new double[4];
        double[][] jacobian = new double[4][3];
        long allocated = 0;
        for (int round = 0; round < 2; round++) {
            long before = (Long) allocatedBytes.invoke(threads, thread);
            for (int i = 0; i < 200; i++) {
                at[0] = 0.3 + 0.001 * i;
                scalar.gradient(at, grad);
                scalar.value(at);
                vector.values(at, values);
                vector.vjp(at, weights, grad);
                vector.jacobian(at, jacobian);
            }
            allocated = (Long) allocatedBytes.invoke(threads, thread) - before;
        }
        assertTrue(allocated < 1024, "replays allocated " + allocated + " bytes in 1,000 calls");
    }

    @Test
    void concurrentReplaysAreExact() throws Exception {
        ScalarFunction f = x -> randomGraph(7, x).add(randomGraph(8, x));
        Tape tape = Tape.record(new double[] {0.1, 0.2, 0.3}, f);
        Parallel.run(4, thread -> {
            Random r = new Random(thread);
            Workspace w = tape.newWorkspace();
            for (int k = 0; k < 200; k++) {
                double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
                double[] grad = new double[3];
                double value = w.gradient(x, grad);
                Value[] leaves = leaves(x);
                Value out = f.apply(leaves);
                out.backward();
                assertEquals(out.data(), value);
                for (int i = 0; i < 3; i++) {
                    assertEquals(leaves[i].grad(), grad[i]);
                }
            }
        });
    }

    @Test
    void tenMillionOperationsRecordAndReplayWithinTheDefaultHeap() {
        int n = 1_000_000;
        // term i = (x_i + 1)(x_i - 1) x_i x_(i+1) ... x_(i+5): ten operations with the running sum
        TracedVectorFunction f = (g, x) -> {
            int one = g.constant(1);
            int sum = g.constant(0);
            for (int i = 0; i < n; i++) {
                int t = g.mul(g.add(x[i], one), g.sub(x[i], one));
                for (int k = 0; k < 6; k++) {
                    t = g.mul(t, x[(i + k) % n]);
                }
                sum = g.add(sum, t);
            }
            return new int[] {sum};
        };
        double[] x = new double[n];
        Arrays.fill(x, 1);
        x[3] = 2;
        // every instruction stored and swept, and the same recording with its loop compiled
        for (boolean compileLoops : new boolean[] {false, true}) {
            Tape tape = Tape.traceAll(n, f, compileLoops);
            assertEquals(10_000_000 + tape.constantCount(), tape.instructionCount());
            assertTrue(tape.programBytes() < 40L * tape.instructionCount(),
                    () -> "program bytes per op: " + (double) tape.programBytes() / tape.instructionCount());
            assertEquals(compileLoops ? 1 : 0, tape.compiledLoopCount());
            double[] grad = new double[n];
            // at x = 1 but x3 = 2 only term 3 is not 0: (x3^2 - 1) x3 = 6
            assertEquals(6, tape.newWorkspace().gradient(x, grad));
            assertEquals(2 * 2 * 2 + 3, grad[3]);
            assertEquals(3 * 2 + 2, grad[4]);
            assertEquals(2 * 2, grad[0]);
            assertEquals(2, grad[100]);
        }
    }

    @Test
    void plainEdgesStoredNarrowOrWideGiveTheValueEnginesGradient() {
        // a sum of products of neighbours, recorded without compiled loops: about 4 positions per term, so 16,000
        // terms stay under 65,536 positions (edges kept as chars) and 18,000 go over (kept as ints)
        for (int terms : new int[] {16_000, 18_000}) {
            ScalarFunction f = x -> {
                Value sum = Value.of(0);
                for (int i = 0; i < terms; i++) {
                    sum = sum.add(x[i % x.length].mul(x[(i * 7 + 3) % x.length]).sin());
                }
                return sum;
            };
            double[] at = new double[50];
            for (int i = 0; i < at.length; i++) {
                at[i] = 0.1 * i - 2;
            }
            Tape tape = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
            assertTrue(terms == 16_000 ? tape.workspaceBytes() <= 16L * 65_536 : tape.workspaceBytes() > 16L * 65_536,
                    () -> terms + " terms: " + tape.workspaceBytes() + " workspace bytes");
            assertMatchesValueEngine(f, at, tape);
        }
    }

    @Test
    void errorsNameWhatWasWrong() {
        Tape tape = Tape.trace(2, (g, x) -> g.mul(x[0], x[1]));
        Workspace w = tape.newWorkspace();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.value(new double[3]));
        assertEquals("x has length 3 but the tape has 2 inputs", e.getMessage());
        Workspace square = Tape.trace(1, (g, x) -> g.mul(x[0], x[0])).newWorkspace();
        e = assertThrows(IllegalArgumentException.class, () -> square.value(new double[2]));
        assertEquals("x has length 2 but the tape has 1 input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tape.trace(1, (g, x) -> g.neg(7)));
        assertTrue(e.getMessage().endsWith(", not a handle of this recording (1 input and 2 instructions)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tape.trace(2, (g, x) -> g.mul(x[0], 5)));
        Tape two = Tape.traceAll(1, (g, x) -> new int[] {x[0], g.neg(x[0])});
        assertThrows(IllegalStateException.class, () -> two.newWorkspace().gradient(new double[1], new double[1]));
        Value a = Value.of(1);
        assertThrows(IllegalArgumentException.class, () -> Tape.record(a, List.of(a, a)));
    }

    @Test
    void aNullOutputIsNamedByItsIndex() {
        Value a = Value.of(1);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Tape.record(Arrays.asList(a.sin(), null), List.of(a)));
        assertEquals("output 1", e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Tape.recordAll(new double[] {1}, x -> new Value[] {x[0], null}));
        assertEquals("f returned null at output 1", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Tape.record(new double[] {1}, x -> null));
        assertEquals("f returned null at output 0", e.getMessage());
    }
}
