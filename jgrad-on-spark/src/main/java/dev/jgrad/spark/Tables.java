package dev.jgrad.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a table from CSV (a header line naming the columns) or Parquet, for {@link NumericRows}.
 */
public final class Tables {

    /** The column that holds a CSV line whose number of fields does not match the header's. */
    public static final String CORRUPT = "_jgrad_bad_line";

    private Tables() {
    }

    /** The file formats read. */
    public enum Format {
        /** Comma-separated values with a header line. */
        CSV,
        /** Apache Parquet. */
        PARQUET;

        /**
         * The format of a path: Parquet when it ends in {@code .parquet} or is a local directory holding
         * {@code .parquet} files, else CSV.
         *
         * @param path a file or directory, local or a URI
         * @return the format
         */
        public static Format of(String path) {
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".parquet") || lower.endsWith(".parq")) {
                return PARQUET;
            }
            Path local = Path.of(path);
            if (!path.contains("://") && Files.isDirectory(local)) {
                try (Stream<Path> files = Files.list(local)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"))) {
                        return PARQUET;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            }
            return CSV;
        }
    }

    /**
     * Reads a table. CSV cells are read as strings (numbers are parsed by {@link NumericRows}, which reports a bad
     * one with its place); a line whose number of fields differs from the header's is kept whole in the column
     * {@link #CORRUPT}, so it is reported rather than padded or cut. A CSV header with an empty column name, or a
     * name twice (in Spark's eyes, which ignore case unless {@code spark.sql.caseSensitive} is set), is refused:
     * Spark would rename those columns ({@code _c1}; {@code a0} and {@code a1}).
     *
     * @param spark  the session
     * @param path   a file or directory (every file in it), local or a URI Spark can read
     * @param format the format
     * @return the table
     * @throws IllegalArgumentException naming the columns of a CSV header with an empty or repeated name
     */
    public static Dataset<Row> read(SparkSession spark, String path, Format format) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(path, "path");
        if (format == Format.PARQUET) {
            return spark.read().parquet(path);
        }
        List<Row> first = csv(spark).option("header", "false").csv(path).takeAsList(1);
        if (!first.isEmpty()) {
            checkHeader(first.get(0), Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false")));
        }
        StructType header = csv(spark).option("header", "true").csv(path).schema();
        StructType schema = header.add(CORRUPT, DataTypes.StringType, true);
        return csv(spark).option("header", "true").option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT).schema(schema).csv(path);
    }

    /**
     * A CSV reader that drops the spaces around fields, header names included, as core's {@code Csv} does: a model
     * trained on {@code " x ",t} names its feature {@code x}, which {@code jgrad predict} finds in the same file.
     */
    private static DataFrameReader csv(SparkSession spark) {
        return spark.read().option("ignoreLeadingWhiteSpace", "true").option("ignoreTrailingWhiteSpace", "true");
    }

    /** Refuses a header line with an empty column name or a name twice, which Spark would rename. */
    private static void checkHeader(Row header, boolean caseSensitive) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.length(); i++) {
            String name = header.isNullAt(i) ? "" : header.getString(i);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("column " + (i + 1) + " of the header has no name");
            }
            Integer other = seen.putIfAbsent(caseSensitive ? name : name.toLowerCase(Locale.ROOT), i);
            if (other != null) {
                String first = header.getString(other);
                throw new IllegalArgumentException("columns " + (other + 1) + " and " + (i + 1) + " of the header "
                        + (first.equals(name) ? "are both named \"" + name + "\"" : "are named \"" + first + "\" and \""
                        + name + "\", one name to Spark, which ignores case"));
            }
        }
    }
}
