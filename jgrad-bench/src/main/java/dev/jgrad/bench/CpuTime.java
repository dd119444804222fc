package dev.jgrad.bench;

import java.lang.management.ManagementFactory;

/**
 * The benchmarks' workloads timed in CPU time rather than wall time, for a machine shared with other jobs, where a
 * JMH score also counts the time spent waiting for a core. The micrograd step is timed in this thread's CPU time, the
 * chain in the whole process's (so the garbage collector's threads count) and in this thread's. The two shapes of
 * the micrograd step alternate round by round, so both see the same load. Peers in
 * {@code bench/moons_scalar_graph.py} report CPU time too.
 *
 * <p>Run: {@code java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.CpuTime}
 */
public final class CpuTime {

    private static final int ROUNDS = 5;

    private CpuTime() {
    }

    /**
     * Prints, for each workload, the median over {@value #ROUNDS} rounds after a warm-up.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        MlpStepBenchmark mlp = new MlpStepBenchmark();
        mlp.setUp();
        MlpStepBenchmark chained = new MlpStepBenchmark();
        chained.setUp();
        double[] step = new double[ROUNDS];
        double[] chainedStep = new double[ROUNDS];
        for (int round = -2; round < ROUNDS; round++) {
            int steps = 200;
            long start = threadCpu();
            for (int i = 0; i < steps; i++) {
                mlp.step();
            }
            long middle = threadCpu();
            for (int i = 0; i < steps; i++) {
                chained.chainedStep();
            }
            if (round >= 0) {
                step[round] = (middle - start) / 1e6 / steps;
                chainedStep[round] = (threadCpu() - middle) / 1e6 / steps;
            }
        }
        double[] chain = new double[ROUNDS];
        double[] chainThread = new double[ROUNDS];
        for (int round = -2; round < ROUNDS; round++) {
            long start = processCpu();
            long startThread = threadCpu();
            int chains = 10;
            for (int i = 0; i < chains; i++) {
                if (ChainBenchmark.chainGradient(ChainBenchmark.NODES) != ChainBenchmark.NODES + 1) {
                    throw new AssertionError("wrong chain gradient");
                }
            }
            if (round >= 0) {
                chain[round] = (processCpu() - start) / (double) chains / ChainBenchmark.NODES;
                chainThread[round] = (threadCpu() - startThread) / (double) chains / ChainBenchmark.NODES;
            }
        }
        System.out.printf("micrograd demo step, Value.sum: %.2f ms per step (thread CPU, median of %d rounds of 200)%n",
                median(step), ROUNDS);
        System.out.printf("micrograd demo step, chained adds and loss.zeroGrad(): %.2f ms per step (thread CPU, median"
                + " of %d rounds of 200)%n", median(chainedStep), ROUNDS);
        System.out.printf("1,000,000-node chain: %.1f ns per node in process CPU (this thread: %.1f), median of %d"
                + " rounds of 10%n", median(chain), median(chainThread), ROUNDS);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
