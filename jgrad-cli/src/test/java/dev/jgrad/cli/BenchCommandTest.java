package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void rosenbrockPrintsOneLineOfKeyValuePairs() {
        Cli.Result result = Cli.run("bench", "rosenbrock", "--n", "1000");
        assertEquals(0, result.status(), result.err());
        String line = result.out().trim();
        assertTrue(line.matches("n=1000 record_ns_per_var=[0-9.]+ replay_ns_per_var=[0-9.]+ primal_ns_per_var=[0-9.]+"
                + " replay_over_primal=[0-9.]+ instructions=7996 compiled_loops=1 program_bytes_per_op=[0-9.]+"
                + " workspace_bytes_per_op=[0-9.]+ finite=true"), line);
    }

    @Test
    void moonsPrintsTheStepTimeAndTheLossFalls() {
        Cli.Result result = Cli.run("bench", "moons", "--steps", "20");
        assertEquals(0, result.status(), result.err());
        String line = result.out().trim();
        assertTrue(line.matches("ms_per_step=[0-9.]+ record_ms=[0-9.]+ instructions=\\d+ loss_first=[0-9.]+"
                + " loss_last=[0-9.]+"), line);
        double first = Double.parseDouble(line.replaceAll(".*loss_first=([0-9.]+).*", "$1"));
        double last = Double.parseDouble(line.replaceAll(".*loss_last=([0-9.]+).*", "$1"));
        assertTrue(last < first, line);
    }

    @Test
    void anUnknownWorkloadIsAnInputError() {
        Cli.Result result = Cli.run("bench", "sphere");
        assertEquals(Main.INPUT_ERROR, result.status());
        assertEquals("jgrad: unknown workload 'sphere'; use rosenbrock, moons, matmul, mlp or greeks\n", result.err());
    }

    @Test
    void anOptionOfAnotherWorkloadIsRefusedNamingBoth() {
        String[][] runs = {
            {"rosenbrock", "--steps", "5", "moons"},
            {"moons", "--n", "10", "rosenbrock and matmul"},
            {"matmul", "--batch", "8", "mlp"},
            {"mlp", "--paths", "10", "greeks"},
            {"greeks", "--dtype", "float32", "matmul and mlp"},
            {"rosenbrock", "--path", "scalar", "matmul and mlp"},
            {"moons", "--optimizer", "adam", "mlp"},
            {"matmul", "--product", "european", "greeks"},
        };
        for (String[] run : runs) {
            Cli.Result result = Cli.run("bench", run[0], run[1], run[2]);
            assertEquals(Main.INPUT_ERROR, result.status(), String.join(" ", run));
            assertEquals("jgrad: " + run[1] + " does not apply to the " + run[0] + " workload, only to " + run[3]
                    + "\n", result.err());
            assertEquals("", result.out());
        }
    }

    @Test
    void matmulPrintsTheRateAndThePathAndItsProductChecksOut() {
        Cli.Result result = Cli.run("bench", "matmul", "--n", "96", "--dtype", "float32", "--path", "scalar");
        assertEquals(0, result.status(), result.err());
        String line = result.out().trim();
        assertTrue(line.matches("n=96 dtype=float32 path=scalar gflops=[0-9.]+ ms_per_product=[0-9.]+ check=ok"), line);
    }

    @Test
    void matmulSaysWhichPathTheJvmHas() {
        // the test JVM runs without --add-modules jdk.incubator.vector: the plain kernels, and vector is refused
        Cli.Result result = Cli.run("bench", "matmul", "--n", "40");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().matches("n=40 dtype=float64 path=scalar gflops=[0-9.]+ .* check=ok\n"), result.out());
        Cli.Result vector = Cli.run("bench", "matmul", "--path", "vector");
        assertEquals(Main.INPUT_ERROR, vector.status());
        assertEquals("jgrad: --path vector needs the Vector API: run java with --add-modules jdk.incubator.vector"
                + " (./jgrad does)\n", vector.err());
    }

    @Test
    void matmulRejectsAnUnknownType() {
        Cli.Result result = Cli.run("bench", "matmul", "--dtype", "int8");
        assertEquals(Main.INPUT_ERROR, result.status());
        assertEquals("jgrad: --dtype must be float64 or float32, got 'int8'\n", result.err());
    }

    @Test
    void matmulRejectsSizesItCannotHoldBeforeAllocating() {
        for (String size : new String[] {"0", "4097", "2147483647"}) {
            Cli.Result result = Cli.run("bench", "matmul", "--n", size);
            assertEquals(Main.INPUT_ERROR, result.status(), size);
            assertEquals("jgrad: --n must be from 1 to 4096 for matmul, got " + size + "\n", result.err());
        }
    }

    @Test
    void mlpPrintsTheStepTimeAndTrainsTheBatch() {
        Cli.Result result = Cli.run("bench", "mlp", "--batch", "8", "--dtype", "float32", "--optimizer", "adam");
        assertEquals(0, result.status(), result.err());
        String line = result.out().trim();
        assertTrue(line.matches("batch=8 dtype=float32 optimizer=adam path=scalar ms_per_step=[0-9.]+"
                + " loss_first=[0-9.]+ loss_last=[0-9.]+"), line);
        double first = Double.parseDouble(line.replaceAll(".*loss_first=([0-9.]+).*", "$1"));
        double last = Double.parseDouble(line.replaceAll(".*loss_last=([0-9.]+).*", "$1"));
        assertTrue(last < first / 10, line);
    }

    @Test
    void mlpRejectsBadBatchesAndOptimizers() {
        for (String batch : new String[] {"0", "32769"}) {
            Cli.Result result = Cli.run("bench", "mlp", "--batch", batch);
            assertEquals(Main.INPUT_ERROR, result.status(), batch);
            assertEquals("jgrad: --batch must be from 1 to 32768, got " + batch + "\n", result.err());
        }
        Cli.Result result = Cli.run("bench", "mlp", "--optimizer", "lbfgs");
        assertEquals(Main.INPUT_ERROR, result.status());
        assertEquals("jgrad: --optimizer must be sgd or adam, got 'lbfgs'\n", result.err());
    }

    @Test
    void greeksPrintsPricingAndGreeksTimesAndTheirRatio() {
        Cli.Result result = Cli.run("bench", "greeks", "--paths", "2000");
        assertEquals(0, result.status(), result.err());
        String line = result.out().trim();
        assertTrue(line.matches("product=european paths=2000 pricing_ms=[0-9.]+ greeks_ms=[0-9.]+ ratio=[0-9.]+"
                + " record_ms=[0-9.]+ compiled_loops=[1-9][0-9]* price=[0-9.]+ d_spot=[0-9.]+ d_volatility=[0-9.]+"
                + " d_rate=[0-9.]+ same_price=true"), line);
        double delta = Double.parseDouble(line.replaceAll(".*d_spot=([0-9.]+).*", "$1"));
        assertEquals(0.637, delta, 0.03, "the at-the-money delta N(0.35)");

        Cli.Result asian = Cli.run("bench", "greeks", "--paths", "200", "--product", "asian-heston");
        assertEquals(0, asian.status(), asian.err());
        assertTrue(asian.out().trim().matches("product=asian-heston paths=200 pricing_ms=[0-9.]+ greeks_ms=[0-9.]+"
                + " ratio=[0-9.]+ .* d_kappa=-?[0-9.]+ d_theta=-?[0-9.]+ d_xi=-?[0-9.]+ d_rho=-?[0-9.]+"
                + " d_rate=-?[0-9.]+ same_price=true"), asian.out());
    }

    @Test
    void greeksRejectsBadPathsAndProducts() {
        for (String paths : new String[] {"0", "1000001"}) {
            Cli.Result result = Cli.run("bench", "greeks", "--paths", paths);
            assertEquals(Main.INPUT_ERROR, result.status(), paths);
            assertEquals("jgrad: --paths must be from 1 to 1000000, got " + paths + "\n", result.err());
        }
        Cli.Result result = Cli.run("bench", "greeks", "--product", "swaption");
        assertEquals(Main.INPUT_ERROR, result.status());
        assertEquals("jgrad: --product must be european or asian-heston, got 'swaption'\n", result.err());
    }
}
