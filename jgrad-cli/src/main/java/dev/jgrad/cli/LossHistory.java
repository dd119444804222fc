package dev.jgrad.cli;

import java.util.Arrays;

/**
 * The figures of a training run per epoch (or per step, for the demo), for the loss picture, in bounded memory
 * however many epochs run: at most {@link #CAPACITY} epochs are kept, evenly spaced. While there is room every epoch is kept; when the store is full,
 * every second kept epoch is dropped and from then on only every second epoch is recorded, so the kept epochs are
 * always 1, 1 + s, 1 + 2s, ... for a stride {@code s} that doubles each time. The latest epoch is always shown too.
 */
final class LossHistory {

    /** The most epochs kept; a picture 800 pixels wide shows no more. */
    static final int CAPACITY = 1024;

    private final double[] epochs = new double[CAPACITY];
    private final double[] losses = new double[CAPACITY];
    private final double[] validationLosses = new double[CAPACITY];
    private final double[] accuracies = new double[CAPACITY];
    private int size;
    private int stride = 1;
    private int latest;
    private double latestLoss;
    private double latestValidationLoss;
    private double latestAccuracy;

    /**
     * Records one epoch; epochs come in order 1, 2, 3, ...
     *
     * @param epoch          the epoch, from 1
     * @param loss           the mean training loss over the epoch
     * @param validationLoss the loss on the validation rows after the epoch, or NaN without validation rows
     * @param accuracy       the share of training rows classified right during the epoch (NaN for regression)
     */
    void add(int epoch, double loss, double validationLoss, double accuracy) {
        latest = epoch;
        latestLoss = loss;
        latestValidationLoss = validationLoss;
        latestAccuracy = accuracy;
        if ((epoch - 1) % stride != 0) {
            return;
        }
        if (size == CAPACITY) {
            for (int i = 0; i < CAPACITY / 2; i++) {
                epochs[i] = epochs[2 * i];
                losses[i] = losses[2 * i];
                validationLosses[i] = validationLosses[2 * i];
                accuracies[i] = accuracies[2 * i];
            }
            size = CAPACITY / 2;
            stride *= 2;
            if ((epoch - 1) % stride != 0) {
                return;
            }
        }
        epochs[size] = epoch;
        losses[size] = loss;
        validationLosses[size] = validationLoss;
        accuracies[size] = accuracy;
        size++;
    }

    /** The kept epochs, in order, the latest last (at most {@link #CAPACITY} + 1 of them). */
    double[] steps() {
        return withLatest(epochs, latest);
    }

    /** The training loss of each of {@link #steps()}. */
    double[] losses() {
        return withLatest(losses, latestLoss);
    }

    /** The validation loss of each of {@link #steps()}. */
    double[] validationLosses() {
        return withLatest(validationLosses, latestValidationLoss);
    }

    /** The training accuracy of each of {@link #steps()}. */
    double[] accuracies() {
        return withLatest(accuracies, latestAccuracy);
    }

    private double[] withLatest(double[] kept, double latestValue) {
        boolean latestKept = size > 0 && epochs[size - 1] == latest;
        double[] out = Arrays.copyOf(kept, latestKept ? size : size + 1);
        out[out.length - 1] = latestKept ? kept[size - 1] : latestValue;
        return out;
    }
}
