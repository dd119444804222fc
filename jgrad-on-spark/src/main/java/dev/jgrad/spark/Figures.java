package dev.jgrad.spark;

import dev.jgrad.internal.Plural;
import dev.jgrad.nn.SavedModel;
import java.util.Iterator;

/**
 * Sums for a model's figures over rows of raw features and target: the count, correct predictions (classifier),
 * and for regression the squared errors, the target's mean and its squared deviations from the mean.
 *
 * <p>The squared deviations are summed about the running mean and merged as Chan, Golub and LeVeque's pairwise
 * update does (as Spark's {@code StatCounter}), not taken as {@code Σ y² - (Σ y)² / n}: that difference cancels (to a
 * few digits where the targets' spread is small beside their mean), and its squares overflow for targets near 1e154. Every sum of squares is kept scaled by its largest
 * root ({@link Squares}), so errors and deviations of any finite size neither overflow nor underflow, as
 * {@code Metrics.rmse} and {@code Metrics.r2} in jgrad-core promise for theirs; those need all the values at once,
 * which a sum merged across partitions does not have.
 */
final class Figures implements TreeSum.Partial<Figures> {

    private static final long serialVersionUID = 1L;

    long rows;
    long correct;
    /** {@code Σ (p - y)²}. */
    final Squares errors = new Squares();
    /** The mean of the targets so far; 0 before the first row. */
    double targetMean;
    /** {@code Σ (y - ȳ)²}, about {@link #targetMean}. */
    final Squares deviations = new Squares();

    /** A partition's sums: each row's features (all but the last number) predicted, compared to its last number. */
    static Figures of(SavedModel model, Iterator<double[]> rows) {
        Figures f = new Figures();
        int features = model.model().inputs();
        double[] x = new double[features];
        while (rows.hasNext()) {
            double[] row = rows.next();
            System.arraycopy(row, 0, x, 0, features);
            f.add(model.predict(x), row[features]);
        }
        return f;
    }

    /** Adds one row's prediction {@code p} and target {@code y}: a partial sum of one row, merged in. */
    void add(double p, double y) {
        correct += p == y ? 1 : 0;
        errors.add(p - y);
        merge(1, y);
    }

    @Override
    public Figures plus(Figures other) {
        correct += other.correct;
        errors.plus(other.errors);
        deviations.plus(other.deviations);
        merge(other.rows, other.targetMean);
        return this;
    }

    /**
     * Merges the count and mean of {@code count} more targets of mean {@code mean} into this one's, and their squared
     * deviations' correction {@code δ² · n_a · n_b / n} (δ the difference of the means) into {@link #deviations}.
     */
    private void merge(long count, double mean) {
        if (count == 0) {
            return;
        }
        long n = rows + count;
        double delta = mean - targetMean;
        // √(n_a n_b / n) taken in parts, so that no product of two counts is formed
        deviations.add(delta * Math.sqrt((double) rows / n) * Math.sqrt(count));
        targetMean += delta * ((double) count / n);
        rows = n;
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

    /** {@code √((1/n) Σ (p - y)²)}. */
    double rmse() {
        return errors.rootMean(rows);
    }

    /**
     * {@code R² = 1 - Σ (p - y)² / Σ (y - ȳ)²}; for targets that are all equal, 1 if every prediction is right, else 0,
     * as {@code Metrics.r2} in jgrad-core (and scikit-learn's {@code r2_score}) give. Equal targets leave the
     * deviations exactly 0: each merge's difference of means is then 0.
     */
    double r2() {
        if (deviations.isZero()) {
            return errors.isZero() ? 1 : 0;
        }
        return 1 - errors.over(deviations);
    }

    static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "\"" + value + "\"";
    }
}
