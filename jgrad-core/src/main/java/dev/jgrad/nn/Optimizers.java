package dev.jgrad.nn;

import dev.jgrad.Value;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/** What every optimizer does alike: check its parameters and clear their gradients. */
final class Optimizers {

    private Optimizers() {
    }

    /** The parameters as an array, each checked to be a leaf (only leaves can be updated with {@code setData}). */
    static Value[] leaves(List<Value> params) {
        Objects.requireNonNull(params, "params");
        Value[] array = params.toArray(new Value[0]);
        for (int i = 0; i < array.length; i++) {
            Objects.requireNonNull(array[i], "params[" + i + "]");
            if (!array[i].isLeaf()) {
                throw new IllegalArgumentException("params[" + i + "] was made by '" + array[i].op()
                        + "'; an optimizer updates leaves only (the model's parameters)");
            }
        }
        return array;
    }

    /**
     * One step of an optimizer over arrays ({@code dev.jgrad.optim}) applied to the parameters: their values and
     * gradients are copied into {@code data} and {@code gradient}, {@code rule} updates {@code data}, and the values
     * are written back.
     */
    static void step(Value[] params, double[] data, double[] gradient, BiConsumer<double[], double[]> rule) {
        for (int i = 0; i < params.length; i++) {
            data[i] = params[i].data();
            gradient[i] = params[i].grad();
        }
        rule.accept(data, gradient);
        for (int i = 0; i < params.length; i++) {
            params[i].setData(data[i]);
        }
    }

    static void zeroGrad(Value[] params) {
        for (Value p : params) {
            p.zeroGrad();
        }
    }
}
