package dev.jgrad.spark;

import dev.jgrad.nn.SavedModel;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained model's predictions on a {@code Dataset<Row>}: {@link SavedModel#predict} on each row's features (or
 * {@link SavedModel#predictName} for a model with class names), read by name ({@link SavedModel#featureNames()}) as {@link NumericRows} reads them. The model travels as its model file's
 * text, read once per executor JVM.
 */
public final class Predictions {

    private Predictions() {
    }

    /**
     * The data with one more column, the prediction of each row: the value, or the class label, in a column of
     * doubles (NaN where the network's output is NaN); for a model with class names (trained on text labels), the
     * class name, in a column of strings (null where the output is NaN), as {@code jgrad predict} writes it.
     *
     * @param model  the model, with feature names
     * @param data   the data, holding a column per feature of the model (and any others)
     * @param column the name of the new column
     * @return the data with the predictions; computing it fails with a {@link BadRowException} naming the row's
     *         partition and place if a feature of a row is not a finite number (as {@link NumericRows} reads one)
     * @throws IllegalArgumentException if the model has no feature names, the data lacks one of its features, or
     *                                  the data already has a column named {@code column} (as MLlib's
     *                                  {@code transform} refuses an output column that exists)
     */
    public static Dataset<Row> withPredictions(SavedModel model, Dataset<Row> data, String column) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(column, "column");
        if (model.featureNames() == null) {
            throw new IllegalArgumentException("the model has no feature names, so its columns cannot be found");
        }
        StructType schema = data.schema();
        if (List.of(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("the data already has a column \"" + column + "\"; name the "
                    + "predictions' column otherwise");
        }
        int[] at = new int[model.featureNames().size()];
        for (int j = 0; j < at.length; j++) {
            String name = model.featureNames().get(j);
            if (!List.of(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("the data has no column \"" + name + "\" for the model's feature "
                        + j);
            }
            at[j] = schema.fieldIndex(name);
        }
        NumericRows reader = NumericRows.reading(model.featureNames());
        Broadcast<ShippedModel> shipped = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext())
                .broadcast(new ShippedModel(model));
        MapPartitionsFunction<Row, Row> predict = rows -> predict(shipped, reader, at, rows);
        boolean named = model.classNames() != null;
        return data.mapPartitions(predict, Encoders.row(named ? schema.add(column, DataTypes.StringType, true)
                : schema.add(column, DataTypes.DoubleType, false)));
    }

    /** The partition's rows, each with its prediction appended, computed as they are read. */
    private static Iterator<Row> predict(Broadcast<ShippedModel> shipped, NumericRows reader, int[] at,
            Iterator<Row> rows) {
        SavedModel model = shipped.value().model();
        int partition = TaskContext.getPartitionId();
        double[] features = new double[at.length];
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                index++;
                String problem = reader.read(row, at, features);
                if (problem != null) {
                    throw new BadRowException("partition " + partition + ", row " + index + ": " + problem);
                }
                Object[] cells = new Object[row.length() + 1];
                for (int i = 0; i < row.length(); i++) {
                    cells[i] = row.get(i);
                }
                cells[row.length()] = model.classNames() == null ? model.predict(features)
                        : model.predictName(features);
                return RowFactory.create(cells);
            }
        };
    }
}
