package dev.jgrad.tape;

import static dev.jgrad.tape.TracedOperations.op;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random traced programs of loops in loops, over differentiable and data inputs, with two outputs: recorded with
 * compiled loops, each replays as the same recording without them, value, vector-Jacobian product and second output
 * equal to the bit, at three points with new data each. The programs mix what the tape's other tests take one at a
 * time: a body of up to five operations of the table (variadic ones among them) reading the running accumulator, the
 * body's last result, inputs and data at strides of the outer and inner counters, earlier blocks' results and
 * constants; instructions between the inner loops that differ from one outer iteration to the next; and a
 * log-sum-exp over each block's results.
 */
class RandomTracedProgramsTest {

    /** The first {@code OPS} of {@link TracedOperations}: the mix these programs were first drawn from. */
    private static final int OPS = 18;

    /** One program: its sizes are the first draws of its seed, the same each time it is traced. */
    record Program(long seed, int inputs, int data) {

        static Program of(long seed) {
            Random random = new Random(seed ^ 0x5DEECE66DL);
            return new Program(seed, 4 + random.nextInt(60), random.nextInt(3) == 0 ? 0 : 4 + random.nextInt(200));
        }

        int[] trace(Algebra g, int[] x, int[] data) {
            Random random = new Random(seed);
            List<Integer> results = new ArrayList<>();
            int blocks = 1 + random.nextInt(4);
            for (int block = 0; block < blocks; block++) {
                int outer = 1 + random.nextInt(random.nextBoolean() ? 8 : 60);
                int inner = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 6 : 40);
                int length = 1 + random.nextInt(5);
                int[] ops = new int[length];
                int[][] sources = new int[length][3];
                int[][] params = new int[length][3];
                for (int i = 0; i < length; i++) {
                    ops[i] = random.nextInt(OPS);
                    for (int j = 0; j < 3; j++) {
                        sources[i][j] = random.nextInt(6);
                        params[i][j] = random.nextInt(1000);
                    }
                }
                int update = random.nextInt(3);
                boolean betweenVaries = random.nextInt(3) == 0;
                int between = random.nextInt(4);
                int[] blockResults = new int[outer];
                for (int a = 0; a < outer; a++) {
                    int acc = random.nextInt(3) == 0 ? g.constant(0.5 * (a % 3)) : x[(3 * a + block) % inputs];
                    int last = acc;
                    for (int b = 0; b < inner; b++) {
                        for (int i = 0; i < length; i++) {
                            int[] operands = new int[3];
                            for (int j = 0; j < 3; j++) {
                                operands[j] = source(g, sources[i][j], params[i][j], a, b, x, data, acc, last, results);
                            }
                            last = op(g, ops[i], operands[0], operands[1], operands[2]);
                        }
                        acc = update == 0 ? g.add(acc, last) : update == 1 ? g.mul(acc, g.tanh(last)) : last;
                    }
                    int count = betweenVaries ? a % 3 : between;
                    for (int i = 0; i < count; i++) {
                        int k = (7 * block + 5 * i + (betweenVaries ? a : 0)) % OPS;
                        acc = op(g, k, acc, x[(a + i) % inputs], last);
                    }
                    blockResults[a] = acc;
                    results.add(acc);
                }
                if (outer > 1 && random.nextBoolean()) {
                    results.add(g.logsumexp(blockResults));
                }
            }
            int total = g.sum(results.stream().mapToInt(Integer::intValue).toArray());
            return new int[] {total, results.get(results.size() - 1)};
        }

        /** An operand of the kind {@code kind} draws, with {@code param} fixing which one. */
        private static int source(Algebra g, int kind, int param, int a, int b, int[] x, int[] data, int acc,
                int last, List<Integer> results) {
            return switch (kind) {
                case 0 -> acc;
                case 1 -> last;
                case 2 -> x[Math.floorMod(param + a * (1 + param % 3) + b * (param % 5), x.length)];
                case 3 -> data.length > 0 ? data[Math.floorMod(param + a * (param % 4) + b, data.length)]
                        : x[param % x.length];
                case 4 -> results.isEmpty() ? x[param % x.length] : results.get(param % results.size());
                default -> g.constant((param % 7) * 0.25 - 0.5);
            };
        }
    }

    @Test
    void compiledLoopsReplayAsThePlainSweepOnRandomProgramsOfLoopsInLoops() {
        int withLoops = 0;
        for (long seed = 0; seed < 120; seed++) {
            Program program = Program.of(seed);
            withLoops += LoopedAgainstPlain.assertSameReplays(program::trace, program.inputs(), program.data(), seed)
                    ? 1 : 0;
        }
        assertTrue(withLoops >= 40, "loops compiled in only " + withLoops + " of 120 programs");
    }
}
