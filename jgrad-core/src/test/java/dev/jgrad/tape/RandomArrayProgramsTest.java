package dev.jgrad.tape;

import static dev.jgrad.tape.TracedOperations.op;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random traced programs over arrays, in the access patterns {@link RandomTracedProgramsTest}'s loops in loops leave
 * out: elementwise maps reading their operands reversed, at stride 2 or 3, at half speed or fixed; scans carrying a
 * value; recurrences reading two iterations back; stencils reading neighbours; small matrix products written row by
 * row or transposed; rows reduced by a running operation; an array built backwards, each element reading the ones
 * after it; and sums and log-sum-exps of whole arrays. Each step reads the inputs, the data or the arrays of earlier
 * steps. Recorded with compiled loops, each program replays as the same recording without them: values and
 * vector-Jacobian products equal to the bit at three points with new data each.
 */
class RandomArrayProgramsTest {

    /** Where an array of {@code length} is read at step {@code i}, in the pattern {@code kind}, offset by {@code p}. */
    private static int index(int kind, int i, int length, int p) {
        return switch (kind) {
            case 0 -> Math.floorMod(i + p, length);
            case 1 -> Math.floorMod(length - 1 - i - p, length);
            case 2 -> Math.floorMod(2 * i + p, length);
            case 3 -> p % length;
            case 4 -> Math.floorMod(i / 2 + p, length);
            case 5 -> Math.floorMod(3 * i - p, length);
            default -> Math.floorMod(i * (p % 4 + 1), length);
        };
    }

    /** One program: its sizes are the first draws of its seed, the same each time it is traced. */
    record Program(long seed, int inputs, int data) {

        static Program of(long seed) {
            Random random = new Random(seed * 7919 + 13);
            return new Program(seed, 2 + random.nextInt(80), random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(150));
        }

        int[] trace(Algebra g, int[] x, int[] data) {
            Random random = new Random(seed);
            List<int[]> arrays = new ArrayList<>();
            arrays.add(x);
            if (data.length > 0) {
                arrays.add(data);
            }
            int steps = 1 + random.nextInt(7);
            for (int s = 0; s < steps; s++) {
                int kind = random.nextInt(8);
                int m = 1 + random.nextInt(random.nextBoolean() ? 40 : 300);
                int[] a = arrays.get(random.nextInt(arrays.size()));
                int[] b = arrays.get(random.nextInt(arrays.size()));
                int[] c = arrays.get(random.nextInt(arrays.size()));
                int op1 = random.nextInt(TracedOperations.COUNT);
                int op2 = random.nextInt(TracedOperations.COUNT);
                int ka = random.nextInt(7);
                int kb = random.nextInt(7);
                int kc = random.nextInt(7);
                int pa = random.nextInt(100);
                int pb = random.nextInt(100);
                int pc = random.nextInt(100);
                int[] y = new int[m];
                switch (kind) {
                    case 0 -> {
                        for (int i = 0; i < m; i++) {
                            int u = a[index(ka, i, a.length, pa)];
                            int w = c[index(kc, i, c.length, pc)];
                            y[i] = op(g, op2, op(g, op1, u, b[index(kb, i, b.length, pb)], w), w, u);
                        }
                    }
                    case 1 -> {
                        int carried = a[index(ka, 0, a.length, pa)];
                        for (int i = 0; i < m; i++) {
                            carried = g.tanh(op(g, op1, carried, b[index(kb, i, b.length, pb)],
                                    c[index(kc, i, c.length, pc)]));
                            y[i] = carried;
                        }
                    }
                    case 2 -> {
                        y[0] = a[index(ka, 0, a.length, pa)];
                        if (m > 1) {
                            y[1] = b[index(kb, 1, b.length, pb)];
                        }
                        for (int i = 2; i < m; i++) {
                            y[i] = g.tanh(op(g, op1, y[i - 2], y[i - 1], c[index(kc, i, c.length, pc)]));
                        }
                    }
                    case 3 -> {
                        for (int i = 0; i < m; i++) {
                            int left = a[Math.floorMod(i - 1 + pa, a.length)];
                            int centre = a[Math.floorMod(i + pa, a.length)];
                            int right = a[Math.floorMod(i + 1 + pa, a.length)];
                            y[i] = g.add(g.add(g.mul(left, 0.25), g.mul(centre, 0.5)),
                                    op(g, op1, right, b[index(kb, i, b.length, pb)], centre));
                        }
                    }
                    case 4 -> {
                        int rows = 1 + random.nextInt(12);
                        int cols = 1 + random.nextInt(12);
                        int inner = 1 + random.nextInt(20);
                        boolean transposed = random.nextBoolean();
                        y = new int[rows * cols];
                        for (int i = 0; i < rows; i++) {
                            for (int j = 0; j < cols; j++) {
                                int dot = g.constant(0.0);
                                for (int k = 0; k < inner; k++) {
                                    int left = a[Math.floorMod(i * inner + k + pa, a.length)];
                                    int at = transposed ? j * inner + k : k * cols + j;
                                    int right = b[Math.floorMod(at + pb, b.length)];
                                    dot = g.add(dot, g.mul(left, right));
                                }
                                y[transposed ? j * rows + i : i * cols + j] = op(g, op1, dot, dot, dot);
                            }
                        }
                    }
                    case 5 -> {
                        int rows = 1 + random.nextInt(30);
                        int cols = 1 + random.nextInt(30);
                        // keeps products and sums of a row bounded, so that values stay finite
                        boolean bounded = op1 == 0 || op1 == 14 || op1 == 16 || op1 == 28;
                        y = new int[rows];
                        for (int i = 0; i < rows; i++) {
                            int reduced = a[Math.floorMod(i + pa, a.length)];
                            for (int j = 0; j < cols; j++) {
                                reduced = op(g, op1, reduced, b[Math.floorMod(i * cols + j + pb, b.length)],
                                        c[Math.floorMod(j + pc, c.length)]);
                                reduced = bounded ? g.tanh(reduced) : reduced;
                            }
                            y[i] = reduced;
                        }
                    }
                    case 6 -> {
                        int[] terms = new int[Math.min(m, a.length)];
                        for (int i = 0; i < terms.length; i++) {
                            terms[i] = a[Math.floorMod(i + pa, a.length)];
                        }
                        y = new int[] {random.nextBoolean() ? g.logsumexp(terms) : g.sum(terms)};
                    }
                    default -> {
                        y[m - 1] = a[index(ka, 0, a.length, pa)];
                        for (int i = m - 2; i >= 0; i--) {
                            y[i] = g.tanh(op(g, op1, y[i + 1], b[index(kb, i, b.length, pb)],
                                    y[Math.min(m - 1, i + 1 + pc % 3)]));
                        }
                    }
                }
                arrays.add(y);
            }
            int[] last = arrays.get(arrays.size() - 1);
            List<Integer> summed = new ArrayList<>();
            for (int k = data.length > 0 ? 2 : 1; k < arrays.size(); k++) {
                for (int v : arrays.get(k)) {
                    if (random.nextInt(3) > 0) {
                        summed.add(v);
                    }
                }
            }
            for (int v : last) {
                summed.add(v);
            }
            int total = g.sum(summed.stream().mapToInt(Integer::intValue).toArray());
            return new int[] {total, last[last.length / 2]};
        }
    }

    @Test
    void compiledLoopsReplayAsThePlainSweepOnRandomArrayPrograms() {
        int withLoops = 0;
        for (long seed = 0; seed < 300; seed++) {
            Program program = Program.of(seed);
            withLoops += LoopedAgainstPlain.assertSameReplays(program::trace, program.inputs(), program.data(), seed)
                    ? 1 : 0;
        }
        assertTrue(withLoops >= 200, "loops compiled in only " + withLoops + " of 300 programs");
    }
}
