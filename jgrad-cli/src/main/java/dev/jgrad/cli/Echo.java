package dev.jgrad.cli;

/**
 * User text shown in error messages, made safe for a terminal and short: control characters, escape sequences and
 * other invisible characters are written as {@code \n}, {@code \t}, {@code \r} or {@code \}{@code u001B} (so an
 * expression or a file name cannot recolour or move the terminal's cursor), and long text is cut to a window.
 */
final class Echo {

    /** The most characters of user text one message quotes; longer text is cut and marked with "...". */
    static final int MAX_QUOTED = 40;
    /** How many characters of the input a caret line shows on each side of the error column, at most. */
    static final int WINDOW_SIDE = 40;

    /** The most characters of a one-line message from elsewhere that quotes user text. */
    static final int MAX_LINE = 400;

    private static final String MORE = "...";

    private Echo() {
    }

    /** The text, cut to {@link #MAX_QUOTED} characters and escaped, in double quotes: {@code "abc"}. */
    static String quote(String text) {
        return "\"" + shown(text) + "\"";
    }

    /** The text, cut to {@link #MAX_QUOTED} characters and escaped, without quotes. */
    static String shown(String text) {
        return shown(text, MAX_QUOTED);
    }

    /**
     * A one-line message built by someone else (picocli, the JDK) that may contain user text, escaped and cut to
     * {@link #MAX_LINE} characters.
     */
    static String line(String message) {
        return shown(String.valueOf(message), MAX_LINE);
    }

    private static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int count = 0;
        while (i < text.length() && count < max) {
            int cp = text.codePointAt(i);
            out.append(escape(cp));
            i += Character.charCount(cp);
            count++;
        }
        return i < text.length() ? out.append(MORE).toString() : out.toString();
    }

    /**
     * The input line around an error and the caret line under it: at most {@link #WINDOW_SIDE} characters of the
     * input (as shown, escapes counted) on each side of {@code index}, with "..." where the input goes on, and the
     * caret under the character at {@code index} (under the end when {@code index} is the input's length).
     *
     * @param input the input
     * @param index the 0-based index of the error, from 0 to {@code input.length()}
     * @return the two lines, without a line end after the second
     */
    static String window(String input, int index) {
        StringBuilder left = new StringBuilder();
        int from = index;
        while (from > 0 && left.length() < WINDOW_SIDE) {
            int cp = input.codePointBefore(from);
            left.insert(0, escape(cp));
            from -= Character.charCount(cp);
        }
        StringBuilder right = new StringBuilder();
        int to = index;
        while (to < input.length() && right.length() < WINDOW_SIDE) {
            int cp = input.codePointAt(to);
            right.append(escape(cp));
            to += Character.charCount(cp);
        }
        String before = (from > 0 ? MORE : "") + left;
        return before + right + (to < input.length() ? MORE : "") + "\n" + " ".repeat(before.length()) + "^";
    }

    /** One character as shown: itself if it is visible or a space, otherwise an escape. */
    static String escape(int cp) {
        switch (cp) {
            case '\n':
                return "\\n";
            case '\t':
                return "\\t";
            case '\r':
                return "\\r";
            default:
                break;
        }
        if (cp == ' ' || isVisible(cp)) {
            return new String(Character.toChars(cp));
        }
        return cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\U%08X", cp);
    }

    private static boolean isVisible(int cp) {
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.SURROGATE && type != Character.PRIVATE_USE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SPACE_SEPARATOR;
    }
}
