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

    /**
     * The type an operation on these operands computes in and returns, PyTorch's promotion of floating-point
     * operands: the wider type among the operands of at least one dimension, or among all of them if every one is a
     * scalar (0 dimensions). So a float64 scalar beside a float32 vector is rounded to float32 and the result is
     * float32 ({@code torch.ones(3) + torch.tensor(1.0, dtype=torch.float64)} is float32), while two scalars, or two
     * vectors, of float32 and float64 give float64. Every operation that combines tensors promotes through here.
     *
     * @param operands the operands, at least one
     * @return the type of the result
     */
    static DType promoted(Tensor... operands) {
        boolean anyDimensioned = false;
        for (Tensor t : operands) {
            anyDimensioned |= t.dim() > 0;
        }
        for (Tensor t : operands) {
            if (t.dtype == FLOAT64 && (t.dim() > 0 || !anyDimensioned)) {
                return FLOAT64;
            }
        }
        return FLOAT32;
    }

    /** {@code "float64"} or {@code "float32"}, PyTorch's names. */
    @Override
    public String toString() {
        return label;
    }
}
