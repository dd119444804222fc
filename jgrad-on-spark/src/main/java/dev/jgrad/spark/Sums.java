package dev.jgrad.spark;

/**
 * A partial sum over rows of their losses and of their loss gradients, with the number of rows.
 */
final class Sums implements TreeSum.Partial<Sums> {

    private static final long serialVersionUID = 1L;

    double loss;
    long rows;
    final double[] gradient;

    Sums(int parameters) {
        this.gradient = new double[parameters];
    }

    @Override
    public Sums plus(Sums other) {
        loss += other.loss;
        rows += other.rows;
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] += other.gradient[j];
        }
        return this;
    }
}
