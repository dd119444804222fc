package dev.jgrad.tensor;

/**
 * The element type of a {@link Tensor}, chosen when it is created: every operation computes each element in
 * {@code double} and stores it in this type.
 */
public enum DType {

    /** IEEE 754 double precision, stored in a {@code double[]}; the default. */
    FLOAT64("float64"),

    /** IEEE 754 single precision, stored in a {@code float[]}: half the memory, what neural networks train in. */
    FLOAT32("float32");

    private final String label;

    DType(String label) {
        this.label = label;
    }

    /** The wider of two types: operations on mixed operands compute in it, as PyTorch promotes. */
    static DType wider(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }

    /** {@code "float64"} or {@code "float32"}, PyTorch's names. */
    @Override
    public String toString() {
        return label;
    }
}
