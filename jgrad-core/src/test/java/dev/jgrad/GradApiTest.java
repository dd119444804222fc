package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The contract of {@link Grad} beyond the numbers: validation, independence from Value.grad, graph semantics. */
class GradApiTest {

    static void assertMessage(Class<? extends Throwable> type, Executable call, String fragment) {
        Throwable t = assertThrows(type, call);
        assertTrue(t.getMessage() != null && t.getMessage().contains(fragment), t.getMessage());
    }

    @Test
    void argumentsAreValidatedWithTheirNames() {
        ScalarFunction f = x -> x[0].mul(x[1]);
        VectorFunction v = x -> new Value[] {x[0], x[1]};
        assertMessage(NullPointerException.class, () -> Grad.grad(null, 1, 2), "f");
        assertMessage(NullPointerException.class, () -> Grad.grad(f, (double[]) null), "x");
        assertMessage(NullPointerException.class, () -> Grad.grad(x -> null, 1.0), "f returned null");
        assertMessage(NullPointerException.class, () -> Grad.jacobian(x -> new Value[] {x[0], null}, 1.0),
                "f returned null at output 1");
        assertMessage(IllegalArgumentException.class, () -> Grad.hessianVectorProduct(f, new double[] {1, 2},
                new double[] {1}), "v has length 1 but 2 entries are needed");
        assertMessage(IllegalArgumentException.class, () -> Grad.jvp(v, new double[] {1, 2}, new double[3]),
                "v has length 3");
        assertMessage(IllegalArgumentException.class, () -> Grad.vjp(v, new double[] {1, 2}, new double[1]),
                "u has length 1 but 2 entries are needed (one per output of f)");
        assertMessage(IllegalArgumentException.class, () -> Grad.hessianVectorProduct(x -> x[0].mul(x[0]),
                new double[] {1}, new double[2]), "v has length 2 but 1 entry is needed (one per variable)");
        assertMessage(NullPointerException.class, () -> Grad.vjp(v, new double[] {1, 2}, null), "u");
        assertMessage(IllegalArgumentException.class, () -> Grad.derivatives(Value::exp, 1, -1),
                "order (-1) must be >= 0");
        assertMessage(NullPointerException.class, () -> Grad.derivatives(null, 1, 2), "f");
        Value x = Value.of(1);
        assertMessage(NullPointerException.class, () -> Grad.gradient(null, List.of(x), true), "output");
        assertMessage(NullPointerException.class,
                () -> Grad.gradient(x, java.util.Arrays.asList(x, null), true), "wrt has null at position 1");
        assertMessage(IllegalArgumentException.class,
                () -> Grad.vjp(List.of(x, x), List.of(Value.of(1)), List.of(x), false),
                "cotangents has 1 entry but outputs has 2");
        assertMessage(IllegalArgumentException.class, () -> Grad.jvp(List.of(x), List.of(x), new double[2]),
                "tangent has length 2");
    }

    @Test
    void noVariablesAndUnusedVariables() {
        assertEquals(0, Grad.grad(x -> Value.of(3)).length);
        assertArrayEquals(new double[] {2, 0}, Grad.grad(x -> x[0].mul(2), 5, 7));
        assertArrayEquals(new double[][] {{0, 0}, {0, 0}}, Grad.hessian(x -> x[0].mul(2), 5, 7));
        assertArrayEquals(new double[] {0, 0, 0, 0}, Grad.derivatives(v -> Value.of(0), 1, 3));
        assertArrayEquals(new double[] {3, 0, 0}, Grad.derivatives(v -> Value.of(3), 1, 2));
    }

    @Test
    void functionalCallsLeaveGradFieldsAlone() {
        Value shared = Value.of(2);
        ScalarFunction f = x -> x[0].mul(shared).exp();
        Grad.hessian(f, 0.5);
        Grad.grad(f, 0.5);
        assertEquals(0, shared.grad());
        Value x = Value.of(0.5);
        Value y = x.mul(x).sin();
        List<Value> g = Grad.gradient(y, List.of(x), true);
        Grad.gradient(g.get(0), List.of(x), false);
        assertEquals(0, x.grad());
        assertEquals(0, y.grad());
    }

    @Test
    void gradientWithoutGraphGivesLeavesAndWithGraphGivesNodes() {
        Value x = Value.of(0.5);
        Value y = x.mul(x).mul(x);
        Value plain = Grad.gradient(y, List.of(x), false).get(0);
        Value graph = Grad.gradient(y, List.of(x), true).get(0);
        assertTrue(plain.isLeaf());
        assertEquals(0.75, plain.data());
        assertTrue(!graph.isLeaf());
        assertEquals(0.75, graph.data());
        // d/dx 3x² = 6x; then the graph can be used like any other, with backward() too.
        assertEquals(3.0, Grad.gradient(graph, List.of(x), false).get(0).data(), 1e-15);
        graph.backward();
        assertEquals(3.0, x.grad(), 1e-15);
    }

    @Test
    void interiorNodesAndNodesOutsideTheGraph() {
        Value x = Value.of(0.3);
        Value u = x.mul(3);
        Value y = u.sin().add(u);
        Value stranger = Value.of(9);
        List<Value> g = Grad.gradient(y, List.of(u, x, stranger), false);
        assertEquals(Math.cos(0.9) + 1, g.get(0).data(), 1e-15);
        assertEquals(3 * (Math.cos(0.9) + 1), g.get(1).data(), 1e-15);
        assertEquals(0, g.get(2).data());
        assertEquals(1, Grad.gradient(y, List.of(y), true).get(0).data());
    }

    @Test
    void reusedNodesAccumulate() {
        Value a = Value.of(1.5);
        Value b = a.add(a);
        Value c = b.add(b);
        assertEquals(4, Grad.gradient(c, List.of(a), false).get(0).data());
        assertEquals(4, Grad.jvp(List.of(c), List.of(a), new double[] {1})[0]);
    }

    /** Double backward through a cotangent: d/du of (u · dy/dx) is dy/dx, as with torch.autograd.grad(grad_outputs). */
    @Test
    void vjpIsDifferentiableInItsCotangent() {
        Value x = Value.of(0.4);
        Value y = x.exp().mul(x);
        Value u = Value.of(2.5);
        Value vjp = Grad.vjp(List.of(y), List.of(u), List.of(x), true).get(0);
        double dy = Math.exp(0.4) * 1.4;
        assertEquals(2.5 * dy, vjp.data(), 1e-15);
        assertEquals(dy, Grad.gradient(vjp, List.of(u), false).get(0).data(), 1e-15);
        assertEquals(2.5 * Math.exp(0.4) * 2.4, Grad.gradient(vjp, List.of(x), false).get(0).data(), 1e-14);
    }

    @Test
    void jacobianPicksEitherModeWithTheSameAnswer() {
        VectorFunction wide = x -> new Value[] {x[0].mul(x[1]).add(x[2].sin()), x[3].div(x[0])};
        VectorFunction tall = x -> new Value[] {x[0].mul(x[1]), x[0].sin(), x[1].exp(), x[0].div(x[1])};
        double[][] jw = Grad.jacobian(wide, 1.5, 2, 0.5, 3);
        assertArrayEquals(new double[] {2, 1.5, Math.cos(0.5), 0}, jw[0], 1e-15);
        assertArrayEquals(new double[] {-3 / 2.25, 0, 0, 1 / 1.5}, jw[1], 1e-15);
        double[][] jt = Grad.jacobian(tall, 1.5, 2);
        assertArrayEquals(new double[] {2, 1.5}, jt[0], 1e-15);
        assertArrayEquals(new double[] {Math.cos(1.5), 0}, jt[1], 1e-15);
        assertArrayEquals(new double[] {0, Math.exp(2)}, jt[2], 1e-14);
        assertArrayEquals(new double[] {0.5, -1.5 / 4}, jt[3], 1e-15);
    }

    @Test
    void valueAndJacobianEvaluatesTheFunctionOnceInEitherMode() {
        int[] calls = {0};
        VectorFunction wide = x -> {
            calls[0]++;
            return new Value[] {x[0].mul(x[1]).add(x[2].sin()), x[3].div(x[0])};
        };
        VectorFunction tall = x -> {
            calls[0]++;
            return new Value[] {x[0].mul(x[1]), x[0].sin(), x[1].exp()};
        };
        Grad.ValueAndJacobian w = Grad.valueAndJacobian(wide, 1.5, 2, 0.5, 3);
        assertEquals(1, calls[0]);
        assertArrayEquals(new double[] {3 + Math.sin(0.5), 2}, w.value(), 1e-15);
        assertArrayEquals(new double[] {-3 / 2.25, 0, 0, 1 / 1.5}, w.jacobian()[1], 1e-15);
        Grad.ValueAndJacobian t = Grad.valueAndJacobian(tall, 1.5, 2);
        assertEquals(2, calls[0]);
        assertArrayEquals(new double[] {3, Math.sin(1.5), Math.exp(2)}, t.value(), 1e-15);
        assertArrayEquals(new double[] {0, Math.exp(2)}, t.jacobian()[2], 1e-14);
    }

    @Test
    void nanAndInfinitiesPropagateWithoutThrowing() {
        double[] g = Grad.grad(x -> x[0].log().add(x[1].sqrt()), 0, -1);
        assertEquals(Double.POSITIVE_INFINITY, g[0]);
        assertTrue(Double.isNaN(g[1]));
        assertTrue(Double.isNaN(Grad.hessian(x -> x[0].exp(), Double.NaN)[0][0]));
        assertEquals(2, Grad.hessian(x -> x[0].mul(x[0]), Double.NaN)[0][0]);
    }
}
