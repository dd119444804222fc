package dev.jgrad.hipparchus;

import dev.jgrad.Op;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.Field;
import org.hipparchus.util.FastMath;

/**
 * A real number recorded on a {@link TapeField}'s tape: a Hipparchus {@link CalculusFieldElement} differentiated in
 * reverse mode by jgrad. Make the inputs with {@link TapeField#variable}, run any Hipparchus field algorithm on
 * them, and take {@link TapeField#gradient} of a result.
 *
 * <p>Every differentiable method is one operation of jgrad's rule table {@link Op}, whose Javadoc states its value
 * and derivative: {@code add} {@code +}, {@code subtract} {@code -}, {@code multiply} {@code *},
 * {@code divide} and {@code reciprocal} {@code /}, {@code pow} {@code ^}, {@code negate}, {@code exp},
 * {@code expm1}, {@code log}, {@code log1p}, {@code log10}, {@code sqrt}, {@code cbrt}, {@code sin}, {@code cos},
 * {@code tan}, {@code asin}, {@code acos}, {@code atan}, {@code atan2}, {@code sinh}, {@code cosh}, {@code tanh},
 * {@code asinh}, {@code acosh}, {@code atanh}, {@code hypot}. The rest are built from those, as Hipparchus's own
 * {@code Gradient} defines them:
 * <ul>
 *   <li>{@code rootN(n)}: {@code sqrt} for 2, {@code cbrt} for 3, else {@code x^(1/n)} (NaN for a negative
 *       {@code x}, as in Hipparchus); {@code square} is {@code x * x},
 *       {@code scalb(n)} a product with {@code 2^n}, {@code toDegrees} and {@code toRadians} products with the
 *       factor.</li>
 *   <li>{@code abs}, {@code copySign}: the number itself or its negation, chosen by the sign bits (so
 *       {@code abs} has derivative 1 at +0 and -1 at -0).</li>
 *   <li>{@code remainder(y)}: the IEEE remainder {@code x - k y} with the integer {@code k} a constant (derivatives 1
 *       and {@code -k}).</li>
 *   <li>{@code linearCombination}: {@code Σ a_i b_i} as one recorded operation, its value as accurate as
 *       Hipparchus's {@code MathArrays.linearCombination}; of empty arrays, the constant 0; of arrays of different
 *       lengths, an {@link IllegalArgumentException}.</li>
 *   <li>{@code sinCos}, {@code sinhCosh}: the two operations; {@code getAddendum}: 0 with the derivatives of
 *       {@code x} ({@code x - getReal()} where {@code x} is finite).</li>
 * </ul>
 * {@code floor}, {@code ceil}, {@code rint}, {@code sign} and {@code ulp} are constants (derivative 0), and
 * {@code getReal}, {@code round}, {@code getExponent}, {@code norm}, {@code isNaN}, {@code isInfinite},
 * {@code isFinite} and {@code isZero} read the value, as Hipparchus specifies them. Edge values (NaN, infinities,
 * 0 where a derivative is infinite) are those of the rule table.
 *
 * <p>Instances are immutable: a value, the field, the tape node the number is a function of and the derivative with
 * respect to that node (see {@link TapeField}). Two numbers are equal only if they are the same object.
 */
public final class TapeNumber implements CalculusFieldElement<TapeNumber> {

    /**
     * Math.scalb's limit on the power: 2^2099 takes the smallest subnormal (2^-1074) past the largest double, and
     * 2^-2099 the largest double below half the smallest subnormal, where it rounds to 0.
     */
    private static final int SCALB_LIMIT = 2099;

    final TapeField field;
    final double value;
    /** The position on the tape of the node this number is a function of, or {@link TapeField#CONSTANT}. */
    final int node;
    /** {@code ∂value/∂node}: 1 for a variable or an operation of two recorded operands, else the chain so far. */
    final double weight;
    final int generation;

    TapeNumber(TapeField field, double value, int node, double weight, int generation) {
        this.field = field;
        this.value = value;
        this.node = node;
        this.weight = weight;
        this.generation = generation;
    }

    /**
     * Whether this number depends on a variable of its field (a constant does not, and records nothing).
     *
     * @return false for a constant
     */
    public boolean isRecorded() {
        return node != TapeField.CONSTANT;
    }

    @Override
    public Field<TapeNumber> getField() {
        return field;
    }

    @Override
    public double getReal() {
        return value;
    }

    @Override
    public TapeNumber newInstance(double value) {
        return field.constant(value);
    }

    /**
     * This number less its real part: 0, with this number's derivatives, so that {@code getAddendum().add(getReal())}
     * is this number again, as Hipparchus asks of derivative types, also at infinities and NaN (where
     * {@code x - getReal()} would be NaN).
     *
     * @return the addendum, of value 0
     */
    @Override
    public TapeNumber getAddendum() {
        field.check(this);
        return new TapeNumber(field, 0, node, weight, generation);
    }

    @Override
    public TapeNumber add(TapeNumber a) {
        return field.apply(Op.ADD, this, a);
    }

    @Override
    public TapeNumber add(double a) {
        return field.apply(Op.ADD, this, a);
    }

    @Override
    public TapeNumber subtract(TapeNumber a) {
        return field.apply(Op.SUB, this, a);
    }

    @Override
    public TapeNumber subtract(double a) {
        return field.apply(Op.SUB, this, a);
    }

    @Override
    public TapeNumber negate() {
        return field.apply(Op.NEG, this);
    }

    @Override
    public TapeNumber multiply(TapeNumber a) {
        return field.apply(Op.MUL, this, a);
    }

    @Override
    public TapeNumber multiply(double a) {
        return field.apply(Op.MUL, this, a);
    }

    @Override
    public TapeNumber multiply(int n) {
        return field.apply(Op.MUL, this, (double) n);
    }

    @Override
    public TapeNumber divide(TapeNumber a) {
        return field.apply(Op.DIV, this, a);
    }

    @Override
    public TapeNumber divide(double a) {
        return field.apply(Op.DIV, this, a);
    }

    @Override
    public TapeNumber reciprocal() {
        return field.apply(Op.DIV, 1.0, this);
    }

    /**
     * {@code this · 2^n}, a product with the constant {@code 2^n} (in steps where {@code 2^n} itself is not a normal
     * double); derivative {@code 2^n}. As {@link Math#scalb(double, int)}, {@code n} beyond ±2099 is taken as ±2099,
     * which already takes every finite number other than 0 to 0 or an infinity, so any {@code n} costs at most four
     * products.
     *
     * @param n the power of two
     * @return {@code this · 2^n}
     */
    @Override
    public TapeNumber scalb(int n) {
        if (n >= Double.MIN_EXPONENT && n <= Double.MAX_EXPONENT) {
            return field.apply(Op.MUL, this, FastMath.scalb(1.0, n));
        }
        int clamped = Math.max(-SCALB_LIMIT, Math.min(SCALB_LIMIT, n));
        int half = clamped / 2;
        return scalb(half).scalb(clamped - half);
    }

    @Override
    public TapeNumber hypot(TapeNumber y) {
        return field.apply(Op.HYPOT, this, y);
    }

    @Override
    public TapeNumber sqrt() {
        return field.apply(Op.SQRT, this);
    }

    @Override
    public TapeNumber cbrt() {
        return field.apply(Op.CBRT, this);
    }

    @Override
    public TapeNumber rootN(int n) {
        if (n == 2) {
            return sqrt();
        }
        if (n == 3) {
            return cbrt();
        }
        return pow(1.0 / n);
    }

    @Override
    public TapeNumber square() {
        return field.apply(Op.MUL, this, this);
    }

    @Override
    public TapeNumber pow(double p) {
        return field.apply(Op.POW, this, p);
    }

    @Override
    public TapeNumber pow(int n) {
        return field.apply(Op.POW, this, (double) n);
    }

    @Override
    public TapeNumber pow(TapeNumber e) {
        return field.apply(Op.POW, this, e);
    }

    @Override
    public TapeNumber exp() {
        return field.apply(Op.EXP, this);
    }

    @Override
    public TapeNumber expm1() {
        return field.apply(Op.EXPM1, this);
    }

    @Override
    public TapeNumber log() {
        return field.apply(Op.LOG, this);
    }

    @Override
    public TapeNumber log1p() {
        return field.apply(Op.LOG1P, this);
    }

    @Override
    public TapeNumber log10() {
        return field.apply(Op.LOG10, this);
    }

    @Override
    public TapeNumber cos() {
        return field.apply(Op.COS, this);
    }

    @Override
    public TapeNumber sin() {
        return field.apply(Op.SIN, this);
    }

    @Override
    public TapeNumber tan() {
        return field.apply(Op.TAN, this);
    }

    @Override
    public TapeNumber acos() {
        return field.apply(Op.ACOS, this);
    }

    @Override
    public TapeNumber asin() {
        return field.apply(Op.ASIN, this);
    }

    @Override
    public TapeNumber atan() {
        return field.apply(Op.ATAN, this);
    }

    /**
     * The angle of the point {@code (x, this)}, {@code atan2(this, x)}; see {@link Op#ATAN2}.
     *
     * @param x the abscissa
     * @return the angle, in {@code [-π, π]}
     */
    @Override
    public TapeNumber atan2(TapeNumber x) {
        return field.apply(Op.ATAN2, this, x);
    }

    @Override
    public TapeNumber cosh() {
        return field.apply(Op.COSH, this);
    }

    @Override
    public TapeNumber sinh() {
        return field.apply(Op.SINH, this);
    }

    @Override
    public TapeNumber tanh() {
        return field.apply(Op.TANH, this);
    }

    @Override
    public TapeNumber acosh() {
        return field.apply(Op.ACOSH, this);
    }

    @Override
    public TapeNumber asinh() {
        return field.apply(Op.ASINH, this);
    }

    @Override
    public TapeNumber atanh() {
        return field.apply(Op.ATANH, this);
    }

    @Override
    public TapeNumber linearCombination(TapeNumber[] a, TapeNumber[] b) {
        return field.linearCombination(a, b);
    }

    @Override
    public TapeNumber linearCombination(double[] a, TapeNumber[] b) {
        return field.linearCombination(a, b);
    }

    @Override
    public TapeNumber linearCombination(TapeNumber a1, TapeNumber b1, TapeNumber a2, TapeNumber b2) {
        return field.linearCombination(new TapeNumber[] {a1, a2}, new TapeNumber[] {b1, b2});
    }

    @Override
    public TapeNumber linearCombination(double a1, TapeNumber b1, double a2, TapeNumber b2) {
        return field.linearCombination(new double[] {a1, a2}, new TapeNumber[] {b1, b2});
    }

    @Override
    public TapeNumber linearCombination(TapeNumber a1, TapeNumber b1, TapeNumber a2, TapeNumber b2, TapeNumber a3,
            TapeNumber b3) {
        return field.linearCombination(new TapeNumber[] {a1, a2, a3}, new TapeNumber[] {b1, b2, b3});
    }

    @Override
    public TapeNumber linearCombination(double a1, TapeNumber b1, double a2, TapeNumber b2, double a3,
            TapeNumber b3) {
        return field.linearCombination(new double[] {a1, a2, a3}, new TapeNumber[] {b1, b2, b3});
    }

    @Override
    public TapeNumber linearCombination(TapeNumber a1, TapeNumber b1, TapeNumber a2, TapeNumber b2, TapeNumber a3,
            TapeNumber b3, TapeNumber a4, TapeNumber b4) {
        return field.linearCombination(new TapeNumber[] {a1, a2, a3, a4}, new TapeNumber[] {b1, b2, b3, b4});
    }

    @Override
    public TapeNumber linearCombination(double a1, TapeNumber b1, double a2, TapeNumber b2, double a3,
            TapeNumber b3, double a4, TapeNumber b4) {
        return field.linearCombination(new double[] {a1, a2, a3, a4}, new TapeNumber[] {b1, b2, b3, b4});
    }

    /**
     * The IEEE remainder {@code this - k a}, {@code k} the integer nearest {@code this / a}; derivative 1 (the
     * integer {@code k} is a constant).
     *
     * @param a the divisor
     * @return the remainder, in {@code [-|a|/2, |a|/2]}
     */
    @Override
    public TapeNumber remainder(double a) {
        return remainder(field.constant(a));
    }

    /**
     * The IEEE remainder {@code this - k a}, {@code k} the integer nearest {@code this / a}; derivatives 1 and
     * {@code -k} (the integer {@code k} is a constant).
     *
     * @param a the divisor
     * @return the remainder, in {@code [-|a|/2, |a|/2]}
     */
    @Override
    public TapeNumber remainder(TapeNumber a) {
        double remainder = FastMath.IEEEremainder(value, a.value);
        double k = FastMath.rint((value - remainder) / a.value);
        return field.minusMultiple(remainder, this, k, a);
    }

    /**
     * This number with the sign of {@code sign}, by sign bits ({@code -0.0} is negative): itself or its negation.
     *
     * @param sign the number whose sign is taken
     * @return {@code this} or {@code -this}
     */
    @Override
    public TapeNumber copySign(TapeNumber sign) {
        field.check(sign);
        return copySign(sign.value);
    }

    /**
     * This number with the sign of {@code sign}, by sign bits ({@code -0.0} is negative): itself or its negation.
     *
     * @param sign the number whose sign is taken
     * @return {@code this} or {@code -this}
     */
    @Override
    public TapeNumber copySign(double sign) {
        long m = Double.doubleToRawLongBits(value);
        long s = Double.doubleToRawLongBits(sign);
        return (m ^ s) >= 0 ? this : negate();
    }

    /**
     * The absolute value, by the sign bit as Hipparchus's {@code Gradient}: this number, or its negation where the
     * sign bit is set (so the derivative is 1 at +0 and -1 at -0).
     *
     * @return {@code |this|}
     */
    @Override
    public TapeNumber abs() {
        return Double.doubleToRawLongBits(value) < 0 ? negate() : this;
    }

    /**
     * The value and the position on the tape, for debugging.
     *
     * @return for example {@code TapeNumber[0.5 @ node 12]} or {@code TapeNumber[2.0, constant]}
     */
    @Override
    public String toString() {
        return "TapeNumber[" + value + (node == TapeField.CONSTANT ? ", constant]" : " @ node " + node + "]");
    }
}
