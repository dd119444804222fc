package dev.jgrad.bench;

import dev.jgrad.Value;

/**
 * Measures the heap retained per node by a chain {@code y = y + x} of 1,000,000 {@link Value}s after
 * {@code backward()}: used heap after a full GC with the graph alive, minus the same without it.
 *
 * <p>Run: {@code java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.RetainedBytes}
 */
public final class RetainedBytes {

    private RetainedBytes() {
    }

    /**
     * Prints the bytes retained per node, the median of several measurements.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        int nodes = ChainBenchmark.NODES;
        double[] perNode = new double[5];
        for (int run = 0; run < perNode.length; run++) {
            long before = usedAfterGc();
            Value x = Value.of(1.5);
            Value y = x;
            for (int i = 0; i < nodes; i++) {
                y = y.add(x);
            }
            y.backward();
            long after = usedAfterGc();
            perNode[run] = (after - before) / (double) nodes;
            if (x.grad() != nodes + 1 || y.data() == 0) {
                throw new AssertionError("wrong gradient " + x.grad());
            }
        }
        java.util.Arrays.sort(perNode);
        System.out.printf("bytes retained per node (chain of %d additions): %.1f (median of %d; all: %s)%n",
                nodes, perNode[perNode.length / 2], perNode.length, java.util.Arrays.toString(perNode));
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
