package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Grad;
import dev.jgrad.Value;
import dev.jgrad.tape.Tape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LbfgsTest {

    static List<TestProblems.Problem> problems() {
        return TestProblems.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void convergesFromTheStandardStart(TestProblems.Problem problem) {
        Lbfgs.Result result = new Lbfgs().withGradientTolerance(1e-8).withValueTolerance(0)
                .minimize(Objective.of(problem.function()), problem.start());

        assertEquals(problem.minimum(), result.value(), 1e-9, () -> problem.name() + ": " + result);
        double tolerance = problem.name().startsWith("powell") ? 1e-2 : 1e-5;
        for (int i = 0; i < problem.argmin().length; i++) {
            assertEquals(problem.argmin()[i], result.x()[i], tolerance, problem.name() + " x[" + i + "]");
        }
        double[] gradient = Grad.grad(problem.function(), result.x());
        double largest = 0;
        for (double g : gradient) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertEquals(largest, result.gradientNorm(), 0, "the reported gradient norm is the gradient's at x");
        assertTrue(result.reason() == Lbfgs.Stop.GRADIENT_TOLERANCE || problem.name().startsWith("powell"),
                () -> problem.name() + " stopped by " + result.reason());
    }

    @Test
    void aQuadraticIsSolvedInAtMostNPlusOneIterationsWithNearExactLineSearches() {
        int n = 10;
        TestProblems.Problem problem = TestProblems.quadratic(n);
        Lbfgs.Result result = new Lbfgs().withGradientTolerance(1e-10).withValueTolerance(0)
                .withLineSearch(new WolfeLineSearch(1e-4, 1e-3, 40))
                .minimize(Objective.of(problem.function()), problem.start());

        assertEquals(Lbfgs.Stop.GRADIENT_TOLERANCE, result.reason());
        assertTrue(result.iterations() <= n + 1, () -> "iterations: " + result.iterations());
        for (int i = 0; i < n; i++) {
            assertEquals(problem.argmin()[i], result.x()[i], 1e-9);
        }
    }

    @Test
    void anObjectiveReplayedFromATapeGivesTheSameRunAsGrad() {
        TestProblems.Problem problem = TestProblems.rosenbrock(10);
        Tape tape = Tape.record(problem.start(), problem.function());
        Lbfgs.Result taped = new Lbfgs().minimize(Objective.of(tape.newWorkspace()), problem.start());
        Lbfgs.Result graphs = new Lbfgs().minimize(Objective.of(problem.function()), problem.start());

        assertEquals(graphs.iterations(), taped.iterations());
        assertEquals(graphs.evaluations(), taped.evaluations());
        assertEquals(graphs.value(), taped.value(), 1e-12);
    }

    @Test
    void theAcceptedStepsSatisfyTheStrongWolfeConditions() {
        TestProblems.Problem problem = TestProblems.rosenbrock(2);
        Objective f = Objective.of(problem.function());
        double[] x = problem.start();
        double[] g = new double[2];
        double value = f.valueAndGradient(x, g);
        double[] direction = {-g[0], -g[1]};
        double slope0 = g[0] * direction[0] + g[1] * direction[1];
        double c1 = 1e-4;
        double c2 = 0.9;
        // steps far too long (zoom), far too short (growth) and in between
        for (double initial : new double[] {1, 1e-6, 1e-3, 10}) {
            double[] xOut = new double[2];
            double[] gOut = new double[2];
            WolfeLineSearch.Step step = new WolfeLineSearch(c1, c2, 30)
                    .search(f, x, value, g, direction, initial, xOut, gOut);

            assertTrue(step.satisfied(), () -> "from " + initial + ": " + step);
            double alpha = step.step();
            double[] expectedX = {x[0] + alpha * direction[0], x[1] + alpha * direction[1]};
            assertEquals(expectedX[0], xOut[0], 0);
            assertEquals(expectedX[1], xOut[1], 0);
            double[] independent = new double[2];
            double valueThere = f.valueAndGradient(expectedX, independent);
            double slope = independent[0] * direction[0] + independent[1] * direction[1];
            assertEquals(valueThere, step.value(), 0);
            assertEquals(independent[0], gOut[0], 0);
            assertTrue(valueThere <= value + c1 * alpha * slope0, "sufficient decrease from " + initial);
            assertTrue(Math.abs(slope) <= c2 * Math.abs(slope0), "curvature from " + initial);
        }
    }

    @Test
    void everyStepOfAMinimizationDecreasesTheValue() {
        TestProblems.Problem problem = TestProblems.wood();
        List<Double> values = new ArrayList<>();
        Objective f = Objective.of(problem.function());
        Objective recording = (x, g) -> {
            double v = f.valueAndGradient(x, g);
            values.add(v);
            return v;
        };
        Lbfgs.Result result = new Lbfgs().minimize(recording, problem.start());

        assertEquals(result.evaluations(), values.size());
        assertTrue(result.value() <= values.get(0));
    }

    @Test
    void aNonFiniteStartIsRejectedWithItsPosition() {
        Objective logOfFirst = Objective.of(x -> x[0].log().add(x[1]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().minimize(logOfFirst, new double[] {-1, 0}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());

        Objective sqrtOfSecond = Objective.of(x -> x[0].add(x[1].sqrt()));
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().minimize(sqrtOfSecond, new double[] {1, 0}));
        assertTrue(g.getMessage().contains("entry 1"), g.getMessage());
    }

    @Test
    void aStepIntoNonFiniteValuesIsShortened() {
        // x - log x: minimum 1 at x = 1, NaN for x < 0, where the growing trial steps from 50 land
        Objective log = Objective.of(x -> x[0].sub(x[0].log()));
        List<Double> values = new ArrayList<>();
        Objective f = (x, g) -> {
            double v = log.valueAndGradient(x, g);
            values.add(v);
            return v;
        };
        Lbfgs.Result result = new Lbfgs().minimize(f, new double[] {50});

        assertTrue(values.stream().anyMatch(v -> Double.isNaN(v)), "a trial step reached x < 0");

        assertEquals(1, result.x()[0], 1e-5);
        assertTrue(Double.isFinite(result.value()));
    }

    @Test
    void anUnboundedObjectiveStopsAtTheLimitWithAFiniteValue() {
        Objective f = Objective.of(x -> x[0].neg());
        Lbfgs.Result result = new Lbfgs().withLimits(5, 1000).minimize(f, new double[] {0});

        assertEquals(Lbfgs.Stop.MAX_ITERATIONS, result.reason(), result.toString());
        assertEquals(5, result.iterations());
        assertTrue(result.value() < 0);
    }

    @Test
    void aGradientWhoseSquareUnderflowsStopsTheSearchWithoutAnError() {
        Objective tinySlope = (x, g) -> {
            g[0] = 1e-200;
            return 1e-200 * x[0];
        };
        Lbfgs.Result result = new Lbfgs().withGradientTolerance(0).minimize(tinySlope, new double[] {1});

        assertEquals(Lbfgs.Stop.LINE_SEARCH_FAILED, result.reason());
        assertEquals(0, result.iterations());
        assertEquals(1, result.x()[0]);
    }

    @Test
    void aStartAtTheMinimumTakesNoStep() {
        Lbfgs.Result result = new Lbfgs().minimize(Objective.of(x -> x[0].mul(x[0])), new double[] {0});
        assertEquals(0, result.iterations());
        assertEquals(1, result.evaluations());
        assertEquals(Lbfgs.Stop.GRADIENT_TOLERANCE, result.reason());
    }

    @Test
    void aPairWithoutPositiveCurvatureLeavesTheKeptPairAsItWas() {
        // (x² - 1)² from 1.4 with one pair and one evaluation per search, worked by hand (g = 4x³ - 4x):
        // step 1 is steepest descent of length 1 to 0.4 (g = -1.344), pair s = -1, y = -6.72, kept;
        // step 2 is the secant step -g s / y = 0.2 to 0.6 (g = -1.536), lowering f from 0.7056 to 0.4096 but with
        // s·y = 0.2 · -0.192 < 0, so that pair is dropped and the next trial is again the secant step of the
        // first pair: 0.6 + 1.536 / 6.72
        Objective well = (x, g) -> {
            g[0] = 4 * x[0] * x[0] * x[0] - 4 * x[0];
            return (x[0] * x[0] - 1) * (x[0] * x[0] - 1);
        };
        List<Double> points = new ArrayList<>();
        Objective recording = (x, g) -> {
            points.add(x[0]);
            return well.valueAndGradient(x, g);
        };
        new Lbfgs().withMemory(1).withLineSearch(new WolfeLineSearch(1e-4, 0.9, 1)).withLimits(3, 4)
                .minimize(recording, new double[] {1.4});

        assertEquals(4, points.size(), points::toString);
        assertEquals(0.4, points.get(1), 1e-12);
        assertEquals(0.6, points.get(2), 1e-12);
        assertEquals(0.6 + 1.536 / 6.72, points.get(3), 1e-12);
    }

    @Test
    void aStepMeetingBothTestsStopsByTheGradientTestAsSciPyDoes() {
        // ½x² from 2e-5: the first step, -min(1, 1/|g|) g = -2e-5, lands on the minimum 0 with gradient 0, lowering
        // f by only 2e-10, below the value tolerance 2.2e-9 · max(|f|, 1)
        Lbfgs.Result result = new Lbfgs().minimize((x, g) -> {
            g[0] = x[0];
            return 0.5 * x[0] * x[0];
        }, new double[] {2e-5});

        assertEquals(0, result.x()[0]);
        assertEquals(1, result.iterations());
        assertEquals(Lbfgs.Stop.GRADIENT_TOLERANCE, result.reason());
    }

    @Test
    void aStartWithANonFiniteEntryIsRejectedWithItsPosition() {
        Objective flat = (x, g) -> {
            Arrays.fill(g, 0);
            return 0;
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs().minimize(flat, new double[] {1, Double.NaN}));
        assertEquals("start[1] is NaN; it must be finite", e.getMessage());
    }

    @Test
    void aGradientWhoseSquaredNormOverflowsStopsWithoutAnError() {
        // ‖∇f‖² = 1e310 is not a double: no step length can be measured against the slope
        Objective steep = (x, g) -> {
            g[0] = 1e155;
            return 1e155 * x[0];
        };
        Lbfgs.Result result = new Lbfgs().minimize(steep, new double[] {0});

        assertEquals(Lbfgs.Stop.LINE_SEARCH_FAILED, result.reason());
        assertEquals(0, result.iterations());
        assertEquals(0, result.x()[0]);
    }

    @Test
    void aLineSearchNamesAMissingObjectiveOrStart() {
        WolfeLineSearch search = new WolfeLineSearch();
        double[] one = {1};
        double[] down = {-1};
        assertEquals("x", assertThrows(NullPointerException.class,
                () -> search.search((x, g) -> 0, null, 0, one, down, 1, new double[1], new double[1])).getMessage());
        assertEquals("f", assertThrows(NullPointerException.class,
                () -> search.search(null, one, 0, one, down, 1, new double[1], new double[1])).getMessage());
    }

    @Test
    void aFailedLineSearchStaysAtTheStartWhenNoTrialDecreasedEnough() {
        // f(x) = (x - 1)² from 0 along +1: φ(0) = 1, φ'(0) = -2; the one trial, α = 1.999, decreases f to 0.998001
        // but sufficient decrease with c₁ = 0.25 demands φ(α) ≤ 1 - 0.25 · 1.999 · 2 = 0.0005
        Objective f = (x, g) -> {
            g[0] = 2 * (x[0] - 1);
            return (x[0] - 1) * (x[0] - 1);
        };
        double[] xOut = new double[1];
        double[] gradientOut = new double[1];
        WolfeLineSearch.Step step = new WolfeLineSearch(0.25, 0.9, 1)
                .search(f, new double[] {0}, 1, new double[] {-2}, new double[] {1}, 1.999, xOut, gradientOut);
        assertEquals(new WolfeLineSearch.Step(0, 1, -2, 1, false), step);
        assertEquals(0, xOut[0]);
        assertEquals(-2, gradientOut[0]);
    }

    @Test
    void aTapeWithSeveralOutputsIsNotAnObjective() {
        Tape tape = Tape.record(List.of(Value.of(1), Value.of(2)), List.of());
        assertThrows(IllegalArgumentException.class, () -> Objective.of(tape.newWorkspace()));
    }
}
