package dev.jgrad.examples;

import dev.jgrad.optim.Lbfgs;
import dev.jgrad.optim.Objective;
import dev.jgrad.optim.TestProblems;
import dev.jgrad.tape.Tape;

/**
 * jgrad's L-BFGS on the problems of {@link TestProblems} with SciPy's stopping rules (gradient entries at most 1e-5,
 * relative decrease at most 1e7 ulp(1), memory 10): one tab-separated line per problem with the iterations, the
 * evaluations of value and gradient, the final value and why it stopped. {@code bench/lbfgs_scipy.py} prints the
 * same columns for SciPy's L-BFGS-B; {@code bench/lbfgs_compare.sh} joins them.
 *
 * <p>Run: {@code java -cp jgrad-core/target/classes:jgrad-core/target/test-classes dev.jgrad.examples.LbfgsCounts}
 */
public final class LbfgsCounts {

    private LbfgsCounts() {
    }

    /**
     * Prints the table.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("problem\titerations\tevaluations\tvalue\tstop");
        for (TestProblems.Problem problem : TestProblems.all()) {
            Objective f = Objective.of(Tape.record(problem.start(), problem.function()).newWorkspace());
            Lbfgs.Result r = new Lbfgs().minimize(f, problem.start());
            System.out.printf("%s\t%d\t%d\t%.3e\t%s%n", problem.name(), r.iterations(), r.evaluations(),
                    r.value() - problem.minimum(), r.reason());
        }
    }
}
