/**
 * jgrad's tensors: dense float64 and float32 arrays with autograd from the rule table of {@code dev.jgrad}, a
 * matrix-product kernel that uses the Vector API when the JVM has {@code jdk.incubator.vector}, convolutions and
 * neural-net layers. The module requires nothing but {@code dev.jgrad} and {@code java.base}, uses no reflection,
 * starts no threads and prints nothing.
 */
module dev.jgrad.tensor {
    requires transitive dev.jgrad;

    exports dev.jgrad.tensor;
    exports dev.jgrad.tensor.nn;
}
