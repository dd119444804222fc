package dev.jgrad.cli;

import java.util.Locale;

/** Number formats shared by the commands' human-readable output, and the scanning of decimal numbers. */
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

    /**
     * Where the decimal number starting at {@code from} ends: digits with an optional fraction, or a fraction alone
     * ({@code 12}, {@code 1.}, {@code 1.5}, {@code .5}), then an exponent ({@code e-3}) if a complete one follows. One
     * pass over the characters, so the time is linear in the length.
     *
     * @return the index after the number, or {@code from} if no number starts there
     */
    static int decimalEnd(String text, int from) {
        int i = digitsEnd(text, from);
        boolean whole = i > from;
        if (i < text.length() && text.charAt(i) == '.') {
            int fraction = digitsEnd(text, i + 1);
            if (!whole && fraction == i + 1) {
                return from;
            }
            i = fraction;
        } else if (!whole) {
            return from;
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int sign = i + 1 < text.length() && (text.charAt(i + 1) == '+' || text.charAt(i + 1) == '-') ? i + 2 : i + 1;
            int exponent = digitsEnd(text, sign);
            if (exponent > sign) {
                i = exponent;
            }
        }
        return i;
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
