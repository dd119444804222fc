package dev.jgrad;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Special functions as {@link CustomOp}s, differentiable to any order in every engine: the error function
 * {@code erf}, {@code logGamma} ({@code ln|Γ(x)|}) and the polygamma family ({@code digamma = ψ = ψ⁽⁰⁾},
 * {@code trigamma = ψ⁽¹⁾}, ...). Each derivative is written over the {@link Algebra}, so higher derivatives are
 * derivatives of derivatives:
 * <ul>
 *   <li>{@code erf'(x) = 2/√π · exp(-x²)}, built from the algebra's {@code exp} and {@code mul};</li>
 *   <li>{@code logGamma'(x) = ψ(x)}; {@code ψ⁽ⁿ⁾'(x) = ψ⁽ⁿ⁺¹⁾(x)}, each order its own custom op.</li>
 * </ul>
 *
 * <p><b>Accuracy</b>, measured against mpmath at 40 digits on the points of {@code SpecialTest} (tails, negative
 * arguments, and next to the zeros of {@code logGamma} at 1 and 2): relative error at most 9e-16 for {@code erf} (a
 * series of positive terms below 3, the continued fraction of {@code erfc} up to 7, then 1), 4e-16 for
 * {@code logGamma} (a Taylor series about 2 reached through the recurrence with exact arguments, Stirling's series
 * from 15, reflection below 0), 3e-15 for {@code ψ} and 5e-16 for {@code ψ⁽ⁿ⁾}, {@code 1 <= n <= 4} (the recurrence
 * up to {@code 15 + n}, then the asymptotic series; reflection below 0). Next to the zero of {@code ψ} at 1.4616...
 * the error is about 1e-16 absolute rather than relative. PyTorch's own trigamma is accurate only to about 1e-10.
 *
 * <p><b>Edge values</b> follow PyTorch (and SciPy): {@code erf(±∞) = ±1}; {@code logGamma} is {@code +∞} at ±0, at
 * negative integers and at ±∞; {@code ψ(+0) = -∞} and {@code ψ(-0) = +∞} (the limit from the side of the zero's
 * sign), {@code ψ} is NaN at negative integers and at {@code -∞}; for {@code n >= 1}, {@code ψ⁽ⁿ⁾} is
 * {@code (-1)ⁿ⁺¹ ∞} at ±0, at every negative integer and at {@code -∞} (the sign of the limit from the right; where
 * {@code n} is even the limit from the left has the other sign), as {@code (-1)ⁿ⁺¹ n! ζ(n + 1, x)} with the Hurwitz
 * zeta function infinite at its poles gives it. One exception: PyTorch's own trigamma ({@code n = 1}) rounds to a
 * large finite number at negative integers ({@code 6.58e32} at -1), where SciPy and jgrad give {@code +∞}.
 * {@code ψ⁽ⁿ⁾(+∞)} is {@code +∞} for {@code n = 0} and 0 otherwise. NaN gives NaN.
 */
public final class Special {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double EULER_GAMMA = 0.57721566490153286061;
    /** Bernoulli numbers B2, B4, ..., B20. */
    private static final double[] BERNOULLI = {
        1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798,
        -174611.0 / 330,
    };
    /** (-1)^k (ζ(k) - 1) / k for k = 0, 1, 2, ...: the Taylor coefficients of lnΓ(2 + z) beyond the linear term. */
    private static final double[] LOG_GAMMA_TAYLOR = logGammaTaylor(48);

    private static final ConcurrentMap<Integer, CustomOp> POLYGAMMA = new ConcurrentHashMap<>();

    /** The error function {@code erf(x) = 2/√π ∫₀ˣ e^(-t²) dt}; {@code erf'(x) = 2/√π · e^(-x²)}. */
    public static final CustomOp ERF = CustomOp.unary("erf", Special::erf,
            (g, x, out) -> g.mul(g.constant(TWO_OVER_SQRT_PI), g.exp(g.neg(g.mul(x, x)))));

    /** The digamma function {@code ψ(x) = Γ'(x)/Γ(x)}; its derivative is {@link #polygammaOp(int) trigamma}. */
    public static final CustomOp DIGAMMA = polygammaOp(0);

    /** {@code ln|Γ(x)|}; its derivative is {@link #DIGAMMA}. */
    public static final CustomOp LOG_GAMMA = CustomOp.unary("lgamma", Special::logGamma,
            (g, x, out) -> DIGAMMA.on(g, x));

    private Special() {
    }

    // ---------------------------------------------------------------- on values

    /**
     * {@code erf(x)}, a node of {@link #ERF}.
     *
     * @param x the argument
     * @return a new node holding the result
     */
    public static Value erf(Value x) {
        return ERF.apply(x);
    }

    /**
     * {@code ln|Γ(x)|}, a node of {@link #LOG_GAMMA}.
     *
     * @param x the argument
     * @return a new node holding the result
     */
    public static Value logGamma(Value x) {
        return LOG_GAMMA.apply(x);
    }

    /**
     * {@code ψ(x)}, a node of {@link #DIGAMMA}.
     *
     * @param x the argument
     * @return a new node holding the result
     */
    public static Value digamma(Value x) {
        return DIGAMMA.apply(x);
    }

    /**
     * {@code ψ⁽ⁿ⁾(x)}, the n-th derivative of the digamma function, a node of {@link #polygammaOp(int)}.
     *
     * @param n the order, {@code >= 0}
     * @param x the operand
     * @return the new node
     */
    public static Value polygamma(int n, Value x) {
        return polygammaOp(n).apply(x);
    }

    /**
     * The rule computing {@code ψ⁽ⁿ⁾}, whose derivative is {@code ψ⁽ⁿ⁺¹⁾}: one shared instance per order.
     *
     * @param n the order, {@code >= 0} (0 is digamma, 1 trigamma)
     * @return the rule
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static CustomOp polygammaOp(int n) {
        checkOrder(n);
        return POLYGAMMA.computeIfAbsent(n, k -> CustomOp.unary(k == 0 ? "digamma" : "polygamma" + k,
                x -> polygamma(k, x), (g, x, out) -> polygammaOp(k + 1).on(g, x)));
    }

    // ---------------------------------------------------------------- on doubles

    /**
     * The error function in double precision (within a few ulps).
     *
     * @param x any double
     * @return {@code erf(x)}, in [-1, 1]
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            // erf(x) = 2/√π e^(-x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): positive terms, so no cancellation.
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; term > sum * 1e-17; n++) {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else if (ax < 7) {
            r = 1 - erfcContinuedFraction(ax);
        } else {
            r = ax == ax ? 1 : ax;
        }
        return Math.copySign(r, x);
    }

    /** {@code erfc(x)} for {@code x >= 3}, by the Laplace continued fraction (modified Lentz). */
    private static double erfcContinuedFraction(double x) {
        // erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-17) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /**
     * {@code ln|Γ(x)|} in double precision.
     *
     * @param x any double
     * @return the value; {@code +∞} at 0, negative integers and ±∞
     */
    public static double logGamma(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x)) {
            return Double.POSITIVE_INFINITY;
        }
        if (x <= 0) {
            if (x == Math.floor(x)) {
                return Double.POSITIVE_INFINITY;
            }
            // Reflection: Γ(x) Γ(1-x) = π / sin(πx).
            return Math.log(Math.PI / Math.abs(sinPi(x))) - logGamma(1 - x);
        }
        // Below 15 the argument is brought to lnΓ(2 + z) with z computed exactly (Sterbenz), so that the relative
        // accuracy holds next to the zeros at 1 and 2; log1p does the same for the factor x near 1.
        if (x < 0.5) {
            return logGammaNearTwo(x) - Math.log(x) - Math.log1p(x);
        }
        if (x < 1.5) {
            return logGammaNearTwo(x - 1) - Math.log1p(x - 1);
        }
        if (x <= 2.5) {
            return logGammaNearTwo(x - 2);
        }
        if (x < 15) {
            double y = x;
            double product = 1;
            while (y > 2.5) {
                y -= 1;
                product *= y;
            }
            return logGammaNearTwo(y - 2) + Math.log(product);
        }
        return stirling(x);
    }

    /** lnΓ(2 + z) = (1 - γ) z + Σ_{k>=2} (-1)^k (ζ(k) - 1) z^k / k, for |z| <= 1/2. */
    private static double logGammaNearTwo(double z) {
        double sum = 0;
        for (int k = LOG_GAMMA_TAYLOR.length - 1; k >= 2; k--) {
            sum = (sum + LOG_GAMMA_TAYLOR[k]) * z;
        }
        return ((1 - EULER_GAMMA) + sum) * z;
    }

    /** Stirling's series for lnΓ(x), x >= 15, with terms to B20 (truncation below 1e-20). */
    private static double stirling(double x) {
        double inverse = 1 / x;
        double inverse2 = inverse * inverse;
        double series = 0;
        double power = inverse;
        for (int k = 1; k <= BERNOULLI.length; k++) {
            series += BERNOULLI[k - 1] / (2.0 * k * (2 * k - 1)) * power;
            power *= inverse2;
            if (x > 1e8) {
                break;
            }
        }
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
    }

    /**
     * The polygamma function {@code ψ⁽ⁿ⁾(x)}, the n-th derivative of {@code ψ = Γ'/Γ}, in double precision.
     *
     * @param n the order, {@code >= 0}
     * @param x any double
     * @return the value (see the class comment for poles)
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static double polygamma(int n, double x) {
        checkOrder(n);
        if (Double.isNaN(x)) {
            return x;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return n == 0 ? x : 0;
        }
        if (x <= 0 && x == Math.floor(x)) {
            if (n > 0) {
                return n % 2 == 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
            return x == 0 ? Math.copySign(Double.POSITIVE_INFINITY, -x) : Double.NaN;
        }
        if (x < 0) {
            // Reflection, differentiated n times: ψ⁽ⁿ⁾(x) = (-1)ⁿ ψ⁽ⁿ⁾(1-x) - π d^n/dx^n cot(πx).
            double reflected = polygammaPositive(n, 1 - x);
            return (n % 2 == 0 ? reflected : -reflected) - Math.PI * cotPiDerivative(n, x);
        }
        return polygammaPositive(n, x);
    }

    /** ψ⁽ⁿ⁾(x) for x > 0: the recurrence up to 15 + n, then the asymptotic series. */
    private static double polygammaPositive(int n, double x) {
        double threshold = 15 + n;
        double factorial = 1;
        for (int i = 2; i <= n; i++) {
            factorial *= i;
        }
        // ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x+1) + (-1)ⁿ⁺¹ n! / x^(n+1)
        double shifted = 0;
        double y = x;
        while (y < threshold) {
            shifted += 1 / Math.pow(y, n + 1);
            y += 1;
        }
        double sign = n % 2 == 0 ? -1 : 1;
        return sign * factorial * shifted + asymptotic(n, y, factorial);
    }

    /**
     * ψ(y) ~ ln y - 1/(2y) - Σ B2k / (2k y^2k); for n >= 1,
     * ψ⁽ⁿ⁾(y) ~ (-1)ⁿ⁺¹ [(n-1)!/yⁿ + n!/(2yⁿ⁺¹) + Σ B2k (2k+n-1)! / ((2k)! y^(2k+n))].
     */
    private static double asymptotic(int n, double y, double factorial) {
        double inverse = 1 / y;
        double inverse2 = inverse * inverse;
        if (n == 0) {
            double series = 0;
            double power = inverse2;
            for (int k = 1; k <= BERNOULLI.length; k++) {
                series += BERNOULLI[k - 1] / (2 * k) * power;
                power *= inverse2;
            }
            return Math.log(y) - 0.5 * inverse - series;
        }
        double yn = Math.pow(y, n);
        double sum = factorial / n / yn + factorial / (2 * yn * y);
        // ratio = (2k+n-1)! / (2k)!, updated from k-1 to k
        double ratio = factorial / n;
        double power = 1 / (yn * y * y);
        for (int k = 1; k <= BERNOULLI.length; k++) {
            ratio *= (2.0 * k + n - 1) * (2.0 * k + n - 2) / ((2.0 * k) * (2.0 * k - 1));
            sum += BERNOULLI[k - 1] * ratio * power;
            power *= inverse2;
        }
        return n % 2 == 1 ? sum : -sum;
    }

    /** d^n/dx^n cot(πx) = πⁿ Qₙ(cot πx), with Q₀(c) = c and Qₙ₊₁(c) = -(1 + c²) Qₙ'(c). */
    private static double cotPiDerivative(int n, double x) {
        double[] q = {0, 1};
        for (int k = 0; k < n; k++) {
            double[] next = new double[q.length + 1];
            for (int i = 1; i < q.length; i++) {
                double d = i * q[i];
                next[i - 1] -= d;
                next[i + 1] -= d;
            }
            q = next;
        }
        double c = cosPi(x) / sinPi(x);
        double value = 0;
        for (int i = q.length - 1; i >= 0; i--) {
            value = value * c + q[i];
        }
        return Math.pow(Math.PI, n) * value;
    }

    /** sin(πx) with the argument reduced exactly, so that it is accurate for large |x| and 0 at integers. */
    private static double sinPi(double x) {
        double r = x % 2;
        if (r > 1) {
            r -= 2;
        } else if (r < -1) {
            r += 2;
        }
        if (r > 0.5) {
            return Math.sin(Math.PI * (1 - r));
        }
        if (r < -0.5) {
            return -Math.sin(Math.PI * (1 + r));
        }
        return Math.sin(Math.PI * r);
    }

    /** cos(πx) with the argument reduced exactly. */
    private static double cosPi(double x) {
        return sinPi(x + 0.5);
    }

    private static double[] logGammaTaylor(int terms) {
        double[] zetaMinusOne = new double[terms];
        zetaMinusOne[2] = Math.PI * Math.PI / 6 - 1;
        zetaMinusOne[3] = 0.20205690315959428540;
        zetaMinusOne[4] = Math.pow(Math.PI, 4) / 90 - 1;
        zetaMinusOne[5] = 0.03692775514336992633;
        zetaMinusOne[6] = Math.pow(Math.PI, 6) / 945 - 1;
        zetaMinusOne[7] = 0.00834927738192282684;
        zetaMinusOne[8] = Math.pow(Math.PI, 8) / 9450 - 1;
        zetaMinusOne[9] = 0.00200839282608221442;
        for (int k = 10; k < terms; k++) {
            // ζ(k) - 1 = Σ_{m>=2} m^-k; beyond m = 60 the terms are below 1e-17 of the sum for k >= 10.
            double sum = 0;
            for (int m = 60; m >= 2; m--) {
                sum += Math.pow(m, -k);
            }
            zetaMinusOne[k] = sum;
        }
        double[] coefficients = new double[terms];
        for (int k = 2; k < terms; k++) {
            coefficients[k] = (k % 2 == 0 ? 1 : -1) * zetaMinusOne[k] / k;
        }
        return coefficients;
    }

    private static void checkOrder(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("polygamma order n (" + n + ") must be >= 0");
        }
    }
}
