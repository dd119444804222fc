package dev.jgrad.cli;

import java.util.Locale;

/** Number formats shared by the commands' human-readable output. */
final class Numbers {

    private Numbers() {
    }

    /**
     * Four decimals as micrograd's {@code draw_dot} shows them ({@code 2.0000}), switching to scientific notation
     * ({@code 1.2346e-07}) where four decimals would hide the value or the number is very large; {@code NaN},
     * {@code Infinity} and {@code -Infinity} as Java writes them.
     */
    static String fourDecimals(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        double magnitude = Math.abs(value);
        if (value == 0 || (magnitude >= 1e-3 && magnitude < 1e9)) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        return String.format(Locale.ROOT, "%.4e", value);
    }
}
