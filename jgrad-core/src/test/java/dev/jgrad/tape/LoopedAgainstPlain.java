package dev.jgrad.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/**
 * The check the random-program tests share: a traced program recorded with compiled loops (or lean) replays as the
 * same recording without them, value, second output and vector-Jacobian product equal to the bit, at three points
 * with new data each.
 */
final class LoopedAgainstPlain {

    private LoopedAgainstPlain() {
    }

    /**
     * Records {@code f} both ways and compares three replays, at points drawn from {@code seed}.
     *
     * @param f      a program with two outputs
     * @param inputs its number of inputs
     * @param data   its number of data inputs (0 for none)
     * @param seed   the program's seed, which draws the points and names a failure
     * @return whether the recording with loops compiled any
     */
    static boolean assertSameReplays(TracedDataFunction f, int inputs, int data, long seed) {
        Tape looped = Tape.traceData(inputs, data, f, true);
        Tape plain = Tape.traceData(inputs, data, f, false);
        assertSameReplays(plain, "without loops", looped, "with", seed);
        return looped.compiledLoopCount() > 0;
    }

    /**
     * Compares three replays of two recordings of one program, at points drawn from {@code seed}: {@code actual},
     * named {@code actualName} in a failure's message, against {@code expected}.
     */
    static void assertSameReplays(Tape expected, String expectedName, Tape actual, String actualName, long seed) {
        int inputs = expected.inputCount();
        int data = expected.dataCount();
        Workspace a = actual.newWorkspace();
        Workspace b = expected.newWorkspace();
        Random random = new Random(31 * seed + 7);
        for (int point = 0; point < 3; point++) {
            double[] x = CompiledLoopTest.point(random, inputs);
            if (data > 0) {
                double[] values = CompiledLoopTest.point(random, data);
                a.setData(values);
                b.setData(values);
            }
            double[] weights = {0.3, -1.7};
            double[] fromActual = new double[x.length];
            double[] fromExpected = new double[x.length];
            a.vjp(x, weights, fromActual);
            b.vjp(x, weights, fromExpected);
            String what = "seed " + seed + ", point " + point;
            assertSameBits(b.output(0), a.output(0), what + ", value", expectedName, actualName);
            assertSameBits(b.output(1), a.output(1), what + ", second output", expectedName, actualName);
            for (int i = 0; i < x.length; i++) {
                assertSameBits(fromExpected[i], fromActual[i], what + ", vjp[" + i + "]", expectedName, actualName);
            }
        }
    }

    private static void assertSameBits(double expected, double actual, String what, String expectedName,
            String actualName) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                () -> what + ": " + expected + " " + expectedName + ", " + actual + " " + actualName);
    }
}
