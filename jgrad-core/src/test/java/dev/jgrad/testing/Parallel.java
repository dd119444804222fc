package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one job on each of several threads, started together, for the tests of what may be shared between threads. */
public final class Parallel {

    private Parallel() {
    }

    /** One thread's work. */
    @FunctionalInterface
    public interface Job {
        /**
         * @param thread the thread's number, from 0
         */
        void run(int thread) throws Exception;
    }

    /**
     * Runs {@code job} on {@code threads} threads at once and waits for all (two minutes at most).
     *
     * @throws Exception the first failure of a job (an assertion's error included), as the job threw it
     */
    public static void run(int threads, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    start.await();
                    job.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : jobs) {
                try {
                    f.get(2, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error) {
                        throw (Error) e.getCause();
                    }
                    throw (Exception) e.getCause();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
