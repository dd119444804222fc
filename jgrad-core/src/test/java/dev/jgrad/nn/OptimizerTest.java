package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    /** Sets the gradient of a leaf to g: zero it, then differentiate g·p. */
    private static void setGrad(Value p, double g) {
        p.zeroGrad();
        p.mul(g).backward();
    }

    @Test
    void sgdWithMomentumByHand() {
        Value p = Value.of(1);
        Sgd sgd = new Sgd(List.of(p), Schedule.constant(0.1), 0.9);
        setGrad(p, 0.5);
        sgd.step();
        assertEquals(0.95, p.data(), 1e-15);   // v = 0.5, p = 1 - 0.1·0.5
        setGrad(p, 0.5);
        sgd.step();
        assertEquals(0.855, p.data(), 1e-15);  // v = 0.9·0.5 + 0.5 = 0.95, p = 0.95 - 0.095
        setGrad(p, -1);
        sgd.step();
        assertEquals(0.8695, p.data(), 1e-15); // v = 0.855 - 1 = -0.145, p = 0.855 + 0.0145
        assertEquals(3, sgd.steps());
    }

    @Test
    void sgdFollowsItsScheduleFromStepZero() {
        Value p = Value.of(0);
        Sgd sgd = new Sgd(List.of(p), Schedule.linear(1.0, 0.1, 100), 0);
        setGrad(p, 1);
        sgd.step();
        assertEquals(-1.0, p.data());          // step 0: lr = 1
        sgd.step();
        assertEquals(-1.0 - 0.991, p.data(), 1e-15); // step 1: lr = 1 - 0.9·1/100
    }

    @Test
    void scheduleValues() {
        Schedule s = Schedule.linear(1.0, 0.1, 100);
        assertEquals(1.0, s.at(0));
        assertEquals(0.55, s.at(50), 1e-15);
        assertEquals(1 - 0.9 * 99 / 100, s.at(99), 1e-15);
        assertEquals(0.1, s.at(100));
        assertEquals(0.1, s.at(5000));
        assertEquals(0.3, Schedule.constant(0.3).at(17));
        assertEquals("steps (0) must be >= 1",
                assertThrows(IllegalArgumentException.class, () -> Schedule.linear(1, 0, 0)).getMessage());
    }

    @Test
    void aLinearScheduleBetweenHugeRatesDoesNotOverflow() {
        // (1e308 - 0) · 5 is beyond the largest double; the rate halfway is 1e308 / 2
        Schedule up = Schedule.linear(0, 1e308, 10);
        Schedule down = Schedule.linear(1e308, 0, 10);
        assertEquals(0, up.at(0));
        assertEquals(5e307, up.at(5), 5e307 * 1e-15);
        assertEquals(9e307, up.at(9), 9e307 * 1e-15);
        assertEquals(1e308, up.at(10));
        assertEquals(1e308, down.at(0));
        assertEquals(5e307, down.at(5), 5e307 * 1e-15);
        assertEquals(1e307, down.at(9), 1e307 * 1e-15);
        assertEquals(0, down.at(10));
        Schedule widest = Schedule.linear(0, Double.MAX_VALUE, 3);
        assertEquals(Double.MAX_VALUE / 3 * 2, widest.at(2));
    }

    @Test
    void adamByHand() {
        Value p = Value.of(1);
        Adam adam = new Adam(List.of(p), 0.1);
        setGrad(p, 0.5);
        adam.step();
        // m = 0.05, v = 0.00025; corrected 0.5 and 0.25; p = 1 - 0.1·0.5/(√0.25 + 1e-8)
        assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), p.data(), 1e-15);
        double p1 = p.data();
        setGrad(p, -1);
        adam.step();
        // m = 0.9·0.05 - 0.1 = -0.055, v = 0.999·0.00025 + 0.001 = 0.00124975; corrections 1 - 0.9², 1 - 0.999²
        assertEquals(p1 + 0.1 * (0.055 / 0.19) / (Math.sqrt(0.00124975 / 0.001999) + 1e-8), p.data(), 1e-15);
    }

    @Test
    void adamAddsEpsilonOutsideTheRoot() {
        Value p = Value.of(1);
        Adam adam = new Adam(List.of(p), 0.1, 0.9, 0.999, 0.5);
        setGrad(p, 0.5);
        adam.step();
        assertEquals(0.95, p.data(), 1e-15); // 1 - 0.1·0.5/(0.5 + 0.5)
    }

    @Test
    void adamTrainsASmallRegressionWithMiniBatches() {
        Random r = new Random(9);
        double[][] x = new double[64][];
        double[] y = new double[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {r.nextDouble() * 2 - 1, r.nextDouble() * 2 - 1};
            y[i] = Math.sin(2 * x[i][0]) + 0.5 * x[i][1];
        }
        Dataset data = new Dataset(x, y);
        MLP model = new MLP(2, new int[] {8, 1}, new Activation[] {Activation.TANH, Activation.LINEAR}, 4);
        Adam adam = new Adam(model.parameters(), 0.05);
        Random shuffle = new Random(1);
        double first = mse(model, data);
        for (int epoch = 0; epoch < 60; epoch++) {
            for (Dataset batch : data.batches(16, shuffle)) {
                List<Value> out = new ArrayList<>();
                for (double[] row : batch.features()) {
                    out.add(model.apply(row).get(0));
                }
                Value loss = Losses.mse(out, batch.targets());
                adam.zeroGrad();
                loss.backward();
                adam.step();
            }
        }
        double last = mse(model, data);
        assertTrue(last < 0.01 && last < first / 20, "mse from " + first + " to " + last);
        assertEquals(240, adam.steps());
    }

    private static double mse(MLP model, Dataset data) {
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            double d = model.predict(data.features()[i])[0] - data.targets()[i];
            sum += d * d;
        }
        return sum / data.size();
    }

    @Test
    void zeroGradAndBadArguments() {
        Value p = Value.of(2);
        Sgd sgd = new Sgd(List.of(p), 0.1);
        setGrad(p, 3);
        sgd.zeroGrad();
        assertEquals(0.0, p.grad());
        Value sum = p.add(1);
        assertEquals("params[1] was made by '+'; an optimizer updates leaves only (the model's parameters)",
                assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p, sum), 0.1)).getMessage());
        assertEquals("momentum (1.0) must be in [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> new Sgd(List.of(p), Schedule.constant(0.1), 1)).getMessage());
        assertEquals("beta2 (1.5) must be in [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(p), 0.1, 0.9, 1.5, 1e-8)).getMessage());
    }

    @Test
    void adamWShrinksTheWeightBeforeTheAdamStep() {
        Value p = Value.of(2);
        Adam adamW = new Adam(List.of(p), Schedule.constant(0.1), 0.9, 0.999, 1e-8, 0.5);
        setGrad(p, 0.5);
        adamW.step();
        // p · (1 - lr·λ) = 2 · 0.95, then the Adam step of the first test: 0.1 · 0.5 / (0.5 + 1e-8)
        assertEquals(2 * 0.95 - 0.1 * 0.5 / (0.5 + 1e-8), p.data(), 1e-15);
        // with no gradient at all only the decay acts: the moments decay to m = 0.045, v = 0.00024975
        double p1 = p.data();
        setGrad(p, 0);
        adamW.step();
        assertEquals(p1 * 0.95 - 0.1 * (0.045 / 0.19) / (Math.sqrt(0.00024975 / 0.001999) + 1e-8), p.data(),
                1e-15);
    }

    @Test
    void adamWithoutWeightDecayIsAdamToTheBit() {
        Value a = Value.of(0.3);
        Value b = Value.of(0.3);
        Adam adam = new Adam(List.of(a), 0.01);
        Adam noDecay = new Adam(List.of(b), Schedule.constant(0.01), 0.9, 0.999, 1e-8, 0);
        for (double g : new double[] {0.7, -1.3, 1e-9, 4}) {
            setGrad(a, g);
            setGrad(b, g);
            adam.step();
            noDecay.step();
            assertEquals(a.data(), b.data());
        }
        assertEquals("weightDecay (-1.0) must be >= 0 and finite", assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(a), Schedule.constant(0.1), 0.9, 0.999, 1e-8, -1)).getMessage());
    }
}
