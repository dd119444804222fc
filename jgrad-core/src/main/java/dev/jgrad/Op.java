package dev.jgrad;

/**
 * The one table of derivative rules: every built-in operation's value and partial derivatives, side by side.
 *
 * <p>Every engine in jgrad (the {@link Value} graph, the compiled tape, higher-order and forward mode) reads its
 * derivatives from here; adding an operation is one constant in this table plus its tests. Partial derivatives are
 * written over an {@link Algebra}, so each is itself built from operations of this table and can be differentiated
 * again.
 *
 * <p>Values and derivatives at edge points are those of PyTorch in float64, for example {@code relu'(0) = 0},
 * {@code |x|'(0) = 0}, {@code sqrt'(0) = +Infinity}, {@code log'(0) = +Infinity}. NaN and infinities propagate by
 * IEEE 754 arithmetic; no rule throws. The exceptions are stated where they occur: at NaN {@link #RELU}'s derivative
 * is 0, {@link #SIGN} is NaN and so is {@link #ABS}'s derivative (PyTorch: 1, 0 and 0); {@link #ACOSH}'s derivative
 * is NaN below 1; the derivatives of {@link #ASINH} and {@link #ACOSH} beyond about 1e154 do not overflow to 0 as
 * PyTorch's do; {@link #MAX} and {@link #MIN} take +0 as larger than -0; and a zero's sign may differ. Every engine
 * applies the chain rule by multiplying each partial derivative by the gradient arriving at the result, so a zero
 * partial that meets an infinite or NaN gradient gives NaN: {@code sqrt(relu(x))} at {@code x = -1} has the gradient
 * {@code 0 · ∞ = NaN}, where PyTorch, which masks rather than multiplies for {@code relu}, {@code maximum},
 * {@code minimum}, {@code where} and {@code clamp} (and gives {@code sign} a zero gradient without multiplying),
 * gives 0 (it multiplies too for the others, {@code abs} and {@code mul} among them).
 */
public enum Op implements Rule {

    /** {@code a + b}; {@code d/da = 1}, {@code d/db = 1}. */
    ADD("+", 2) {
        @Override
        public double value(double a, double b, double c) {
            return a + b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.constant(1);
        }
    },

    /** {@code a - b}; {@code d/da = 1}, {@code d/db = -1}. */
    SUB("-", 2) {
        @Override
        public double value(double a, double b, double c) {
            return a - b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.constant(arg == 0 ? 1 : -1);
        }
    },

    /** {@code a * b}; {@code d/da = b}, {@code d/db = a}. */
    MUL("*", 2) {
        @Override
        public double value(double a, double b, double c) {
            return a * b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return arg == 0 ? b : a;
        }
    },

    /**
     * {@code a / b}; {@code d/da = 1/b}, {@code d/db = -(a/b)/b}. The second is PyTorch's form, so rounding and
     * overflow agree: at (1e200, 1e200) it is -1e-200, where {@code -a/b²} would overflow to -0.
     */
    DIV("/", 2) {
        @Override
        public double value(double a, double b, double c) {
            return a / b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return arg == 0 ? g.div(g.constant(1), b) : g.neg(g.div(out, b));
        }
    },

    /**
     * {@code a ^ b}, with C's (and PyTorch's) values where Java's {@link Math#pow} differs: {@code 1^b = 1} for every
     * {@code b} (NaN included) and {@code (-1)^±Infinity = 1}.
     *
     * <p>{@code d/da = b a^(b-1)}, except 0 where {@code b == 0} and {@code a} is 0 or NaN; {@code d/db = a^b ln a},
     * except 0 where {@code a == 0 && b >= 0}. These are PyTorch's special cases: at (0, 0) the value is 1 and both
     * derivatives 0; at (0, 2) both are 0; at (0, 0.5) they are (+Infinity, 0); at (-2, 2) they are (-4, NaN). A NaN
     * operand makes the derivative NaN rather than taking a special case (at (NaN, 0) the derivatives are (0, NaN)).
     * PyTorch takes {@code d/da = 0} wherever {@code b == 0}; here, for any other {@code a}, it is the general form's
     * 0 (-0 for a negative {@code a}), so that its own derivative in {@code b}, {@code 1/a}, is kept: the third
     * derivative of {@code x^x} at 1 is 3, where PyTorch's (and this table's before) is 2, since the exponent of
     * {@code x^(x-1)} in the chain is 0 there.
     */
    POW("^", 2) {
        @Override
        public double value(double a, double b, double c) {
            if (a == 1 || a == -1 && Double.isInfinite(b)) {
                return 1;
            }
            return Math.pow(a, b);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int zero = g.constant(0);
            if (arg == 0) {
                int general = g.mul(b, g.pow(a, g.sub(b, g.constant(1))));
                // at b == 0 the general form is 0 (its derivative in b, 1/a, is what higher orders need) unless a^-1
                // is infinite or NaN, at a == 0 or a NaN: only there is the special 0 taken
                return g.where(g.abs(b), general, g.where(g.abs(a), general, nanIfNaN(g, zero, b)));
            }
            int general = g.mul(out, g.log(a));
            int special = nanIfNaN(g, zero, g.add(g.sign(a), g.sign(b)));
            return g.where(g.abs(a), general, g.where(g.neg(b), general, special));
        }
    },

    /** {@code -a}; {@code d/da = -1}. */
    NEG("neg", 1) {
        @Override
        public double value(double a, double b, double c) {
            return -a;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.constant(-1);
        }
    },

    /** {@code e^a}; {@code d/da = e^a}. */
    EXP("exp", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.exp(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return out;
        }
    },

    /** {@code ln a}; {@code d/da = 1/a}. {@code ln 0 = -Infinity} with derivative +Infinity; {@code ln(-1) = NaN} with derivative -1. */
    LOG("log", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.log(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.div(g.constant(1), a);
        }
    },

    /** {@code √a}; {@code d/da = 1/(2√a)}, +Infinity at 0. */
    SQRT("sqrt", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.sqrt(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.div(g.constant(0.5), out);
        }
    },

    /** {@code tanh a}; {@code d/da = 1 - tanh² a}, which is 0 at ±1000. */
    TANH("tanh", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.tanh(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.sub(g.constant(1), g.mul(out, out));
        }
    },

    /** {@code 1/(1+e^-a)}, computed without overflow ({@code sigmoid(-1000) = 0}); {@code d/da = s(1-s)}. */
    SIGMOID("sigmoid", 1) {
        @Override
        public double value(double a, double b, double c) {
            if (a >= 0) {
                return 1 / (1 + Math.exp(-a));
            }
            double e = Math.exp(a);
            return e / (1 + e);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.mul(out, g.sub(g.constant(1), out));
        }
    },

    /**
     * {@code max(a, 0)} (NaN stays NaN); {@code d/da = 1} where {@code a > 0}, else 0: {@code relu'(0) = 0}, and
     * {@code relu'(NaN) = 0} where PyTorch gives 1.
     */
    RELU("ReLU", 1) {
        @Override
        public double value(double a, double b, double c) {
            long bits = Double.doubleToRawLongBits(a);
            return Double.longBitsToDouble(bits & ~belowZero(bits));
        }

        /** {@code -a > 0 ? 0 : a}: the same value, -0 and NaN kept, as a select. */
        @Override
        public int expression(Algebra g, int a, int b, int c) {
            return g.where(g.neg(a), g.constant(0), a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.where(a, g.constant(1), g.constant(0));
        }
    },

    /** {@code sin a}; {@code d/da = cos a}. */
    SIN("sin", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.sin(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.cos(a);
        }
    },

    /** {@code cos a}; {@code d/da = -sin a}. */
    COS("cos", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.cos(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.neg(g.sin(a));
        }
    },

    /** {@code |a|}; {@code d/da = sign a}, so {@code |x|'(0) = 0} and {@code |x|'(NaN)} is NaN (PyTorch: 0). */
    ABS("abs", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.abs(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.sign(a);
        }
    },

    /**
     * The sign of {@code a}: -1, 0 or 1, -0 for -0 and NaN for NaN (where PyTorch gives 0, and 0 for -0);
     * {@code d/da = 0}.
     */
    SIGN("sign", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.signum(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.constant(0);
        }
    },

    /**
     * The branch-free select {@code a > 0 ? b : c} (NaN selects {@code c}); {@code d/da = 0},
     * {@code d/db = 1} where {@code a > 0} else 0, {@code d/dc} the complement.
     */
    WHERE("where", 3) {
        @Override
        public double value(double a, double b, double c) {
            long chosen = aboveZero(Double.doubleToRawLongBits(a));
            return Double.longBitsToDouble((Double.doubleToRawLongBits(b) & chosen)
                    | (Double.doubleToRawLongBits(c) & ~chosen));
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int zero = g.constant(0);
            if (arg == 0) {
                return zero;
            }
            int one = g.constant(1);
            return arg == 1 ? g.where(a, one, zero) : g.where(a, zero, one);
        }
    },

    /**
     * The sum of any number of operands, one node however many terms; {@code d/dx_i = 1}. Engines fold the value
     * with this rule's two-operand form {@code a + b}.
     */
    SUM("sum", -1) {
        @Override
        public double value(double a, double b, double c) {
            return a + b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.constant(1);
        }
    },

    /**
     * {@code ln(1 + a)}, accurate where {@code a} is tiny ({@code log1p(1e-20) = 1e-20}, where {@code ln(1 + a)} in
     * doubles gives 0); {@code d/da = 1/(1 + a)}. {@code log1p(-1) = -Infinity} with derivative +Infinity; below -1
     * the value is NaN.
     */
    LOG1P("log1p", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.log1p(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int one = g.constant(1);
            return g.div(one, g.add(one, a));
        }
    },

    /**
     * {@code e^a - 1}, accurate where {@code a} is tiny ({@code expm1(1e-20) = 1e-20}); {@code d/da = e^a}, computed
     * as {@code expm1(a) + 1}. {@code expm1(-Infinity) = -1} with derivative 0.
     */
    EXPM1("expm1", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.expm1(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.add(out, g.constant(1));
        }
    },

    /** {@code tan a}; {@code d/da = 1 + tan² a}. {@code tan(±Infinity)} is NaN with derivative NaN. */
    TAN("tan", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.tan(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.add(g.constant(1), g.mul(out, out));
        }
    },

    /**
     * {@code arcsin a}, in {@code [-π/2, π/2]}; {@code d/da = 1/√(1 - a²)}, +Infinity at ±1. Outside {@code [-1, 1]}
     * the value and the derivative are NaN.
     */
    ASIN("asin", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.asin(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int one = g.constant(1);
            return g.div(one, g.sqrt(g.sub(one, g.mul(a, a))));
        }
    },

    /**
     * {@code arccos a}, in {@code [0, π]}; {@code d/da = -1/√(1 - a²)}, -Infinity at ±1. Outside {@code [-1, 1]}
     * the value and the derivative are NaN.
     */
    ACOS("acos", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.acos(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.div(g.constant(-1), g.sqrt(g.sub(g.constant(1), g.mul(a, a))));
        }
    },

    /** {@code arctan a}, in {@code [-π/2, π/2]}; {@code d/da = 1/(1 + a²)}, 0 at ±Infinity. */
    ATAN("atan", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.atan(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int one = g.constant(1);
            return g.div(one, g.add(one, g.mul(a, a)));
        }
    },

    /**
     * The angle of the point {@code (b, a)}: {@code atan2(a, b)}, in {@code [-π, π]}, with C's signed-zero cases
     * ({@code atan2(0, -0) = π}). {@code d/da = b/(a² + b²)}, {@code d/db = -a/(a² + b²)}, both computed through
     * {@code 1/(a² + b²)} as PyTorch does: NaN at {@code (0, 0)}; at {@code (1, +Infinity)} they are
     * {@code (NaN, -0)}.
     */
    ATAN2("atan2", 2) {
        @Override
        public double value(double a, double b, double c) {
            return Math.atan2(a, b);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int reciprocal = g.div(g.constant(1), g.add(g.mul(a, a), g.mul(b, b)));
            return arg == 0 ? g.mul(b, reciprocal) : g.mul(g.neg(a), reciprocal);
        }
    },

    /** {@code sinh a}; {@code d/da = cosh a}, +Infinity at ±1000. */
    SINH("sinh", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.sinh(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.cosh(a);
        }
    },

    /** {@code cosh a}; {@code d/da = sinh a}, which is -Infinity at -1000. */
    COSH("cosh", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.cosh(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.sinh(a);
        }
    },

    /**
     * {@code √(a² + b²)} without overflow or underflow in between ({@code hypot(1e300, 1e300) = 1.414e300}), and
     * +Infinity if either operand is infinite, even if the other is NaN. {@code d/da = a/hypot},
     * {@code d/db = b/hypot}: NaN at {@code (0, 0)}, as in PyTorch, and NaN for an infinite operand.
     */
    HYPOT("hypot", 2) {
        @Override
        public double value(double a, double b, double c) {
            return Math.hypot(a, b);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.div(arg == 0 ? a : b, out);
        }
    },

    /**
     * The larger of {@code a} and {@code b}, NaN if either is NaN, and +0 for -0 and +0 in either order (PyTorch's
     * is then the first operand). {@code d/da} is 1 where {@code a > b}, 0 where
     * {@code a < b}, and 1/2 at a tie ({@code a == b}, infinities included): the gradient is shared, as in PyTorch's
     * {@code torch.maximum}. Where either operand is NaN both derivatives are 1, again as PyTorch. {@code d/db} is
     * symmetric.
     */
    MAX("max", 2) {
        @Override
        public double value(double a, double b, double c) {
            return Math.max(a, b);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return arg == 0 ? larger(g, a, b) : larger(g, b, a);
        }
    },

    /**
     * The smaller of {@code a} and {@code b}, NaN if either is NaN, and -0 for -0 and +0 in either order (PyTorch's
     * is then the first operand). {@code d/da} is 1 where {@code a < b}, 0 where
     * {@code a > b}, 1/2 at a tie and 1 where either operand is NaN, as PyTorch's {@code torch.minimum};
     * {@code d/db} is symmetric.
     */
    MIN("min", 2) {
        @Override
        public double value(double a, double b, double c) {
            return Math.min(a, b);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return arg == 0 ? larger(g, b, a) : larger(g, a, b);
        }
    },

    /**
     * {@code ln(1 + e^a)}, PyTorch's {@code softplus} with its defaults {@code beta = 1, threshold = 20}: above 20 the
     * value is {@code a} itself and {@code d/da = 1}; elsewhere {@code d/da = sigmoid(a)}, so
     * {@code softplus(-1000) = 0} with derivative 0 and {@code softplus(20) = 20.000000002} with derivative
     * {@code 1 - 2.1e-9}.
     */
    SOFTPLUS("softplus", 1) {
        @Override
        public double value(double a, double b, double c) {
            return a > SOFTPLUS_THRESHOLD ? a : Math.log1p(Math.exp(a));
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.where(g.sub(a, g.constant(SOFTPLUS_THRESHOLD)), g.constant(1), g.sigmoid(a));
        }
    },

    /**
     * {@code ln Σ e^x_i} over any number of operands, one node however many terms, without overflow
     * ({@code logsumexp(1000, 1000) = 1000 + ln 2}); {@code d/dx_i = e^(x_i - logsumexp)}, the softmax. The value of
     * {@code n} terms is computed in one pass, {@code m + log1p(Σ_{i ≠ k} e^(x_i - m))} with {@code m = x_k} the
     * largest term (the first of equals): one {@code exp} per term and one {@code log1p}, and for two terms exactly the
     * two-operand form {@code max(a, b) + log1p(e^-|a - b|)}. As in PyTorch's {@code torch.logsumexp}: all terms
     * -Infinity give -Infinity, a +Infinity term gives +Infinity, a NaN term gives NaN, and the derivatives of the
     * infinite terms are then NaN (those of the finite terms beside a +Infinity are 0).
     */
    LOGSUMEXP("logsumexp", -1) {
        @Override
        public double value(double a, double b, double c) {
            if (a == b) {
                return a + LN_2;
            }
            return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
        }

        @Override
        public double variadicValue(double[] terms, int count) {
            if (count == 1) {
                return terms[0];
            }
            int largest = 0;
            for (int i = 0; i < count; i++) {
                if (Double.isNaN(terms[i])) {
                    return terms[i];
                }
                if (terms[i] > terms[largest]) {
                    largest = i;
                }
            }
            double m = terms[largest];
            if (Double.isInfinite(m)) {
                return m;
            }
            double others = 0;
            for (int i = 0; i < count; i++) {
                if (i != largest) {
                    others += Math.exp(terms[i] - m);
                }
            }
            return m + Math.log1p(others);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.exp(g.sub(a, out));
        }
    },

    /**
     * The real cube root {@code ∛a}, negative for negative {@code a} ({@code cbrt(-8) = -2}); {@code d/da = 1/(3 ∛a²)},
     * +Infinity at 0 and 0 at ±Infinity. Higher derivatives at ±0 are the limits from that zero's side, as
     * {@link #SQRT}'s are: {@code ∞, -∞, ∞, ...} at +0, {@code ∞} at every order at -0.
     */
    CBRT("cbrt", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.cbrt(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            // divided by ∛a twice, not by ∛a²: Taylor mode takes (∛a²)' = 2 ∛a (∛a)' at 0 as 0 · ∞ = 0, and its
            // higher derivatives at ±0 came out 0 where they are infinite
            return g.div(g.div(g.constant(1.0 / 3), out), out);
        }
    },

    /**
     * {@code log₁₀ a}, exact at powers of ten ({@code log10(1000) = 3}); {@code d/da = 1/(a ln 10)}, +Infinity at 0.
     * Below 0 the value is NaN and {@code d/da} is finite, as for {@link #LOG} and in PyTorch.
     */
    LOG10("log10", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.log10(a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.div(g.constant(1 / LN_10), a);
        }
    },

    /**
     * {@code arsinh a = ln(a + √(a² + 1))}, odd and accurate at every magnitude ({@code asinh(1e-20) = 1e-20},
     * {@code asinh(1e300) = 691.46}); {@code d/da = 1/√(1 + a²)}, computed as {@code 1/hypot(1, a)} so it does not
     * overflow: 1e-300 at 1e300 (where PyTorch's {@code a²} overflows to a derivative of 0), 0 at ±Infinity.
     */
    ASINH("asinh", 1) {
        @Override
        public double value(double a, double b, double c) {
            double x = Math.abs(a);
            double magnitude;
            if (x > LARGE) {
                magnitude = Math.log(x) + LN_2;
            } else if (x > 2) {
                magnitude = Math.log(2 * x + 1 / (Math.sqrt(x * x + 1) + x));
            } else {
                magnitude = Math.log1p(x + x * x / (1 + Math.sqrt(1 + x * x)));
            }
            return Math.copySign(magnitude, a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int one = g.constant(1);
            return g.div(one, g.hypot(one, a));
        }
    },

    /**
     * {@code arcosh a = ln(a + √(a² - 1))} for {@code a >= 1}, accurate near 1 and for huge {@code a}; NaN below 1.
     * {@code d/da = 1/(√(a - 1) √(a + 1))}: +Infinity at 1, 1e-300 at 1e300, 0 at +Infinity, NaN below 1 (where
     * PyTorch's {@code 1/√(a² - 1)} is 0 at 1e300, +Infinity at -1 and finite below -1).
     */
    ACOSH("acosh", 1) {
        @Override
        public double value(double a, double b, double c) {
            if (a < 1) {
                // √(2t + t²) below, t = a - 1, is real again from a = -1 down: for large negative a the form near 1
                // would give 0 or ±Infinity
                return Double.NaN;
            }
            if (a > LARGE) {
                return Math.log(a) + LN_2;
            }
            if (a > 2) {
                return Math.log(2 * a - 1 / (a + Math.sqrt(a * a - 1)));
            }
            double t = a - 1;
            return Math.log1p(t + Math.sqrt(2 * t + t * t));
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int one = g.constant(1);
            return g.div(one, g.mul(g.sqrt(g.sub(a, one)), g.sqrt(g.add(a, one))));
        }
    },

    /**
     * {@code artanh a = ½ ln((1 + a)/(1 - a))} for {@code |a| <= 1}, odd, accurate near 0 ({@code atanh(1e-20) =
     * 1e-20}); ±Infinity at ±1, NaN beyond. {@code d/da = 1/((1 - a)(1 + a))}: +Infinity at ±1, negative beyond.
     */
    ATANH("atanh", 1) {
        @Override
        public double value(double a, double b, double c) {
            double x = Math.abs(a);
            double magnitude = x < 0.5
                    ? 0.5 * Math.log1p(2 * x + 2 * x * x / (1 - x))
                    : 0.5 * Math.log1p(2 * x / (1 - x));
            return Math.copySign(magnitude, a);
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            int one = g.constant(1);
            return g.div(one, g.mul(g.sub(one, a), g.add(one, a)));
        }
    };

    /** Above this, {@code a² + 1} is {@code a²} in doubles: {@code asinh} and {@code acosh} are {@code ln 2a}. */
    private static final double LARGE = 0x1p28;

    private static final double LN_10 = Math.log(10);

    /** Above this, {@link #SOFTPLUS} is the identity: PyTorch's default threshold. */
    private static final double SOFTPLUS_THRESHOLD = 20;

    private static final double LN_2 = Math.log(2);

    private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    /**
     * All ones if {@code bits} are those of a double below zero (-Infinity included, -0 and NaN not), else 0: the
     * test {@code a < 0} as integer arithmetic. {@link #RELU} and {@link #WHERE} select with such masks, not with a
     * branch: on the random signs of a Monte Carlo payoff or of a layer's pre-activations a branch is mispredicted
     * about every other time, which cost more than the rest of a path's work, its exponential included.
     */
    private static long belowZero(long bits) {
        return (bits >> 63) & nonzeroNumber(bits);
    }

    /** All ones if {@code bits} are those of a double above zero (+Infinity included), else 0. */
    private static long aboveZero(long bits) {
        return (~bits >> 63) & nonzeroNumber(bits);
    }

    /** All ones if {@code bits} are those of a double that is neither ±0 nor NaN, else 0. */
    private static long nonzeroNumber(long bits) {
        long magnitude = bits & Long.MAX_VALUE;
        return (-magnitude >> 63) & ((magnitude - (INFINITY_BITS + 1)) >> 63);
    }

    /**
     * The derivative of {@code max(x, y)} in {@code x}: 1 where {@code x > y}, 0 where {@code x < y}, 1/2 where they
     * are equal and 1 where either is NaN (PyTorch's choices). {@code >} alone cannot tell a tie from NaN (nor
     * {@code ∞ - ∞} from NaN), so {@code 1 + 0·sign x + 0·sign y}, positive unless an operand is NaN, decides.
     */
    private static int larger(Algebra g, int x, int y) {
        int one = g.constant(1);
        int zero = g.constant(0);
        int ordered = g.add(one, g.add(nanIfNaN(g, zero, x), nanIfNaN(g, zero, y)));
        int tie = g.where(ordered, g.constant(0.5), one);
        return g.where(g.sub(y, x), zero, g.where(g.sub(x, y), one, tie));
    }

    /**
     * {@code 0 · sign(x)}: 0 unless {@code x} is NaN, then NaN, and with derivative 0 everywhere. The only select is
     * {@code >}, under which 0 and NaN look alike; this tells them apart without letting infinities through.
     */
    private static int nanIfNaN(Algebra g, int zero, int x) {
        return g.mul(zero, g.sign(x));
    }

    private final String label;
    private final int arity;

    Op(String label, int arity) {
        this.label = label;
        this.arity = arity;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int arity() {
        return arity;
    }
}
