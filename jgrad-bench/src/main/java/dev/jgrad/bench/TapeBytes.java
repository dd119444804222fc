package dev.jgrad.bench;

import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;

/**
 * Measures the heap a recorded program of {@link TracedPrograms} retains, per instruction: used heap after a full GC
 * with the tape and one workspace alive, minus the same before recording (the inputs' point is allocated before),
 * beside what {@link Tape#programBytes()} and {@link Tape#workspaceBytes()} count.
 *
 * <p>Run: {@code java -Xmx6g -cp jgrad-bench/target/benchmarks.jar dev.jgrad.bench.TapeBytes random [on|off|lean]}
 */
public final class TapeBytes {

    private TapeBytes() {
    }

    /**
     * Prints one line: compiled loops, instructions, retained bytes per instruction, and the tape's own counts per
     * instruction.
     *
     * @param args the program's name, and {@code on} (the default), {@code off} (without compiled loops) or
     *             {@code lean} ({@code Tape.traceLean})
     */
    public static void main(String[] args) {
        TracedPrograms.Program program = TapeScaleBenchmark.program(args.length > 0 ? args[0] : "random");
        String mode = args.length < 2 ? "on" : args[1];
        double[] x = program.point();
        long before = usedAfterGc();
        Tape tape = TapeScaleBenchmark.record(program, mode);
        Workspace w = TapeScaleBenchmark.workspace(tape, program, x);
        long after = usedAfterGc();
        double value = w.value(TapeScaleBenchmark.differentiable(program, x));
        double n = tape.instructionCount();
        System.out.printf("program=%s mode=%s compiled_loops=%d instructions=%d retained_bytes_per_instr=%.1f"
                        + " program_bytes_per_instr=%.1f workspace_bytes_per_instr=%.1f value=%s%n",
                args.length > 0 ? args[0] : "random", mode, tape.compiledLoopCount(), tape.instructionCount(),
                (after - before) / n, tape.programBytes() / n, tape.workspaceBytes() / n, value);
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
