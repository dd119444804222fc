package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Assume;

/**
 * The oracle of the tensor tests: central finite differences (Richardson-extrapolated, as the scalar tests'
 * {@code FiniteDifferences}) of {@code s(x) = Σ f(x) · w} for fixed random weights {@code w}, so that a function with
 * a tensor output is checked along a generic direction, not only through its sum.
 */
final class TensorCheck {

    private TensorCheck() {
    }

    /** Random doubles in [-2, 2) with a shape. */
    static Tensor random(Random random, int... shape) {
        double[] v = new double[Tensor.zeros(shape).numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() * 4 - 2;
        }
        return Tensor.of(v, shape);
    }

    /** Fresh leaves requiring gradients, holding the given values. */
    static Tensor[] leaves(Tensor... x) {
        Tensor[] out = new Tensor[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Tensor.of(x[i].toDoubleArray(), x[i].shape()).requiresGrad(true);
        }
        return out;
    }

    /** {@code Σ f(x) · w}, the scalar that is differentiated. */
    static Tensor weighted(Function<Tensor[], Tensor> f, Tensor[] x) {
        Tensor out = f.apply(x);
        Random random = new Random(Arrays.hashCode(out.shape()));
        return out.mul(random(random, out.shape())).sum();
    }

    /** Checks every input's gradient, from {@code backward()}, against finite differences. */
    static void gradient(Function<Tensor[], Tensor> f, double tolerance, Tensor... x) {
        Tensor[] leaves = leaves(x);
        Tensor s = weighted(f, leaves);
        s.backward();
        double[][] analytic = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i].shape(), leaves[i].grad().shape(), "gradient shape of input " + i);
            analytic[i] = leaves[i].grad().toDoubleArray();
        }
        compare(v -> weighted(f, v).item(), analytic, s.item(), tolerance, x, "d/dx");
    }

    /**
     * Checks second derivatives: the gradient of {@code t(x) = Σ ∇s(x) · v} (random {@code v}), through a gradient
     * built with {@code createGraph}, against finite differences of {@code t} computed from first-order gradients.
     */
    static void secondOrder(Function<Tensor[], Tensor> f, double tolerance, Tensor... x) {
        Tensor[] leaves = leaves(x);
        Tensor t = directional(f, leaves, true);
        List<Tensor> hv = Tensor.gradients(t, Arrays.asList(leaves), false);
        double[][] analytic = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            analytic[i] = hv.get(i).toDoubleArray();
        }
        compare(v -> directional(f, leaves(v), false).item(), analytic, t.item(), tolerance, x, "d2/dx dv");
    }

    private static Tensor directional(Function<Tensor[], Tensor> f, Tensor[] leaves, boolean createGraph) {
        List<Tensor> g = Tensor.gradients(weighted(f, leaves), Arrays.asList(leaves), createGraph);
        Tensor t = Tensor.scalar(0);
        Random random = new Random(17);
        for (Tensor gi : g) {
            t = t.add(gi.mul(random(random, gi.shape())).sum());
        }
        return createGraph ? t : t.detach();
    }

    private static void compare(Function<Tensor[], Double> s, double[][] analytic, double value, double tolerance,
            Tensor[] x, String what) {
        assertTrue(Double.isFinite(value), () -> "s = " + value);
        for (int i = 0; i < x.length; i++) {
            double[] v = x[i].toDoubleArray();
            for (int j = 0; j < v.length; j++) {
                double h = 1e-5 * Math.max(1, Math.abs(v[j]));
                double coarse = (at(s, x, i, j, h) - at(s, x, i, j, -h)) / (2 * h);
                double fine = (at(s, x, i, j, h / 2) - at(s, x, i, j, -h / 2)) / h;
                Assume.that(Math.abs(fine - coarse) <= 1e-3 * Math.max(1, Math.abs(fine)));
                double numeric = (4 * fine - coarse) / 3;
                double scale = Math.max(1, Math.max(Math.abs(analytic[i][j]), Math.abs(value)));
                int input = i;
                int element = j;
                assertEquals(numeric, analytic[i][j], tolerance * scale,
                        () -> what + " of input " + input + " element " + element + " at "
                                + Arrays.toString(x[input].toDoubleArray()));
            }
        }
    }

    private static double at(Function<Tensor[], Double> s, Tensor[] x, int i, int j, double h) {
        Tensor[] shifted = x.clone();
        double[] v = x[i].toDoubleArray();
        v[j] += h;
        shifted[i] = Tensor.of(v, x[i].shape());
        return s.apply(shifted);
    }
}
