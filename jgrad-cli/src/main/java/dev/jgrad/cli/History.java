package dev.jgrad.cli;

import java.util.Arrays;

/**
 * The loss and accuracy of a training run for its plot, in bounded memory however many steps the run has: every
 * step while there are at most {@link #CAPACITY}; beyond that every second kept step is dropped and from then on
 * only every second step is kept, and so on, so what remains is evenly spaced (steps 1, 1 + s, 1 + 2s, ... for a
 * power of two s) and never more than {@link #CAPACITY} points.
 */
final class History {

    /** The most steps kept; a plot is a few hundred pixels wide. */
    static final int CAPACITY = 4096;

    private final long[] steps = new long[CAPACITY];
    private final double[] losses = new double[CAPACITY];
    private final double[] accuracies = new double[CAPACITY];
    private int size;
    private long stride = 1;
    private long count;

    /** Records the next step, numbered from 1. */
    void add(double loss, double accuracy) {
        count++;
        if ((count - 1) % stride != 0) {
            return;
        }
        if (size == CAPACITY) {
            for (int i = 0; i < CAPACITY / 2; i++) {
                steps[i] = steps[2 * i];
                losses[i] = losses[2 * i];
                accuracies[i] = accuracies[2 * i];
            }
            size = CAPACITY / 2;
            stride *= 2;
            if ((count - 1) % stride != 0) {
                return;
            }
        }
        steps[size] = count;
        losses[size] = loss;
        accuracies[size] = accuracy;
        size++;
    }

    /** The numbers of the kept steps, from 1, increasing. */
    double[] steps() {
        return Arrays.stream(steps, 0, size).asDoubleStream().toArray();
    }

    /** The loss at each kept step. */
    double[] losses() {
        return Arrays.copyOf(losses, size);
    }

    /** The accuracy at each kept step. */
    double[] accuracies() {
        return Arrays.copyOf(accuracies, size);
    }
}
