package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Op;
import dev.jgrad.Value;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Using the library writes nothing to standard output or error and leaves no new thread behind, from the first
 * use (class initialization: this class runs before the others in this module) through every op, backward passes on
 * a deep graph, non-finite values and every kind of argument error. The bytecode rules ({@link LibraryRulesTest})
 * cover code this run does not reach; this test covers what they cannot see, such as output through a stream the
 * library was handed.
 */
@Order(1)
class QuietLibraryTest {

    @Test
    void usingTheLibraryPrintsNothingAndStartsNoThread() {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(capture);
        System.setErr(capture);
        try {
            exerciseTheCoreApi();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "jgrad printed");
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(threadsBefore);
        assertEquals(Set.of(), started, "jgrad left threads running");
    }

    private static void exerciseTheCoreApi() {
        for (double x : new double[] {-2.5, 0, 0.5, 3, Double.NaN, Double.POSITIVE_INFINITY}) {
            for (Op op : Op.values()) {
                int arity = op.arity() == -1 ? 3 : op.arity();
                List<Value> operands = new ArrayList<>();
                for (int i = 0; i < arity; i++) {
                    operands.add(Value.of(x + i));
                }
                Value y = Value.apply(op, operands.toArray(Value[]::new));
                y.backward();
                y.backward();
                assertEquals(y.data(), y.data());
                y.zeroGrad();
                assertTrue(y.toString().startsWith("Value("));
            }
        }

        Value a = Value.of(1.5);
        Value b = Value.of(-0.5);
        Value y = Value.where(a.sub(b), a.mul(b).exp(), a.div(b).abs().log())
                .add(Value.sum(a.sin(), b.cos(), a.sqrt(), b.tanh(), a.sigmoid(), b.relu(), a.sign()))
                .add(a.pow(b)).add(a.pow(2)).add(a.neg()).add(a.plus(b).minus(1).times(b).unaryMinus());
        y.backward();
        assertEquals(y, y.topologicalOrder().get(y.topologicalOrder().size() - 1));
        assertTrue(y.children().size() > 0 && y.inputs().size() > 0 && y.rule().isPresent() && !y.op().isEmpty());
        a.setData(2);

        Value chain = a;
        for (int i = 0; i < 200_000; i++) {
            chain = chain.mul(1.0000001).add(b);
        }
        chain.backward();

        assertThrows(NullPointerException.class, () -> a.add((Value) null));
        assertThrows(NullPointerException.class, () -> Value.sum((Value[]) null));
        assertThrows(IllegalArgumentException.class, () -> Value.apply(Op.ADD, a));
        assertEquals(0.0, Value.sum().data());
        assertThrows(IllegalStateException.class, () -> y.setData(0));
    }
}
