package dev.jgrad.cli;

import dev.jgrad.internal.Rosenbrock;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Datasets;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.Schedule;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jgrad bench}: times the compiled tape on this machine and prints one line of {@code key=value} pairs, for
 * comparison with the peers' scripts under {@code bench/}. Times are the best of several repetitions of this
 * thread's CPU time, so that other work on a shared machine does not count.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Times the compiled tape and prints one line of key=value pairs.", "",
                "rosenbrock: the gradient of the extended Rosenbrock function "
                + "sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 of N variables at x[i] = 0.5 + 0.001 (i mod 97): "
                + "record plus gradient, replay of the gradient, and the same function as plain Java, in ns per "
                + "variable; bytes per recorded instruction.",
                "moons: micrograd's demo step (MLP 2-16-16-1, 100 two-moons points, hinge loss + 1e-4 L2, SGD) "
                + "recorded once and replayed, in ms per step.",
                "matmul: the product of two random N x N matrices on one thread, in GFLOP/s, and which kernels ran: "
                + "path=vector (the Vector API, when the JVM has jdk.incubator.vector, as ./jgrad arranges) or "
                + "path=scalar (plain Java).",
                "mlp: one training step (forward, softmax cross-entropy, backward, SGD with momentum or Adam) of a "
                + "784-128-10 ReLU network on tensors, on a batch of random data, in ms of process CPU time per step; "
                + "path as for matmul.",
                "greeks: the price and all first-order Greeks of a Monte Carlo option (--product european: a call "
                + "under Black-Scholes, the default; asian-heston: an arithmetic Asian call under Heston, 12 dates) "
                + "over --paths paths: plain-Java pricing against a replay of the recorded tape with the normals "
                + "as data inputs, in ms of thread CPU time, and their ratio.", "",
                "Each option below names the workloads it applies to; giving it to another workload is an error "
                + "(exit status 2)."},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad bench rosenbrock --n 1000000",
                  "  jgrad bench moons",
                  "  jgrad bench matmul --n 512 --dtype float32 --path scalar",
                  "  jgrad bench mlp --batch 64 --dtype float32 --optimizer adam",
                  "  jgrad bench greeks --paths 100000"})
final class BenchCommand implements Callable<Integer> {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The most Rosenbrock variables: the tape and its workspaces take some 100 bytes per variable while recording. */
    static final int MAX_N = 10_000_000;
    /** The largest matmul size: three n × n float64 matrices take 400 MB at 4096, and one product seconds. */
    static final int MAX_MATMUL_N = 4096;
    /** The largest mlp batch: its float64 input takes 200 MB at 32768 rows. */
    static final int MAX_BATCH = 32768;
    /** The most Monte Carlo paths: the Heston tape keeps some 30 KB per path while recording (12 dates). */
    static final int MAX_PATHS = 1_000_000;
    /** The workloads, in the order messages list them. */
    private static final List<String> WORKLOADS = List.of("rosenbrock", "moons", "matmul", "mlp", "greeks");
    /** Each workload option and the workloads it applies to; the others refuse it. */
    private static final Map<String, List<String>> APPLIES_TO = Map.of(
            "--n", List.of("rosenbrock", "matmul"),
            "--dtype", List.of("matmul", "mlp"),
            "--path", List.of("matmul", "mlp"),
            "--steps", List.of("moons"),
            "--batch", List.of("mlp"),
            "--optimizer", List.of("mlp"),
            "--paths", List.of("greeks"),
            "--product", List.of("greeks"));

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "rosenbrock, moons, matmul, mlp or greeks")
    private String workload;

    @Option(names = "--n", paramLabel = "N",
            description = "Variables of the Rosenbrock function, 2 to " + MAX_N + " (default: 1000000), or the matrices' size for matmul "
                    + "(default: 512, at most " + MAX_MATMUL_N + ").")
    private Integer n;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float64",
            description = "Element type for matmul and mlp: float64 or float32 (default: ${DEFAULT-VALUE}).")
    private String dtype;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Kernels for matmul and mlp: scalar forces the plain-Java ones (default: vector when the JVM has "
                    + "the Vector API, else scalar).")
    private String path;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Steps per training run of the moons workload, 1 to " + DemoCommand.MAX_STEPS
                    + " (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Rows per step of the mlp workload, 1 to " + MAX_BATCH + " (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "Optimizer of the mlp workload: sgd (lr 0.01, momentum 0.9) or adam (lr 0.001) "
                    + "(default: ${DEFAULT-VALUE}).")
    private String optimizer;

    @Option(names = "--paths", paramLabel = "N",
            description = "Monte Carlo paths of the greeks workload, 1 to " + MAX_PATHS + " (default: 100000 for "
                    + "european, 10000 for asian-heston).")
    private Integer paths;

    @Option(names = "--product", paramLabel = "NAME", defaultValue = "european",
            description = "Option of the greeks workload: european or asian-heston (default: ${DEFAULT-VALUE}).")
    private String product;

    @Override
    public Integer call() {
        if (!WORKLOADS.contains(workload)) {
            throw new InputException("jgrad: unknown workload '" + Echo.shown(workload)
                    + "'; use rosenbrock, moons, matmul, mlp or greeks");
        }
        checkOptionsApply();
        String line;
        if (workload.equals("rosenbrock")) {
            int variables = n == null ? 1_000_000 : n;
            if (variables < 2) {
                throw new InputException("jgrad: --n must be at least 2, got " + variables);
            }
            if (variables > MAX_N) {
                throw new InputException("jgrad: --n must be at most " + MAX_N + ", got " + variables);
            }
            line = rosenbrock(variables);
        } else if (workload.equals("moons")) {
            DemoCommand.checkSteps(steps);
            line = moons(steps);
        } else if (workload.equals("matmul")) {
            line = matmul();
        } else if (workload.equals("mlp")) {
            line = mlp();
        } else {
            line = greeks();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return 0;
    }

    /** Refuses an option given on the command line that does not apply to the chosen workload. */
    private void checkOptionsApply() {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            List<String> workloads = APPLIES_TO.get(option.longestName());
            if (workloads != null && !workloads.contains(workload)) {
                throw new InputException("jgrad: " + option.longestName() + " does not apply to the " + workload
                        + " workload, only to " + String.join(" and ", workloads));
            }
        }
    }

    private String mlp() {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new InputException("jgrad: --batch must be from 1 to " + MAX_BATCH + ", got " + batch);
        }
        checkDtype();
        if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
            throw new InputException("jgrad: --optimizer must be sgd or adam, got '" + Echo.shown(optimizer) + "'");
        }
        choosePath();
        return MlpBench.mlp(batch, dtype.equals("float32") ? DType.FLOAT32 : DType.FLOAT64,
                optimizer.equals("adam"));
    }

    private String greeks() {
        if (paths != null && (paths < 1 || paths > MAX_PATHS)) {
            throw new InputException("jgrad: --paths must be from 1 to " + MAX_PATHS + ", got " + paths);
        }
        if (product.equals("european")) {
            return GreeksBench.european(paths == null ? 100_000 : paths);
        }
        if (product.equals("asian-heston")) {
            return GreeksBench.asian(paths == null ? 10_000 : paths);
        }
        throw new InputException("jgrad: --product must be european or asian-heston, got '" + Echo.shown(product)
                + "'");
    }

    private void checkDtype() {
        if (!dtype.equals("float64") && !dtype.equals("float32")) {
            throw new InputException("jgrad: --dtype must be float64 or float32, got '" + Echo.shown(dtype) + "'");
        }
    }

    private String matmul() {
        int size = n == null ? 512 : n;
        if (size < 1 || size > MAX_MATMUL_N) {
            throw new InputException("jgrad: --n must be from 1 to " + MAX_MATMUL_N + " for matmul, got " + size);
        }
        checkDtype();
        choosePath();
        return MatmulBench.matmul(size, dtype.equals("float32") ? DType.FLOAT32 : DType.FLOAT64);
    }

    /**
     * Applies {@code --path} before the process's first matrix product: {@code scalar} sets
     * {@link Tensor#MATMUL_PATH_PROPERTY}, so every product from then on (not only the timed ones) takes the plain
     * kernels; {@code vector} checks that the JVM has them. The line printed names the path that ran.
     */
    private void choosePath() {
        if (path == null) {
            return;
        }
        if (path.equals("scalar")) {
            System.setProperty(Tensor.MATMUL_PATH_PROPERTY, "scalar");
        } else if (path.equals("vector")) {
            if (!Tensor.matmulPath().equals("vector")) {
                throw new InputException("jgrad: --path vector needs the Vector API: run java with --add-modules "
                        + "jdk.incubator.vector (./jgrad does)");
            }
        } else {
            throw new InputException("jgrad: --path must be vector or scalar, got '" + Echo.shown(path) + "'");
        }
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Record plus gradient, replay and plain Java, per variable, the best of a few repetitions of each, measured
     * after one untimed pass of the same measurements: the JIT compiles the recording loop and the loop's kernel
     * during the first pass, and its figures would measure that instead.
     */
    static String rosenbrock(int n) {
        measureRosenbrock(n);
        return measureRosenbrock(n);
    }

    private static String measureRosenbrock(int n) {
        double[] x = Rosenbrock.start(n);
        double[] grad = new double[n];
        // about 2e7 variables' worth of work per measurement, so that small n is measured after the JIT has warmed up
        int reps = (int) Math.max(3, Math.min(20_000, 20_000_000L / n));
        long record = Long.MAX_VALUE;
        Tape tape = null;
        double sink = 0;
        // recording compiles slowly (C2 inlines the whole traced loop): at n = 1,000,000 it takes some ten recordings
        for (int r = 0; r < Math.max(6, reps / 2); r++) {
            tape = null;
            long t0 = cpu();
            tape = Rosenbrock.tape(n);
            sink += tape.newWorkspace().gradient(x, grad);
            record = Math.min(record, cpu() - t0);
        }
        long replay = replay(tape, x, grad, reps);
        long primal = Long.MAX_VALUE;
        for (int r = 0; r < Math.min(reps * 20, 100_000); r++) {
            long t0 = cpu();
            sink += Rosenbrock.primal(x);
            primal = Math.min(primal, cpu() - t0);
        }
        return String.format(Locale.ROOT,
                "n=%d record_ns_per_var=%.1f replay_ns_per_var=%.1f primal_ns_per_var=%.2f replay_over_primal=%.1f"
                        + " instructions=%d compiled_loops=%d program_bytes_per_op=%.2f workspace_bytes_per_op=%.2f"
                        + " finite=%s",
                n, (double) record / n, (double) replay / n, (double) primal / n, (double) replay / primal,
                tape.instructionCount(), tape.compiledLoopCount(),
                (double) tape.programBytes() / tape.instructionCount(),
                (double) tape.workspaceBytes() / tape.instructionCount(), Double.isFinite(sink));
    }

    /** The best time of a gradient replay in one workspace. */
    private static long replay(Tape tape, double[] x, double[] grad, int reps) {
        Workspace w = tape.newWorkspace();
        long best = Long.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = cpu();
            w.gradient(x, grad);
            best = Math.min(best, cpu() - t0);
        }
        return best;
    }

    /**
     * The demo's training run through {@link CompiledTraining}, five times from scratch: the mean step of the best
     * run, and the time to build and record the step; measured after one untimed pass of the same, as for
     * {@link #rosenbrock}.
     */
    static String moons(int steps) {
        measureMoons(steps);
        return measureMoons(steps);
    }

    private static String measureMoons(int steps) {
        long best = Long.MAX_VALUE;
        long record = Long.MAX_VALUE;
        double first = 0;
        double last = 0;
        int instructions = 0;
        for (int run = 0; run < 5; run++) {
            long t0 = cpu();
            Dataset data = Datasets.moons(DemoCommand.POINTS, DemoCommand.NOISE, DemoCommand.DEFAULT_SEED);
            double[] labels = new double[data.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.targets()[i] > 0 ? 1 : -1;
            }
            CompiledTraining training = new CompiledTraining(MLP.of(DemoCommand.DEFAULT_SEED, 2, 16, 16, 1),
                    data.features(), labels, DemoCommand.L2, Schedule.linear(1.0, 0.1, steps));
            record = Math.min(record, cpu() - t0);
            instructions = training.tape().instructionCount();
            long s0 = cpu();
            for (int k = 0; k < steps; k++) {
                double loss = training.step();
                first = k == 0 ? loss : first;
                last = loss;
            }
            best = Math.min(best, (cpu() - s0) / steps);
        }
        return String.format(Locale.ROOT,
                "ms_per_step=%.3f record_ms=%.1f instructions=%d loss_first=%.4f loss_last=%.4f",
                best / 1e6, record / 1e6, instructions, first, last);
    }
}
