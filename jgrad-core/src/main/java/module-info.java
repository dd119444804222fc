/**
 * jgrad: pure-Java automatic differentiation. The module requires nothing but {@code java.base}, uses no reflection,
 * starts no threads and prints nothing.
 */
module dev.jgrad {
    exports dev.jgrad;
    exports dev.jgrad.nn;
    exports dev.jgrad.optim;
    exports dev.jgrad.tape;
}
