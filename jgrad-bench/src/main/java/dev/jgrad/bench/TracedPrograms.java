package dev.jgrad.bench;

import dev.jgrad.Algebra;
import java.util.Arrays;
import java.util.Random;

/**
 * The programs of the tape-at-scale benchmarks, each written twice: traced over an {@link Algebra} (what
 * {@code Tape.trace} records, one scalar instruction at a time) and as the plain Java function it computes. Their data
 * (a mini-batch, the points of a mixture) are inputs of the tape placed after the parameters.
 */
public final class TracedPrograms {

    private TracedPrograms() {
    }

    /** A program in both forms, with its input point. */
    public interface Program {
        /** @return the number of inputs (parameters, then data) */
        int inputs();

        /** @return a point to record and replay at */
        double[] point();

        /**
         * @param g the algebra to build in
         * @param x the input handles
         * @return the output handle
         */
        int trace(Algebra g, int[] x);

        /**
         * @param x the inputs
         * @return the function's value, computed in plain Java doubles in the same order as {@link #trace}
         */
        double plain(double[] x);

        /**
         * @return how many of the last inputs are data (a mini-batch): recorded as the tape's data inputs, bound
         *         before replaying, with no adjoint; 0 by default
         */
        default int dataInputs() {
            return 0;
        }
    }

    /**
     * One loss of a multi-layer perceptron {@code in-hidden-out} with ReLU on the hidden layer, over a batch of
     * {@code batch} examples with fixed labels: the mean softmax cross-entropy. Inputs: the first layer's weights
     * (row-major, {@code hidden x in}) and biases, the second layer's weights and biases, then the batch's features.
     */
    public static final class Mlp implements Program {
        final int in;
        final int hidden;
        final int out;
        final int batch;
        final int[] labels;
        private final boolean batchAsData;

        /**
         * @param in     input width
         * @param hidden hidden width
         * @param out    number of classes
         * @param batch  examples per batch
         */
        public Mlp(int in, int hidden, int out, int batch) {
            this(in, hidden, out, batch, false);
        }

        /**
         * @param in          input width
         * @param hidden      hidden width
         * @param out         number of classes
         * @param batch       examples per batch
         * @param batchAsData whether the batch's features are data inputs (as a training loop records them) rather
         *                    than differentiable inputs
         */
        public Mlp(int in, int hidden, int out, int batch, boolean batchAsData) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            this.batch = batch;
            this.batchAsData = batchAsData;
            this.labels = new int[batch];
            Random random = new Random(7);
            for (int b = 0; b < batch; b++) {
                labels[b] = random.nextInt(out);
            }
        }

        private int w1() {
            return 0;
        }

        private int b1() {
            return hidden * in;
        }

        private int w2() {
            return b1() + hidden;
        }

        private int b2() {
            return w2() + out * hidden;
        }

        private int data() {
            return b2() + out;
        }

        @Override
        public int inputs() {
            return data() + batch * in;
        }

        @Override
        public int dataInputs() {
            return batchAsData ? batch * in : 0;
        }

        @Override
        public double[] point() {
            Random random = new Random(11);
            double[] x = new double[inputs()];
            for (int i = 0; i < data(); i++) {
                x[i] = random.nextGaussian() * 0.05;
            }
            for (int i = data(); i < x.length; i++) {
                x[i] = random.nextDouble();
            }
            return x;
        }

        @Override
        public int trace(Algebra g, int[] x) {
            int loss = g.constant(0);
            int[] h = new int[hidden];
            int[] logits = new int[out];
            for (int b = 0; b < batch; b++) {
                int row = data() + b * in;
                for (int j = 0; j < hidden; j++) {
                    int acc = x[b1() + j];
                    for (int i = 0; i < in; i++) {
                        acc = g.add(acc, g.mul(x[w1() + j * in + i], x[row + i]));
                    }
                    h[j] = g.relu(acc);
                }
                for (int k = 0; k < out; k++) {
                    int acc = x[b2() + k];
                    for (int j = 0; j < hidden; j++) {
                        acc = g.add(acc, g.mul(x[w2() + k * hidden + j], h[j]));
                    }
                    logits[k] = acc;
                }
                loss = g.add(loss, g.sub(g.logsumexp(logits), logits[labels[b]]));
            }
            return g.div(loss, (double) batch);
        }

        @Override
        public double plain(double[] x) {
            double loss = 0;
            double[] h = new double[hidden];
            double[] logits = new double[out];
            for (int b = 0; b < batch; b++) {
                int row = data() + b * in;
                for (int j = 0; j < hidden; j++) {
                    double acc = x[b1() + j];
                    for (int i = 0; i < in; i++) {
                        acc += x[w1() + j * in + i] * x[row + i];
                    }
                    h[j] = Math.max(acc, 0);
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < out; k++) {
                    double acc = x[b2() + k];
                    for (int j = 0; j < hidden; j++) {
                        acc += x[w2() + k * hidden + j] * h[j];
                    }
                    logits[k] = acc;
                    max = Math.max(max, acc);
                }
                double sum = 0;
                for (int k = 0; k < out; k++) {
                    sum += Math.exp(logits[k] - max);
                }
                loss += max + Math.log(sum) - logits[labels[b]];
            }
            return loss / batch;
        }
    }

    /**
     * The log-likelihood of {@code n} points under a mixture of {@code k} Gaussians in {@code d} dimensions with
     * diagonal covariances: {@code sum_n logsumexp_k (a_k + sum_d s_kd - 1/2 sum_d ((x_nd - mu_kd) e^{s_kd})^2)},
     * where {@code a} are unnormalized log weights and {@code s} log precisions (the constant {@code -d/2 log 2 pi}
     * and the weights' normalizer left out). Inputs: {@code a}, {@code mu} ({@code k x d}), {@code s}, then the
     * points ({@code n x d}).
     */
    public static final class Mixture implements Program {
        final int d;
        final int k;
        final int n;
        private final boolean pointsAsData;

        /**
         * @param d dimensions
         * @param k components
         * @param n points
         */
        public Mixture(int d, int k, int n) {
            this(d, k, n, false);
        }

        /**
         * @param d            dimensions
         * @param k            components
         * @param n            points
         * @param pointsAsData whether the points are data inputs (as a fit records them) rather than differentiable
         *                     inputs
         */
        public Mixture(int d, int k, int n, boolean pointsAsData) {
            this.d = d;
            this.k = k;
            this.n = n;
            this.pointsAsData = pointsAsData;
        }

        @Override
        public int dataInputs() {
            return pointsAsData ? n * d : 0;
        }

        private int mu() {
            return k;
        }

        private int s() {
            return k + k * d;
        }

        private int data() {
            return k + 2 * k * d;
        }

        @Override
        public int inputs() {
            return data() + n * d;
        }

        @Override
        public double[] point() {
            Random random = new Random(13);
            double[] x = new double[inputs()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i < s() ? random.nextGaussian() : i < data() ? 0.1 * random.nextGaussian() : random.nextGaussian();
            }
            return x;
        }

        @Override
        public int trace(Algebra g, int[] x) {
            int[] precision = new int[k * d];
            int[] bias = new int[k];
            for (int c = 0; c < k; c++) {
                int sum = x[c];
                for (int e = 0; e < d; e++) {
                    precision[c * d + e] = g.exp(x[s() + c * d + e]);
                    sum = g.add(sum, x[s() + c * d + e]);
                }
                bias[c] = sum;
            }
            int total = g.constant(0);
            int[] terms = new int[k];
            for (int p = 0; p < n; p++) {
                for (int c = 0; c < k; c++) {
                    int q = g.constant(0);
                    for (int e = 0; e < d; e++) {
                        int z = g.mul(g.sub(x[data() + p * d + e], x[mu() + c * d + e]), precision[c * d + e]);
                        q = g.add(q, g.mul(z, z));
                    }
                    terms[c] = g.sub(bias[c], g.mul(q, 0.5));
                }
                total = g.add(total, g.logsumexp(terms));
            }
            return total;
        }

        @Override
        public double plain(double[] x) {
            double[] precision = new double[k * d];
            double[] bias = new double[k];
            for (int c = 0; c < k; c++) {
                double sum = x[c];
                for (int e = 0; e < d; e++) {
                    precision[c * d + e] = Math.exp(x[s() + c * d + e]);
                    sum += x[s() + c * d + e];
                }
                bias[c] = sum;
            }
            double total = 0;
            double[] terms = new double[k];
            for (int p = 0; p < n; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double q = 0;
                    for (int e = 0; e < d; e++) {
                        double z = (x[data() + p * d + e] - x[mu() + c * d + e]) * precision[c * d + e];
                        q += z * z;
                    }
                    terms[c] = bias[c] - q * 0.5;
                    max = Math.max(max, terms[c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(terms[c] - max);
                }
                total += max + Math.log(sum);
            }
            return total;
        }
    }

    /** {@code inputs} numbers drawn uniformly from [-0.5, 0.5) with {@code seed}. */
    private static double[] uniformPoint(int inputs, long seed) {
        Random random = new Random(seed);
        double[] x = new double[inputs];
        for (int i = 0; i < inputs; i++) {
            x[i] = random.nextDouble() - 0.5;
        }
        return x;
    }

    /**
     * A program without loops: {@code length} operations, each a random one of {@code + - * sin exp} on operands
     * drawn at random from the inputs and the results so far (a fixed seed, so the same program every time).
     */
    public static final class RandomProgram implements Program {
        final int inputs;
        final int length;

        /**
         * @param inputs number of inputs
         * @param length number of operations
         */
        public RandomProgram(int inputs, int length) {
            this.inputs = inputs;
            this.length = length;
        }

        @Override
        public int inputs() {
            return inputs;
        }

        @Override
        public double[] point() {
            return uniformPoint(inputs, 17);
        }

        @Override
        public int trace(Algebra g, int[] x) {
            Random random = new Random(19);
            int[] results = new int[inputs + length];
            System.arraycopy(x, 0, results, 0, inputs);
            for (int i = 0; i < length; i++) {
                int count = inputs + i;
                int a = results[count - 1 - random.nextInt(Math.min(count, 64))];
                int b = results[random.nextInt(count)];
                int op = random.nextInt(5);
                results[count] = op == 0 ? g.add(a, b) : op == 1 ? g.sub(a, b) : op == 2 ? g.mul(a, g.sin(b))
                        : op == 3 ? g.sin(a) : g.mul(g.cos(a), b);
            }
            return results[inputs + length - 1];
        }

        @Override
        public double plain(double[] x) {
            Random random = new Random(19);
            double[] results = new double[inputs + length];
            System.arraycopy(x, 0, results, 0, inputs);
            for (int i = 0; i < length; i++) {
                int count = inputs + i;
                double a = results[count - 1 - random.nextInt(Math.min(count, 64))];
                double b = results[random.nextInt(count)];
                int op = random.nextInt(5);
                results[count] = op == 0 ? a + b : op == 1 ? a - b : op == 2 ? a * Math.sin(b)
                        : op == 3 ? Math.sin(a) : Math.cos(a) * b;
            }
            return results[inputs + length - 1];
        }
    }

    /**
     * A program without loops drawn once from a seed and kept as a script, so that tracing it costs no random draws:
     * {@code length} operations, each on operands either among the latest 16 results ({@link Kind#LOCAL}, which keeps
     * a recording's working set in cache) or anywhere among the inputs and results ({@link Kind#GLOBAL}), and either
     * a mix of {@code a + b}, {@code a - b}, {@code a * b}, {@code a / (b * b + 1)}, {@code tanh a} and
     * {@code exp(-0.1 a) * b} or ({@link Kind#UNARY}, operands local) chains of {@code tanh a}, {@code exp(0.01 a)},
     * {@code sin a} and {@code sqrt(a * a)}.
     */
    public static final class ScriptedRandomProgram implements Program {
        /** Where the operands come from, and which operations. */
        public enum Kind { LOCAL, GLOBAL, UNARY }

        private static final int RECENT = 16;
        private final int inputs;
        private final boolean unary;
        /** Per operation: which of the mix it is, then its operands' indices among the inputs and results. */
        private final byte[] operations;
        private final int[] first;
        private final int[] second;

        /**
         * @param inputs number of inputs
         * @param length number of operations
         * @param kind   where operands come from and which operations
         */
        public ScriptedRandomProgram(int inputs, int length, Kind kind) {
            this.inputs = inputs;
            unary = kind == Kind.UNARY;
            operations = new byte[length];
            first = new int[length];
            second = new int[length];
            Random random = new Random(23 + kind.ordinal());
            for (int i = 0; i < length; i++) {
                int count = inputs + i;
                first[i] = operand(random, count, kind);
                second[i] = operand(random, count, kind);
                operations[i] = (byte) random.nextInt(unary ? 4 : 6);
            }
        }

        private static int operand(Random random, int count, Kind kind) {
            return kind == Kind.GLOBAL ? random.nextInt(count) : count - 1 - random.nextInt(Math.min(count, RECENT));
        }

        @Override
        public int inputs() {
            return inputs;
        }

        @Override
        public double[] point() {
            return uniformPoint(inputs, 29);
        }

        @Override
        public int trace(Algebra g, int[] x) {
            int[] results = Arrays.copyOf(x, inputs + operations.length);
            for (int i = 0; i < operations.length; i++) {
                int a = results[first[i]];
                int b = results[second[i]];
                results[inputs + i] = unary ? traceUnary(g, operations[i], a) : traceMixed(g, operations[i], a, b);
            }
            return results[results.length - 1];
        }

        private static int traceMixed(Algebra g, int operation, int a, int b) {
            switch (operation) {
                case 0: return g.add(a, b);
                case 1: return g.sub(a, b);
                case 2: return g.mul(a, b);
                case 3: return g.div(a, g.add(g.mul(b, b), 1.0));
                case 4: return g.tanh(a);
                default: return g.mul(g.exp(g.mul(a, -0.1)), b);
            }
        }

        private static int traceUnary(Algebra g, int operation, int a) {
            switch (operation) {
                case 0: return g.tanh(a);
                case 1: return g.exp(g.mul(a, 0.01));
                case 2: return g.sin(a);
                default: return g.sqrt(g.mul(a, a));
            }
        }

        @Override
        public double plain(double[] x) {
            double[] results = Arrays.copyOf(x, inputs + operations.length);
            for (int i = 0; i < operations.length; i++) {
                double a = results[first[i]];
                double b = results[second[i]];
                results[inputs + i] = unary ? plainUnary(operations[i], a) : plainMixed(operations[i], a, b);
            }
            return results[results.length - 1];
        }

        private static double plainMixed(int operation, double a, double b) {
            switch (operation) {
                case 0: return a + b;
                case 1: return a - b;
                case 2: return a * b;
                case 3: return a / (b * b + 1);
                case 4: return Math.tanh(a);
                default: return Math.exp(a * -0.1) * b;
            }
        }

        private static double plainUnary(int operation, double a) {
            switch (operation) {
                case 0: return Math.tanh(a);
                case 1: return Math.exp(a * 0.01);
                case 2: return Math.sin(a);
                default: return Math.sqrt(a * a);
            }
        }
    }

    /**
     * Triangular products: {@code sum_i prod_{j <= i} x_j} written as a loop of loops of growing length, whose
     * bodies repeat in shape but whose slots follow no fixed stride from one row to the next.
     */
    public static final class Triangle implements Program {
        final int n;

        /** @param n number of inputs */
        public Triangle(int n) {
            this.n = n;
        }

        @Override
        public int inputs() {
            return n;
        }

        @Override
        public double[] point() {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 1 + 1e-4 * (i % 13);
            }
            return x;
        }

        @Override
        public int trace(Algebra g, int[] x) {
            int total = g.constant(0);
            for (int i = 0; i < n; i++) {
                int product = x[0];
                for (int j = 1; j <= i; j++) {
                    product = g.mul(product, x[j]);
                }
                total = g.add(total, product);
            }
            return total;
        }

        @Override
        public double plain(double[] x) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double product = x[0];
                for (int j = 1; j <= i; j++) {
                    product *= x[j];
                }
                total += product;
            }
            return total;
        }
    }

    /**
     * A traced product of two {@code n x n} matrices, each entry put through {@code tanh} and summed:
     * {@code sum_ij tanh(sum_k A_ik B_kj)}. Inputs: {@code A}, then {@code B}, both row-major. Each entry is a dot
     * product of {@code 2n} instructions, a loop from 65 terms on; below that, a row of entries is the loop (its
     * kernel fits the JIT's limit up to 64 entries).
     */
    public static final class MatrixProduct implements Program {
        final int n;

        /** @param n the matrices' order */
        public MatrixProduct(int n) {
            this.n = n;
        }

        @Override
        public int inputs() {
            return 2 * n * n;
        }

        @Override
        public double[] point() {
            return uniformPoint(inputs(), 23);
        }

        @Override
        public int trace(Algebra g, int[] x) {
            int total = g.constant(0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int entry = g.constant(0);
                    for (int k = 0; k < n; k++) {
                        entry = g.add(entry, g.mul(x[i * n + k], x[n * n + k * n + j]));
                    }
                    total = g.add(total, g.tanh(entry));
                }
            }
            return total;
        }

        @Override
        public double plain(double[] x) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double entry = 0;
                    for (int k = 0; k < n; k++) {
                        entry += x[i * n + k] * x[n * n + k * n + j];
                    }
                    total += Math.tanh(entry);
                }
            }
            return total;
        }
    }

    /**
     * A window of {@code taps} slid over a signal, each output squared and summed:
     * {@code sum_i (sum_j x[i + j] k[j])^2} over {@code outputs} positions. Inputs: the signal
     * ({@code outputs + taps - 1} values), then the taps.
     */
    public static final class Convolution implements Program {
        final int outputs;
        final int taps;

        /**
         * @param outputs the number of outputs
         * @param taps    the window's width
         */
        public Convolution(int outputs, int taps) {
            this.outputs = outputs;
            this.taps = taps;
        }

        private int signal() {
            return outputs + taps - 1;
        }

        @Override
        public int inputs() {
            return signal() + taps;
        }

        @Override
        public double[] point() {
            return uniformPoint(inputs(), 31);
        }

        @Override
        public int trace(Algebra g, int[] x) {
            int total = g.constant(0);
            for (int i = 0; i < outputs; i++) {
                int acc = g.mul(x[i], x[signal()]);
                for (int j = 1; j < taps; j++) {
                    acc = g.add(acc, g.mul(x[i + j], x[signal() + j]));
                }
                total = g.add(total, g.mul(acc, acc));
            }
            return total;
        }

        @Override
        public double plain(double[] x) {
            double total = 0;
            for (int i = 0; i < outputs; i++) {
                double acc = x[i] * x[signal()];
                for (int j = 1; j < taps; j++) {
                    acc += x[i + j] * x[signal() + j];
                }
                total += acc * acc;
            }
            return total;
        }
    }

    /** The extended Rosenbrock function of {@code n} variables ({@link dev.jgrad.internal.Rosenbrock}). */
    public static final class Rosenbrock implements Program {
        final int n;

        /** @param n number of variables */
        public Rosenbrock(int n) {
            this.n = n;
        }

        @Override
        public int inputs() {
            return n;
        }

        @Override
        public double[] point() {
            return dev.jgrad.internal.Rosenbrock.start(n);
        }

        @Override
        public int trace(Algebra g, int[] x) {
            return dev.jgrad.internal.Rosenbrock.trace(g, x);
        }

        @Override
        public double plain(double[] x) {
            return dev.jgrad.internal.Rosenbrock.primal(x);
        }
    }
}
