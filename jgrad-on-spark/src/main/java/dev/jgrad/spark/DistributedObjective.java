package dev.jgrad.spark;

import dev.jgrad.internal.Plural;
import dev.jgrad.optim.Objective;
import java.util.Iterator;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The mean loss over a distributed data set, {@code f(θ) = (1/n) Σᵢ ℓ(θ, rowᵢ)}, and its gradient
 * {@code ∇f(θ) = (1/n) Σᵢ ∇_θ ℓ(θ, rowᵢ)}, for the optimizers of {@link dev.jgrad.optim} running on the driver.
 *
 * <p>Each call broadcasts {@code θ}; every partition replays the loss's tape (traced once per executor JVM, see
 * {@link RowLoss}) on its rows, one workspace per partition, and adds the rows' losses and gradients in row order;
 * the partial sums come back along a tree (see {@link #withDepth}) and are added in partition order, so the result
 * is the same, to the last bit, on every run, whatever the order in which tasks finish or are retried. Only the loss
 * (once), the parameter vector and the partial sums cross the network.
 *
 * <p>The rows are read at every call: cache them ({@link JavaRDD#cache()}) when they come from files. An empty data
 * set has no mean: calls fail with {@link IllegalStateException}.
 */
public final class DistributedObjective implements Objective, AutoCloseable {

    /** The depth of the aggregation tree unless {@link #withDepth} says otherwise, as for MLlib's optimizers. */
    public static final int DEFAULT_DEPTH = 2;

    private final JavaRDD<double[]> rows;
    private final Broadcast<TracedLoss> loss;
    private final int depth;

    private DistributedObjective(JavaRDD<double[]> rows, Broadcast<TracedLoss> loss, int depth) {
        this.rows = rows;
        this.loss = loss;
        this.depth = depth;
    }

    /**
     * The mean of {@code loss} over {@code rows}.
     *
     * @param rows       the data: each row's numbers, all rows {@code width} long
     * @param width      the number of numbers in a row, {@code >= 0}
     * @param parameters the length of the parameter vector, {@code >= 1}
     * @param loss       the loss of one row (shipped to the executors once; see {@link RowLoss})
     * @return the objective; {@link #close()} releases the loss's broadcast
     * @throws IllegalArgumentException if {@code width} or {@code parameters} is out of range
     */
    public static DistributedObjective of(JavaRDD<double[]> rows, int width, int parameters, RowLoss loss) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(loss, "loss");
        if (width < 0) {
            throw new IllegalArgumentException("width (" + width + ") must be >= 0");
        }
        if (parameters < 1) {
            throw new IllegalArgumentException("parameters (" + parameters + ") must be >= 1");
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(rows.context());
        return new DistributedObjective(rows, context.broadcast(new TracedLoss(loss, parameters, width)),
                DEFAULT_DEPTH);
    }

    /**
     * The same objective with another depth of the aggregation tree. With depth 1 the driver receives one partial
     * sum (a parameter-sized vector) per partition; with depth {@code d}, about {@code P^(1/d)} partial sums meet
     * at each level, so the driver receives fewer and each level costs one more shuffle.
     *
     * @param depth the depth, {@code >= 1}
     * @return the objective with that depth, on the same rows and loss
     * @throws IllegalArgumentException if {@code depth < 1}
     */
    public DistributedObjective withDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth (" + depth + ") must be >= 1");
        }
        return new DistributedObjective(rows, loss, depth);
    }

    /**
     * The same loss over other rows (such as a sample of these, for a mini-batch), sharing the loss's broadcast.
     *
     * @param other the rows, as wide as these
     * @return the objective over {@code other}
     */
    public DistributedObjective on(JavaRDD<double[]> other) {
        return new DistributedObjective(Objects.requireNonNull(other, "other"), loss, depth);
    }

    /**
     * The length of the parameter vector.
     *
     * @return the number of parameters
     */
    public int parameters() {
        return loss.value().parameters;
    }

    /**
     * The sums over all rows at {@code x}: {@code Σᵢ ℓ(x, rowᵢ)}, {@code Σᵢ ∇_x ℓ(x, rowᵢ)}, and the number of rows.
     *
     * @param x the parameters, as many as {@link #parameters()}
     * @return the sums (an empty data set gives zeros)
     * @throws IllegalArgumentException if {@code x} has the wrong length
     */
    public Total total(double[] x) {
        Objects.requireNonNull(x, "x");
        int parameters = parameters();
        if (x.length != parameters) {
            throw new IllegalArgumentException("x has length " + x.length + "; the loss has "
                    + Plural.of(parameters, "parameter"));
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(rows.context());
        Broadcast<double[]> at = context.broadcast(x.clone());
        try {
            Broadcast<TracedLoss> shipped = loss;
            Sums sums = TreeSum.sum(rows, (index, part) -> partition(shipped, at, part), new Sums(parameters),
                    depth);
            return new Total(sums.loss, sums.gradient, sums.rows);
        } finally {
            at.destroy();
        }
    }

    /**
     * The mean loss and its gradient (see the class comment).
     *
     * @param x        the parameters, not modified
     * @param gradient receives the mean gradient, as long as {@code x}
     * @return the mean loss
     * @throws IllegalStateException if there are no rows
     */
    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        Objects.requireNonNull(gradient, "gradient");
        if (gradient.length != x.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + "; expected " + x.length);
        }
        Total total = total(x);
        if (total.rows() == 0) {
            throw new IllegalStateException("the data set has no rows: a mean loss needs at least one");
        }
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] = total.gradient()[j] / total.rows();
        }
        return total.loss() / total.rows();
    }

    /** Releases the loss's broadcast on the executors; objectives made from this one by {@link #on} share it. */
    @Override
    public void close() {
        loss.destroy();
    }

    /** One partition's sums: its rows replayed in order on one workspace; an empty partition traces nothing. */
    private static Sums partition(Broadcast<TracedLoss> shipped, Broadcast<double[]> at, Iterator<double[]> part) {
        TracedLoss traced = shipped.value();
        double[] x = at.value();
        Sums sums = new Sums(x.length);
        if (!part.hasNext()) {
            return sums;
        }
        RowTape tape = RowTape.at(traced.tape(), x, traced.width);
        while (part.hasNext()) {
            sums.loss += tape.addGradient(part.next(), sums.gradient);
            sums.rows++;
        }
        return sums;
    }

    /**
     * Sums over all rows.
     *
     * @param loss     {@code Σᵢ ℓ(x, rowᵢ)}
     * @param gradient {@code Σᵢ ∇_x ℓ(x, rowᵢ)}
     * @param rows     the number of rows
     */
    public record Total(double loss, double[] gradient, long rows) {
    }
}
