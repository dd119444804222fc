package dev.jgrad.nn;

import java.util.List;

/**
 * A file whose content cannot be read: its message names the file and says what is wrong and where, and
 * {@link #line()} and {@link #column()} give the place when the error is at one place in the text.
 */
public abstract sealed class FileFormatException extends IllegalArgumentException
        permits CsvException, ModelFileException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * An error at a place in a file.
     *
     * @param message the full message, file name and place included
     * @param line    the line, from 1, or 0 when the error is not at one line
     * @param column  the column, from 1, or 0 when the error is not at one column
     */
    FileFormatException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /**
     * The line, from 1; 0 when the error is not at one line.
     *
     * @return the line, from 1; 0 when the error is not at one line
     */
    public int line() {
        return line;
    }

    /**
     * The column, from 1; 0 when the error is not at one column.
     *
     * @return the column, from 1; 0 when the error is not at one column
     */
    public int column() {
        return column;
    }

    /** The most characters of a cell, name or other text from a file that one message quotes. */
    static final int MAX_QUOTED = 40;
    /** The most characters of a file name that messages show. */
    static final int MAX_FILE_NAME = 400;
    /** The most names of a list, such as the columns of a CSV file, that one message shows. */
    static final int MAX_NAMES = 20;

    /** Text from a file in double quotes, cut to {@link #MAX_QUOTED} characters and made safe to show. */
    static String quote(String text) {
        return "\"" + escape(text, MAX_QUOTED) + "\"";
    }

    /** A file name made safe to show, cut to {@link #MAX_FILE_NAME} characters. */
    static String shown(String fileName) {
        return escape(fileName, MAX_FILE_NAME);
    }

    /** Names separated by commas, each as {@link #quote} shows it but without quotes, at most {@link #MAX_NAMES}. */
    static String shownList(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size() && i < MAX_NAMES; i++) {
            out.append(i == 0 ? "" : ", ").append(escape(names.get(i), MAX_QUOTED));
        }
        return names.size() > MAX_NAMES ? out + ", ... (" + names.size() + " in all)" : out.toString();
    }

    /**
     * The text with invisible characters (controls, such as the escape that starts a terminal sequence, format
     * characters such as bidirectional overrides, separators other than the space) written as {@code \n}, {@code \t},
     * {@code \r} or {@code \}{@code u001B}, and cut to {@code max} characters, "..." marking the cut.
     */
    static String escape(String text, int max) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (int count = 0; i < text.length() && count < max; count++) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (cp == ' ' || isVisible(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append(cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\U%08X", cp));
                    }
                }
            }
        }
        return i < text.length() ? out.append("...").toString() : out.toString();
    }

    private static boolean isVisible(int cp) {
        int type = Character.getType(cp);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.SURROGATE && type != Character.PRIVATE_USE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SPACE_SEPARATOR;
    }
}
