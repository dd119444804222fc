package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Grad;
import dev.jgrad.ScalarFunction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The examples run, and reach what they claim. */
class ExamplesTest {

    static String output(Runnable main) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertDoesNotThrow(main::run);
        } finally {
            System.setOut(original);
        }
        return captured.toString();
    }

    @Test
    void newtonFindsTheMinimumOfRosenbrock() {
        NewtonExample.Result r = NewtonExample.minimize(NewtonExample.ROSENBROCK, new double[] {-1.2, 1}, 1e-10,
                100, false);
        assertArrayEquals(new double[] {1, 1}, r.x(), 1e-9);
        assertTrue(r.iterations() < 30, "iterations " + r.iterations());
        assertTrue(output(() -> NewtonExample.main(new String[0])).contains("minimum at [1.0, 1.0]"));
    }

    @Test
    void newtonFromOtherStarts() {
        ScalarFunction bowl = x -> x[0].sub(3).pow(2).add(x[1].add(1).pow(4)).add(x[0].mul(x[1]).cos());
        NewtonExample.Result r = NewtonExample.minimize(bowl, new double[] {0.5, 0.5}, 1e-9, 100, false);
        double[] g = Grad.grad(bowl, r.x());
        assertEquals(0, Math.hypot(g[0], g[1]), 1e-9);
    }

    @Test
    void bothFitsRecoverTheParametersAndNewtonNeedsFarFewerSteps() {
        double[][] data = CurveFitExample.data(7);
        ScalarFunction loss = CurveFitExample.loss(data[0], data[1]);
        double[] start = {1, 1, 0};
        CurveFitExample.Fit gd = CurveFitExample.gradientDescent(loss, start, 0.1, 2000);
        CurveFitExample.Fit nt = CurveFitExample.newton(loss, start, 1e-10, 50);
        assertArrayEquals(CurveFitExample.TRUE_PARAMETERS, gd.parameters(), 0.1);
        assertArrayEquals(CurveFitExample.TRUE_PARAMETERS, nt.parameters(), 0.1);
        assertTrue(nt.steps() < 20, "Newton steps " + nt.steps());
        assertTrue(nt.loss() <= gd.loss() * (1 + 1e-9), nt.loss() + " vs " + gd.loss());
        assertTrue(output(() -> CurveFitExample.main(new String[0])).contains("Newton"));
    }
}
