package dev.jgrad.bench;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;

/**
 * A replay's cost against the plain Java function on a shared, noisy machine: for each program of
 * {@link TracedPrograms} named, records it with compiled loops, then replays its gradient and runs its plain function
 * back to back for a fixed time, and prints the fastest of each (after ten pairs of warm-up) and their ratio. The
 * fastest run is the one least disturbed by other load, and both are measured in the same seconds.
 *
 * <p>Run: {@code java -Xmx8g -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.ReplayProbe rosenbrock
 * mixture-data mixture mlp-data mlp}; set the seconds per program with {@code -Dseconds=N} (12 by default), and how
 * the tape is recorded with {@code -Dtape=on|off|lean} (loops compiled, the default; not; {@code Tape.traceLean}).
 */
public final class ReplayProbe {

    private ReplayProbe() {
    }

    /**
     * Prints one line per program: {@code NAME gradient_ms=... plain_ms=... ratio=... pairs=...}.
     *
     * @param args the programs' names, as {@code TapeScaleBenchmark.program} takes them
     */
    public static void main(String[] args) {
        long seconds = Long.getLong("seconds", 12);
        for (String name : args) {
            TracedPrograms.Program program = TapeScaleBenchmark.program(name);
            double[] x = program.point();
            Tape tape = TapeScaleBenchmark.record(program, System.getProperty("tape", "on"));
            Workspace w = TapeScaleBenchmark.workspace(tape, program, x);
            double[] params = TapeScaleBenchmark.differentiable(program, x);
            double[] gradient = new double[params.length];
            long fastestGradient = Long.MAX_VALUE;
            long fastestPlain = Long.MAX_VALUE;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int pairs = 0;
            double sink = 0;
            while (System.nanoTime() < end || pairs < 20) {
                long t0 = System.nanoTime();
                sink += w.gradient(params, gradient);
                long t1 = System.nanoTime();
                sink += program.plain(x);
                long t2 = System.nanoTime();
                if (pairs++ >= 10) {
                    fastestGradient = Math.min(fastestGradient, t1 - t0);
                    fastestPlain = Math.min(fastestPlain, t2 - t1);
                }
            }
            System.out.printf("%s gradient_ms=%.3f plain_ms=%.3f ratio=%.2f pairs=%d%s%n", name,
                    fastestGradient / 1e6, fastestPlain / 1e6, fastestGradient / (double) fastestPlain, pairs,
                    Double.isNaN(sink) ? " (NaN)" : "");
        }
    }
}
