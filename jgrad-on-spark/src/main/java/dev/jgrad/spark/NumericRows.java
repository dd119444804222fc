package dev.jgrad.spark;

import dev.jgrad.nn.Csv;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Columns of a {@code Dataset<Row>} as rows of numbers, with every bad row reported and none dropped. A cell is a
 * number when it holds a finite Java number, or a string that {@code jgrad train} would read as a number in a CSV
 * file ({@link Csv#parseCell}: a decimal number such as {@code 3}, {@code -0.5} or {@code 1e-3}, surrounding spaces
 * allowed; not {@code NaN}, {@code Infinity}, hexadecimal such as {@code 0x1p3}, a type suffix such as {@code 1d}, or
 * a number beyond the largest double). A missing cell (null, or an empty CSV field), anything else, and a CSV line
 * with the wrong number of fields (see {@link Tables#read}) make the row bad.
 *
 * <p>Where a row came from: for data read from files, the file and the row's number within it, counted from 1 after
 * any header line (for a file split across partitions, the number within the split and the byte where the split
 * starts); otherwise the partition and the row's number within it.
 */
public final class NumericRows implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String FILE = "_jgrad_file";
    private static final String START = "_jgrad_start";

    private final List<String> columns;
    private final boolean located;
    private final int corrupt;
    /** The index in {@link #columns} of a column of class labels, or -1. */
    private final int label;
    /** The label column's class names, sorted, each cell read as its name's index; null to only check its cells. */
    private final List<String> names;

    private NumericRows(List<String> columns, boolean located, int corrupt, int label, List<String> names) {
        this.columns = columns;
        this.located = located;
        this.corrupt = corrupt;
        this.label = label;
        this.names = names;
    }

    /**
     * A summary of the bad rows of a data set.
     *
     * @param count    how many rows are bad
     * @param examples the first few, each where it came from and what is wrong with it
     */
    public record Problems(long count, List<String> examples) implements Serializable {
    }

    /**
     * The given columns of every row, in order, as numbers. Reading a bad row fails the task with a
     * {@link BadRowException} saying where it came from; check with {@link #problems} first to report them all.
     *
     * @param data    the data
     * @param columns the columns to read, in order
     * @return each row's numbers
     * @throws IllegalArgumentException naming a column the data does not have
     */
    public static JavaRDD<double[]> numbers(Dataset<Row> data, List<String> columns) {
        return numbers(data, columns, null, null);
    }

    /**
     * As {@link #numbers(Dataset, List)}, but the cells of the column {@code label}, if not null, are text class
     * labels, each read (without the spaces at its ends) as the index of its name in {@code names}.
     *
     * @param names the class names, ascending as {@link String#compareTo} orders them (as {@link #check} gives them)
     */
    static JavaRDD<double[]> numbers(Dataset<Row> data, List<String> columns, String label, List<String> names) {
        NumericRows reader = reader(data, columns, label, label == null ? null : List.copyOf(names));
        return located(data, columns).javaRDD().mapPartitionsWithIndex((partition, rows) -> reader.parse(partition,
                rows), true);
    }

    /**
     * The bad rows among the given columns of the data: their number, and where the first {@code limit} came from.
     *
     * @param data    the data
     * @param columns the columns to read
     * @param limit   how many examples to describe, {@code >= 0}
     * @return the bad rows' count and examples
     * @throws IllegalArgumentException naming a column the data does not have
     */
    public static Problems problems(Dataset<Row> data, List<String> columns, int limit) {
        return check(data, columns, null, limit, 0).problems();
    }

    /**
     * The distinct values of a column of class labels, as {@code jgrad train} reads a target column
     * ({@code Csv.readLabeled}): a cell is a number as {@link #numbers} reads one, else text. Missing and empty cells
     * and CSV lines with the wrong number of fields are passed over (they are among the {@link Problems}).
     *
     * @param numbers   the distinct numbers, ascending; at most {@code most + 1} (the smallest), so more than
     *                  {@code most} means there are more
     * @param texts     the distinct texts of the text cells (numbers among them too, as written), without the spaces at
     *                  their ends, ascending as {@link String#compareTo} orders them; at most {@code most + 1}
     * @param textCells whether some cell is text, not a number
     * @param firstText where the column mixes numbers and text, its first text cell (in partition order) with its place,
     *                  such as {@code data.csv, row 7: column "t": "abc" is not a number}; else null
     */
    record Labels(List<Double> numbers, List<String> texts, boolean textCells, String firstText) implements Serializable {
    }

    /**
     * The bad rows and, for a column of class labels, its labels.
     *
     * @param problems the bad rows, as {@link #problems} gives them
     * @param labels   the labels of the column {@code label} given to {@link #check}, or null if none was
     */
    record Checked(Problems problems, Labels labels) implements Serializable {
    }

    /**
     * The bad rows among the given columns of the data, as {@link #problems(Dataset, List, int)} finds them, and, if
     * {@code label} is not null, that column's class labels, in one pass over the data. A cell of the column
     * {@code label} may be a number or text (a class label): only a missing or empty one (nothing but spaces) makes
     * the row bad.
     *
     * @param label the column of class labels, one of {@code columns}, or null
     * @param limit how many bad rows to describe, {@code >= 0}
     * @param most  how many distinct labels matter; more are counted as {@code most + 1}
     * @throws IllegalArgumentException naming a column the data does not have
     */
    static Checked check(Dataset<Row> data, List<String> columns, String label, int limit, int most) {
        NumericRows reader = reader(data, columns, label, null);
        List<Checked> parts = located(data, columns).javaRDD().mapPartitionsWithIndex(
                (partition, rows) -> List.of(reader.check(partition, rows, limit, most)).iterator(), true).collect();
        Tally merged = new Tally(limit, most);
        for (Checked part : parts) {
            merged.add(part);
        }
        return merged.checked(label != null, true);
    }

    /**
     * One partition's bad rows (their count and the first {@code limit}) and, with a label column, its {@link Labels},
     * whose first text cell is named even without numbers, for the merge to judge.
     */
    private Checked check(int partition, Iterator<Row> rows, int limit, int most) {
        Places places = new Places(partition);
        double[] values = new double[columns.size()];
        Tally tally = new Tally(limit, most);
        while (rows.hasNext()) {
            Row row = rows.next();
            String place = places.next(row);
            String problem = read(row, values);
            if (problem != null) {
                tally.problem(place + ": " + problem);
            }
            if (label < 0 || corrupt >= 0 && !row.isNullAt(corrupt) || row.isNullAt(label)) {
                continue;
            }
            Object cell = row.get(label);
            if (cell instanceof Number number) {
                tally.number(number.doubleValue());
            } else if (cell instanceof String text && !text.trim().isEmpty()) {
                tally.text(text.trim());
                try {
                    tally.number(Csv.parseCell(text));
                } catch (NumberFormatException e) {
                    tally.textCell(place + ": column \"" + columns.get(label) + "\": " + e.getMessage());
                }
            }
        }
        return tally.checked(label >= 0, false);
    }

    /**
     * What {@link #check} gathers, from a partition's rows or from the partitions' results: the bad rows' count and
     * first {@code limit} descriptions, and the label column's distinct numbers and texts (the {@code most + 1}
     * smallest of each), whether a cell was text and where the first was.
     */
    private static final class Tally {
        private final int limit;
        private final int most;
        private long count;
        private final List<String> examples = new ArrayList<>();
        private final TreeSet<Double> numbers = new TreeSet<>();
        private final TreeSet<String> texts = new TreeSet<>();
        private boolean textCells;
        private String firstText;

        Tally(int limit, int most) {
            this.limit = limit;
            this.most = most;
        }

        void problem(String description) {
            count++;
            example(description);
        }

        private void example(String description) {
            if (examples.size() < limit) {
                examples.add(description);
            }
        }

        void number(double value) {
            keep(numbers, value, most);
        }

        void text(String value) {
            keep(texts, value, most);
        }

        /** A text cell that is no number, at {@code place} (a description of where, kept if it is the first). */
        void textCell(String place) {
            textCells = true;
            if (firstText == null) {
                firstText = place;
            }
        }

        /** Takes in a partition's result, after those of the partitions before it. */
        void add(Checked part) {
            count += part.problems().count();
            part.problems().examples().forEach(this::example);
            if (part.labels() != null) {
                part.labels().numbers().forEach(this::number);
                part.labels().texts().forEach(this::text);
                if (part.labels().textCells()) {
                    textCell(part.labels().firstText());
                }
            }
        }

        /**
         * The result; with {@code labelled}, the labels too, whose first text cell is kept only where the column
         * also has numbers if {@code mixedOnly} (the merged result: a column of text alone is no mistake).
         */
        Checked checked(boolean labelled, boolean mixedOnly) {
            Labels labels = labelled ? new Labels(List.copyOf(numbers), List.copyOf(texts), textCells,
                    mixedOnly && numbers.isEmpty() ? null : firstText) : null;
            return new Checked(new Problems(count, List.copyOf(examples)), labels);
        }
    }

    /** Adds a value to a sorted set kept to its {@code most + 1} smallest. */
    private static <T> void keep(TreeSet<T> set, T value, int most) {
        set.add(value);
        if (set.size() > most + 1) {
            set.pollLast();
        }
    }

    private static NumericRows reader(Dataset<Row> data, List<String> columns, String label,
            List<String> classNames) {
        Objects.requireNonNull(data, "data");
        List<String> names = List.copyOf(columns);
        List<String> present = Arrays.asList(data.columns());
        for (String name : names) {
            if (!present.contains(name)) {
                throw new IllegalArgumentException("no column \"" + name + "\" in the data; its columns are "
                        + present.stream().filter(c -> !c.equals(Tables.CORRUPT)).toList());
            }
        }
        return new NumericRows(names, withLocations(data) != null, present.contains(Tables.CORRUPT)
                ? names.size() : -1, label == null ? -1 : names.indexOf(label), classNames);
    }

    /** The columns, then the corrupt-record column if there is one, then the file and split start if known. */
    private static Dataset<Row> located(Dataset<Row> data, List<String> columns) {
        List<Column> selected = new ArrayList<>();
        columns.forEach(c -> selected.add(data.col(c)));
        if (Arrays.asList(data.columns()).contains(Tables.CORRUPT)) {
            selected.add(data.col(Tables.CORRUPT));
        }
        Dataset<Row> withFiles = withLocations(data);
        if (withFiles == null) {
            return data.select(selected.toArray(Column[]::new));
        }
        selected.add(withFiles.col(FILE));
        selected.add(withFiles.col(START));
        return withFiles.select(selected.toArray(Column[]::new));
    }

    /** The data with the file and split start of each row, or null when it does not come from files. */
    private static Dataset<Row> withLocations(Dataset<Row> data) {
        try {
            return data.withColumn(FILE, functions.col("_metadata.file_path"))
                    .withColumn(START, functions.col("_metadata.file_block_start"));
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                return null;
            }
            throw e;
        }
    }

    private Iterator<double[]> parse(int partition, Iterator<Row> rows) {
        Places places = new Places(partition);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public double[] next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = rows.next();
                String place = places.next(row);
                double[] values = new double[columns.size()];
                String problem = read(row, values);
                if (problem != null) {
                    throw new BadRowException(place + ": " + problem);
                }
                return values;
            }
        };
    }

    /** A reader of the named columns, found at given positions of rows (for {@link Predictions}). */
    static NumericRows reading(List<String> columns) {
        return new NumericRows(List.copyOf(columns), false, -1, -1, null);
    }

    /** Reads the row's numbers into {@code values}; the problem, or null if there is none. */
    private String read(Row row, double[] values) {
        return read(row, null, values);
    }

    /**
     * Reads the row's numbers, the cells at positions {@code at} (or the first ones if null), into {@code values}.
     *
     * @return the problem, or null if there is none
     */
    String read(Row row, int[] at, double[] values) {
        if (corrupt >= 0 && !row.isNullAt(corrupt)) {
            return "the line does not have one field per column: \"" + shorten(row.getString(corrupt)) + "\"";
        }
        for (int j = 0; j < values.length; j++) {
            Object cell = row.get(at == null ? j : at[j]);
            String column = "column \"" + columns.get(j) + "\"";
            if (cell == null) {
                return column + " is missing";
            }
            if (j == label && (names != null || cell instanceof String)) {
                String problem = readLabel(cell, column, values, j);
                if (problem != null) {
                    return problem;
                }
            } else if (cell instanceof Number number) {
                values[j] = number.doubleValue();
                if (!Double.isFinite(values[j])) {
                    return column + " holds " + cell + ", not a finite number";
                }
            } else if (cell instanceof String text) {
                if (text.isBlank()) {
                    return column + " is missing";
                }
                try {
                    values[j] = Csv.parseCell(text);
                } catch (NumberFormatException e) {
                    return column + ": " + e.getMessage();
                }
            } else {
                return column + " holds " + cell.getClass().getSimpleName() + " " + shorten(cell.toString())
                        + ", not a number";
            }
        }
        return null;
    }

    /**
     * Reads a cell of the label column: with names, its text's index among them; without, only checks that a text cell
     * is not empty (a number cell is read as in any other column).
     *
     * @return the problem, or null if there is none
     */
    private String readLabel(Object cell, String column, double[] values, int j) {
        if (cell instanceof String text) {
            String name = text.trim();
            if (name.isEmpty()) {
                return column + " is missing";
            }
            int index = names == null ? 0 : Collections.binarySearch(names, name);
            if (index < 0) {
                return column + " holds \"" + shorten(name) + "\", not one of the " + names.size() + " class names";
            }
            values[j] = index;
            return null;
        }
        return column + " holds " + cell.getClass().getSimpleName() + " " + shorten(cell.toString())
                + ", not a class label";
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** Counts rows as they pass and names the place of each. */
    private final class Places {

        private final int partition;
        private long row;
        private String file;
        private long start;
        private long rowInFile;

        Places(int partition) {
            this.partition = partition;
        }

        String next(Row r) {
            row++;
            if (!located) {
                return "partition " + partition + ", row " + row;
            }
            String f = r.getString(r.length() - 2);
            long s = r.getLong(r.length() - 1);
            if (!f.equals(file) || s != start) {
                file = f;
                start = s;
                rowInFile = 0;
            }
            rowInFile++;
            return start == 0 ? file + ", row " + rowInFile
                    : file + ", row " + rowInFile + " of the part starting at byte " + start;
        }
    }
}
