package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The contract of {@link Value} apart from the numbers: construction, structure, identity, errors, printing. */
class ValueApiTest {

    private static void assertNullNamed(String name, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertEquals(name, e.getMessage());
    }

    @Test
    void nullOperandsThrowNamingTheArgument() {
        Value a = Value.of(1);
        Map<String, Function<Value, Value>> binary = Map.of(
                "add", a::add, "sub", a::sub, "mul", a::mul, "div", a::div,
                "plus", a::plus, "minus", a::minus, "times", a::times);
        binary.forEach((method, f) -> assertNullNamed("other", () -> f.apply(null)));
        assertNullNamed("exponent", () -> a.pow((Value) null));
        assertNullNamed("cond", () -> Value.where(null, a, a));
        assertNullNamed("ifPositive", () -> Value.where(a, null, a));
        assertNullNamed("otherwise", () -> Value.where(a, a, null));
        assertNullNamed("terms", () -> Value.sum((Value[]) null));
        assertNullNamed("terms", () -> Value.sum((Collection<Value>) null));
        assertNullNamed("operand 1", () -> Value.sum(a, null, a));
        assertNullNamed("rule", () -> Value.apply(null, a));
        assertNullNamed("operand 0", () -> Value.apply(Op.EXP, (Value) null));
    }

    @Test
    void applyChecksTheArity() {
        Value a = Value.of(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Value.apply(Op.ADD, a));
        assertTrue(e.getMessage().contains("'+'") && e.getMessage().contains("given 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Value.apply(Op.EXP, a, a));
        assertThrows(IllegalArgumentException.class, () -> Value.apply(Op.SUM));
        assertEquals(Math.exp(1), Value.apply(Op.EXP, a).data());
    }

    @Test
    void setDataUpdatesLeavesOnly() {
        Value p = Value.of(2);
        Value y = p.mul(3);
        p.setData(5);
        assertEquals(5.0, p.data());
        assertEquals(6.0, y.data(), "nodes keep their value until rebuilt");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.setData(1));
        assertTrue(e.getMessage().contains("'*'"), e.getMessage());
        assertEquals(6.0, y.data());
    }

    @Test
    void childrenAreTheDistinctOperands() {
        Value a = Value.of(2);
        Value b = Value.of(2);
        assertEquals(Set.of(), a.children());
        assertEquals(Set.of(a), a.add(a).children());
        assertEquals(List.of(a, a), a.add(a).inputs());
        Value product = a.mul(b);
        assertEquals(Set.of(a, b), product.children());
        assertEquals(List.of(a, b), product.inputs());
        assertEquals(2, Value.sum(a, b, a, b).children().size());
        assertEquals(4, Value.sum(a, b, a, b).inputs().size());
        Set<Value> children = product.children();
        assertThrows(UnsupportedOperationException.class, () -> children.add(a));
        assertThrows(UnsupportedOperationException.class, () -> product.inputs().clear());
    }

    @Test
    void nodesHaveIdentityNotValueEquality() {
        Value a = Value.of(1);
        Value b = Value.of(1);
        assertNotEquals(a, b);
        assertEquals(a, a);
        assertEquals(2, new HashSet<>(List.of(a, b)).size());
        assertEquals(2, a.add(b).children().size(), "equal data, still two children");
    }

    @Test
    void opLabelsAndLeaves() {
        Value a = Value.of(2);
        assertEquals("", a.op());
        assertTrue(a.isLeaf());
        assertTrue(a.rule().isEmpty());
        assertEquals("+", a.add(1).op());
        assertEquals("ReLU", a.relu().op());
        assertEquals("^", a.pow(2).op());
        assertSame(Op.TANH, a.tanh().rule().orElseThrow());
        assertFalse(a.exp().isLeaf());
    }

    @Test
    void toStringIsMicrogradsFormat() {
        Value a = Value.of(-4);
        Value y = a.mul(a);
        y.backward();
        assertEquals("Value(data=16.0, grad=1.0)", y.toString());
        assertEquals("Value(data=-4.0, grad=-8.0)", a.toString());
        assertEquals("Value(data=NaN, grad=0.0)", Value.of(Double.NaN).toString());
    }

    @Test
    void sumIsOneNodeAndEmptySumIsZero() {
        List<Value> terms = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            terms.add(Value.of(i));
        }
        Value total = Value.sum(terms);
        assertEquals(499500.0, total.data());
        assertEquals(1001, total.topologicalOrder().size());
        total.backward();
        assertEquals(1.0, terms.get(7).grad());
        Value empty = Value.sum();
        assertEquals(0.0, empty.data());
        assertTrue(empty.isLeaf());
        assertFalse(empty.requiresGrad(), "an empty sum depends on nothing");
        assertFalse(Value.sum(List.of()).requiresGrad());
        assertEquals("logsumexp of no terms: give at least one",
                assertThrows(IllegalArgumentException.class, Value::logsumexp).getMessage());
    }

    @Test
    void topologicalOrderListsEachNodeOnceAfterItsInputs() {
        Value a = Value.of(1);
        Value b = a.mul(2);
        Value c = b.add(a).mul(b);
        List<Value> order = c.topologicalOrder();
        assertEquals(5, order.size(), "a, the constant 2, b, b + a, c");
        assertEquals(5, new HashSet<>(order).size());
        assertSame(c, order.get(order.size() - 1));
        for (Value node : order) {
            for (Value input : node.inputs()) {
                assertTrue(order.indexOf(input) < order.indexOf(node));
            }
        }
    }

    @Test
    void zeroGradResetsEveryReachableNode() {
        Value a = Value.of(2);
        Value unrelated = Value.of(3);
        Value y = a.mul(a).add(1);
        unrelated.mul(2).backward();
        y.backward();
        assertEquals(4.0, a.grad());
        y.zeroGrad();
        assertEquals(0.0, a.grad());
        assertEquals(0.0, y.grad());
        assertEquals(2.0, unrelated.grad(), "not reachable from y");
        y.backward();
        assertEquals(4.0, a.grad());
    }

    @Test
    void backwardFromALeafSeedsItsOwnGradient() {
        Value a = Value.of(2);
        a.backward();
        a.backward();
        assertEquals(2.0, a.grad());
    }

    @Test
    void interiorGradientsAreRecomputedFromEachOutput() {
        Value a = Value.of(2);
        Value b = a.mul(3);
        Value c = b.mul(4);
        Value d = b.add(1);
        c.backward();
        assertEquals(4.0, b.grad());
        d.backward();
        assertEquals(1.0, b.grad(), "b's gradient is d's, not added to c's");
        assertEquals(15.0, a.grad(), "the leaf accumulates 12 + 3");
    }

    /** {@code a²} as a user rule, derivative {@code 2a}. */
    private static final Rule SQUARE = new Rule() {
        @Override
        public String label() {
            return "square";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public double value(double a, double b, double c) {
            return a * a;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.mul(g.constant(2), a);
        }
    };

    @Test
    void userDefinedRulesAreDifferentiatedFromTheirPartials() {
        Value x = Value.of(2);
        Value y = Value.of(3);
        Value z = Value.of(4);
        Value product = Value.apply(TestRules.PRODUCT, x, y, z, x);
        assertEquals("prod", product.op());
        assertEquals(48.0, product.data());
        Value out = Value.apply(SQUARE, product);
        out.backward();
        assertEquals(48.0 * 48, out.data());
        assertEquals(2 * 48.0 * 48, x.grad(), "x used twice: 2 · 96 · 24");
        assertEquals(2 * 48.0 * 16, y.grad());
        assertEquals(2 * 48.0 * 12, z.grad());
    }

    @Test
    void aBackwardInterruptedByAThrowingRuleLeavesTheGraphUsable() {
        Rule broken = new Rule() {
            @Override
            public String label() {
                return "broken";
            }

            @Override
            public int arity() {
                return 1;
            }

            @Override
            public double value(double a, double b, double c) {
                return a;
            }

            @Override
            public int partial(Algebra g, int arg, int a, int b, int c, int out) {
                throw new IllegalStateException("no derivative");
            }
        };
        Value x = Value.of(3);
        Value square = x.mul(x);
        Value shared = square.add(square);
        Value bad = Value.apply(broken, shared.mul(2));
        assertThrows(IllegalStateException.class, bad::backward);
        shared.add(1).backward();
        assertEquals(12.0, x.grad(), "d(2x²)/dx at 3, nothing left over from the interrupted pass");
        assertEquals(2.0, square.grad());
    }
}
