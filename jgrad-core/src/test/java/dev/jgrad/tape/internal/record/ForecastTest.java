package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jgrad.tape.internal.Codes;
import dev.jgrad.tape.internal.Loop;
import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Position;
import dev.jgrad.tape.internal.Loop.Ref;
import org.junit.jupiter.api.Test;

/**
 * The guess of a loop of loops' next loop: every slot of the body moved on as it moved between the last two, each
 * reference of the kind the detector would give it there, or no guess.
 */
class ForecastTest {

    private static final int LENGTH = 3;
    private static final int COUNT = 5;
    /** The slot of a constant every iteration reads (a partial of 1, say). */
    private static final int ONE = 5;

    /**
     * A loop at {@code firstSlot} of three positions per iteration: {@code z = x[i] * w}, {@code s = s + z} (carried),
     * {@code sin(s)}; {@code x} read from {@code xBase} at a stride of 2, {@code w} from {@code wSlot} in every
     * iteration. The fixed reads share one reference per slot, as the detector makes them.
     */
    private static Loop loop(int firstSlot, int xBase, int wSlot) {
        Ref x = new Ref(Kind.MEMORY, xBase, 2, -1);
        Ref w = new Ref(Kind.MEMORY, wSlot, 0, -1);
        Ref one = new Ref(Kind.MEMORY, ONE, 0, -1);
        Ref z = new Ref(Kind.LOCAL, firstSlot, LENGTH, 0);
        Ref s = new Ref(Kind.LOCAL, firstSlot + 1, LENGTH, 1);
        Ref previous = new Ref(Kind.CARRY, firstSlot - LENGTH + 1, LENGTH, 1);
        Ref previousAdjoint = new Ref(Kind.CARRY, firstSlot - LENGTH + 1, LENGTH, 1);
        Position[] body = {
            new Position(Codes.MUL, -1, new Ref[] {x, w}, new Ref[] {new Ref(Kind.MEMORY, xBase, 2, -1)},
                    new Ref[] {w}),
            new Position(Codes.ADD, -1, new Ref[] {previous, z}, new Ref[] {z, previousAdjoint}, new Ref[] {one, one}),
            new Position(Codes.SIN, -1, new Ref[] {s}, new Ref[] {s}, new Ref[] {new Ref(Kind.MEMORY, 40, 0, -1)}),
        };
        Loop loop = new Loop(firstSlot, LENGTH, body);
        loop.count = COUNT;
        return loop;
    }

    @Test
    void everySlotMovesOnAsItMovedBetweenTheLastTwo() {
        Loop next = new Forecast().after(loop(1000, 10, 7), loop(1100, 20, 7), 0);
        assertNotNull(next);
        assertEquals(1200, next.firstSlot);
        assertEquals(0, next.count);
        Position mul = next.body[0];
        assertEquals(30, mul.operands[0].base);
        assertEquals(2, mul.operands[0].stride);
        assertEquals(Kind.MEMORY, mul.operands[0].kind);
        assertEquals(7, mul.operands[1].base);
        assertEquals(30, mul.edgeOperands[0].base);
        // one reference per fixed slot read, as an operand or a partial
        assertSame(mul.operands[1], mul.edgePartials[0]);
        Position add = next.body[1];
        assertEquals(Kind.CARRY, add.operands[0].kind);
        assertEquals(1200 - LENGTH + 1, add.operands[0].base);
        assertEquals(Kind.LOCAL, add.operands[1].kind);
        assertEquals(1200, add.operands[1].base);
        // one reference per body position read within the iteration
        assertSame(add.operands[1], add.edgeOperands[0]);
        assertSame(add.edgePartials[0], add.edgePartials[1]);
        assertEquals(ONE, add.edgePartials[0].base);
        assertEquals(1201, next.body[2].operands[0].base);
    }

    /** {@code loop} with a cosine where it takes the sine: another body. */
    private static Loop withCosine(Loop loop) {
        Position sine = loop.body[2];
        loop.body[2] = new Position(Codes.COS, -1, sine.operands, sine.edgeOperands, sine.edgePartials);
        return loop;
    }

    @Test
    void loopsThatDifferInMoreThanTheirSlotsGiveNoGuess() {
        assertNull(new Forecast().after(loop(1000, 10, 7), withCosine(loop(1100, 20, 7)), 0));
    }

    @Test
    void eachLoopOfAPointIsGuessedFromTheTwoOfItsKindBeforeIt() {
        Forecast forecast = new Forecast();
        assertNull(forecast.next(loop(1000, 10, 7)));
        assertNull(forecast.next(withCosine(loop(1100, 50, 7))));
        assertNull(forecast.next(loop(1200, 20, 7)), "no loop of a point of two before it yet");
        // the next point's first loop, from the two first loops before it
        Loop guess = forecast.next(withCosine(loop(1300, 60, 7)));
        assertEquals(1400, guess.firstSlot);
        assertEquals(30, guess.body[0].operands[0].base);
        assertEquals(Codes.SIN, guess.body[2].code);
        // and its second loop, from the two second loops
        guess = forecast.next(loop(1400, 30, 7));
        assertEquals(1500, guess.firstSlot);
        assertEquals(70, guess.body[0].operands[0].base);
        assertEquals(Codes.COS, guess.body[2].code);
    }

    @Test
    void loopsOneAfterAnotherOfOneBodyAreGuessedFromTheLastTwo() {
        Forecast forecast = new Forecast();
        assertNull(forecast.next(loop(1000, 10, 7)));
        assertEquals(1200, forecast.next(loop(1100, 20, 7)).firstSlot);
        // a loop that starts later than guessed: the next guess moves on from it
        assertEquals(1450, forecast.next(loop(1275, 30, 7)).firstSlot);
    }

    @Test
    void aGuessThatWouldOverlapTheLastLoopIsNone() {
        // the last loop ends at 1,015 + 15: a loop moved on by 10 would start inside it
        assertNull(new Forecast().after(loop(1005, 10, 7), loop(1015, 20, 7), 0));
    }

    @Test
    void aWorkspaceReadMovedToTheLoopsStartOrLaterIsNoGuess() {
        // w moves on by 150 a loop, the loops by 100: the next loop would read it at 1,201, its own second position
        assertNull(new Forecast().after(loop(1000, 10, 901), loop(1100, 20, 1051), 0));
        assertNotNull(new Forecast().after(loop(1000, 10, 901), loop(1100, 20, 1001), 0));
    }

    @Test
    void aStartFromAPassiveSlotMovesOnToo() {
        Loop before = loop(1000, 10, 7);
        Loop last = loop(1100, 20, 7);
        before.startFrom[1] = 3;
        assertNull(new Forecast().after(before, last, 0), "one starts from a passive slot, the other does not");
        last.startFrom[1] = 4;
        assertEquals(5, new Forecast().after(before, last, 0).startFrom[1]);
        last.startFrom[1] = 1;
        before.startFrom[1] = 3;
        assertNull(new Forecast().after(before, last, 0), "it would start from slot -1");
    }
}
