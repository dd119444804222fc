package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Constants, data and detached values in the {@link Value} engine: no gradient, and no work spent on one. */
class ConstantValueTest {

    /** A rule {@code a * b} whose partial towards {@code b} must never be asked for. */
    private static final Rule TIMES_DATA = new Rule() {
        @Override
        public int arity() {
            return 2;
        }

        @Override
        public double value(double a, double b, double c) {
            return a * b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            if (arg == 1) {
                throw new AssertionError("a partial towards an operand that requires no gradient was computed");
            }
            return b;
        }

        @Override
        public String label() {
            return "times-data";
        }
    };

    @Test
    void theDoubleOverloadsWrapTheirArgumentInAConstant() {
        Value x = Value.of(3);
        Value y = x.mul(2.0).add(1.0).sub(0.5).div(4.0).pow(2.0);
        for (Value node = y; !node.isLeaf(); node = node.inputs().get(0)) {
            Value constant = node.inputs().get(1);
            assertTrue(constant.isLeaf());
            assertFalse(constant.requiresGrad(), node.op());
        }
        y.backward();
        // y = ((2x + 0.5) / 4)^2, dy/dx = 2 (2x + 0.5) / 4 * 2 / 4
        assertEquals(2 * (2 * 3 + 0.5) / 4 * 0.5, x.grad());
        assertEquals(0, y.inputs().get(1).grad(), "a constant's gradient stays 0");
    }

    @Test
    void constantsAndWhatTheyComputeRequireNoGradient() {
        Value c = Value.constant(2);
        Value d = c.mul(c).exp();
        Value x = Value.of(1);
        assertFalse(c.requiresGrad());
        assertFalse(d.requiresGrad());
        assertTrue(x.requiresGrad());
        assertTrue(d.mul(x).requiresGrad());
        Value y = d.mul(x);
        y.backward();
        assertEquals(Math.exp(4), x.grad());
        assertEquals(0, d.grad());
        assertEquals(0, c.grad());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::backward);
        assertTrue(e.getMessage().contains("requires no gradient"), e.getMessage());
    }

    @Test
    void detachCutsTheGraph() {
        Value x = Value.of(3);
        Value y = x.mul(x.detach());
        y.backward();
        assertEquals(3, x.grad(), "d(x * stop(x))/dx = stop(x)");
        Value copy = x.detach();
        assertEquals(3, copy.data());
        assertFalse(copy.requiresGrad());
        copy.setData(5);
        assertEquals(3, x.data(), "a detached copy has its own value");
    }

    @Test
    void noPartialIsComputedTowardsData() {
        Value x = Value.of(1.5);
        Value data = Value.constant(4);
        Value y = Value.apply(TIMES_DATA, x, data).sin();
        y.backward();
        assertEquals(Math.cos(6) * 4, x.grad());
        assertSame(data, y.inputs().get(0).inputs().get(1));
    }

    @Test
    void leavesMadeByOfStillReceiveGradients() {
        // micrograd's sanity check, every leaf made by of: the same numbers as ever
        Value x = Value.of(-4.0);
        Value z = x.mul(2.0).add(2.0).add(x);
        Value q = z.relu().add(z.mul(x));
        Value h = z.mul(z).relu();
        Value y = h.add(q).add(q.mul(x));
        y.backward();
        assertEquals(46.0, x.grad());
        assertEquals(-20.0, y.data());
    }
}
