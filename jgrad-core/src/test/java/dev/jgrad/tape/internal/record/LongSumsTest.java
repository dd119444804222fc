package dev.jgrad.tape.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.internal.PlainSweep;
import dev.jgrad.tape.internal.TanhRows;
import org.junit.jupiter.api.Test;

/**
 * An n-ary sum of up to {@code LoopDetector.MAX_ENTRIES / 3} active terms (each term an operand and an edge's operand
 * and partial) may be part of a loop's body: dot products written as {@code g.sum(products)}, one per row, are one
 * loop over the rows, as the same products summed by chained additions are.
 */
class LongSumsTest {

    @Test
    void rowsSummedByAnNarySumOf40TermsAreOneLoop() {
        TanhRows f = new TanhRows(300, 40, true);
        double[] x = f.point(40, 0.3);
        Tape tape = PlainSweep.assertSameJacobian(f, x, f.toString());
        assertEquals(1, tape.compiledLoopCount(), "one loop over the rows");
        PlainSweep.assertGradient(tape, x, f.gradient(x));
    }
}
