package dev.jgrad.bench;

import dev.jgrad.internal.Rosenbrock;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compiled tape on the extended Rosenbrock function of 1,000,000 variables (scores are per variable) against the
 * same function as plain Java, and on micrograd's demo step (score per step).
 *
 * <pre>java -jar jgrad-bench/target/benchmarks.jar TapeBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TapeBenchmark {

    static final int N = 1_000_000;

    /**
     * The point and a gradient array. Each benchmark takes only the states it uses, so a fork sets up nothing else:
     * recording the interpreted tape, for one, would run the recorder's unpredicted path millions of times and the
     * JIT would then compile the recorder for it.
     */
    @State(Scope.Thread)
    public static class Point {
        double[] x;
        double[] grad;

        @Setup
        public void setUp() {
            x = Rosenbrock.start(N);
            grad = new double[N];
        }
    }

    /** A workspace of the recorded function, its loop compiled. */
    @State(Scope.Thread)
    public static class Compiled {
        Workspace workspace;

        @Setup
        public void setUp() {
            workspace = Rosenbrock.tape(N).newWorkspace();
        }
    }

    /** A workspace of the same recording with its loop not compiled. */
    @State(Scope.Thread)
    public static class Interpreted {
        Workspace workspace;

        @Setup
        public void setUp() {
            workspace = Tape.traceAll(N, (g, v) -> new int[] {Rosenbrock.trace(g, v)}, false).newWorkspace();
        }
    }

    /** micrograd's demo, recorded, and the step count. */
    @State(Scope.Thread)
    public static class Demo {
        Moons moons;
        int step;

        @Setup
        public void setUp() {
            moons = new Moons(1337);
        }
    }

    /** Traces the function, makes a workspace and computes one gradient. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockRecordAndGradient(Point p) {
        Tape tape = Rosenbrock.tape(N);
        return tape.newWorkspace().gradient(p.x, p.grad);
    }

    /** Replays value and gradient on a recorded tape. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockReplayGradient(Point p, Compiled c) {
        return c.workspace.gradient(p.x, p.grad);
    }

    /** Replays value and gradient on the same recording with its loop not compiled: every instruction swept. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockReplayGradientInterpreted(Point p, Interpreted i) {
        return i.workspace.gradient(p.x, p.grad);
    }

    /** Replays the value alone. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockReplayValue(Point p, Compiled c) {
        return c.workspace.value(p.x);
    }

    /** The function as plain Java doubles. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockPrimal(Point p) {
        return Rosenbrock.primal(p.x);
    }

    /** One step of micrograd's demo (replay of loss and gradient, SGD update); the rate cycles over the 100 steps. */
    @Benchmark
    public double moonsStep(Demo d) {
        d.step = (d.step + 1) % 100;
        return d.moons.step(d.step);
    }
}
