package dev.jgrad.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Runs {@code jgrad ARGS} several times in one JVM and prints the CPU time of the running thread and the wall time
 * of each run, so a warmed-up run (no JVM start, JIT done) can be told from the first. BENCHMARKS.md's "jgrad train
 * on tensors" section uses it:
 *
 * <pre>
 * javac -cp jgrad-cli/target/jgrad.jar -d /tmp/train-timer bench/TrainTimer.java
 * java --add-modules jdk.incubator.vector -cp jgrad-cli/target/jgrad.jar:/tmp/train-timer dev.jgrad.cli.TrainTimer \
 *     6 train --csv iris.csv --target species --json --out /tmp/out
 * </pre>
 *
 * In the package {@code dev.jgrad.cli} to call {@code Main.run}, which returns the exit status instead of exiting.
 */
public final class TrainTimer {

    private TrainTimer() {
    }

    /**
     * @param args the number of runs, then the arguments of the jgrad command
     */
    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        String[] command = Arrays.copyOfRange(args, 1, args.length);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder line = new StringBuilder();
        for (int r = 1; r <= runs; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), command);
            line.append(String.format(Locale.ROOT, "%srun%d cpu=%.2f wall=%.2f%s", r > 1 ? " " : "", r,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9,
                    status == 0 ? "" : " status=" + status));
        }
        System.out.println(line);
    }
}
