package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.MLP;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A row's numbers as data inputs of the tape, against the same loss traced with the row as ordinary inputs whose
 * partials are dropped: the same losses and parameter gradients, with no entry of the gradient spent on the row.
 */
class RowTapeTest {

    /** The loss traced with parameters and row all differentiable, the row placed after the parameters. */
    private static Tape allInputs(RowLoss loss, int parameters, int width) {
        return Tape.trace(parameters + width, (g, x) -> loss.apply(g, Arrays.copyOfRange(x, 0, parameters),
                Arrays.copyOfRange(x, parameters, parameters + width)));
    }

    private static void assertSameAsAllInputs(RowLoss loss, int parameters, int width, long seed) {
        Random random = new Random(seed);
        double[] x = random.doubles(parameters, -1, 1).toArray();
        Workspace reference = allInputs(loss, parameters, width).newWorkspace();
        double[] inputs = Arrays.copyOf(x, parameters + width);
        double[] all = new double[parameters + width];
        double[] expectedSum = new double[parameters];
        double expectedLoss = 0;
        RowTape tape = RowTape.at(RowTape.trace(loss, parameters, width), x, width);
        double[] sum = new double[parameters];
        double total = 0;
        for (int r = 0; r < 30; r++) {
            double[] row = random.doubles(width, -2, 2).toArray();
            if (r % 3 == 0) {
                row[width - 1] = random.nextInt(2);
            }
            System.arraycopy(row, 0, inputs, parameters, width);
            expectedLoss += reference.gradient(inputs, all);
            for (int j = 0; j < parameters; j++) {
                expectedSum[j] += all[j];
            }
            total += tape.addGradient(row, sum);
        }
        assertEquals(expectedLoss, total, 1e-12 * Math.abs(expectedLoss));
        for (int j = 0; j < parameters; j++) {
            assertEquals(expectedSum[j], sum[j], 1e-12 * (1 + Math.abs(expectedSum[j])), "parameter " + j);
        }
    }

    @Test
    void parameterGradientsEqualThoseOfTheRowAsOrdinaryInputs() {
        RowLoss logistic = (g, p, row) -> {
            int z = g.sum(p[3], g.mul(p[0], row[0]), g.mul(p[1], row[1]), g.mul(p[2], row[2]));
            return g.sub(g.softplus(z), g.mul(row[3], z));
        };
        assertSameAsAllInputs(logistic, 4, 4, 1);
        RowLoss rowOnlyWork = (g, p, row) -> {
            int d = g.sub(p[0], row[2]);
            return g.mul(g.exp(g.mul(row[0], row[1])), g.mul(d, d));
        };
        assertSameAsAllInputs(rowOnlyWork, 1, 3, 2);
        for (NetworkLoss.Kind kind : NetworkLoss.Kind.values()) {
            int outputs = kind == NetworkLoss.Kind.SOFTMAX_CROSS_ENTROPY ? 3 : 1;
            NetworkLoss network = NetworkLoss.of(MLP.scaled(4, 3, new int[] {5, outputs}), kind);
            assertSameAsAllInputs(network, network.parameters(), network.width(), 3);
        }
    }

    @Test
    void theTapeDifferentiatesTheParametersOnlyAndHasOneOutput() {
        Tape tape = RowTape.trace((g, p, row) -> g.mul(p[0], row[1]), 1, 2);
        assertEquals(1, tape.inputCount());
        assertEquals(2, tape.dataCount());
        assertEquals(1, tape.outputCount());
    }

    @Test
    void aRowOfTheWrongWidthIsRefusedWithBothWidths() {
        RowTape tape = RowTape.at(RowTape.trace((g, p, row) -> g.mul(p[0], row[1]), 1, 2), new double[1], 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tape.addGradient(new double[3], new double[1]));
        assertTrue(e.getMessage().contains("a row has 3 numbers; the loss was traced for 2"), e.getMessage());
    }
}
