package dev.jgrad.tensor;

import dev.jgrad.Op;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Op#WHERE} over a block, {@code r[i] = x[i] > 0 ? y[i] : z[i]}, as a vector compare and blend: no branch per
 * element (activations' signs are as good as random, so a branch is mispredicted about every other element). The
 * compare is {@code >} as in the table's value, so 0, -0 and NaN select {@code z}, and the blend moves the chosen
 * operand's bits unchanged. Elements past the last whole vector take the table's value. Loaded only when the JVM has
 * the {@code jdk.incubator.vector} module (see {@link Gemm}).
 */
final class SelectVector {

    private static final VectorSpecies<Double> S64 = DoubleVector.SPECIES_PREFERRED;

    private SelectVector() {
    }

    /** {@code r[i] = Op.WHERE.value(x[i], y[i], z[i])} for {@code i < n}. */
    static void where(double[] x, double[] y, double[] z, double[] r, int n) {
        int i = 0;
        for (int end = S64.loopBound(n); i < end; i += S64.length()) {
            DoubleVector otherwise = DoubleVector.fromArray(S64, z, i);
            otherwise.blend(DoubleVector.fromArray(S64, y, i),
                    DoubleVector.fromArray(S64, x, i).compare(VectorOperators.GT, 0)).intoArray(r, i);
        }
        for (; i < n; i++) {
            r[i] = Op.WHERE.value(x[i], y[i], z[i]);
        }
    }
}
