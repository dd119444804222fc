package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The core's shared case of the thread contract in {@code dev.jgrad}'s package documentation: independent graphs
 * built and differentiated on different threads at the same time give bit for bit the results of one thread. This
 * would fail if backward passes shared any scratch state (a static adjoint buffer, a non-atomic traversal counter).
 * Compiled programs and loaded models have their own concurrency tests next to them.
 */
class ThreadContractTest {

    private static final int GRAPHS = 400;
    private static final int THREADS = 4;

    @Test
    void independentGraphsOnFourThreadsMatchOneThread() throws Exception {
        double[][] expected = new double[GRAPHS][];
        for (int g = 0; g < GRAPHS; g++) {
            expected[g] = differentiate(g);
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<double[][]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    double[][] mine = new double[GRAPHS][];
                    for (int g = 0; g < GRAPHS; g++) {
                        mine[g] = differentiate(g);
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                double[][] got = results.get(t).get(60, TimeUnit.SECONDS);
                for (int g = 0; g < GRAPHS; g++) {
                    assertArrayEquals(expected[g], got[g], "thread " + t + ", graph " + g);
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /** Graph number {@code seed}: a random expression over three leaves; its value, then the leaves' gradients. */
    private static double[] differentiate(int seed) {
        Random random = new Random(seed);
        Value[] leaves = {Value.of(random.nextDouble()), Value.of(random.nextDouble() + 1), Value.of(-random.nextDouble())};
        List<Value> nodes = new ArrayList<>(List.of(leaves));
        for (int i = 0; i < 60; i++) {
            Value a = nodes.get(random.nextInt(nodes.size()));
            Value b = nodes.get(random.nextInt(nodes.size()));
            nodes.add(switch (random.nextInt(7)) {
                case 0 -> a.add(b);
                case 1 -> a.mul(b);
                case 2 -> a.sub(b);
                case 3 -> a.tanh();
                case 4 -> a.sin().mul(b.cos());
                case 5 -> a.relu().add(b.sigmoid());
                default -> a.div(b.mul(b).add(1));
            });
        }
        Value out = Value.sum(nodes.subList(nodes.size() - 10, nodes.size()));
        out.backward();
        out.backward();
        return new double[] {out.data(), leaves[0].grad(), leaves[1].grad(), leaves[2].grad()};
    }
}
