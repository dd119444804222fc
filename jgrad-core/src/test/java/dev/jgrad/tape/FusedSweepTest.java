package dev.jgrad.tape;

import static dev.jgrad.tape.TapeTest.assertMatchesValueEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import dev.jgrad.VectorFunction;
import dev.jgrad.internal.Rosenbrock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A program that ends in a loop summing terms (a separable objective, a stencil) replays its gradient in one fused
 * pass over the loop: each iteration's values, then its edges, with contributions to a variable that a later
 * iteration also reads held back until that iteration has added its own. The gradients must be the plain sweep's
 * and the {@link Value} engine's to the bit, zeros' signs and NaNs included, whatever the gradient array held
 * before; programs the pass cannot serve must run the two sweeps as before.
 */
class FusedSweepTest {

    /**
     * A random stencil objective: {@code sum_i body(x[o_1 + s i], x[o_2 + s i], ..., data_i)} with the body's ops
     * drawn from {@link CompiledLoopTest.LoopProgram}'s, its terms added to or subtracted from the sum.
     */
    static final class Stencil {
        final int[] offsets;
        final int stride;
        final int[] ops;
        final int[][] operands;
        final boolean subtract;
        final int iterations;

        Stencil(long seed, int[] offsets, int stride) {
            Random random = new Random(seed);
            this.offsets = offsets;
            this.stride = stride;
            int length = 2 + random.nextInt(8);
            this.ops = new int[length];
            this.operands = new int[length][3];
            int fixed = offsets.length + 1;
            for (int k = 0; k < length; k++) {
                ops[k] = random.nextInt(22);
                for (int a = 0; a < 3; a++) {
                    operands[k][a] = random.nextInt(fixed + k);
                }
            }
            this.subtract = random.nextBoolean();
            this.iterations = 150 + random.nextInt(100);
        }

        int inputs() {
            int span = 0;
            for (int o : offsets) {
                span = Math.max(span, o);
            }
            return span + Math.abs(stride) * (iterations - 1) + 1;
        }

        /** The variable iteration {@code i} reads at offset {@code o}: walking down from the end for a stride of -1. */
        private int at(int i, int o) {
            return stride > 0 ? o + stride * i : inputs() - 1 - o - i;
        }

        Value sum(Value[] x) {
            Value sum = Value.of(0);
            for (int i = 0; i < iterations; i++) {
                Value[] fixed = new Value[offsets.length + 1];
                for (int k = 0; k < offsets.length; k++) {
                    fixed[k] = x[at(i, offsets[k])];
                }
                fixed[offsets.length] = Value.of(Math.cos(0.3 * i));
                Value[] body = new Value[ops.length];
                for (int k = 0; k < ops.length; k++) {
                    Value[] v = new Value[3];
                    for (int a = 0; a < 3; a++) {
                        int source = operands[k][a];
                        v[a] = source < fixed.length ? fixed[source] : body[source - fixed.length];
                    }
                    body[k] = CompiledLoopTest.LoopProgram.apply(ops[k], v[0], v[1], v[2]);
                }
                Value term = body[ops.length - 1];
                sum = subtract ? sum.sub(term) : sum.add(term);
            }
            return sum;
        }
    }

    /** A point of standard normals with zeros of both signs in places, and now and then an infinity. */
    private static double[] point(Random random, int n) {
        double[] x = CompiledLoopTest.point(random, n);
        for (int i = 0; i < n; i += 1 + random.nextInt(9)) {
            x[i] = random.nextBoolean() ? 0.0 : -0.0;
        }
        if (random.nextInt(4) == 0) {
            x[random.nextInt(n)] = Double.POSITIVE_INFINITY;
        }
        return x;
    }

    /**
     * Asserts that {@code tape}'s gradient, its vector-Jacobian products with weights of every kind and the
     * {@link Value} engine's gradient equal {@code plain}'s to the bit, into arrays that held garbage.
     */
    private static void assertSameAsPlain(ScalarFunction f, Tape tape, Tape plain, double[] x, String what) {
        double[] grad = new double[x.length];
        double[] plainGrad = new double[x.length];
        Arrays.fill(grad, Double.NaN);
        Workspace w = tape.newWorkspace();
        assertEquals(plain.newWorkspace().gradient(x, plainGrad), w.gradient(x, grad), what);
        assertArrayEquals(plainGrad, grad, what);
        Arrays.fill(grad, 12345.0);
        w.gradient(x, grad);
        assertArrayEquals(plainGrad, grad, what + ", a second replay");
        for (double weight : new double[] {-0.0, 0.0, -2.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] weights = {weight};
            Arrays.fill(grad, -7.0);
            w.vjp(x, weights, grad);
            plain.newWorkspace().vjp(x, weights, plainGrad);
            assertArrayEquals(plainGrad, grad, what + ", weight " + weight);
        }
        assertMatchesValueEngine(f, x, tape);
    }

    @Test
    void randomStencilSumsRunFusedAndEqualThePlainSweepAndTheValueEngine() {
        int[][] offsetSets = {{0}, {0, 1}, {1, 0}, {0, 2}, {0, 1, 2}, {3, 0}, {0, 1, 4}, {2, 0, 4, 1}};
        int[] strides = {1, 2, 3, -1};
        Random points = new Random(101);
        int fused = 0;
        int programs = 0;
        for (long seed = 0; seed < 96; seed++) {
            int[] offsets = offsetSets[(int) (seed % offsetSets.length)];
            int stride = strides[(int) (seed / offsetSets.length % strides.length)];
            Stencil stencil = new Stencil(seed, offsets, stride);
            ScalarFunction f = stencil::sum;
            double[] at = point(points, stencil.inputs());
            Tape tape = Tape.record(at, f);
            Tape plain = Tape.recordAll(at, x -> new Value[] {f.apply(x)}, false);
            programs++;
            fused += tape.program.fusedLast != null ? 1 : 0;
            String what = "seed " + seed + ", offsets " + Arrays.toString(offsets) + ", stride " + stride;
            assertSameAsPlain(f, tape, plain, at, what);
            assertSameAsPlain(f, tape, plain, point(points, stencil.inputs()), what);
        }
        assertTrue(fused > programs / 2, "fused in only " + fused + " of " + programs);
    }

    @Test
    void rosenbrockRunsFusedWithThePlainSweepsBits() {
        int n = 3000;
        Tape tape = Rosenbrock.tape(n);
        assertNotNull(tape.program.fusedLast);
        Tape plain = Tape.traceAll(n, (g, v) -> new int[] {Rosenbrock.trace(g, v)}, false);
        Random random = new Random(9);
        for (int k = 0; k < 4; k++) {
            double[] x = point(random, n);
            double[] grad = new double[n];
            double[] plainGrad = new double[n];
            Arrays.fill(grad, Double.NaN);
            assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
            assertArrayEquals(plainGrad, grad);
            double[] inPlace = x.clone();
            tape.newWorkspace().gradient(inPlace, inPlace);
            assertArrayEquals(plainGrad, inPlace, "the gradient written over the inputs");
        }
    }

    /**
     * Programs the fused pass cannot serve: a sum read again after its loop, a shared parameter every term reads, a
     * carried product, variables eight iterations apart, an output that is a variable the loop reads. They run the
     * two sweeps; and two outputs, each a loop's sum, of which it serves the last. All with the plain sweep's bits.
     */
    @Test
    void programsTheFusedPassCannotServeRunBothSweeps() {
        int n = 300;
        VectorFunction[] programs = {
            x -> new Value[] {stencil(x, n, 1).mul(2)},
            x -> {
                Value sum = Value.of(0);
                for (int i = 1; i < n; i++) {
                    sum = sum.add(x[i].mul(x[0]).sin());
                }
                return new Value[] {sum};
            },
            x -> {
                Value product = Value.of(1);
                for (int i = 0; i < n; i++) {
                    product = product.mul(x[i].tanh().add(1.5));
                }
                return new Value[] {product};
            },
            x -> new Value[] {stencil(x, n, 8)},
            x -> new Value[] {stencil(x, n, 1), x[5]},
            x -> {
                Value first = Value.of(0);
                for (int i = 0; i < n / 2; i++) {
                    first = first.add(x[i].mul(x[i + 1]).cos());
                }
                return new Value[] {first, stencil(x, n, 1)};
            },
        };
        Random random = new Random(23);
        for (int p = 0; p < programs.length; p++) {
            VectorFunction f = programs[p];
            double[] at = point(random, n);
            Tape tape = Tape.recordAll(at, f);
            Tape plain = Tape.recordAll(at, f, false);
            assertTrue(tape.compiledLoopCount() > 0, "program " + p);
            if (p < programs.length - 1) {
                assertNull(tape.program.fusedLast, "program " + p);
            } else {
                assertNotNull(tape.program.fusedLast, "program " + p);
            }
            for (int k = 0; k < 2; k++) {
                double[] x = point(random, n);
                double[] weights = CompiledLoopTest.point(random, tape.outputCount());
                double[] grad = new double[n];
                double[] plainGrad = new double[n];
                Arrays.fill(grad, Double.NaN);
                tape.newWorkspace().vjp(x, weights, grad);
                plain.newWorkspace().vjp(x, weights, plainGrad);
                assertArrayEquals(plainGrad, grad, "program " + p);
            }
        }
    }

    /**
     * Two stencils whose loops have one shape, the same groups delayed by the same counts, but linked differently:
     * {@code x[i] x[i + 1] x[i + 200]} holds {@code x[i + 1]}'s contributions back for {@code x[i]}'s,
     * {@code x[i] x[i + 201] x[i + 200]} holds {@code x[i + 201]}'s back for {@code x[i + 200]}'s. The kernel made
     * for the one must not serve the other, whichever is recorded first.
     */
    @Test
    void stencilsLinkingTheirVariablesDifferentlyKeepTheirOwnKernels() {
        int n = 400;
        Random random = new Random(41);
        for (int far : new int[] {1, 201, 1}) {
            TracedVectorFunction f = (g, x) -> {
                int sum = g.constant(0);
                for (int i = 0; i < 100; i++) {
                    sum = g.add(sum, g.mul(g.mul(x[i], x[i + far]), x[i + 200]));
                }
                return new int[] {sum};
            };
            Tape tape = Tape.traceAll(n, f);
            Tape plain = Tape.traceAll(n, f, false);
            assertNotNull(tape.program.fusedLast, "far " + far);
            double[] x = point(random, n);
            double[] grad = new double[n];
            double[] plainGrad = new double[n];
            assertEquals(plain.newWorkspace().gradient(x, plainGrad), tape.newWorkspace().gradient(x, grad));
            assertArrayEquals(plainGrad, grad, "far " + far);
        }
    }

    /** {@code sum_i (x[i] - x[i + distance])^2 + sin(x[i])} over the first {@code n} variables. */
    private static Value stencil(Value[] x, int n, int distance) {
        Value sum = Value.of(0);
        for (int i = 0; i + distance < n; i++) {
            Value d = x[i].sub(x[i + distance]);
            sum = sum.add(d.mul(d).add(x[i].sin()));
        }
        return sum;
    }
}
