package dev.jgrad.spark;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.Arrays;

/**
 * A {@link RowLoss} compiled once, and one thread's replays of it: the one place where a row's numbers become inputs
 * of the tape. They are ordinary inputs placed after the parameters, so each replay also computes their partials,
 * which are ignored; only the first {@code parameters} entries of the gradient are summed.
 */
final class RowTape {

    private final int parameters;
    private final int width;
    private final Workspace workspace;
    private final double[] inputs;
    private final double[] gradient;

    private RowTape(Tape tape, int parameters, int width) {
        this.parameters = parameters;
        this.width = width;
        this.workspace = tape.newWorkspace();
        this.inputs = new double[parameters + width];
        this.gradient = new double[parameters + width];
    }

    /**
     * Traces the loss with {@code parameters} parameter inputs followed by {@code width} row inputs.
     *
     * @param loss       the loss of one row
     * @param parameters the number of parameters
     * @param width      the number of numbers in a row
     * @return the tape, with one output
     */
    static Tape trace(RowLoss loss, int parameters, int width) {
        return Tape.trace(parameters + width, (g, x) -> loss.apply(g, Arrays.copyOfRange(x, 0, parameters),
                Arrays.copyOfRange(x, parameters, parameters + width)));
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
        RowTape replay = new RowTape(tape, parameters.length, width);
        System.arraycopy(parameters, 0, replay.inputs, 0, parameters.length);
        return replay;
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
        placeRow(row);
        double loss = workspace.gradient(inputs, gradient);
        for (int j = 0; j < parameters; j++) {
            sum[j] += gradient[j];
        }
        return loss;
    }

    /**
     * One row's loss, without its gradient.
     *
     * @param row the row's numbers
     * @return the row's loss
     */
    double loss(double[] row) {
        placeRow(row);
        return workspace.value(inputs);
    }

    private void placeRow(double[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("a row has " + row.length + " numbers; the loss was traced for "
                    + width);
        }
        System.arraycopy(row, 0, inputs, parameters, width);
    }
}
