package dev.jgrad.tape.internal.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedDataFunction;
import dev.jgrad.tape.Workspace;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loops of one shape whose references relate differently from one loop to the next, linked one after the other so
 * that each may reuse the kernel of the one before ({@link CompiledShape}): two reads that are one group in some
 * loops only, groups near enough to share a base in some, adjoint updates that reach a common slot in some, reads of
 * inputs in some loops and of computed values in others, data read at one slot or two, counts that change. The
 * tests run with assertions enabled, so every loop given a kernel by its shape is also checked against a generator
 * made anew for it ({@code KernelGenerator.generatedAlike}); each program must also replay as without loops, to the
 * bit.
 */
class CompiledShapeTest {

    /** Many inputs beside the workspace, so that they stay in the caller's arrays and kernels read them there. */
    private static final int INPUTS = 1500;
    private static final int COMPUTED = 300;
    private static final int DATA = 3;

    /**
     * Per point, a loop over {@code j} summing {@code sin(a[j * strideA] * b[j * strideB]) * c[j * strideC] * v * w}
     * into an accumulator, where {@code a}, {@code b} and {@code c} start among the inputs or among values computed
     * from them first, and {@code v} and {@code w} are read at one slot in every iteration, there or among data inputs
     * (which, receiving no adjoint, have only their values' groups); the points' sums are squared and added up. Each
     * point keeps the last one's reads or draws new ones, {@code v} and {@code w} apart from the others: one slot for
     * both or two; the same start for two reads, starts a few slots apart, starts of one stride just under, at or just
     * over {@link GroupTable#SHARED_SPAN} strides apart (sharing a base or not), or {@code b} starting about as far
     * after {@code a} as the loop runs, so that with {@code a}'s stride twice {@code b}'s the two reach a common slot
     * or not as the count is. With {@code countsVary}, counts change now and then, reads kept or not.
     */
    private record Products(long seed, int points, boolean countsVary) implements TracedDataFunction {

        @Override
        public int[] apply(Algebra g, int[] x, int[] data) {
            Random random = new Random(seed);
            int[] computed = new int[COMPUTED];
            for (int i = 0; i < computed.length; i++) {
                computed[i] = g.sin(x[i]);
            }
            int total = g.constant(0);
            int count = 40;
            int[][] arrays = {x, x, x};
            int[] offsets = new int[3];
            int[] strides = {1, 1, 1};
            int[] fixed = new int[2];
            for (int p = 0; p < points; p++) {
                if (countsVary && random.nextInt(3) == 0) {
                    count = 36 + random.nextInt(9);
                }
                if (p == 0 || random.nextBoolean()) {
                    for (int r = 0; r < 3; r++) {
                        arrays[r] = random.nextInt(4) == 0 ? computed : x;
                        strides[r] = 1 + random.nextInt(2);
                        offsets[r] = random.nextInt(4);
                    }
                    switch (random.nextInt(5)) {
                        case 0:
                            offsets[1] = offsets[0];
                            strides[1] = strides[0];
                            break;
                        case 1:
                            arrays[1] = arrays[0];
                            strides[0] = 2;
                            strides[1] = 1;
                            offsets[1] = offsets[0] + 36 + random.nextInt(9);
                            break;
                        case 2:
                            arrays[1] = arrays[0];
                            strides[1] = strides[0];
                            offsets[1] = offsets[0] + (int) GroupTable.SHARED_SPAN * strides[0] - 1 + random.nextInt(3);
                            break;
                        default:
                            break;
                    }
                }
                if (p == 0 || random.nextBoolean()) {
                    int[] from = random.nextInt(3) > 0 ? data : random.nextBoolean() ? computed : x;
                    for (int r = 0; r < 2; r++) {
                        fixed[r] = from[random.nextInt(2)];
                    }
                }
                int sum = x[INPUTS - 1];
                for (int j = 0; j < count; j++) {
                    int product = g.mul(arrays[0][offsets[0] + j * strides[0]],
                            arrays[1][offsets[1] + j * strides[1]]);
                    int term = g.mul(g.mul(g.sin(product), arrays[2][offsets[2] + j * strides[2]]), fixed[0]);
                    sum = g.add(sum, g.mul(term, fixed[1]));
                }
                total = g.add(total, g.mul(sum, sum));
            }
            return new int[] {total};
        }
    }

    private static void assertSameAsWithoutLoops(Products f, Random random) {
        Tape looped = Tape.traceData(INPUTS, DATA, f, true);
        Tape plain = Tape.traceData(INPUTS, DATA, f, false);
        assertTrue(looped.compiledLoopCount() >= f.points() / 2, () -> looped.compiledLoopCount() + " loops: " + f);
        double[] x = new double[INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * random.nextGaussian();
        }
        double[] data = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
        Workspace plainSpace = plain.newWorkspace();
        Workspace loopedSpace = looped.newWorkspace();
        plainSpace.setData(data);
        loopedSpace.setData(data);
        double[] grad = new double[x.length];
        double[] plainGrad = new double[x.length];
        assertEquals(plainSpace.gradient(x, plainGrad), loopedSpace.gradient(x, grad), f::toString);
        assertArrayEquals(plainGrad, grad, f::toString);
    }

    @Test
    void readsThatMeetInSomeLoopsOnlyGetTheKernelTheirGeneratorGives() {
        Random random = new Random(5);
        for (long seed = 0; seed < 30; seed++) {
            assertSameAsWithoutLoops(new Products(seed, 20 + random.nextInt(20), false), random);
        }
    }

    @Test
    void loopsOfOneShapeThatRunOtherCountsGetTheKernelTheirGeneratorGives() {
        Random random = new Random(6);
        for (long seed = 0; seed < 30; seed++) {
            assertSameAsWithoutLoops(new Products(seed, 20 + random.nextInt(20), true), random);
        }
    }
}
