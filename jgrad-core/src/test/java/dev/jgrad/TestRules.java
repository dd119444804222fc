package dev.jgrad;

/** User-defined rules of every arity, for the tests of the engines that run rules they were not built with. */
public final class TestRules {

    private TestRules() {
    }

    /** A user rule of arity 1: softplus ln(1 + e^a), derivative sigmoid(a). */
    public static final Rule SOFTPLUS = new TestRule("softplus", 1) {
        @Override
        public double value(double a, double b, double c) {
            return Math.log1p(Math.exp(a));
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return g.apply(Op.SIGMOID, a, Algebra.NONE, Algebra.NONE);
        }
    };

    /** A user rule of arity 2: a^2 + a b, partials 2a + b and a. */
    public static final Rule SQUARE_PLUS = new TestRule("sqplus", 2) {
        @Override
        public double value(double a, double b, double c) {
            return a * a + a * b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return arg == 0 ? g.add(g.mul(g.constant(2), a), b) : a;
        }
    };

    /** A user rule of arity 3: fused a b + c, partials b, a, 1. */
    public static final Rule FMA = new TestRule("fma", 3) {
        @Override
        public double value(double a, double b, double c) {
            return a * b + c;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            return arg == 0 ? b : arg == 1 ? a : g.constant(1);
        }
    };

    /**
     * A variadic user rule: the product of the terms. Its partial with respect to a term is the product of the other
     * terms, exact where a term is 0 (where {@code out / term} would be {@code 0/0}); it needs every term, so it is
     * written as {@link Rule#termPartial}, and {@link Rule#partial}, which no engine calls for a variadic rule,
     * throws.
     */
    public static final Rule PRODUCT = new TestRule("prod", -1) {
        @Override
        public double value(double a, double b, double c) {
            return a * b;
        }

        @Override
        public int partial(Algebra g, int arg, int a, int b, int c, int out) {
            throw new UnsupportedOperationException("a variadic rule's partials come from termPartial");
        }

        @Override
        public int termPartial(Algebra g, int arg, int[] terms, int out) {
            int product = Algebra.NONE;
            for (int i = 0; i < terms.length; i++) {
                if (i != arg) {
                    product = product == Algebra.NONE ? terms[i] : g.mul(product, terms[i]);
                }
            }
            return product == Algebra.NONE ? g.constant(1) : product;
        }
    };

    /** A user rule with a label and arity; subclasses give its value and partial derivative. */
    public abstract static class TestRule implements Rule {
        private final String label;
        private final int arity;

        public TestRule(String label, int arity) {
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
}
