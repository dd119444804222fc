package dev.jgrad.hello;

import dev.jgrad.Value;

/**
 * Differentiates f(x, y) = xy + x^2 + tanh(y - 4) at (3, 4): df/dx = y + 2x = 10, df/dy = x + (1 - tanh^2 0) = 4.
 * Prints the module jgrad was loaded from (null if it came from a class path) and the numbers.
 */
public final class Main {

    private Main() {
    }

    /** Runs the example; takes no arguments. */
    public static void main(String[] args) {
        Value x = Value.of(3);
        Value y = Value.of(4);
        Value f = x.mul(y).add(x.pow(2)).add(y.sub(4).tanh());
        f.backward();
        System.out.println("jgrad module " + Value.class.getModule().getName()
                + ": f = " + f.data() + ", df/dx = " + x.grad() + ", df/dy = " + y.grad());
    }
}
