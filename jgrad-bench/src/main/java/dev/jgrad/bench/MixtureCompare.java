package dev.jgrad.bench;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;

/**
 * jgrad's side of {@code bench/mixture.sh}: the Gaussian mixture log-likelihood of {@link TracedPrograms.Mixture},
 * points as data, recorded once with loops compiled, then its gradient replayed and the plain Java function (value
 * only) run, each timed in wall-clock time as the median of the repeats after a warm-up.
 *
 * <p>Run: {@code java -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.MixtureCompare [d K n] [repeats]};
 * prints {@code d=... K=... n=... instructions=... loops=... record_ms=... gradient_ms=... plain_ms=...}.
 */
public final class MixtureCompare {

    private static final int WARM_UP = 100;

    private MixtureCompare() {
    }

    /**
     * Prints one line of figures.
     *
     * @param args {@code d K n} (20, 50 and 1,000 by default), then the number of timed repeats (100 by default)
     */
    public static void main(String[] args) {
        int d = args.length >= 3 ? Integer.parseInt(args[0]) : 20;
        int k = args.length >= 3 ? Integer.parseInt(args[1]) : 50;
        int n = args.length >= 3 ? Integer.parseInt(args[2]) : 1000;
        int repeats = args.length >= 4 ? Integer.parseInt(args[3]) : 100;
        TracedPrograms.Mixture program = new TracedPrograms.Mixture(d, k, n, true);
        double[] point = program.point();
        long start = System.nanoTime();
        Tape tape = TapeScaleBenchmark.record(program, true);
        double recordMs = (System.nanoTime() - start) / 1e6;
        Workspace workspace = TapeScaleBenchmark.workspace(tape, program, point);
        double[] x = TapeScaleBenchmark.differentiable(program, point);
        double[] grad = new double[x.length];
        double[] gradient = new double[repeats];
        double[] plain = new double[repeats];
        double sink = 0;
        for (int i = 0; i < WARM_UP + repeats; i++) {
            long t0 = System.nanoTime();
            sink += workspace.gradient(x, grad);
            long t1 = System.nanoTime();
            sink += program.plain(point);
            long t2 = System.nanoTime();
            if (i >= WARM_UP) {
                gradient[i - WARM_UP] = (t1 - t0) / 1e6;
                plain[i - WARM_UP] = (t2 - t1) / 1e6;
            }
        }
        System.out.printf("d=%d K=%d n=%d instructions=%d loops=%d record_ms=%.0f gradient_ms=%.3f plain_ms=%.3f"
                        + " value=%.6f%n", d, k, n, tape.instructionCount(), tape.compiledLoopCount(), recordMs,
                CpuTime.median(gradient), CpuTime.median(plain), sink / (2 * (WARM_UP + repeats)));
    }
}
