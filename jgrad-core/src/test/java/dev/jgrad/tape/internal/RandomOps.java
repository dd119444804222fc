package dev.jgrad.tape.internal;

import dev.jgrad.Algebra;

/** The operations the random loop bodies of these tests draw from, by number. */
final class RandomOps {

    /** How many there are: {@link #apply} takes {@code 0 .. COUNT - 1}. */
    static final int COUNT = 6;

    private RandomOps() {
    }

    /** Operation {@code op} on {@code a}, with {@code b} where it takes two. */
    static int apply(Algebra g, int op, int a, int b) {
        switch (op) {
            case 0: return g.mul(a, b);
            case 1: return g.add(a, g.tanh(b));
            case 2: return g.sin(a);
            case 3: return g.atan2(a, b);
            case 4: return g.softplus(a);
            default: return g.sub(g.mul(a, 0.75), b);
        }
    }
}
