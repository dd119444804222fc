package dev.jgrad.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
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
     * {@link #CORRUPT}, so it is reported rather than padded or cut.
     *
     * @param spark  the session
     * @param path   a file or directory (every file in it), local or a URI Spark can read
     * @param format the format
     * @return the table
     */
    public static Dataset<Row> read(SparkSession spark, String path, Format format) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(path, "path");
        if (format == Format.PARQUET) {
            return spark.read().parquet(path);
        }
        StructType header = spark.read().option("header", "true").csv(path).schema();
        StructType schema = header.add(CORRUPT, DataTypes.StringType, true);
        return spark.read().option("header", "true").option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT).schema(schema).csv(path);
    }
}
