package dev.jgrad.nn;

import dev.jgrad.internal.Plural;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads numeric CSV files: a header line of column names, then one line of numbers per row, cells separated by
 * commas.
 *
 * <p>The format accepted: UTF-8 (a leading byte-order mark is ignored); LF, CRLF or CR line ends; spaces around cells
 * ignored; blank lines skipped (so a trailing empty line is fine), blank meaning nothing but the spaces trimmed from
 * cells (characters up to U+0020), so a line of one cell such as U+3000, a text label, is a row; every row has
 * exactly as many cells as the header; every cell a decimal number such as {@code 3}, {@code -0.5}, {@code 1e-3} ({@code NaN}, {@code Infinity},
 * hexadecimal, empty and out-of-range cells are refused: out of range is beyond the largest double, such as
 * {@code 1e309}). Every cell reads as its nearest double, so one too close to 0 for any double, such as
 * {@code 1e-400}, reads as 0 (or -0), as {@link Double#parseDouble} and numpy read it.
 *
 * <p>Cells may be quoted as RFC 4180 says: a cell in double quotes (spaces around the quotes ignored) may hold commas,
 * and a quote inside it is written twice ({@code "say ""hi"", then go"}); its text is read without the quotes and
 * without spaces at its ends, so {@code "2.5"} is the number 2.5 and {@code "a,b"} in the header the column name
 * {@code a,b}. Still one record per line: a quoted cell cannot hold a line break, so a quote not closed on its line is
 * an error, as is text after a closing quote ({@code "a"b}) or a quote inside an unquoted cell ({@code a"b}).
 *
 * Errors throw {@link CsvException} with messages such as {@code data.csv:7:3: "abc" is not a number} and
 * {@code data.csv:5: 3 cells, header has 4}; lines and columns count from 1. Text quoted from the file (cells,
 * names) and the file name have their invisible characters escaped and are cut short, so messages are safe to print.
 * {@link #read} streams the file and refuses one over {@link #MAX_FILE_BYTES} or with a line over
 * {@link #MAX_LINE_BYTES}, and names the line and byte of anything that is not UTF-8.
 */
public final class Csv {

    /** The most bytes {@link #read} reads from a file: 32 MiB. */
    public static final long MAX_FILE_BYTES = 32L << 20;
    /** The most bytes of one line {@link #read} accepts, its line end not counted: 1 MiB. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private Csv() {
    }

    /**
     * A parsed file: the column names and the rows of numbers.
     *
     * @param source     the file name used in messages
     * @param header     the column names, in order
     * @param rows       one array per data row, each as long as the header
     * @param headerLine the line the header is on, from 1: after the blank lines before it, if any
     */
    public record Table(String source, List<String> header, double[][] rows, int headerLine) {

        /**
         * Checks the shape; the header is copied.
         *
         * @param source the file name used in messages
         * @param header the column names, in order
         * @param rows one array per data row, each as long as the header
         * @param headerLine the line the header is on, from 1
         * @throws IllegalArgumentException if a row's length differs from the header's, or {@code headerLine < 1}
         */
        public Table {
            Objects.requireNonNull(source, "source");
            if (headerLine < 1) {
                throw new IllegalArgumentException("headerLine (" + headerLine + ") must be >= 1");
            }
            Objects.requireNonNull(header, "header");
            for (int j = 0; j < header.size(); j++) {
                Objects.requireNonNull(header.get(j), "header[" + j + "]");
            }
            header = List.copyOf(header);
            Objects.requireNonNull(rows, "rows");
            for (int i = 0; i < rows.length; i++) {
                if (Objects.requireNonNull(rows[i], "rows[" + i + "]").length != header.size()) {
                    throw new IllegalArgumentException(
                            "rows[" + i + "] has " + Plural.of(rows[i].length, "value") + ", header has "
                                    + header.size());
                }
            }
        }

        /**
         * A table whose header is on line 1.
         *
         * @param source the file name used in messages
         * @param header the column names, in order
         * @param rows   one array per data row, each as long as the header
         * @throws IllegalArgumentException if a row's length differs from the header's
         */
        public Table(String source, List<String> header, double[][] rows) {
            this(source, header, rows, 1);
        }

        /**
         * A table not read from a file (messages call it {@code <table>}; its header is line 1).
         *
         * @param header the column names
         * @param rows   the rows
         */
        public Table(List<String> header, double[][] rows) {
            this("<table>", header, rows);
        }

        /**
         * The index of a column.
         *
         * @param name the column name, exactly as in the header
         * @return its index, from 0
         * @throws CsvException {@code no column "foo" in data.csv (columns: a, b, c)}, at the header's line
         */
        public int column(String name) {
            Objects.requireNonNull(name, "name");
            int index = header.indexOf(name);
            if (index < 0) {
                throw new CsvException("no column " + FileFormatException.quote(name) + " in " + source
                        + " (columns: " + FileFormatException.shownList(header) + ")", headerLine, 0);
            }
            return index;
        }

        /**
         * The rows as a data set: the given column as targets, the other columns, in order, as features.
         *
         * @param target the name of the target column
         * @return the data set (feature rows are new arrays)
         * @throws CsvException if there is no such column
         */
        public Dataset dataset(String target) {
            int t = column(target);
            double[][] features = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                features[i] = new double[header.size() - 1];
                System.arraycopy(rows[i], 0, features[i], 0, t);
                System.arraycopy(rows[i], t + 1, features[i], t, header.size() - t - 1);
            }
            return new Dataset(features, columnValues(t));
        }

        /**
         * The names of the feature columns of {@link #dataset(String)}: every column but the target, in order.
         *
         * @param target the name of the target column
         * @return the names
         * @throws CsvException if there is no such column
         */
        public List<String> featureNames(String target) {
            List<String> names = new ArrayList<>(header);
            names.remove(column(target));
            return List.copyOf(names);
        }

        /**
         * The values of one column, top to bottom.
         *
         * @param index the column index, from 0
         * @return a new array
         */
        public double[] columnValues(int index) {
            Objects.checkIndex(index, header.size());
            double[] values = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                values[i] = rows[i][index];
            }
            return values;
        }
    }

    /**
     * Reads a CSV file, as a stream: at most {@link #MAX_FILE_BYTES} bytes, lines of at most {@link #MAX_LINE_BYTES}
     * bytes.
     *
     * @param file the file; messages name it as given
     * @return the table (possibly without rows)
     * @throws CsvException           for malformed content, naming line and column; for bytes that are not UTF-8,
     *                                naming the line and byte; for a file or line over its limit
     * @throws UncheckedIOException   if the file cannot be read
     */
    public static Table read(Path file) {
        return stream(file, null);
    }

    /**
     * Reads a CSV file as {@link #read(Path)} does, but parses only the cells of the named columns: the cells of
     * every other column may hold anything, such as text, an empty cell or {@code NA}, and are NaN in the table.
     * Rows must still have as many cells as the header. A name the header lacks is no error here;
     * {@link Table#column} reports it.
     *
     * @param file    the file; messages name it as given
     * @param columns the names of the columns to parse
     * @return the table (possibly without rows), as wide as the header
     * @throws CsvException           as {@link #read(Path)}, for the cells of the named columns
     * @throws UncheckedIOException   if the file cannot be read
     */
    public static Table read(Path file, Set<String> columns) {
        return stream(file, Set.copyOf(Objects.requireNonNull(columns, "columns")));
    }

    /**
     * A table whose label column may hold text, as {@link #readLabeled} reads it.
     *
     * @param table the table; in the label column, each cell's number when every cell of that column is a number,
     *              else the index in {@code names} of the cell's text
     * @param names the distinct texts of the label column, ascending as {@link String#compareTo} orders them, or
     *              {@code null} when every cell of that column is a number
     * @param firstText where the label column mixes numbers and text, its first cell that is not a number, as a
     *              message names it ({@code data.csv:7:5: "abc"}), since one such cell among numbers may be a typo;
     *              else {@code null}
     */
    public record Labeled(Table table, List<String> names, String firstText) {

        /**
         * Checks the parts; the names are copied.
         *
         * @param table the table
         * @param names the label names, or {@code null}
         * @param firstText the first text cell of a label column that also holds numbers, or {@code null}
         */
        public Labeled {
            Objects.requireNonNull(table, "table");
            names = names == null ? null : List.copyOf(names);
        }
    }

    /**
     * Reads a CSV file as {@link #read(Path)} does, but the cells of the label column may be text, for class labels
     * such as {@code setosa}: if every one of them is a number they are read as numbers, as {@link #read(Path)} reads
     * them; otherwise every one of them is a label read as text (so {@code 1}, {@code 2} and {@code x} are three
     * text labels), without the spaces around it. An empty label cell is refused. Every other column must hold
     * numbers.
     *
     * @param file  the file; messages name it as given
     * @param label the name of the label column
     * @return the table and, for text labels, their names
     * @throws CsvException         as {@link #read(Path)}; also for an empty label cell
     *                              ({@code data.csv:7:5: empty label in column "species"}), and if the header has
     *                              no column {@code label}, as {@link Table#column} says
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Labeled readLabeled(Path file, String label) {
        Reader reader = stream(file, null, Objects.requireNonNull(label, "label"));
        return reader.labeled();
    }

    /** Reads the file as a stream, parsing the cells of the chosen columns, or of all when {@code chosen} is null. */
    private static Table stream(Path file, Set<String> chosen) {
        return stream(file, chosen, null).table();
    }

    /** The file read by a reader that keeps the label column's text, if {@code label} is not null. */
    private static Reader stream(Path file, Set<String> chosen, String label) {
        Objects.requireNonNull(file, "file");
        String source = FileFormatException.shown(file.toString());
        try (TextLines lines = new TextLines(Files.newInputStream(file), source, MAX_FILE_BYTES, MAX_LINE_BYTES,
                (message, line) -> new CsvException(message, line, 0))) {
            Reader reader = new Reader(source, chosen, label);
            for (String line = lines.next(); line != null; line = lines.next()) {
                reader.line(line, lines.lineNumber());
            }
            return reader;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + describe(e), e);
        }
    }

    /**
     * Parses CSV text.
     *
     * @param source the name used in messages, such as the file name
     * @param text   the whole text
     * @return the table (possibly without rows)
     * @throws CsvException for malformed content, naming line and column
     */
    public static Table parse(String source, String text) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        Reader reader = new Reader(FileFormatException.shown(source), null, null);
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNumber = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            reader.line(text.substring(start, end), ++lineNumber);
            start = end + (text.startsWith("\r\n", end) ? 2 : 1);
        }
        return reader.table();
    }

    /**
     * Takes the lines in order: blank lines skipped, the first other line the header, then the rows, parsing the
     * cells of the chosen columns (of every column when {@code chosen} is null) but for the label column, if any,
     * whose cells are kept as text until every row is read.
     */
    private static final class Reader {
        private final String source;
        private final Set<String> chosen;
        private final String label;
        private List<String> header;
        private boolean[] parsed;
        private int headerLine;
        private int labelColumn = -1;
        private final List<double[]> rows = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<Integer> labelLines = new ArrayList<>();

        Reader(String source, Set<String> chosen, String label) {
            this.source = source;
            this.chosen = chosen;
            this.label = label;
        }

        void line(String line, int lineNumber) {
            if (isBlank(line)) {
                return;
            }
            if (header == null) {
                header = header(source, line, lineNumber);
                headerLine = lineNumber;
                parsed = new boolean[header.size()];
                for (int j = 0; j < parsed.length; j++) {
                    parsed[j] = chosen == null || chosen.contains(header.get(j));
                }
                if (label != null) {
                    labelColumn = new Table(source, header, new double[0][], headerLine).column(label);
                    parsed[labelColumn] = false;
                }
                return;
            }
            List<String> cells = cells(source, line, lineNumber);
            if (cells.size() != header.size()) {
                throw new CsvException(source + ":" + lineNumber + ": " + Plural.of(cells.size(), "cell")
                        + ", header has " + header.size(), lineNumber, 0);
            }
            rows.add(values(source, cells, lineNumber, parsed));
            if (labelColumn >= 0) {
                String text = cells.get(labelColumn);
                if (text.isEmpty()) {
                    throw new CsvException(source + ":" + lineNumber + ":" + (labelColumn + 1) + ": empty label in "
                            + "column " + FileFormatException.quote(label), lineNumber, labelColumn + 1);
                }
                labels.add(text);
                labelLines.add(lineNumber);
            }
        }

        /**
         * Whether the line holds only the spaces {@link String#trim} removes, as around cells: not
         * {@link String#isBlank}, whose Unicode white space (U+3000, U+2028) skipped a row whose one cell, such as a
         * text label jgrad predict wrote, is that character.
         */
        private static boolean isBlank(String line) {
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) > ' ') {
                    return false;
                }
            }
            return true;
        }

        Table table() {
            if (header == null) {
                throw new CsvException(source + ": empty file; expected a header line of column names", 1, 0);
            }
            return new Table(source, header, rows.toArray(new double[0][]), headerLine);
        }

        /** The table with the label column filled in: numbers if every label is one, else indices of the names. */
        Labeled labeled() {
            double[] values = new double[labels.size()];
            List<String> names = null;
            String firstText = null;
            int numbers = 0;
            for (int i = 0; i < values.length && (firstText == null || numbers == 0); i++) {
                try {
                    values[i] = parseCell(labels.get(i));
                    numbers++;
                } catch (NumberFormatException e) {
                    if (firstText == null) {
                        firstText = source + ":" + labelLines.get(i) + ":" + (labelColumn + 1) + ": "
                                + FileFormatException.quote(labels.get(i));
                    }
                }
            }
            if (firstText != null) {
                names = new ArrayList<>(new TreeSet<>(labels));
                Map<String, Integer> index = new HashMap<>();
                for (int k = 0; k < names.size(); k++) {
                    index.put(names.get(k), k);
                }
                for (int i = 0; i < values.length; i++) {
                    values[i] = index.get(labels.get(i));
                }
            }
            for (int i = 0; i < values.length; i++) {
                rows.get(i)[labelColumn] = values[i];
            }
            return new Labeled(table(), names, numbers > 0 ? firstText : null);
        }
    }

    private static List<String> header(String source, String line, int lineNo) {
        List<String> cells = cells(source, line, lineNo);
        List<String> names = new ArrayList<>(cells.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < cells.size(); j++) {
            String name = cells.get(j);
            if (name.isEmpty()) {
                throw new CsvException(source + ":" + lineNo + ":" + (j + 1) + ": empty column name", lineNo, j + 1);
            }
            Integer before = seen.putIfAbsent(name, j + 1);
            if (before != null) {
                throw new CsvException(source + ":" + lineNo + ":" + (j + 1) + ": duplicate column name "
                        + FileFormatException.quote(name) + " (also column " + before + ")", lineNo, j + 1);
            }
            names.add(name);
        }
        return names;
    }

    private static double[] values(String source, List<String> cells, int lineNo, boolean[] parsed) {
        double[] values = new double[parsed.length];
        for (int j = 0; j < parsed.length; j++) {
            try {
                values[j] = parsed[j] ? parseCell(cells.get(j)) : Double.NaN;
            } catch (NumberFormatException e) {
                throw new CsvException(source + ":" + lineNo + ":" + (j + 1) + ": " + e.getMessage(), lineNo, j + 1);
            }
        }
        return values;
    }

    /**
     * Reads one cell as {@link #read} and {@link #parse} read every cell, for a reader of another source that should
     * accept exactly the numbers a CSV file may hold: spaces around the cell (every character up to U+0020, as
     * {@link String#trim} removes) are ignored, and the rest must be a decimal number within the range of a double,
     * as the class documentation says; {@code NaN}, {@code Infinity}, hexadecimal, type suffixes such as {@code 1d}
     * and empty cells are refused.
     *
     * @param cell the cell's text
     * @return its nearest double (0 or -0 for a number too close to 0 for any double)
     * @throws NumberFormatException if the cell is not a decimal number ({@code "abc" is not a number}) or is beyond
     *                               the largest double ({@code "1e309" is out of the range of a double}); the
     *                               message quotes the cell without its surrounding spaces, invisible characters
     *                               escaped, cut short if long
     */
    public static double parseCell(String cell) {
        String number = Objects.requireNonNull(cell, "cell").trim();
        if (!isDecimal(number)) {
            throw new NumberFormatException(FileFormatException.quote(number) + " is not a number");
        }
        double value = Double.parseDouble(number);
        if (Double.isInfinite(value)) {
            throw new NumberFormatException(FileFormatException.quote(number) + " is out of the range of a double");
        }
        return value;
    }

    /**
     * Whether the cell is a decimal number: an optional sign, digits with an optional fraction or a fraction alone,
     * then an optional exponent. One pass over the characters (no regular expression, whose backtracking can take
     * time quadratic in the length), and it refuses what {@link Double#parseDouble} would also take: {@code NaN},
     * {@code Infinity}, hexadecimal, type suffixes such as {@code 1d}.
     */
    private static boolean isDecimal(String cell) {
        int i = cell.startsWith("+") || cell.startsWith("-") ? 1 : 0;
        int whole = digitsEnd(cell, i);
        int end = whole;
        if (end < cell.length() && cell.charAt(end) == '.') {
            end = digitsEnd(cell, end + 1);
            if (whole == i && end == whole + 1) {
                return false;
            }
        } else if (whole == i) {
            return false;
        }
        if (end < cell.length() && (cell.charAt(end) == 'e' || cell.charAt(end) == 'E')) {
            int sign = end + 1 < cell.length() && (cell.charAt(end + 1) == '+' || cell.charAt(end + 1) == '-')
                    ? end + 2 : end + 1;
            end = digitsEnd(cell, sign);
            if (end == sign) {
                return false;
            }
        }
        return end == cell.length();
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /**
     * Splits a line into its cells, each without the spaces around it; a cell in double quotes (spaces around the
     * quotes allowed) is the text between them with each doubled quote read as one, and may hold commas.
     */
    private static List<String> cells(String source, String line, int lineNo) {
        List<String> cells = new ArrayList<>();
        int i = 0;
        while (true) {
            int column = cells.size() + 1;
            int start = i;
            while (start < line.length() && line.charAt(start) <= ' ') {
                start++;
            }
            if (start < line.length() && line.charAt(start) == '"') {
                StringBuilder cell = new StringBuilder();
                i = quoted(source, line, lineNo, column, start + 1, cell);
                cells.add(cell.toString().trim());
            } else {
                i = line.indexOf(',', start);
                i = i < 0 ? line.length() : i;
                String cell = line.substring(start, i).trim();
                if (cell.indexOf('"') >= 0) {
                    throw new CsvException(source + ":" + lineNo + ":" + column + ": a quote inside the unquoted cell "
                            + FileFormatException.quote(cell) + "; quote the whole cell and double the quotes in it "
                            + "(\"a\"\"b\")", lineNo, column);
                }
                cells.add(cell);
            }
            if (i == line.length()) {
                return cells;
            }
            i++;
        }
    }

    /**
     * Reads a quoted cell's text, from just after its opening quote, into {@code cell}; returns the index of the comma
     * after the closing quote and any spaces, or the line's length at its end.
     */
    private static int quoted(String source, String line, int lineNo, int column, int from, StringBuilder cell) {
        int i = from;
        while (true) {
            if (i == line.length()) {
                // lines are split before cells, so a quoted line break would surface here as an unclosed quote
                throw new CsvException(source + ":" + lineNo + ":" + column + ": the quote that opens this cell is not "
                        + "closed on its line (a quoted cell cannot hold a line break)", lineNo, column);
            }
            char c = line.charAt(i++);
            if (c != '"') {
                cell.append(c);
            } else if (i < line.length() && line.charAt(i) == '"') {
                cell.append('"');
                i++;
            } else {
                break;
            }
        }
        int end = i;
        while (end < line.length() && line.charAt(end) <= ' ') {
            end++;
        }
        if (end < line.length() && line.charAt(end) != ',') {
            int comma = line.indexOf(',', end);
            String after = line.substring(end, comma < 0 ? line.length() : comma);
            throw new CsvException(source + ":" + lineNo + ":" + column + ": "
                    + FileFormatException.quote(after) + " after the closing quote of the cell "
                    + FileFormatException.quote(cell.toString()) + "; a quoted cell ends at its closing quote (write "
                    + "a quote inside it as \"\")", lineNo, column);
        }
        return end;
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : FileFormatException.shown(e.getMessage());
    }
}
