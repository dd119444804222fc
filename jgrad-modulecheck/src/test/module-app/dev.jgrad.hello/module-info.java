/** A program that uses jgrad from the module path only. */
module dev.jgrad.hello {
    requires dev.jgrad.tensor;
}
