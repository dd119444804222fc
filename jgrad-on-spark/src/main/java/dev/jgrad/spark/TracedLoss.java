package dev.jgrad.spark;

import dev.jgrad.tape.Tape;
import java.io.Serializable;

/**
 * What an executor needs to evaluate a {@link RowLoss}: the function and its shape, shipped once as a broadcast
 * variable, which each JVM deserializes once. The tape is traced on first use in that JVM and never serialized.
 */
final class TracedLoss implements Serializable {

    private static final long serialVersionUID = 1L;

    final RowLoss loss;
    final int parameters;
    final int width;
    private transient volatile Tape tape;

    TracedLoss(RowLoss loss, int parameters, int width) {
        this.loss = loss;
        this.parameters = parameters;
        this.width = width;
    }

    /** The loss traced with the parameters as inputs and the row's numbers as data inputs; traced once per JVM. */
    Tape tape() {
        Tape traced = tape;
        if (traced == null) {
            synchronized (this) {
                traced = tape;
                if (traced == null) {
                    traced = RowTape.trace(loss, parameters, width);
                    tape = traced;
                }
            }
        }
        return traced;
    }
}
