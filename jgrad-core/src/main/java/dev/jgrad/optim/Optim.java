package dev.jgrad.optim;

import dev.jgrad.nn.Schedule;
import java.util.Objects;

/** Argument checks shared by the optimizers. */
final class Optim {

    private Optim() {
    }

    static void checkLength(double[] array, String name, int expected) {
        Objects.requireNonNull(array, name);
        if (array.length != expected) {
            throw new IllegalArgumentException(
                    name + " has length " + array.length + "; expected " + expected);
        }
    }

    /**
     * The schedule's rate for a step, refused unless finite and &ge; 0: a NaN or infinite rate would wreck every
     * parameter, and a negative one climbs the loss instead of descending it (PyTorch refuses it too).
     */
    static double rate(Schedule learningRate, int step) {
        double rate = learningRate.at(step);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                    "learningRate.at(" + step + ") is " + rate + "; a learning rate must be >= 0 and finite");
        }
        return rate;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
