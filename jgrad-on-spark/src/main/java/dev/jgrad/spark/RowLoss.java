package dev.jgrad.spark;

import dev.jgrad.Algebra;
import java.io.Serializable;

/**
 * The loss of one row, written over the handles of an {@link Algebra} as a function of the parameters and of the
 * row's numbers. It is traced once per executor JVM into a tape, then replayed for every row; its derivative with
 * respect to the parameters is what a {@link DistributedObjective} sums.
 *
 * <p>The function itself is shipped to the executors, so it must be serializable and small: a lambda assigned to
 * this type is (its captured values must be serializable too). Like any traced function, it must not branch on the
 * values behind the handles: the recorded operations are the same for every row and every parameter vector.
 */
@FunctionalInterface
public interface RowLoss extends Serializable {

    /**
     * Builds the loss of one row in {@code g}.
     *
     * @param g          the algebra recording the operations
     * @param parameters the parameters' handles, one per entry of the parameter vector
     * @param row        the row's handles, one per number of the row
     * @return the handle of the row's loss, issued by {@code g}
     */
    int apply(Algebra g, int[] parameters, int[] row);
}
