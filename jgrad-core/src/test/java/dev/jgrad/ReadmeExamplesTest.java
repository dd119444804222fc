package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Datasets;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Schedule;
import dev.jgrad.nn.Sgd;
import dev.jgrad.optim.Lbfgs;
import dev.jgrad.optim.Objective;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java snippets of README.md, as written there, with the results the README states. */
class ReadmeExamplesTest {

    @Test
    void dataInputs() {
        Tape tape = Tape.traceData(1, 1, (g, x, z) -> new int[] {g.mul(x[0], g.exp(z[0]))});   // f(x; z) = x e^z
        Workspace w = tape.newWorkspace();
        w.setData(new double[] {0.5});
        double[] grad = new double[1];
        assertEquals(2 * Math.exp(0.5), w.gradient(new double[] {2}, grad));
        assertArrayEquals(new double[] {Math.exp(0.5)}, grad);
    }

    @Test
    void leanTape() {
        Tape lean = Tape.traceLean(2, 0, (g, x, z) -> new int[] {g.mul(g.sin(x[0]), x[1])});   // f = x1 sin x0
        double[] grad = new double[2];
        lean.newWorkspace().gradient(new double[] {1, 2}, grad);   // grad = {2 cos 1, sin 1}
        assertArrayEquals(new double[] {2 * Math.cos(1), Math.sin(1)}, grad);
    }

    @Test
    void constantsGetNoGradient() {
        Value x = Value.of(3);
        Value y = x.mul(2.0).add(x.mul(x.detach()));
        y.backward();
        assertEquals(2 + 3, x.grad());
        assertEquals(0, y.inputs().get(0).inputs().get(1).grad());
    }

    @Test
    void lbfgsOnRosenbrock() {
        ScalarFunction rosenbrock = x -> x[1].sub(x[0].mul(x[0])).pow(2).mul(100).add(Value.of(1).sub(x[0]).pow(2));
        double[] start = {-1.2, 1};
        Lbfgs.Result r = new Lbfgs().minimize(Objective.of(Tape.record(start, rosenbrock).newWorkspace()), start);
        assertArrayEquals(new double[] {1, 1}, r.x(), 1e-5);
        assertEquals(36, r.iterations());
        assertEquals(45, r.evaluations());
    }

    @Test
    void trainingANetwork() {
        Dataset moons = Datasets.moons(100, 0.1, 1337);
        double[] labels = new double[moons.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 2 * moons.targets()[i] - 1;
        }
        MLP model = MLP.of(1337, 2, 16, 16, 1);
        Sgd sgd = new Sgd(model.parameters(), Schedule.linear(1.0, 0.1, 100), 0);
        for (int step = 0; step < 100; step++) {
            List<Value> scores = new ArrayList<>();
            for (double[] x : moons.features()) {
                scores.add(model.apply(x).get(0));
            }
            Value loss = Losses.hinge(scores, labels).add(Losses.l2(model.parameters()).mul(1e-4));
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
        }
        int correct = 0;
        for (int i = 0; i < moons.size(); i++) {
            correct += (model.predict(moons.features()[i])[0] > 0) == (labels[i] > 0) ? 1 : 0;
        }
        assertTrue(correct >= 95, correct + " of 100 points right");
    }

    @Test
    void loopsBecomeBytecode() {
        int n = 1_000_000;
        Tape rosenbrock = Tape.trace(n, (g, v) -> {
            int sum = g.constant(0), one = g.constant(1), hundred = g.constant(100);
            for (int i = 0; i + 1 < n; i++) {
                int d = g.sub(v[i + 1], g.mul(v[i], v[i])), e = g.sub(one, v[i]);
                sum = g.add(sum, g.add(g.mul(hundred, g.mul(d, d)), g.mul(e, e)));
            }
            return sum;
        });
        assertEquals(1, rosenbrock.compiledLoopCount());
        assertEquals(7_999_996, rosenbrock.instructionCount());
        assertTrue(rosenbrock.programBytes() < 4096);
        double[] at = new double[n], gradient = new double[n];
        java.util.Arrays.fill(at, 0.5);
        rosenbrock.newWorkspace().gradient(at, gradient);
        assertEquals(-400 * 0.5 * 0.25 - 2 * 0.5, gradient[0]);
    }

    @Test
    void higherOrder() {
        ScalarFunction rosenbrock = x -> Value.of(1).sub(x[0]).pow(2).add(x[1].sub(x[0].pow(2)).pow(2).mul(100));
        assertArrayEquals(new double[] {-215.6, -88}, Grad.grad(rosenbrock, -1.2, 1), 1e-12);
        // d²f/dx² = 2 - 400 (y - 3x²), d²f/dxdy = -400x, d²f/dy² = 200
        double[][] h = Grad.hessian(rosenbrock, -1.2, 1);
        assertArrayEquals(new double[] {2 - 400 * (1 - 3 * 1.44), 480}, h[0], 1e-9);
        assertArrayEquals(new double[] {480, 200}, h[1], 1e-9);
        assertArrayEquals(h[0], Grad.hessianVectorProduct(rosenbrock, new double[] {-1.2, 1}, new double[] {1, 0}),
                1e-9);
        // (sin x · e^x)' = e^x (sin x + cos x), '' = 2 e^x cos x
        double[] d = Grad.derivatives(x -> x.sin().mul(x.exp()), 0.5, 5);
        assertEquals(6, d.length);
        assertEquals(Math.exp(0.5) * (Math.sin(0.5) + Math.cos(0.5)), d[1], 1e-12);
        assertEquals(2 * Math.exp(0.5) * Math.cos(0.5), d[2], 1e-12);
    }

    @Test
    void customOperation() {
        CustomOp softplus = CustomOp.unary("softplus",
                x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
                (g, x, out) -> g.apply(Op.SIGMOID, x, Algebra.NONE, Algebra.NONE));
        GradCheck.Report report = GradCheck.checkRule(softplus, 0.3);
        assertTrue(report.mismatches().isEmpty(), report.toString());
    }

    @Test
    void compiledTape() {
        Value x = Value.of(1);
        Value y = Value.of(2);
        Tape tape = Tape.record(x.mul(y).add(x.sin()), List.of(x, y));
        Workspace w = tape.newWorkspace();
        double[] grad = new double[2];
        double f = w.gradient(new double[] {0.5, 3}, grad);
        assertEquals(1.5 + Math.sin(0.5), f, 1e-15);
        assertArrayEquals(new double[] {3 + Math.cos(0.5), 0.5}, grad, 1e-15);

        Tape bad = Tape.record(new double[] {2}, v -> v[0].data() > 0 ? v[0] : v[0].neg());
        assertEquals(-3, bad.newWorkspace().value(new double[] {-3}));
        Tape good = Tape.record(new double[] {2}, v -> Value.where(v[0], v[0], v[0].neg()));
        assertEquals(3, good.newWorkspace().value(new double[] {-3}));
    }
}
