package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The seed's own numbers, from micrograd's tests (there checked against PyTorch in double precision). */
class SeedTest {

    @Test
    void sanityCheckExpression() {
        Value x = Value.of(-4);
        Value z = x.mul(2).add(2).add(x);
        Value q = z.relu().add(z.mul(x));
        Value h = z.mul(z).relu();
        Value y = h.add(q).add(q.mul(x));
        y.backward();
        assertEquals(-20.0, y.data());
        assertEquals(46.0, x.grad());
        assertEquals("Value(data=-20.0, grad=1.0)", y.toString());
    }

    @Test
    void moreOpsExpression() {
        Value a = Value.of(-4);
        Value b = Value.of(2);
        Value c = a.add(b);
        Value d = a.mul(b).add(b.pow(3));
        c = c.add(c).add(1);
        c = c.add(1).add(c).add(a.neg());
        d = d.add(d.mul(2)).add(b.add(a).relu());
        d = d.add(d.mul(3)).add(b.sub(a).relu());
        Value e = c.sub(d);
        Value f = e.pow(2);
        Value g = f.div(2);
        g = g.add(Value.of(10).div(f));
        g.backward();
        assertEquals(24.70408163265306, g.data(), 1e-9);
        assertEquals(138.83381924198252, a.grad(), 1e-9);
        assertEquals(645.5772594752186, b.grad(), 1e-9);
    }

    @Test
    void interiorReuseAccumulates() {
        Value a = Value.of(3);
        Value b = a.add(a);
        Value c = b.add(b);
        c.backward();
        assertEquals(4.0, a.grad());
        assertEquals(1, b.children().size());

        Value x = Value.of(3);
        x.mul(x).backward();
        assertEquals(6.0, x.grad());
    }

    @Test
    void backwardTwiceRecomputesInteriorAndAccumulatesLeaves() {
        Value a = Value.of(2);
        Value b = a.mul(3);
        Value c = b.mul(4);
        c.backward();
        c.backward();
        assertEquals(24.0, a.grad());
        assertEquals(4.0, b.grad());
        c.zeroGrad();
        assertEquals(0.0, a.grad());
    }
}
