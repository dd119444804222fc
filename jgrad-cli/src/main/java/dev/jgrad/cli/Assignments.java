package dev.jgrad.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The variable values of {@code --at}: {@code x=2,y=-3.5,z=1e-3}, in the order given. A value is a decimal number
 * with an optional sign and exponent within the range of a double (as {@code Csv.parseCell} reads one; {@code 1e999}
 * is refused, not taken as infinity), or {@code NaN}, {@code Infinity}, {@code -Infinity}. Spaces around names,
 * values and commas are allowed. Mistakes throw {@link InputException} with the column in the {@code --at} text.
 */
final class Assignments {

    private Assignments() {
    }

    /**
     * Parses {@code --at} text.
     *
     * @param text such as {@code "x=2,y=3"}; the empty string (or only spaces) means no variables
     * @return the values by name, in the order given
     * @throws InputException for a part without {@code =}, a bad name, a bad number, a number beyond the largest
     *                        double or a name given twice
     */
    static Map<String, Double> parse(String text) {
        Objects.requireNonNull(text, "text");
        Map<String, Double> values = new LinkedHashMap<>();
        if (text.isBlank()) {
            return values;
        }
        int start = 0;
        while (start <= text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            parsePart(text, start, end, values);
            start = end + 1;
        }
        return Collections.unmodifiableMap(values);
    }

    private static void parsePart(String text, int start, int end, Map<String, Double> values) {
        int equals = text.indexOf('=', start);
        if (equals < 0 || equals >= end) {
            int column = firstNonSpace(text, start, end);
            throw InputException.at("--at", text, column + 1, "expected NAME=NUMBER, as in x=2");
        }
        int nameStart = firstNonSpace(text, start, equals);
        String name = text.substring(start, equals).strip();
        if (!Expression.isName(name)) {
            throw InputException.at("--at", text, nameStart + 1, name.isEmpty()
                    ? "a name is missing before \"=\""
                    : Echo.quote(name) + " is not a variable name (letters, digits and _, not starting with a digit)");
        }
        if (values.containsKey(name)) {
            throw InputException.at("--at", text, nameStart + 1, Echo.quote(name) + " is given twice");
        }
        int valueStart = firstNonSpace(text, equals + 1, end);
        String number = text.substring(equals + 1, end).strip();
        if (!isNumber(number)) {
            throw InputException.at("--at", text, valueStart + 1, number.isEmpty()
                    ? "a number is missing after " + Echo.quote(name + "=")
                    : Echo.quote(number) + " is not a number");
        }
        double value = Double.parseDouble(number);
        if (Double.isInfinite(value) && !number.endsWith("Infinity")) {
            throw InputException.at("--at", text, valueStart + 1,
                    Echo.quote(number) + " is out of the range of a double");
        }
        values.put(name, value);
    }

    /**
     * Whether the text is a value {@code --at} accepts: {@code NaN}, {@code Infinity} or {@code -Infinity} with an
     * optional sign, or a decimal number, scanned in one pass (a regular expression with two adjacent digit runs
     * backtracks in quadratic time on long digit strings).
     */
    static boolean isNumber(String text) {
        int i = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        if (text.equals("NaN") || text.startsWith("Infinity", i) && text.length() == i + "Infinity".length()) {
            return true;
        }
        int end = Numbers.decimalEnd(text, i);
        return end > i && end == text.length();
    }

    private static int firstNonSpace(String text, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
