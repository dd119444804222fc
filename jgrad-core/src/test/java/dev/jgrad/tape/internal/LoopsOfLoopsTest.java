package dev.jgrad.tape.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Algebra;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
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
     * dimensions, so the loops of one body come every other loop.
     */
    private record Nested(long seed, int d, int components, int points, String variants, boolean constants,
            boolean secondLoop) implements TracedVectorFunction {

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
            for (int p = 0; p < points; p++) {
                int[] terms = new int[components];
                for (int c = 0; c < components; c++) {
                    int v = variant[p * components + c];
                    int q = v == 1 ? g.mul(x[scale + c * d], 0.5) : g.constant(0);
                    for (int e = 0; e < (v == 3 ? 3 : d); e++) {
                        int z = g.sub(x[data + p * d + e], x[mu + c * d + e]);
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
                            sum = g.add(sum, g.sin(g.mul(x[data + p * d + e], x[scale + c * d + e])));
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
                    variants, alwaysConstants || program % 2 == 0, secondLoop);
            Tape looped = Tape.traceAll(f.inputs(), f, true);
            Tape plain = Tape.traceAll(f.inputs(), f, false);
            assertEquals(f.loops(), looped.compiledLoopCount(), f::toString);
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
