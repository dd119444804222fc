package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.nn.MLP;
import org.junit.jupiter.api.Test;

/** The command's lines and the module's errors with a count of one, built without starting Spark. */
class MessagesTest {

    @Test
    void aCountOfOneTakesTheSingular() {
        assertEquals("on 1 row, holding out 0 (seed 7, 1 partition)", TrainCommand.rowsAndPartitions(1, 0, 7, 1));
        assertEquals("on 2 rows, holding out 1 (seed 7, 3 partitions)", TrainCommand.rowsAndPartitions(2, 1, 7, 3));
        assertEquals("lbfgs: 1 iteration, 1 evaluation, 0.500 s per evaluation (converged)",
                new TrainCommand.Outcome(new double[0], 1, 1, "converged").text("lbfgs", 0.5));
        assertEquals("adam: 0 iterations, 0 evaluations, 0.000 s per evaluation (steps)",
                new TrainCommand.Outcome(new double[0], 0, 0, "steps").text("adam", 0));
        Figures one = new Figures();
        one.rows = 1;
        one.correct = 1;
        assertEquals("accuracy 100.0% (1 of 1 row)", one.text(true));
        one.targetSum = 2;
        one.targetSquares = 4;
        assertEquals("RMSE 0.000  R² NaN  (1 row)", one.text(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkLoss.setParameters(new double[1], MLP.scaled(1, 1, new int[] {1})));
        assertEquals("1 value for 2 parameters", e.getMessage());
        RowTape tape = RowTape.at(RowTape.trace((g, p, row) -> g.mul(p[0], row[1]), 1, 2), new double[1], 2);
        e = assertThrows(IllegalArgumentException.class, () -> tape.addGradient(new double[1], new double[1]));
        assertEquals("a row has 1 number; the loss was traced for 2", e.getMessage());
    }
}
