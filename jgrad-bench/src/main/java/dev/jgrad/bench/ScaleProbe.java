package dev.jgrad.bench;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A quick look, outside JMH, at one program of {@link TracedPrograms}, timed in the process's CPU time (garbage
 * collection included) for a shared machine: recording with loop compilation on and off (alternating, so both see
 * the same load), instruction count, compiled loops, program and workspace bytes, replay and plain-Java times; then
 * the best recording times of all rounds, and the recordings' median ratio in the main thread's CPU time alone (the
 * time a caller waits, without the JIT's and the collector's other threads) over the later half of the rounds. Each
 * recording starts after a full collection.
 *
 * <p>Run: {@code java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.ScaleProbe mlp|mlp-data|mixture|mixture-data|random|triangle
 * [rounds] [on|off|lean]}; with {@code on}, {@code off} or {@code lean} ({@code Tape.traceLean}), only the recordings
 * in that mode, then their fastest in the main thread's CPU time after three rounds of warm-up: run each mode in a JVM of its own, so that neither compiles
 * the recorder for the other's path (a profiler too can then watch one mode); with them the median wall-clock time of
 * the same rounds (collection pauses included) and the bytes the last recording allocated in the main thread.
 */
public final class ScaleProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The same bean, for the bytes the main thread allocates while recording. */
    private static final com.sun.management.ThreadMXBean ALLOCATED = (com.sun.management.ThreadMXBean) THREADS;

    private ScaleProbe() {
    }

    /**
     * Prints one line of figures per round.
     *
     * @param args the program's name, the number of rounds (3 by default), {@code on}, {@code off} or {@code lean} to
     *             record in that mode only
     */
    public static void main(String[] args) {
        TracedPrograms.Program program = TapeScaleBenchmark.program(args.length > 0 ? args[0] : "mixture");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String only = args.length > 2 ? args[2] : "";
        if (!only.isEmpty() && !only.equals("on") && !only.equals("off") && !only.equals("lean")) {
            throw new IllegalArgumentException("third argument '" + only + "': on, off or lean");
        }
        if (!only.isEmpty()) {
            if (rounds < 4) {
                throw new IllegalArgumentException("rounds " + rounds + ": recording in one mode times rounds 4 on,"
                        + " after three of warm-up; give at least 4");
            }
            fastest(program, rounds, only);
            return;
        }
        double[] x = program.point();
        long bestOff = Long.MAX_VALUE;
        long bestOn = Long.MAX_VALUE;
        long[] mainOff = new long[rounds];
        long[] mainOn = new long[rounds];
        long n = 0;
        for (int round = 0; round < rounds; round++) {
            // each recording starts on a collected heap, so that none pays for the garbage of the one before
            System.gc();
            long t0 = cpu();
            long m0 = THREADS.getCurrentThreadCpuTime();
            TapeScaleBenchmark.record(program, false);
            long t1 = cpu();
            mainOff[round] = THREADS.getCurrentThreadCpuTime() - m0;
            System.gc();
            long t1gc = cpu();
            long m1 = THREADS.getCurrentThreadCpuTime();
            Tape on = TapeScaleBenchmark.record(program, true);
            long t2 = cpu();
            mainOn[round] = THREADS.getCurrentThreadCpuTime() - m1;
            Workspace w = TapeScaleBenchmark.workspace(on, program, x);
            double[] params = TapeScaleBenchmark.differentiable(program, x);
            double[] grad = new double[params.length];
            double value = w.gradient(params, grad);
            long t3 = cpu();
            w.gradient(params, grad);
            long t4 = cpu();
            double plain = program.plain(x);
            long t5 = cpu();
            n = on.instructionCount();
            bestOff = Math.min(bestOff, t1 - t0);
            bestOn = Math.min(bestOn, t2 - t1gc);
            System.out.printf("instructions=%d loops=%d off_ms=%.0f on_ms=%.0f ratio=%.2f on_ns_per_instr=%.1f"
                            + " off_ns_per_instr=%.1f program_bytes_per_instr=%.1f workspace_bytes_per_instr=%.1f"
                            + " replay_ms=%.1f plain_ms=%.2f value=%s plain=%s%n",
                    n, on.compiledLoopCount(), (t1 - t0) / 1e6, (t2 - t1gc) / 1e6, (t2 - t1gc) / (double) (t1 - t0),
                    (t2 - t1gc) / (double) n, (t1 - t0) / (double) n, on.programBytes() / (double) n,
                    on.workspaceBytes() / (double) n, (t4 - t3) / 1e6, (t5 - t4) / 1e6, value, plain);
        }
        System.out.printf("best of %d rounds: off_ms=%.0f on_ms=%.0f ratio=%.2f on_ns_per_instr=%.1f"
                + " off_ns_per_instr=%.1f%n", rounds, bestOff / 1e6, bestOn / 1e6, bestOn / (double) bestOff,
                bestOn / (double) n, bestOff / (double) n);
        double off = laterMedian(mainOff);
        double onMain = laterMedian(mainOn);
        System.out.printf("main thread, median of rounds %d-%d: off_ms=%.1f on_ms=%.1f ratio=%.2f"
                + " on_ns_per_instr=%.1f%n", rounds / 2 + 1, rounds, off / 1e6, onMain / 1e6, onMain / off,
                onMain / n);
    }

    /**
     * Records {@code program} {@code rounds} times in one mode and prints the fastest recording after the first three,
     * in the main thread's CPU time (each after a full collection).
     */
    private static void fastest(TracedPrograms.Program program, int rounds, String mode) {
        long best = Long.MAX_VALUE;
        long n = 0;
        long[] wall = new long[rounds - 3];
        long allocated = 0;
        for (int round = 0; round < rounds; round++) {
            System.gc();
            long bytes = ALLOCATED.getCurrentThreadAllocatedBytes();
            long wallStart = System.nanoTime();
            long start = THREADS.getCurrentThreadCpuTime();
            Tape tape = TapeScaleBenchmark.record(program, mode);
            long time = THREADS.getCurrentThreadCpuTime() - start;
            long wallTime = System.nanoTime() - wallStart;
            allocated = ALLOCATED.getCurrentThreadAllocatedBytes() - bytes;
            n = tape.instructionCount();
            if (round >= 3) {
                best = Math.min(best, time);
                wall[round - 3] = wallTime;
            }
        }
        Arrays.sort(wall);
        System.out.printf("mode=%s instructions=%d fastest of rounds 4-%d, main thread: ms=%.1f ns_per_instr=%.1f"
                        + " wall_median_ms=%.1f allocated_mb=%.1f%n", mode, n, rounds, best / 1e6,
                best / (double) n, wall[wall.length / 2] / 1e6, allocated / 1e6);
    }

    /** The median of the later half of {@code times} (the earlier rounds run while the JIT still compiles). */
    private static double laterMedian(long[] times) {
        long[] later = Arrays.copyOfRange(times, times.length / 2, times.length);
        Arrays.sort(later);
        return later.length % 2 == 1 ? later[later.length / 2]
                : (later[later.length / 2 - 1] + later[later.length / 2]) / 2.0;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
