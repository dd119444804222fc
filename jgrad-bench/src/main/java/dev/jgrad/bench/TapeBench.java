package dev.jgrad.bench;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The compiled tape's workloads, timed without JMH so that anyone can run them in seconds and compare with the
 * scripts under {@code bench/}; each prints one line of {@code key=value} pairs.
 *
 * <pre>
 * java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.TapeBench rosenbrock --n 1000000
 * java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.TapeBench moons
 * java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.TapeBench scaling
 * </pre>
 *
 * <p>Times are the best of several repetitions of this thread's CPU time (not wall time), so that a machine shared
 * with other work still gives the cost of the computation; the peers' scripts measure the same way.
 */
public final class TapeBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TapeBench() {
    }

    /**
     * Runs {@code rosenbrock [--n N]}, {@code moons} or {@code scaling}.
     *
     * @param args the workload and its options
     */
    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "rosenbrock";
        switch (workload) {
            case "rosenbrock":
                System.out.println(rosenbrock(option(args, "--n", 1_000_000)));
                break;
            case "moons":
                System.out.println(moons(option(args, "--steps", 100)));
                break;
            case "scaling":
                for (int n = 1_000; n <= 10_000_000; n *= 10) {
                    System.out.println(rosenbrock(n));
                }
                break;
            default:
                throw new IllegalArgumentException("unknown workload '" + workload + "': rosenbrock, moons or scaling");
        }
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** The nanoseconds of CPU time this thread has used. */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Extended Rosenbrock of {@code n} variables: record plus gradient (tracing, a new workspace, one gradient),
     * replay of the gradient, and the plain Java function, each per variable; the best of several repetitions.
     *
     * @param n the number of variables, at least 2
     * @return {@code n=… record_ns_per_var=… replay_ns_per_var=… primal_ns_per_var=… replay_over_primal=… bytes_per_op=…}
     */
    public static String rosenbrock(int n) {
        double[] x = Rosenbrock.start(n);
        double[] grad = new double[n];
        int reps = (int) Math.max(3, Math.min(50, 20_000_000L / n));
        long record = Long.MAX_VALUE;
        Tape tape = null;
        double sink = 0;
        for (int r = 0; r < Math.max(3, reps / 4); r++) {
            tape = null;
            long t0 = cpu();
            tape = Rosenbrock.tape(n);
            sink += tape.newWorkspace().gradient(x, grad);
            record = Math.min(record, cpu() - t0);
        }
        Workspace w = tape.newWorkspace();
        long replay = Long.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = cpu();
            sink += w.gradient(x, grad);
            replay = Math.min(replay, cpu() - t0);
        }
        long primal = Long.MAX_VALUE;
        for (int r = 0; r < reps * 20; r++) {
            long t0 = cpu();
            sink += Rosenbrock.primal(x);
            primal = Math.min(primal, cpu() - t0);
        }
        double bytesPerOp = (double) (tape.programBytes() + tape.workspaceBytes()) / tape.instructionCount();
        return String.format(Locale.ROOT,
                "n=%d record_ns_per_var=%.1f replay_ns_per_var=%.1f primal_ns_per_var=%.2f replay_over_primal=%.1f"
                        + " program_bytes_per_op=%.1f bytes_per_op=%.1f check=%s",
                n, (double) record / n, (double) replay / n, (double) primal / n, (double) replay / primal,
                (double) tape.programBytes() / tape.instructionCount(), bytesPerOp, Double.isFinite(sink));
    }

    /**
     * micrograd's demo through the compiled tape: {@code steps} SGD steps (replay of loss and gradient, then the
     * update) from a fresh model, five times; the mean step time of the best run, the time to build and record the
     * loss, and the loss before the first and after the last step.
     *
     * @param steps the number of steps, at least 1
     * @return {@code ms_per_step=… record_ms=… instructions=… loss_first=… loss_last=…}
     */
    public static String moons(int steps) {
        long best = Long.MAX_VALUE;
        long record = Long.MAX_VALUE;
        Moons model = null;
        double first = 0;
        double last = 0;
        for (int run = 0; run < 5; run++) {
            long t0 = cpu();
            model = new Moons(1337);
            record = Math.min(record, cpu() - t0);
            long s0 = cpu();
            for (int k = 0; k < steps; k++) {
                double loss = model.step(k);
                if (k == 0) {
                    first = loss;
                }
                last = loss;
            }
            best = Math.min(best, (cpu() - s0) / steps);
        }
        return String.format(Locale.ROOT,
                "ms_per_step=%.3f record_ms=%.1f instructions=%d params=%d loss_first=%.4f loss_last=%.4f",
                best / 1e6, record / 1e6, model.tape().instructionCount(), model.parameterCount(), first, last);
    }
}
