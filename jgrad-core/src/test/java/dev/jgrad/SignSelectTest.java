package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link Op#RELU} and {@link Op#WHERE} select by a value's sign in integer arithmetic on its bits: their results
 * must be those of the comparisons {@code a < 0 ? 0 : a} and {@code a > 0 ? b : c}, bit for bit (signed zeros and NaN
 * payloads included), on every kind of double.
 */
class SignSelectTest {

    /** Zeros, subnormals, the extremes, infinities and NaNs of both signs and several payloads, and ordinary values. */
    private static List<Double> edges() {
        long[] bits = {
            0L, 0x8000_0000_0000_0000L, 1L, 0x8000_0000_0000_0001L, 0x000F_FFFF_FFFF_FFFFL, 0x0010_0000_0000_0000L,
            0x7FEF_FFFF_FFFF_FFFFL, 0xFFEF_FFFF_FFFF_FFFFL, 0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L,
            0x7FF0_0000_0000_0001L, 0xFFF0_0000_0000_0001L, 0x7FF8_0000_0000_0000L, 0xFFF8_0000_0000_0000L,
            0x7FFF_FFFF_FFFF_FFFFL, 0xFFFF_FFFF_FFFF_FFFFL, Double.doubleToRawLongBits(1), Double.doubleToRawLongBits(-1),
            Double.doubleToRawLongBits(0.5), Double.doubleToRawLongBits(-1e-300)
        };
        List<Double> values = new ArrayList<>();
        for (long b : bits) {
            values.add(Double.longBitsToDouble(b));
        }
        return values;
    }

    private static void assertSameBits(double expected, double actual, String where) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), where);
    }

    private static void checkRelu(double a) {
        assertSameBits(a < 0 ? 0 : a, Op.RELU.value(a, 0, 0), "relu(" + a + ") bits " + Long.toHexString(
                Double.doubleToRawLongBits(a)));
    }

    private static void checkWhere(double a, double b, double c) {
        assertSameBits(a > 0 ? b : c, Op.WHERE.value(a, b, c), "where(" + a + ", " + b + ", " + c + ")");
    }

    @Test
    void reluOfEveryKindOfDouble() {
        for (double a : edges()) {
            checkRelu(a);
        }
    }

    @Test
    void whereOfEveryKindOfDouble() {
        for (double a : edges()) {
            for (double b : edges()) {
                for (double c : edges()) {
                    checkWhere(a, b, c);
                }
            }
        }
    }

    @Test
    void randomBitPatterns() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 100_000; i++) {
            double a = Double.longBitsToDouble(random.nextLong());
            checkRelu(a);
            checkWhere(a, Double.longBitsToDouble(random.nextLong()), Double.longBitsToDouble(random.nextLong()));
        }
    }

    @Property(tries = 200)
    void arbitraryDoubles(@ForAll double a, @ForAll double b, @ForAll double c) {
        checkRelu(a);
        checkWhere(a, b, c);
    }
}
