package dev.jgrad.bench;

import dev.jgrad.tape.Rosenbrock;
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
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TapeBenchmark {

    static final int N = 1_000_000;

    private double[] x;
    private double[] grad;
    private Workspace workspace;
    private Workspace interpreted;
    private Moons moons;
    private int step;

    @Setup
    public void setUp() {
        x = Rosenbrock.start(N);
        grad = new double[N];
        workspace = Rosenbrock.tape(N).newWorkspace();
        interpreted = Tape.traceAll(N, (g, v) -> new int[] {Rosenbrock.trace(g, v)}, false).newWorkspace();
        moons = new Moons(1337);
    }

    /** Traces the function, makes a workspace and computes one gradient. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockRecordAndGradient() {
        Tape tape = Rosenbrock.tape(N);
        return tape.newWorkspace().gradient(x, grad);
    }

    /** Replays value and gradient on a recorded tape. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockReplayGradient() {
        return workspace.gradient(x, grad);
    }

    /** Replays value and gradient on the same recording with its loop not compiled: every instruction swept. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockReplayGradientInterpreted() {
        return interpreted.gradient(x, grad);
    }

    /** Replays the value alone. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockReplayValue() {
        return workspace.value(x);
    }

    /** The function as plain Java doubles. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double rosenbrockPrimal() {
        return Rosenbrock.primal(x);
    }

    /** One step of micrograd's demo (replay of loss and gradient, SGD update); the rate cycles over the 100 steps. */
    @Benchmark
    public double moonsStep() {
        step = (step + 1) % 100;
        return moons.step(step);
    }
}
