package dev.jgrad.spark;

import dev.jgrad.internal.Plural;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;

/**
 * A {@link RowLoss} compiled once, and one thread's replays of it: the one place where a row's numbers meet the tape.
 * The parameters are the tape's differentiable inputs and a row's numbers its data inputs ({@link Tape#traceData}),
 * bound before each row's replay; no adjoint is computed for them, nor for the operations on a row's numbers alone.
 */
final class RowTape {

    private final int width;
    private final Workspace workspace;
    private final double[] parameters;
    private final double[] gradient;

    private RowTape(Tape tape, double[] parameters, int width) {
        this.width = width;
        this.workspace = tape.newWorkspace();
        this.parameters = parameters.clone();
        this.gradient = new double[parameters.length];
    }

    /**
     * Traces the loss with {@code parameters} differentiable inputs and {@code width} data inputs, a row's numbers.
     *
     * @param loss       the loss of one row
     * @param parameters the number of parameters
     * @param width      the number of numbers in a row
     * @return the tape, with one output
     */
    static Tape trace(RowLoss loss, int parameters, int width) {
        return Tape.traceData(parameters, width, (g, p, row) -> new int[] {loss.apply(g, p, row)});
    }

    /**
     * A replayer of a tape made by {@link #trace}, at the given parameters.
     *
     * @param tape       the traced loss
     * @param parameters the parameter vector (copied)
     * @param width      the number of numbers in a row
     * @return the replayer, for one thread
     */
    static RowTape at(Tape tape, double[] parameters, int width) {
        return new RowTape(tape, parameters, width);
    }

    /**
     * Adds one row's loss gradient with respect to the parameters to {@code sum}.
     *
     * @param row the row's numbers
     * @param sum the running gradient sum, as long as the parameter vector
     * @return the row's loss
     * @throws IllegalArgumentException if the row is not as wide as the loss was traced for
     */
    double addGradient(double[] row, double[] sum) {
        bindRow(row);
        double loss = workspace.gradient(parameters, gradient);
        for (int j = 0; j < gradient.length; j++) {
            sum[j] += gradient[j];
        }
        return loss;
    }

    private void bindRow(double[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("a row has " + Plural.of(row.length, "number")
                    + "; the loss was traced for " + width);
        }
        workspace.setData(row);
    }
}
