package dev.jgrad.spark;

import java.io.Serializable;

/**
 * A sum of squares {@code Σ t_i²} kept as {@code scale² · sum}, {@code scale} the largest {@code |t_i|}, as LAPACK's
 * {@code dlassq} keeps one: terms of any finite size (1e200, 1e-200) neither overflow nor underflow when squared, and
 * two sums merge in any order, as the partial sums of a Spark job must. Infinite and NaN terms are summed apart,
 * plainly, so that they make the sum infinite or NaN as they would a plain one.
 */
final class Squares implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest finite {@code |t_i|} so far; 0 while there is none other than 0. */
    private double scale;
    /** {@code Σ (t_i / scale)²} over the finite terms: between 1 and their count once {@code scale > 0}. */
    private double sum;
    /** {@code Σ t_i²} over the infinite and NaN terms: 0, +∞ or NaN. */
    private double nonFinite;

    /** Adds {@code t²}. */
    void add(double t) {
        double a = Math.abs(t);
        if (!Double.isFinite(a)) {
            nonFinite += a * a;
        } else if (a > scale) {
            double r = scale / a;
            sum = 1 + sum * r * r;
            scale = a;
        } else if (a > 0) {
            double r = a / scale;
            sum += r * r;
        }
    }

    /** Adds the terms of {@code other}. */
    void plus(Squares other) {
        nonFinite += other.nonFinite;
        if (other.scale > scale) {
            double r = scale / other.scale;
            sum = other.sum + sum * r * r;
            scale = other.scale;
        } else if (other.scale > 0) {
            double r = other.scale / scale;
            sum += other.sum * r * r;
        }
    }

    /** {@code √((1/n) Σ t_i²)}, for {@code n > 0}. */
    double rootMean(long n) {
        return nonFinite != 0 ? Math.sqrt(nonFinite) : scale * Math.sqrt(sum / n);
    }

    /** Whether every term so far was 0 (none infinite or NaN). */
    boolean isZero() {
        return scale == 0 && nonFinite == 0;
    }

    /** {@code Σ t_i² / Σ u_i²}, this sum over {@code other}; {@code 0 / 0} is NaN, {@code x / 0} is +∞. */
    double over(Squares other) {
        if (nonFinite != 0 || other.nonFinite != 0) {
            // beside an infinite or NaN sum, a finite one's size does not change the quotient: it stands as 1
            return (nonFinite != 0 ? nonFinite : 1) / (other.nonFinite != 0 ? other.nonFinite : 1);
        }
        double r = scale / other.scale;
        return r * r * (sum / other.sum);
    }
}
