package dev.jgrad.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON reader and writer behind {@link ModelFile} (the core has no dependencies). Reads RFC 8259 JSON into
 * {@code Map<String, Object>} (key order kept), {@code List<Object>}, {@code String}, {@code Double},
 * {@code Boolean} and {@code null}; numbers are parsed with {@link Double#parseDouble}, so a number written by
 * {@link #number(double)} comes back bit for bit.
 */
final class Json {

    /** Deeper nesting than any model file needs; the limit keeps a hostile file from overflowing the stack. */
    private static final int MAX_DEPTH = 64;

    /** A syntax error at a line and column (both from 1). */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON value filling the whole text (white space around it allowed). */
    static Object parse(String text) throws SyntaxError {
        Json p = new Json(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.found() + " after the end of the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of file (truncated?); expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + found() + "; expected a value");
        }
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek('}')) {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw error("expected a quoted key, found " + found());
            }
            int keyLine = line(pos);
            int keyColumn = column(pos);
            String key = string();
            skipSpace();
            expect(':', "after the key " + FileFormatException.quote(key));
            skipSpace();
            Object value = value(depth + 1);
            if (map.containsKey(key)) {
                throw new SyntaxError("duplicate key " + FileFormatException.quote(key), keyLine, keyColumn);
            }
            map.put(key, value);
            skipSpace();
            if (peek('}')) {
                pos++;
                return map;
            }
            expect(',', "or '}' in an object");
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek(']')) {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            if (peek(']')) {
                pos++;
                return list;
            }
            expect(',', "or ']' in an array");
        }
    }

    private String string() throws SyntaxError {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new SyntaxError("unexpected end of file (truncated?) in the string starting here",
                        line(start), column(start));
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string; escape it");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unexpected end of file (truncated?) in an escape sequence");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("unexpected end of file (truncated?) in a \\u escape");
                    }
                    String hex = text.substring(pos, pos + 4);
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw error("bad \\u escape \"\\u" + hex + "\"; expected 4 hex digits");
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                }
                default -> {
                    pos--;
                    throw error("bad escape \"\\" + e + "\" in a string");
                }
            }
        }
    }

    private Double number() throws SyntaxError {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        if (peek('0')) {
            pos++;
        } else if (!digits()) {
            throw error("expected a digit in a number, found " + found());
        }
        if (peek('.')) {
            pos++;
            if (!digits()) {
                throw error("expected a digit after the decimal point, found " + found());
            }
        }
        if (peek('e') || peek('E')) {
            pos++;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (!digits()) {
                throw error("expected a digit in the exponent, found " + found());
            }
        }
        return Double.parseDouble(text.substring(start, pos));
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) throws SyntaxError {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + found() + "; expected a value");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c, String where) throws SyntaxError {
        if (!peek(c)) {
            throw error("expected '" + c + "' " + where + ", found " + found());
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String found() {
        if (pos >= text.length()) {
            return "end of file (truncated?)";
        }
        char c = text.charAt(pos);
        return c < 0x20 || c > 0x7e ? "character U+" + String.format("%04X", (int) c) : "'" + c + "'";
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message, line(pos), column(pos));
    }

    private int line(int at) {
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private int column(int at) {
        int lineStart = text.lastIndexOf('\n', Math.min(at, text.length()) - 1) + 1;
        return at - lineStart + 1;
    }

    // ---------------------------------------------------------------- writing

    /**
     * A JSON string literal. A surrogate that is not half of a pair is written as the JSON escape of its code unit:
     * written raw, the file's UTF-8 encoding would turn it into '?', and the text would not read back the same.
     */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    /**
     * A finite double as a JSON number, by {@link Double#toString}: enough digits that {@link Double#parseDouble}
     * gives back the same bits ({@code -0.0} included).
     */
    static String number(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(x + " cannot be written as a JSON number");
        }
        return Double.toString(x);
    }

    /** A JSON array of numbers, on one line. */
    static String numbers(double[] xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(number(xs[i]));
        }
        return sb.append(']').toString();
    }

    /** A JSON array of strings, on one line. */
    static String strings(List<String> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(string(xs.get(i)));
        }
        return sb.append(']').toString();
    }
}
