package dev.jgrad.spark;

import dev.jgrad.internal.Plural;
import dev.jgrad.nn.SavedModel;
import java.util.Iterator;

/**
 * Sums for a model's figures over rows of raw features and target: the count, correct predictions (classifier),
 * and the squared error and the target's sum and sum of squares (regression).
 */
final class Figures implements TreeSum.Partial<Figures> {

    private static final long serialVersionUID = 1L;

    long rows;
    long correct;
    double squaredError;
    double targetSum;
    double targetSquares;

    /** A partition's sums: each row's features (all but the last number) predicted, compared to its last number. */
    static Figures of(SavedModel model, Iterator<double[]> rows) {
        Figures f = new Figures();
        int features = model.model().inputs();
        double[] x = new double[features];
        while (rows.hasNext()) {
            double[] row = rows.next();
            System.arraycopy(row, 0, x, 0, features);
            double y = row[features];
            double predicted = model.predict(x);
            f.rows++;
            f.correct += predicted == y ? 1 : 0;
            f.squaredError += (predicted - y) * (predicted - y);
            f.targetSum += y;
            f.targetSquares += y * y;
        }
        return f;
    }

    @Override
    public Figures plus(Figures other) {
        rows += other.rows;
        correct += other.correct;
        squaredError += other.squaredError;
        targetSum += other.targetSum;
        targetSquares += other.targetSquares;
        return this;
    }

    /** As JSON: the rows, and the accuracy (classifier) or the RMSE and R² (regression). */
    String json(boolean classify) {
        StringBuilder out = new StringBuilder("{\"rows\": ").append(rows);
        if (rows > 0) {
            if (classify) {
                out.append(", \"accuracy\": ").append(number(accuracy()));
            } else {
                out.append(", \"rmse\": ").append(number(rmse())).append(", \"r2\": ").append(number(r2()));
            }
        }
        return out.append('}').toString();
    }

    /** As text, as {@code jgrad train} writes it. */
    String text(boolean classify) {
        if (rows == 0) {
            return "no rows";
        }
        if (classify) {
            return String.format(java.util.Locale.ROOT, "accuracy %.1f%% (%d of %s)", 100 * accuracy(), correct,
                    Plural.of(rows, "row"));
        }
        return String.format(java.util.Locale.ROOT, "RMSE %.4g  R² %.4f  (%s)", rmse(), r2(), Plural.of(rows, "row"));
    }

    double accuracy() {
        return (double) correct / rows;
    }

    double rmse() {
        return Math.sqrt(squaredError / rows);
    }

    double r2() {
        double total = targetSquares - targetSum * targetSum / rows;
        return 1 - squaredError / total;
    }

    static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "\"" + value + "\"";
    }
}
