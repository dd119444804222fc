package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One custom op, every engine: Value.backward, Grad's reverse and forward modes, gradients as graphs, the tape. */
class CustomOpEnginesTest {

    /** softplus(x) = ln(1 + e^x), softplus' = sigmoid, written with a built-in rule. */
    static final CustomOp SOFTPLUS = CustomOp.unary("softplus",
            x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
            (g, x, out) -> g.apply(Op.SIGMOID, x, Algebra.NONE, Algebra.NONE));

    static final ScalarFunction F = x -> SOFTPLUS.apply(x[0].mul(x[1])).add(Special.erf(x[1]))
            .mul(Special.logGamma(x[0].add(2)));

    @Test
    void everyEngineGivesTheSameGradient() {
        double[] x = {0.7, -0.4};
        double[] expected = Grad.grad(F, x);
        assertTrue(GradCheck.check(F, x).passed(), () -> GradCheck.check(F, x).toString());

        Value a = Value.of(x[0]);
        Value b = Value.of(x[1]);
        Value y = F.apply(new Value[] {a, b});
        y.backward();
        assertEquals(expected[0], a.grad(), 1e-15);
        assertEquals(expected[1], b.grad(), 1e-15);

        List<Value> graph = Grad.gradient(y, List.of(a, b), true);
        assertEquals(expected[0], graph.get(0).data(), 1e-15);
        assertEquals(expected[1], graph.get(1).data(), 1e-15);

        double[] tangent = Grad.jvp(List.of(y), List.of(a, b), new double[] {1, 0});
        assertEquals(expected[0], tangent[0], 1e-15);

        Workspace w = Tape.record(y, List.of(a, b)).newWorkspace();
        double[] g = new double[2];
        assertEquals(y.data(), w.gradient(x, g), 1e-15);
        assertEquals(expected[0], g[0], 1e-15);
        assertEquals(expected[1], g[1], 1e-15);
        double[] elsewhere = {1.3, 0.2};
        assertEquals(Grad.grad(F, elsewhere)[1], gradientAt(w, elsewhere)[1], 1e-15);
    }

    static double[] gradientAt(Workspace w, double[] x) {
        double[] g = new double[x.length];
        w.gradient(x, g);
        return g;
    }

    @Test
    void secondDerivativesOfCustomOpsComeFromTheirDerivativeExpressions() {
        assertTrue(GradCheck.checkRule(SOFTPLUS, 0.3).passed());
        double s = 1 / (1 + Math.exp(-0.3));
        assertEquals(s * (1 - s), Grad.derivatives(SOFTPLUS::apply, 0.3, 2)[2], 1e-15);
        double[][] h = Grad.hessian(F, 0.7, -0.4);
        assertEquals(h[0][1], h[1][0], 1e-14);
        assertTrue(GradCheck.withTolerances(1e-6, 1e-6, 1e-8).hessian(F, 0.7, -0.4).passed());
    }

    @Test
    void factoriesCheckTheirArguments() {
        assertThrows(NullPointerException.class, () -> CustomOp.unary(null, x -> x, (g, x, out) -> x));
        assertThrows(NullPointerException.class, () -> CustomOp.unary("f", null, (g, x, out) -> x));
        assertThrows(NullPointerException.class, () -> CustomOp.unary("f", x -> x, null));
        assertThrows(NullPointerException.class, () -> CustomOp.binary("f", Double::sum, null));
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                () -> SOFTPLUS.apply(Value.of(1), Value.of(2)));
        assertTrue(arity.getMessage().contains("'softplus' of arity 1 given 2 operands"), arity.getMessage());
        IllegalStateException on = assertThrows(IllegalStateException.class,
                () -> SOFTPLUS.on(new ValueAlgebra(), 0, 1));
        assertTrue(on.getMessage().contains("takes 1 operand"), on.getMessage());
        assertEquals("softplus", SOFTPLUS.toString());
        assertEquals(1, SOFTPLUS.arity());
        assertEquals(2, CustomOp.binary("hypot", Math::hypot, (g, arg, a, b, out) -> g.div(a, out)).arity());
    }
}
