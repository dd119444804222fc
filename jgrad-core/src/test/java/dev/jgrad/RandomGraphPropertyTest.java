package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random compositions of operations: directed acyclic graphs whose operands are drawn from every node built so far
 * (so subexpressions are shared, leaves and interior nodes alike), differentiated by {@code backward()} and checked
 * against central finite differences.
 */
class RandomGraphPropertyTest {

    private static final int OPS = 20;

    /**
     * A random program: instruction {@code i} applies op {@code ops[i][0]} to earlier nodes {@code ops[i][1..3]}
     * (leaves first). The same program is replayed at shifted inputs for the finite differences.
     */
    record Program(int leaves, int[][] ops, double constant) {

        static Program random(long seed) {
            Random random = new Random(seed);
            int leaves = 1 + random.nextInt(4);
            int[][] ops = new int[2 + random.nextInt(14)][];
            for (int i = 0; i < ops.length; i++) {
                int available = leaves + i;
                int[] op = {random.nextInt(OPS), 0, 0, 0};
                for (int k = 1; k < op.length; k++) {
                    // Favour recent nodes so graphs grow deep as well as wide.
                    op[k] = random.nextBoolean() ? available - 1 - random.nextInt(Math.min(3, available))
                            : random.nextInt(available);
                }
                ops[i] = op;
            }
            return new Program(leaves, ops, Math.round(random.nextGaussian() * 100) / 100.0);
        }

        Value run(Value[] leaves) {
            List<Value> nodes = new ArrayList<>(Arrays.asList(leaves));
            for (int[] op : ops) {
                Value a = nodes.get(op[1]);
                Value b = nodes.get(op[2]);
                Value c = nodes.get(op[3]);
                nodes.add(switch (op[0]) {
                    case 0 -> a.add(b);
                    case 1 -> a.sub(b);
                    case 2 -> a.mul(b);
                    case 3 -> a.div(b.mul(b).add(1));
                    case 4 -> a.mul(a).add(0.5).pow(b.tanh());
                    case 5 -> a.mul(a).add(1).log();
                    case 6 -> a.mul(a).add(0.25).sqrt();
                    case 7 -> a.tanh();
                    case 8 -> a.sigmoid();
                    case 9 -> a.sin();
                    case 10 -> a.cos();
                    case 11 -> a.tanh().exp();
                    case 12 -> a.relu();
                    case 13 -> a.abs();
                    case 14 -> a.neg();
                    case 15 -> Value.where(a, b, c);
                    case 16 -> Value.sum(a, b, c, a);
                    case 17 -> a.mul(constant);
                    case 18 -> a.add(constant).pow(2);
                    default -> a.sub(constant).mul(b.sign().add(c));
                });
            }
            return nodes.get(nodes.size() - 1);
        }
    }

    @Property(tries = 300)
    void gradientsOfRandomGraphsMatchFiniteDifferences(@ForAll long seed) {
        Program program = Program.random(seed);
        Random random = new Random(~seed);
        double[] x = random.doubles(program.leaves(), -2, 2).toArray();
        double[] kinks = kinks(program, x);
        for (int i = 0; i < x.length; i++) {
            for (double sign : new double[] {-1, 1}) {
                double[] shifted = x.clone();
                shifted[i] += sign * FiniteDifferences.step(x[i]);
                // A finite difference across a kink of relu, abs, sign or a select says nothing.
                Assume.that(Arrays.equals(kinks, kinks(program, shifted)));
            }
        }
        Value out = program.run(leaves(x));
        Assume.that(Math.abs(out.data()) < 1e4);
        FiniteDifferences.check(program::run, 1e-5, x);
    }

    @Property(tries = 300)
    void backwardAgreesWithItselfOnAReplay(@ForAll long seed) {
        Program program = Program.random(seed);
        double[] x = new Random(seed).doubles(program.leaves(), -2, 2).toArray();
        Value[] first = leaves(x);
        Value out = program.run(first);
        Assume.that(Math.abs(out.data()) < 1e4);
        out.backward();
        double[] once = Arrays.stream(first).mapToDouble(Value::grad).toArray();
        Assume.that(Arrays.stream(once).allMatch(g -> Math.abs(g) < 1e6));
        out.backward();
        for (int i = 0; i < x.length; i++) {
            // Not bit-exact: the second pass adds each contribution to the first total, one at a time.
            assertEquals(2 * once[i], first[i].grad(), 1e-9 * Math.max(1, Math.abs(once[i])), "leaves accumulate");
        }
        out.zeroGrad();
        out.backward();
        for (int i = 0; i < x.length; i++) {
            assertEquals(once[i], first[i].grad(), "after zeroGrad, interior gradients are recomputed from scratch");
        }
        Value[] second = leaves(x);
        program.run(second).backward();
        for (int i = 0; i < x.length; i++) {
            assertEquals(once[i], second[i].grad(), "a rebuilt graph gives the same gradient");
        }
    }

    private static Value[] leaves(double[] x) {
        return Arrays.stream(x).mapToObj(Value::of).toArray(Value[]::new);
    }

    /** The sign of the input at every kink (relu, abs, sign, where), in topological order. */
    private static double[] kinks(Program program, double[] x) {
        return program.run(leaves(x)).topologicalOrder().stream()
                .filter(node -> List.of("ReLU", "abs", "sign", "where").contains(node.op()))
                .mapToDouble(node -> Math.signum(node.inputs().get(0).data()))
                .toArray();
    }
}
