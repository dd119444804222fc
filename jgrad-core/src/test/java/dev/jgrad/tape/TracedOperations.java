package dev.jgrad.tape;

import dev.jgrad.Algebra;

/**
 * The operations the random traced programs of these tests draw from, by number: ops of the table, variadic ones and
 * {@code where} among them, with their operands kept where each is defined ({@code sqrt} of a square plus 1, {@code
 * pow} of a positive base).
 */
final class TracedOperations {

    /** How many there are: {@link #op} takes {@code 0 .. COUNT - 1}. */
    static final int COUNT = 30;

    private TracedOperations() {
    }

    /** Operation {@code k} on {@code a}, {@code b} and {@code c} (those it takes). */
    static int op(Algebra g, int k, int a, int b, int c) {
        return switch (k) {
            case 0 -> g.mul(a, b);
            case 1 -> g.add(a, g.tanh(b));
            case 2 -> g.sin(a);
            case 3 -> g.atan2(a, b);
            case 4 -> g.softplus(a);
            case 5 -> g.sub(g.mul(a, 0.75), b);
            case 6 -> g.max(a, b);
            case 7 -> g.min(a, 0.1);
            case 8 -> g.hypot(a, b);
            case 9 -> g.exp(g.mul(a, 0.1));
            case 10 -> g.div(a, g.add(g.mul(b, b), 1.0));
            case 11 -> g.relu(a);
            case 12 -> g.logsumexp(a, b, c);
            case 13 -> g.sqrt(g.add(g.mul(a, a), 1.0));
            case 14 -> g.add(a, b);
            case 15 -> g.sub(a, b);
            case 16 -> g.sum(a, b, c);
            case 17 -> g.mul(g.cos(a), b);
            case 18 -> g.where(a, b, c);
            case 19 -> g.abs(a);
            case 20 -> g.mul(g.sign(a), b);
            case 21 -> g.pow(g.add(g.abs(a), 0.5), 1.5);
            case 22 -> g.pow(g.add(g.abs(a), 0.5), g.tanh(b));
            case 23 -> g.sigmoid(a);
            case 24 -> g.atan(a);
            case 25 -> g.log1p(g.abs(a));
            case 26 -> g.cbrt(a);
            case 27 -> g.neg(a);
            case 28 -> g.mul(a, a);
            default -> g.asinh(a);
        };
    }
}
