package dev.jgrad.bench;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.TracedDataFunction;
import dev.jgrad.tape.Workspace;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tape at scale, per program of {@link TracedPrograms} (scores in milliseconds per call): recording with loop
 * compilation on and off, replaying value and gradient, and the plain Java function. Recording runs once per
 * iteration (single shot): a recording of millions of instructions is itself long enough to time.
 *
 * <pre>java -jar jgrad-bench/target/benchmarks.jar TapeScaleBenchmark -p program=mlp,mixture</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class TapeScaleBenchmark {

    /**
     * The program by name: {@code mlp} (784-128-10, batch 64), {@code mlp-data} (the same with the batch as data
     * inputs, as a training loop records it), {@code mixture} (d = 20, K = 50, 1,000 points), {@code mixture-data}
     * (the same with the points as data inputs, as a fit records them), {@code mixture-data:d:K:n} (that model at
     * other sizes), {@code mlp-data:in:hidden:out:batch} (the MLP step at other sizes), {@code matmul:n} (a traced
     * product of two {@code n x n} matrices, {@link TracedPrograms.MatrixProduct}), {@code conv:outputs:taps} (a
     * window slid over a signal, {@link TracedPrograms.Convolution}),
     * {@code random} (1,000,000 random operations), {@code random-local}, {@code random-global},
     * {@code random-unary} (as many drawn beforehand: {@link TracedPrograms.ScriptedRandomProgram}), {@code triangle} (triangular products over 1,500 inputs),
     * {@code rosenbrock} (1,000,000 variables).
     *
     * @param name the program's name
     * @return the program
     */
    static TracedPrograms.Program program(String name) {
        if (name.startsWith("mixture-data:")) {
            int[] sizes = sizes(name, "mixture-data:d:K:n");
            return new TracedPrograms.Mixture(sizes[0], sizes[1], sizes[2], true);
        }
        if (name.startsWith("conv:")) {
            int[] sizes = sizes(name, "conv:outputs:taps");
            return new TracedPrograms.Convolution(sizes[0], sizes[1]);
        }
        if (name.startsWith("matmul:")) {
            return new TracedPrograms.MatrixProduct(sizes(name, "matmul:n")[0]);
        }
        if (name.startsWith("mlp-data:")) {
            int[] sizes = sizes(name, "mlp-data:in:hidden:out:batch");
            return new TracedPrograms.Mlp(sizes[0], sizes[1], sizes[2], sizes[3], true);
        }
        switch (name) {
            case "mlp":
                return new TracedPrograms.Mlp(784, 128, 10, 64);
            case "mlp-data":
                return new TracedPrograms.Mlp(784, 128, 10, 64, true);
            case "mixture":
                return new TracedPrograms.Mixture(20, 50, 1000);
            case "mixture-data":
                return new TracedPrograms.Mixture(20, 50, 1000, true);
            case "random":
                return new TracedPrograms.RandomProgram(1000, 1_000_000);
            case "random-local":
                return new TracedPrograms.ScriptedRandomProgram(1000, 1_000_000,
                        TracedPrograms.ScriptedRandomProgram.Kind.LOCAL);
            case "random-global":
                return new TracedPrograms.ScriptedRandomProgram(1000, 1_000_000,
                        TracedPrograms.ScriptedRandomProgram.Kind.GLOBAL);
            case "random-unary":
                return new TracedPrograms.ScriptedRandomProgram(1000, 1_000_000,
                        TracedPrograms.ScriptedRandomProgram.Kind.UNARY);
            case "triangle":
                return new TracedPrograms.Triangle(1500);
            case "rosenbrock":
                return new TracedPrograms.Rosenbrock(1_000_000);
            default:
                throw new IllegalArgumentException("unknown program '" + name + "'");
        }
    }

    /**
     * The sizes after a sized program's name ({@code name:a:b:...}), as many as {@code form} names, each at least 1;
     * a clear error naming {@code form} otherwise.
     */
    private static int[] sizes(String name, String form) {
        String[] parts = name.split(":");
        int[] sizes = new int[form.split(":").length - 1];
        if (parts.length != sizes.length + 1) {
            throw new IllegalArgumentException("expected " + form + ", got '" + name + "'");
        }
        for (int i = 0; i < sizes.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i + 1]);
            } catch (NumberFormatException e) {
                sizes[i] = 0;
            }
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("expected " + form + " with sizes of at least 1, got '" + name
                        + "' (size " + (i + 1) + ": '" + parts[i + 1] + "')");
            }
        }
        return sizes;
    }

    /** The program, its point and a gradient array. */
    @State(Scope.Benchmark)
    public static class Subject {
        @Param({"mlp", "mlp-data", "mixture", "mixture-data", "random", "triangle", "rosenbrock"})
        String program;

        TracedPrograms.Program traced;
        /** The program's point: all its inputs. */
        double[] point;
        /** The differentiable inputs of the point. */
        double[] x;
        double[] grad;

        @Setup
        public void setUp() {
            traced = program(program);
            point = traced.point();
            x = differentiable(traced, point);
            grad = new double[x.length];
        }
    }

    /** A workspace of the program recorded with its loops compiled. */
    @State(Scope.Benchmark)
    public static class Compiled {
        Workspace workspace;

        @Setup
        public void setUp(Subject s) {
            workspace = workspace(record(s.traced, true), s.traced, s.point);
        }
    }

    static Tape record(Subject s, boolean compileLoops) {
        return record(s.traced, compileLoops);
    }

    /**
     * Records a program, its last {@link TracedPrograms.Program#dataInputs()} inputs as data inputs.
     *
     * @param program      the program
     * @param compileLoops whether loops are found and compiled
     * @return the tape
     */
    static Tape record(TracedPrograms.Program program, boolean compileLoops) {
        return record(program, compileLoops ? "on" : "off");
    }

    /**
     * Records a program as {@link #record(TracedPrograms.Program, boolean)} does, in a mode: {@code on} (loops
     * compiled), {@code off} (all instructions stored) or {@code lean} ({@link Tape#traceLean}: partials recomputed
     * at every replay).
     *
     * @param program the program
     * @param mode    {@code on}, {@code off} or {@code lean}
     * @return the tape
     */
    static Tape record(TracedPrograms.Program program, String mode) {
        int data = program.dataInputs();
        TracedDataFunction f = (g, x, z) -> {
            int[] all = Arrays.copyOf(x, x.length + z.length);
            System.arraycopy(z, 0, all, x.length, z.length);
            return new int[] {program.trace(g, all)};
        };
        return switch (mode) {
            case "lean" -> Tape.traceLean(program.inputs() - data, data, f);
            case "on", "off" -> data == 0
                    ? Tape.traceAll(program.inputs(), (g, v) -> new int[] {program.trace(g, v)}, mode.equals("on"))
                    : Tape.traceData(program.inputs() - data, data, f, mode.equals("on"));
            default -> throw new IllegalArgumentException("mode '" + mode + "': on, off or lean");
        };
    }

    /**
     * A new workspace of a program's tape, its data inputs bound to those of {@code point}.
     *
     * @param tape    the tape, recorded by {@link #record(TracedPrograms.Program, boolean)}
     * @param program the program
     * @param point   all the program's inputs
     * @return the workspace
     */
    static Workspace workspace(Tape tape, TracedPrograms.Program program, double[] point) {
        Workspace w = tape.newWorkspace();
        if (program.dataInputs() > 0) {
            w.setData(Arrays.copyOfRange(point, point.length - program.dataInputs(), point.length));
        }
        return w;
    }

    /**
     * The inputs of {@code point} a tape differentiates: all but the program's data inputs.
     *
     * @param program the program
     * @param point   all its inputs
     * @return a copy of the differentiable ones
     */
    static double[] differentiable(TracedPrograms.Program program, double[] point) {
        return Arrays.copyOf(point, point.length - program.dataInputs());
    }

    /** Records the program, finding and compiling loops. */
    @Benchmark
    public Tape recordLoopsOn(Subject s) {
        return record(s, true);
    }

    /** Records the program with loop compilation off. */
    @Benchmark
    public Tape recordLoopsOff(Subject s) {
        return record(s, false);
    }

    /** Replays value and gradient. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public double replayGradient(Subject s, Compiled c) {
        return c.workspace.gradient(s.x, s.grad);
    }

    /** The function in plain Java. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public double plain(Subject s) {
        return s.traced.plain(s.point);
    }
}
