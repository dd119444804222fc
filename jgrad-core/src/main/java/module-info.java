/**
 * jgrad: pure-Java automatic differentiation. The module needs nothing but {@code java.base} at run time, uses no
 * reflection, starts no threads and prints nothing.
 */
module dev.jgrad {
    // the matrix product's fast kernels, used only when the JVM runs with --add-modules jdk.incubator.vector
    requires static jdk.incubator.vector;

    exports dev.jgrad;
    exports dev.jgrad.nn;
    exports dev.jgrad.tape;
}
