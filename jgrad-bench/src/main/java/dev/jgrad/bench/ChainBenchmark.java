package dev.jgrad.bench;

import dev.jgrad.Value;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Build plus backward of a chain {@code y = y + x} of 1,000,000 nodes; the score is per node. The same for 10,000
 * nodes, whose graphs die young, shows how much of the million-node figure is the garbage collector copying a graph
 * that outlives a young collection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChainBenchmark {

    static final int NODES = 1_000_000;
    static final int SMALL = 10_000;

    /** Builds the chain and differentiates it; returns dy/dx, which is exactly {@code NODES + 1}. */
    static double chainGradient(int nodes) {
        Value x = Value.of(1.5);
        Value y = x;
        for (int i = 0; i < nodes; i++) {
            y = y.add(x);
        }
        y.backward();
        return x.grad();
    }

    @Benchmark
    @OperationsPerInvocation(NODES)
    public double buildAndBackward() {
        return chainGradient(NODES);
    }

    @Benchmark
    @OperationsPerInvocation(SMALL)
    public double buildAndBackwardSmall() {
        return chainGradient(SMALL);
    }
}
