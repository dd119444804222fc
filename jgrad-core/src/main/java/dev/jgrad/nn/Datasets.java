package dev.jgrad.nn;

import java.util.Random;

/**
 * Seeded toy data sets in two dimensions, after scikit-learn's {@code make_moons}, {@code make_circles} and
 * {@code make_blobs}: the same arguments give the same data on every JVM ({@code java.util.Random} and
 * {@code StrictMath} are fully specified). Examples come shuffled; labels are 0, 1, ... as doubles.
 */
public final class Datasets {

    private Datasets() {
    }

    /**
     * Two interleaving half circles: {@code n/2} points (rounded down) of class 0 on the upper arc
     * {@code (cos t, sin t)} and the rest, class 1, on the lower arc {@code (1 - cos t, 0.5 - sin t)}, for
     * {@code t} evenly spaced over [0, π]; then Gaussian noise of standard deviation {@code noise} on each
     * coordinate.
     *
     * @param n     the number of points, at least 2
     * @param noise the noise's standard deviation, at least 0 (micrograd's demo uses 0.1)
     * @param seed  the seed
     * @return the data set
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Dataset moons(int n, double noise, long seed) {
        checkCount(n, 2);
        checkSpread(noise, "noise");
        int outer = n / 2;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean inner = i >= outer;
            int count = inner ? n - outer : outer;
            int k = inner ? i - outer : i;
            double t = count == 1 ? 0 : Math.PI * k / (count - 1);
            x[i] = inner
                    ? new double[] {1 - StrictMath.cos(t), 0.5 - StrictMath.sin(t)}
                    : new double[] {StrictMath.cos(t), StrictMath.sin(t)};
            y[i] = inner ? 1 : 0;
        }
        return noisyShuffled(x, y, noise, new Random(seed));
    }

    /**
     * Two concentric circles: {@code n/2} points (rounded down) of class 0 on the unit circle and the rest, class 1,
     * on a circle of radius {@code factor}, each evenly spaced in angle starting at 0; then Gaussian noise of
     * standard deviation {@code noise} on each coordinate.
     *
     * @param n      the number of points, at least 2
     * @param noise  the noise's standard deviation, at least 0
     * @param factor the inner radius, in [0, 1)
     * @param seed   the seed
     * @return the data set
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        checkCount(n, 2);
        checkSpread(noise, "noise");
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("factor (" + factor + ") must be in [0, 1)");
        }
        int outer = n / 2;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean inner = i >= outer;
            int count = inner ? n - outer : outer;
            int k = inner ? i - outer : i;
            double t = 2 * Math.PI * k / count;
            double r = inner ? factor : 1;
            x[i] = new double[] {r * StrictMath.cos(t), r * StrictMath.sin(t)};
            y[i] = inner ? 1 : 0;
        }
        return noisyShuffled(x, y, noise, new Random(seed));
    }

    /**
     * Gaussian blobs: {@code centers} centres drawn uniformly in the square [-10, 10]², then {@code n} points split
     * as evenly as possible between them (the first {@code n % centers} blobs get one more), each its centre plus
     * Gaussian noise of standard deviation {@code spread} per coordinate, labelled with its blob's index.
     *
     * @param n       the number of points, at least {@code centers}
     * @param centers the number of blobs (classes), at least 1
     * @param spread  the standard deviation around each centre, at least 0
     * @param seed    the seed
     * @return the data set
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Dataset blobs(int n, int centers, double spread, long seed) {
        if (centers < 1) {
            throw new IllegalArgumentException("centers (" + centers + ") must be >= 1");
        }
        checkCount(n, centers);
        checkSpread(spread, "spread");
        Random random = new Random(seed);
        double[][] centre = new double[centers][];
        for (int c = 0; c < centers; c++) {
            centre[c] = new double[] {random.nextDouble() * 20 - 10, random.nextDouble() * 20 - 10};
        }
        double[][] x = new double[n][];
        double[] y = new double[n];
        int i = 0;
        for (int c = 0; c < centers; c++) {
            int count = n / centers + (c < n % centers ? 1 : 0);
            for (int k = 0; k < count; k++, i++) {
                x[i] = centre[c].clone();
                y[i] = c;
            }
        }
        return noisyShuffled(x, y, spread, random);
    }

    private static Dataset noisyShuffled(double[][] x, double[] y, double noise, Random random) {
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] += noise * random.nextGaussian();
            }
        }
        Dataset ordered = new Dataset(x, y);
        return ordered.subset(ordered.shuffledRows(random));
    }

    private static void checkCount(int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException("n (" + n + ") must be >= " + min);
        }
    }

    private static void checkSpread(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " (" + value + ") must be >= 0 and finite");
        }
    }
}
