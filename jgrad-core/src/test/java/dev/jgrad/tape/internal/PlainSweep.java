package dev.jgrad.tape.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedVectorFunction;
import dev.jgrad.tape.internal.record.Recorder;
import java.util.Random;

/** Test helper: a traced function recorded with compiled loops, against its plain sweep. */
public final class PlainSweep {

    private PlainSweep() {
    }

    /**
     * Asserts that {@code f}, recorded with loops compiled, gives at {@code x} the Jacobian of its plain sweep (loops
     * off), to the bit; returns the tape with loops.
     */
    public static Tape assertSameJacobian(TracedVectorFunction f, double[] x, String what) {
        Tape looped = Tape.traceAll(x.length, f, true);
        Tape plain = Tape.traceAll(x.length, f, false);
        double[][] jacobian = new double[looped.outputCount()][x.length];
        double[][] plainJacobian = new double[plain.outputCount()][x.length];
        looped.newWorkspace().jacobian(x, jacobian);
        plain.newWorkspace().jacobian(x, plainJacobian);
        for (int row = 0; row < jacobian.length; row++) {
            assertArrayEquals(plainJacobian[row], jacobian[row], what + ", row " + row);
        }
        return looped;
    }

    /**
     * Asserts that {@code tape}'s gradient at {@code x} is {@code expected} (derived by hand) within {@code 1e-10}
     * relative to each entry's size.
     */
    public static void assertGradient(Tape tape, double[] x, double[] expected) {
        double[] gradient = new double[x.length];
        tape.newWorkspace().gradient(x, gradient);
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], gradient[i], 1e-10 * (1 + Math.abs(expected[i])), "input " + i);
        }
    }

    /** {@code f} recorded with compiled loops over {@code n} inputs: the program, whose loops a test can read. */
    public static Program programWithLoops(int n, TracedVectorFunction f) {
        Recorder recorder = new Recorder(n, true);
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return recorder.finish(f.apply(recorder, x));
    }

    /** {@code n} values drawn from the standard normal distribution with {@code seed}. */
    public static double[] gaussianPoint(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }
}
