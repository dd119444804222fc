package dev.jgrad.commonsmath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import dev.jgrad.VectorFunction;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.junit.jupiter.api.Test;

/** The objective, its gradient and the Jacobian model against hand-derived derivatives. */
class JgradObjectiveTest {

    /** Rosenbrock's function {@code (1 - x)² + 100 (y - x²)²}. */
    private static final ScalarFunction ROSENBROCK = v -> Value.of(1).sub(v[0]).pow(2)
            .add(v[1].sub(v[0].pow(2)).pow(2).mul(100));

    @Test
    void valueAndGradientOfRosenbrock() {
        double x = -1.2;
        double y = 1;
        double[] point = {x, y};
        assertEquals(Math.pow(1 - x, 2) + 100 * Math.pow(y - x * x, 2),
                JgradObjective.value(ROSENBROCK).getObjectiveFunction().value(point), 1e-12);
        // ∂/∂x = -2(1 - x) - 400 x (y - x²), ∂/∂y = 200 (y - x²)
        assertArrayEquals(new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)},
                JgradObjective.gradient(ROSENBROCK).getObjectiveFunctionGradient().value(point), 1e-12);
    }

    @Test
    void jacobianWithMoreParametersThanOutputs() {
        // (a·b + c, a·sin(c)): rows (b, a, 1) and (sin c, 0, a cos c)
        VectorFunction model = p -> new Value[] {p[0].mul(p[1]).add(p[2]), p[0].mul(p[2].sin())};
        double a = 1.5;
        double b = -2;
        double c = 0.4;
        Pair<RealVector, RealMatrix> r = new JgradJacobianFunction(model)
                .value(new ArrayRealVector(new double[] {a, b, c}));
        assertArrayEquals(new double[] {a * b + c, a * Math.sin(c)}, r.getFirst().toArray(), 1e-15);
        assertArrayEquals(new double[] {b, a, 1}, r.getSecond().getRow(0), 1e-15);
        assertArrayEquals(new double[] {Math.sin(c), 0, a * Math.cos(c)}, r.getSecond().getRow(1), 1e-15);
    }

    @Test
    void nullFunctionsAreRejected() {
        assertEquals("f", assertThrows(NullPointerException.class, () -> JgradObjective.gradient(null)).getMessage());
        assertEquals("f", assertThrows(NullPointerException.class, () -> JgradObjective.value(null)).getMessage());
        assertEquals("model",
                assertThrows(NullPointerException.class, () -> new JgradJacobianFunction(null)).getMessage());
    }
}
