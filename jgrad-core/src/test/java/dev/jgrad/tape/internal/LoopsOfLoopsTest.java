package dev.jgrad.tape.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loops of loops, where the recorder guesses each loop from the two before it ({@code record.Forecast}) and takes the
 * guess once its first iteration matches: whatever lies between two loops (instructions, new constants, where an
 * accumulator starts), the compiled tape replays exactly as the same recording without loops.
 */
class LoopsOfLoopsTest {

    /**
     * Per point, per component, a loop over the dimensions summing squares into an accumulator. What comes before and
     * after each component's loop depends on a variant drawn per component ({@link #variant}): the accumulator starts
     * from the constant 0 or from an active value, the component's term takes two instructions either way, one of
     * them a new constant or not, and the loop may stop after three dimensions (too short to be a loop: a guess
     * taken at its first iteration becomes plain instructions again). With {@code constants}, every iteration also
     * records a new constant; with {@code secondLoop}, every component then runs a loop of another body over the
     * dimensions, so the loops of one body come every other loop. With {@code shuffled}, the points read their data
     * in an order drawn at random, not one after the other.
     */
    private record Nested(long seed, int d, int components, int points, String variants, boolean constants,
            boolean secondLoop, boolean shuffled) implements TracedVectorFunction {

        int inputs() {
            return 1 + 2 * components * d + points * d;
        }

        /** The variants of the components in recording order, drawn from the digits of {@code variants}. */
        int[] drawnVariants() {
            Random random = new Random(-seed);
            int[] drawn = new int[points * components];
            for (int i = 0; i < drawn.length; i++) {
                drawn[i] = variants.charAt(random.nextInt(variants.length())) - '0';
            }
            return drawn;
        }

        /** The loops over all the dimensions: per component, the first if it runs them all, and the second. */
        long loops() {
            return java.util.Arrays.stream(drawnVariants()).filter(v -> v != 3).count()
                    + (secondLoop ? (long) points * components : 0);
        }

        /** Which point's data each point reads: in order, or {@code shuffled}. */
        int[] pointOrder() {
            int[] order = new int[points];
            Random random = new Random(~seed);
            for (int p = 0; p < points; p++) {
                int other = shuffled ? random.nextInt(p + 1) : p;
                order[p] = order[other];
                order[other] = p;
            }
            return order;
        }

        @Override
        public int[] apply(Algebra g, int[] x) {
            Random random = new Random(seed);
            int[] variant = drawnVariants();
            int[] ops = random.ints(1 + random.nextInt(3), 0, RandomOps.COUNT).toArray();
            int mu = 1;
            int scale = 1 + components * d;
            int data = 1 + 2 * components * d;
            double fresh = 1;
            int total = g.constant(0);
            int[] order = pointOrder();
            for (int p = 0; p < points; p++) {
                int[] terms = new int[components];
                for (int c = 0; c < components; c++) {
                    int v = variant[p * components + c];
                    int q = v == 1 ? g.mul(x[scale + c * d], 0.5) : g.constant(0);
                    for (int e = 0; e < (v == 3 ? 3 : d); e++) {
                        int z = g.sub(x[data + order[p] * d + e], x[mu + c * d + e]);
                        for (int op : ops) {
                            z = RandomOps.apply(g, op, z, x[scale + c * d + e]);
                        }
                        if (constants) {
                            z = g.mul(z, g.constant(fresh += 1e-3));
                        }
                        q = g.add(q, g.mul(z, z));
                    }
                    // as many slots either way, but only one of them a new constant
                    int term = v == 2 ? g.mul(q, g.constant(fresh += 1e-3)) : g.mul(g.sin(q), 0.5);
                    if (secondLoop) {
                        int sum = x[mu + c * d];
                        for (int e = 0; e < d; e++) {
                            sum = g.add(sum, g.sin(g.mul(x[data + order[p] * d + e], x[scale + c * d + e])));
                        }
                        term = g.add(term, sum);
                    }
                    terms[c] = g.sub(x[scale + c * d], term);
                }
                total = g.add(total, g.logsumexp(terms));
            }
            return new int[] {total};
        }
    }

    /**
     * Records {@code programs} random programs whose components draw their variants from {@code variants} (with new
     * constants in every iteration in every other program, or in all of them; with a second loop per component or
     * not) and asserts that each replays with compiled loops as without, value and gradient to the bit, with the
     * loops its full components make.
     */
    private static void assertSameAsWithoutLoops(long seed, int programs, String variants, boolean alwaysConstants,
            boolean secondLoop) {
        Random random = new Random(seed);
        for (long program = 0; program < programs; program++) {
            Nested f = new Nested(program, 45 + random.nextInt(25), 2 + random.nextInt(7), 3 + random.nextInt(5),
                    variants, alwaysConstants || program % 2 == 0, secondLoop, false);
            Tape looped = Tape.traceAll(f.inputs(), f, true);
            assertEquals(f.loops(), looped.compiledLoopCount(), f::toString);
            assertReplaysAsPlain(f, looped, random);
        }
    }

    /** Asserts that {@code looped} gives {@code f}'s recording without loops' value and gradient, to the bit. */
    private static void assertReplaysAsPlain(Nested f, Tape looped, Random random) {
        Tape plain = Tape.traceAll(f.inputs(), f, false);
        double[] x = new double[f.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * random.nextGaussian();
        }
        double[] grad = new double[x.length];
        double[] plainGrad = new double[x.length];
        assertEquals(plain.newWorkspace().gradient(x, plainGrad), looped.newWorkspace().gradient(x, grad),
                f::toString);
        assertArrayEquals(plainGrad, grad, f::toString);
    }

    /**
     * Points that fit one loop body, their components a loop each: once two points repeat exactly, the recorder
     * tries the point's length as a period ({@code LoopFinder.tryPoints}), and the points become one flat loop, the
     * components unrolled in it, instead of a loop per point (eight of these programs made 39 or 40 loops before;
     * the others' components are too short for a loop, and their points were one loop already). Where the points
     * read their data in a shuffled order, no flat loop can hold them: the trial fails once, and every point still
     * makes its loop.
     */
    @Test
    void pointsThatFitOneBodyBecomeOneFlatLoop() {
        Random programs = new Random(15);
        Random values = new Random(16);
        int points = 40;
        for (long program = 0; program < 12; program++) {
            boolean constants = program % 2 == 0;
            int components = 6 + programs.nextInt(5);
            while (pointLength(program, 1, components, constants) > 189) {
                components--;
            }
            int d = 1;
            while (pointLength(program, d + 1, components, constants) <= 189) {
                d++;
            }
            long length = pointLength(program, d, components, constants);
            Nested inOrder = new Nested(program, d, components, points, "0", constants, false, false);
            Tape looped = Tape.traceAll(inOrder.inputs(), inOrder, true);
            List<Loop> found = PlainSweep.programWithLoops(inOrder.inputs(), inOrder).loops();
            Loop last = found.get(found.size() - 1);
            // the first points' loops come before two of them show that the points repeat
            long loops = looped.compiledLoopCount();
            assertTrue(loops <= 4 && last.length == length && last.count >= points - 4,
                    inOrder + ": " + loops + " loops, the last " + last.count + " x " + last.length);
            assertReplaysAsPlain(inOrder, looped, values);

            boolean componentLoops = found.get(0).length < length;
            Nested shuffled = new Nested(program, d, components, points, "0", constants, false, true);
            Tape shuffledLoops = Tape.traceAll(shuffled.inputs(), shuffled, true);
            long shuffledCount = shuffledLoops.compiledLoopCount();
            // the first point's loop may be found too late
            assertTrue(componentLoops ? shuffledCount >= points - 1 : shuffledCount == 0,
                    shuffled + ": " + shuffledCount + " loops");
            assertReplaysAsPlain(shuffled, shuffledLoops, values);
        }
    }

    /** How many instructions a point of a program takes: a point more, recorded without loops, takes this more. */
    private static long pointLength(long seed, int d, int components, boolean constants) {
        Nested one = new Nested(seed, d, components, 1, "0", constants, false, false);
        Nested two = new Nested(seed, d, components, 2, "0", constants, false, false);
        return Tape.traceAll(two.inputs(), two, false).instructionCount()
                - Tape.traceAll(one.inputs(), one, false).instructionCount();
    }

    @Test
    void loopsGuessedFromTheTwoBeforeReplayAsThePlainSweep() {
        assertSameAsWithoutLoops(11, 8, "0", false, false);
    }

    @Test
    void whatLiesBetweenTheLoopsMayDifferFromOneToTheNext() {
        assertSameAsWithoutLoops(12, 16, "0123", false, false);
    }

    @Test
    void aGuessThatEndsShortBecomesPlainInstructionsAgain() {
        assertSameAsWithoutLoops(13, 8, "00023", true, false);
    }

    @Test
    void loopsOfTwoBodiesInTurnAreGuessedEachFromItsKind() {
        assertSameAsWithoutLoops(14, 8, "0002", false, true);
    }
}
