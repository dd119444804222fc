package dev.jgrad.internal;

/**
 * The size of a fully connected network, for the limits that {@code jgrad train} and {@code jgrad-spark train} set
 * before they build one.
 */
public final class NetworkSize {

    private NetworkSize() {
    }

    /**
     * The parameters (weights and biases) of a fully connected network of {@code inputs} inputs and layers of the
     * given sizes, {@code Σ (n_{k-1} + 1) n_k}, counted until they pass {@code limit}.
     *
     * @param inputs     the number of inputs, at least 0
     * @param layerSizes each layer's number of units, at least 1 each, the output layer last
     * @param limit      where counting stops, at most {@code 2^62}
     * @return the number of parameters if it is at most {@code limit}; else a number above {@code limit} (the count
     *         of the layers up to the first that passes it), so that no sizes overflow the count
     */
    public static long parameters(int inputs, int[] layerSizes, long limit) {
        long parameters = 0;
        int in = inputs;
        for (int size : layerSizes) {
            // each term is below 2^62 and the sum stops past the limit, so no long overflows
            parameters += ((long) in + 1) * size;
            in = size;
            if (parameters > limit) {
                break;
            }
        }
        return parameters;
    }
}
