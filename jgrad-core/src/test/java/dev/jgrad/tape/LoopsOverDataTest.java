package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random traced programs of the shapes users record: loops over differentiable inputs, over data inputs and over the
 * values earlier loops made, at strides of either sign that wrap around the array they read, with accumulators from
 * constants, products and shared values, repeated blocks, irregular code between them and several outputs (one of
 * them an input, one a data value). With loops compiled they give the values and the Jacobian of the plain sweep to
 * the bit, at two points with two data sets.
 */
class LoopsOverDataTest {

    private static final int OPS = 16;

    /** One operation of the random programs, on up to three operands. */
    private static int op(Algebra g, int which, int a, int b, int c) {
        switch (which) {
            case 0: return g.add(a, b);
            case 1: return g.sub(a, b);
            case 2: return g.mul(a, b);
            case 3: return g.tanh(a);
            case 4: return g.sin(a);
            case 5: return g.exp(g.tanh(a));
            case 6: return g.log1p(g.abs(a));
            case 7: return g.relu(a);
            case 8: return g.max(a, b);
            case 9: return g.mul(a, 0.5);
            case 10: return g.add(a, 1.25);
            case 11: return g.where(a, b, c);
            case 12: return g.sum(a, b, c);
            case 13: return g.mul(g.tanh(a), g.tanh(b));
            case 14: return g.sub(g.constant(1), a);
            default: return g.neg(a);
        }
    }

    /** A loop body: its operations, each reading the fixed operands or earlier results of the body. */
    private record Body(int[] ops, int[][] sources) {
        static Body draw(Random random, int fixed) {
            int length = 1 + random.nextInt(random.nextInt(4) == 0 ? 12 : 5);
            int[] ops = new int[length];
            int[][] sources = new int[length][3];
            for (int k = 0; k < length; k++) {
                ops[k] = random.nextInt(OPS);
                for (int a = 0; a < 3; a++) {
                    sources[k][a] = random.nextInt(fixed + k);
                }
            }
            return new Body(ops, sources);
        }

        int run(Algebra g, int[] fixed) {
            int[] values = new int[fixed.length + ops.length];
            System.arraycopy(fixed, 0, values, 0, fixed.length);
            for (int k = 0; k < ops.length; k++) {
                int[] s = sources[k];
                values[fixed.length + k] = op(g, ops[k], values[s[0]], values[s[1]], values[s[2]]);
            }
            return values[values.length - 1];
        }
    }

    /** The program of {@code seed} over inputs {@code x} and data {@code z}; returns its outputs. */
    private static int[] program(long seed, Algebra g, int[] x, int[] z) {
        Random random = new Random(seed);
        List<int[]> arrays = new ArrayList<>(List.of(x, z));
        List<Integer> scalars = new ArrayList<>(List.of(x[0]));
        List<Integer> outputs = new ArrayList<>();
        int blocks = 2 + random.nextInt(6);
        for (int block = 0; block < blocks; block++) {
            int kind = random.nextInt(5);
            if (kind == 4) {
                int length = 1 + random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    scalars.add(op(g, random.nextInt(OPS), pick(random, arrays, scalars),
                            pick(random, arrays, scalars), pick(random, arrays, scalars)));
                }
                continue;
            }
            int repeats = kind == 3 ? 2 + random.nextInt(12) : 1;
            int count = 1 + random.nextInt(random.nextBoolean() ? 60 : 220);
            Body body = Body.draw(random, 6);
            int accumulator = random.nextInt(4);
            int[] array = new int[3];
            int[] stride = new int[3];
            int[] offset = new int[3];
            for (int s = 0; s < 3; s++) {
                array[s] = random.nextInt(arrays.size());
                stride[s] = random.nextInt(5) == 0 ? 0 : (random.nextInt(4) == 0 ? -1 : 1) * (1 + random.nextInt(2));
                offset[s] = random.nextInt(3);
            }
            int shared = scalars.get(random.nextInt(scalars.size()));
            int total = g.constant(0);
            for (int r = 0; r < repeats; r++) {
                int acc = switch (accumulator) {
                    case 0 -> g.constant(0);
                    case 1 -> g.constant(1);
                    case 2 -> shared;
                    default -> g.mul(g.constant(0.5), g.constant(r + 1));
                };
                int[] made = new int[count];
                for (int j = 0; j < count; j++) {
                    int[] fixed = new int[6];
                    for (int s = 0; s < 3; s++) {
                        int[] read = arrays.get(array[s]);
                        fixed[s] = read.length == 0 ? x[0]
                                : read[Math.floorMod(offset[s] + 3 * r + j * stride[s], read.length)];
                    }
                    fixed[3] = acc;
                    fixed[4] = shared;
                    fixed[5] = g.constant(0.25 * (j % 3 + 1));
                    made[j] = g.tanh(body.run(g, fixed));
                    acc = accumulator == 1 ? g.tanh(g.mul(acc, g.add(made[j], 1.0))) : g.add(acc, made[j]);
                }
                arrays.add(made);
                if (random.nextInt(3) == 0) {
                    outputs.add(made[random.nextInt(count)]);
                }
                total = g.add(total, g.sin(acc));
                if (random.nextInt(4) == 0) {
                    scalars.add(g.mul(total, 0.75));
                }
            }
            scalars.add(total);
        }
        int result = g.constant(0);
        for (int s : scalars) {
            result = g.add(result, g.tanh(s));
        }
        outputs.add(0, result);
        if (random.nextInt(4) == 0) {
            outputs.add(x[x.length - 1]);
        }
        if (z.length > 0 && random.nextInt(4) == 0) {
            outputs.add(g.mul(z[0], 2.0));
        }
        return outputs.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int pick(Random random, List<int[]> arrays, List<Integer> scalars) {
        if (random.nextBoolean()) {
            return scalars.get(random.nextInt(scalars.size()));
        }
        int[] array = arrays.get(random.nextInt(arrays.size()));
        return array.length == 0 ? scalars.get(0) : array[random.nextInt(array.length)];
    }

    @Test
    void randomLoopProgramsOverInputsDataAndEarlierLoopsEqualThePlainSweep() {
        int compiled = 0;
        for (long seed = 0; seed < 60; seed++) {
            Random random = new Random(seed * 31 + 7);
            int inputs = 1 + random.nextInt(300);
            int data = random.nextInt(3) == 0 ? 0 : random.nextInt(500);
            long programSeed = seed;
            TracedDataFunction f = (g, x, z) -> program(programSeed, g, x, z);
            Tape looped = Tape.traceData(inputs, data, f, true);
            Tape plain = Tape.traceData(inputs, data, f, false);
            compiled += looped.compiledLoopCount() > 0 ? 1 : 0;
            assertEquals(plain.edgeCount(), looped.edgeCount(), "seed " + seed);
            for (int trial = 0; trial < 2; trial++) {
                double[] x = CompiledLoopTest.point(random, inputs);
                double[] z = CompiledLoopTest.point(random, data);
                assertSameValuesAndJacobian(plain, looped, x, z, "seed " + seed + ", point " + trial);
            }
        }
        assertTrue(compiled >= 45, "loops compiled in only " + compiled + " of 60 programs");
    }

    /** Asserts that {@code tape} gives {@code plain}'s values and Jacobian to the bit, the sign of a zero included. */
    private static void assertSameValuesAndJacobian(Tape plain, Tape tape, double[] x, double[] z, String what) {
        Workspace expected = plain.newWorkspace();
        Workspace actual = tape.newWorkspace();
        expected.setData(z);
        actual.setData(z);
        int outputs = plain.outputCount();
        double[] plainValues = new double[outputs];
        double[] values = new double[outputs];
        expected.values(x, plainValues);
        actual.values(x, values);
        assertArrayEquals(plainValues, values, what + ": values");
        double[][] plainJacobian = new double[outputs][x.length];
        double[][] jacobian = new double[outputs][x.length];
        expected.jacobian(x, plainJacobian);
        actual.jacobian(x, jacobian);
        for (int row = 0; row < outputs; row++) {
            assertArrayEquals(plainJacobian[row], jacobian[row], what + ": Jacobian row " + row);
        }
    }
}
