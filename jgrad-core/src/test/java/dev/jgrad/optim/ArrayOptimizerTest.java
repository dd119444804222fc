package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Value;
import dev.jgrad.nn.Adam;
import dev.jgrad.nn.Optimizer;
import dev.jgrad.nn.Schedule;
import dev.jgrad.nn.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ArrayOptimizerTest {

    private static final int SIZE = 5;
    private static final int STEPS = 200;

    /** A least-squares fit with a tanh, built on Value parameters so the List optimizers can step it. */
    private static Value loss(List<Value> p, long seed) {
        Random random = new Random(seed);
        Value sum = Value.of(0);
        for (int row = 0; row < 8; row++) {
            Value z = Value.of(0);
            for (Value w : p) {
                z = z.add(w.mul(random.nextGaussian()));
            }
            Value r = z.tanh().sub(random.nextGaussian());
            sum = sum.add(r.mul(r));
        }
        return sum;
    }

    /**
     * Steps the List optimizer on Value parameters and the array optimizer on a copy, feeding it the same gradients,
     * and requires the same parameters to the bit after every step.
     */
    private static void sameUpdates(Function<List<Value>, Optimizer> listOptimizer,
            BiConsumer<double[], double[]> arrayStep) {
        Random random = new Random(7);
        List<Value> params = new ArrayList<>();
        double[] array = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            array[i] = random.nextGaussian();
            params.add(Value.of(array[i]));
        }
        Optimizer optimizer = listOptimizer.apply(params);
        double[] gradient = new double[SIZE];
        for (int step = 0; step < STEPS; step++) {
            optimizer.zeroGrad();
            loss(params, step % 3).backward();
            for (int i = 0; i < SIZE; i++) {
                gradient[i] = params.get(i).grad();
            }
            optimizer.step();
            arrayStep.accept(array, gradient);
            for (int i = 0; i < SIZE; i++) {
                assertEquals(params.get(i).data(), array[i], 0, "step " + step + " parameter " + i);
            }
        }
    }

    @Test
    void sgdWithMomentumMakesSgdsUpdatesBitForBit() {
        Schedule schedule = Schedule.linear(0.05, 0.005, STEPS);
        ArraySgd sgd = new ArraySgd(SIZE, schedule, 0.9, 0);
        sameUpdates(p -> new Sgd(p, schedule, 0.9), sgd::step);
        assertEquals(STEPS, sgd.steps());
    }

    @Test
    void plainSgdMakesSgdsUpdatesBitForBit() {
        ArraySgd sgd = new ArraySgd(SIZE, 0.1);
        sameUpdates(p -> new Sgd(p, 0.1), sgd::step);
    }

    @Test
    void adamMakesAdamsUpdatesBitForBit() {
        ArrayAdam adam = new ArrayAdam(SIZE, 0.01);
        sameUpdates(p -> new Adam(p, 0.01), adam::step);
        assertEquals(STEPS, adam.steps());
    }

    @Test
    void adamWMakesAdamWsUpdatesBitForBit() {
        Schedule schedule = Schedule.linear(0.02, 0.001, STEPS);
        ArrayAdam adamW = new ArrayAdam(SIZE, schedule, 0.8, 0.99, 1e-6, 0.05);
        sameUpdates(p -> new Adam(p, schedule, 0.8, 0.99, 1e-6, 0.05), adamW::step);
    }

    @Test
    void sgdWeightDecayAddsLambdaTimesTheParameterToTheGradient() {
        ArraySgd sgd = new ArraySgd(1, Schedule.constant(0.1), 0.5, 0.2);
        double[] p = {2};
        sgd.step(p, new double[] {1});
        assertEquals(2 - 0.1 * 1.4, p[0], 1e-15);        // d = 1 + 0.2·2 = 1.4, v = 1.4
        double v = 0.5 * 1.4 + (1 + 0.2 * p[0]);
        double expected = p[0] - 0.1 * v;
        sgd.step(p, new double[] {1});
        assertEquals(expected, p[0], 1e-15);
    }

    @Test
    void adamFedByAnObjectiveMinimizesAQuadratic() {
        Objective f = Objective.of(x -> x[0].sub(3).pow(2).add(x[1].add(1).pow(2)));
        ArrayAdam adam = new ArrayAdam(2, 0.1);
        double[] x = {0, 0};
        double[] g = new double[2];
        for (int i = 0; i < 2000; i++) {
            f.valueAndGradient(x, g);
            adam.step(x, g);
        }
        assertEquals(3, x[0], 1e-3);
        assertEquals(-1, x[1], 1e-3);
    }

    @Test
    void lengthsAndSettingsAreChecked() {
        ArraySgd sgd = new ArraySgd(2, 0.1);
        assertEquals("gradient has length 3; expected 2",
                assertThrows(IllegalArgumentException.class, () -> sgd.step(new double[2], new double[3]))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ArraySgd(2, Schedule.constant(0.1), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ArraySgd(2, Schedule.constant(0.1), 0, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new ArrayAdam(2, Schedule.constant(0.1), 0.9, 0.999, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ArrayAdam(2, Schedule.constant(0.1), 0.9, 0.999, 1e-8, Double.NaN));
    }

    @Test
    void aStepWhoseScheduledRateIsNotFiniteIsRefusedAndChangesNothing() {
        assertRefusedAfter(step -> 0.1 / (1 - step), 1,
                "learningRate.at(1) is Infinity; a learning rate must be >= 0 and finite");
        Value p = Value.of(3);
        Optimizer nan = new Sgd(List.of(p), step -> Double.NaN, 0);
        assertEquals("learningRate.at(0) is NaN; a learning rate must be >= 0 and finite",
                assertThrows(IllegalArgumentException.class, nan::step).getMessage());
        assertEquals(3, p.data());
    }

    @Test
    void aNegativeLearningRateIsRefusedAtConstructionOrAtItsStep() {
        // PyTorch: torch.optim.SGD(ps, lr=-0.1) and Adam(ps, lr=-0.1) raise "Invalid learning rate: -0.1"
        List<Value> ps = List.of(Value.of(1));
        String constant = "rate (-0.1) must be >= 0 and finite";
        assertEquals(constant, assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, -0.1)).getMessage());
        assertEquals(constant, assertThrows(IllegalArgumentException.class, () -> new Adam(ps, -0.1)).getMessage());
        assertEquals(constant, assertThrows(IllegalArgumentException.class, () -> new ArraySgd(2, -0.1)).getMessage());
        assertEquals(constant, assertThrows(IllegalArgumentException.class, () -> new ArrayAdam(2, -0.1)).getMessage());
        assertEquals("rate (NaN) must be >= 0 and finite",
                assertThrows(IllegalArgumentException.class, () -> new ArraySgd(2, Double.NaN)).getMessage());
        assertEquals("rates (0.1, -0.1) must be >= 0 and finite",
                assertThrows(IllegalArgumentException.class, () -> Schedule.linear(0.1, -0.1, 10)).getMessage());
        double[] frozen = {1, 2};
        new ArraySgd(2, 0.0).step(frozen, new double[] {3, 4});
        new ArraySgd(2, -0.0).step(frozen, new double[] {3, 4});
        assertArrayEquals(new double[] {1, 2}, frozen);

        assertRefusedAfter(step -> 0.1 - 0.1 * step, 2,
                "learningRate.at(2) is -0.1; a learning rate must be >= 0 and finite");
    }

    /**
     * Steps an {@link ArraySgd} and an {@link ArrayAdam} on {@code schedule}: {@code accepted} steps, then one that is
     * refused with {@code message} and changes nothing.
     */
    private static void assertRefusedAfter(Schedule schedule, int accepted, String message) {
        ArraySgd sgd = new ArraySgd(2, schedule, 0.9, 0);
        ArrayAdam adam = new ArrayAdam(2, schedule, 0.9, 0.999, 1e-8, 0);
        for (BiConsumer<double[], double[]> rule : List.<BiConsumer<double[], double[]>>of(sgd::step, adam::step)) {
            double[] params = {1, 2};
            for (int k = 0; k < accepted; k++) {
                rule.accept(params, new double[] {0.5, -0.5});
            }
            double[] after = params.clone();
            assertEquals(message, assertThrows(IllegalArgumentException.class,
                    () -> rule.accept(params, new double[] {0.5, -0.5})).getMessage());
            assertArrayEquals(after, params);
        }
        assertEquals(accepted, sgd.steps());
        assertEquals(accepted, adam.steps());
    }
}
