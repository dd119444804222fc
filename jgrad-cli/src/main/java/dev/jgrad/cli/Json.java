package dev.jgrad.cli;

/**
 * The few pieces of JSON the commands write. Numbers are written with {@link Double#toString}, which gives back the
 * same double when read. JSON has no NaN or infinities, so those are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (Python's {@code float()} and JavaScript's {@code Number()} read them
 * back); a script can tell them from numbers by their type.
 */
final class Json {

    private Json() {
    }

    /** A double as a JSON value: a number, or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "\"" + value + "\"";
        }
        return Double.toString(value);
    }

    /** A string as a JSON string, with quotes, backslashes and control characters escaped. */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
