package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Op;
import dev.jgrad.Rule;
import dev.jgrad.Special;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every tensor operation's gradient against finite differences on generated shapes: broadcasting operands, axes of
 * size 1 and of size 0, every rule of the table {@link Op} and the special functions, reductions over random axes,
 * views, indexing, the matrix product, softmax and the losses. Inputs are kept inside each rule's smooth domain, as
 * in the scalar {@code OpGradientPropertyTest}.
 */
class TensorGradientPropertyTest {

    static final double TOLERANCE = 1e-6;

    @Provide
    static Arbitrary<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op.arity() != -1) {
                rules.add(op);
            }
        }
        rules.add(Special.LOG_GAMMA);
        rules.add(Special.DIGAMMA);
        rules.add(Special.ERF);
        return Arbitraries.of(rules);
    }

    /** A random size: 0 one time in ten, else 1 to 3. */
    static int size(Random random) {
        return random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
    }

    /** A random shape of rank 0 to {@code maxRank}. */
    static int[] shape(Random random, int maxRank) {
        int[] s = new int[random.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = size(random);
        }
        return s;
    }

    /** Shapes of {@code count} operands that broadcast: some sizes of a common shape set to 1, leading axes dropped. */
    static int[][] broadcasting(Random random, int count) {
        int[] base = shape(random, 3);
        int[][] shapes = new int[count][];
        for (int k = 0; k < count; k++) {
            int[] s = Arrays.copyOfRange(base, random.nextInt(base.length + 1), base.length);
            for (int i = 0; i < s.length; i++) {
                if (random.nextInt(3) == 0) {
                    s[i] = 1;
                }
            }
            shapes[k] = s;
        }
        return shapes;
    }

    /** Moves values in [-2, 2) into the part of the domain where operand {@code arg} of {@code rule} is smooth. */
    static Tensor domain(Rule rule, int arg, Tensor raw) {
        double[] v = raw.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = domain(rule, arg, v[i]);
        }
        return Tensor.of(v, raw.shape());
    }

    private static double domain(Rule rule, int arg, double x) {
        double positive = 0.05 + Math.abs(x) * 1.5;
        double awayFromZero = x + Math.copySign(0.05, x);
        if (rule == Op.ACOSH) {
            return 1 + positive;
        }
        if (rule == Op.ATANH) {
            return x * 0.45;
        }
        if (rule == Op.LOG || rule == Op.SQRT || rule == Op.LOG10 || rule == Special.LOG_GAMMA || rule == Special.DIGAMMA
                || rule == Op.POW && arg == 0) {
            return positive;
        }
        if (rule == Op.LOG1P) {
            return positive - 0.5;
        }
        if (rule == Op.ASIN || rule == Op.ACOS) {
            return x * 0.45;
        }
        if (rule == Op.TAN) {
            return x * 0.6;
        }
        if (rule == Op.ATAN2 && arg == 1 || rule == Op.HYPOT && arg == 1) {
            return awayFromZero;
        }
        if (rule == Op.RELU || rule == Op.ABS || rule == Op.SIGN || rule == Op.CBRT || rule == Op.WHERE && arg == 0
                || rule == Op.DIV && arg == 1) {
            return awayFromZero;
        }
        return x;
    }

    @Property(tries = 300)
    void everyRuleWithBroadcasting(@ForAll("rules") Rule rule, @ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int[][] shapes = broadcasting(random, rule.arity());
        Tensor[] x = new Tensor[rule.arity()];
        for (int i = 0; i < x.length; i++) {
            x[i] = domain(rule, i, TensorCheck.random(random, shapes[i]));
        }
        TensorCheck.gradient(v -> v[0].apply(rule, Arrays.copyOfRange(v, 1, v.length)), TOLERANCE, x);
    }

    @Property(tries = 100)
    void methodsAndScalarOperands(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int[][] shapes = broadcasting(random, 2);
        Tensor a = TensorCheck.random(random, shapes[0]);
        Tensor b = domain(Op.DIV, 1, TensorCheck.random(random, shapes[1]));
        Tensor p = domain(Op.LOG, 0, a);
        TensorCheck.gradient(v -> v[0].add(v[1]).mul(v[0]).sub(v[1].div(3)).add(2).sub(0.5).mul(1.5), TOLERANCE, a, b);
        TensorCheck.gradient(v -> v[0].div(v[1]).neg().add(v[0].div(2)), TOLERANCE, a, b);
        TensorCheck.gradient(v -> v[0].pow(v[1]).add(v[0].pow(2.5)), TOLERANCE, p, b);
        TensorCheck.gradient(v -> v[0].exp().add(v[0].tanh()).add(v[0].sigmoid()).add(v[0].sin()).add(v[0].cos()),
                TOLERANCE, a);
        TensorCheck.gradient(v -> v[0].log().add(v[0].sqrt()).add(v[0].log1p()).add(v[0].lgamma())
                .add(v[0].digamma()), TOLERANCE, p);
        Tensor away = domain(Op.ABS, 0, a);
        TensorCheck.gradient(v -> v[0].relu().add(v[0].abs()).add(v[0].sign().mul(v[0])), TOLERANCE, away);
        TensorCheck.gradient(v -> Tensor.where(v[0], v[1].mul(v[1]), v[0].exp()), TOLERANCE, away, b);
    }

    @Property(tries = 100)
    void clampAwayFromItsBounds(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        double[] v = TensorCheck.random(random, shape(random, 3)).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i] - 0.5) < 0.02 || Math.abs(v[i] + 1) < 0.02 ? 0 : v[i];
        }
        int[] shape = random.nextBoolean() ? new int[] {v.length} : new int[] {1, v.length};
        TensorCheck.gradient(x -> x[0].clamp(-1, 0.5), TOLERANCE, Tensor.of(v, shape));
    }

    /** Random distinct axes (possibly none, which means all) of a tensor of rank {@code rank}. */
    static int[] axes(Random random, int rank) {
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (random.nextBoolean()) {
                axes.add(random.nextBoolean() ? i : i - rank);
            }
        }
        java.util.Collections.shuffle(axes, random);
        return axes.stream().mapToInt(Integer::intValue).toArray();
    }

    @Property(tries = 200)
    void reductions(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        Tensor x = TensorCheck.random(random, shape(random, 4));
        int[] axes = axes(random, x.dim());
        boolean keepdim = random.nextBoolean();
        TensorCheck.gradient(v -> v[0].sum(axes, keepdim), TOLERANCE, x);
        TensorCheck.gradient(v -> v[0].sum(axes), TOLERANCE, x);
        boolean empty = x.numel() == 0;
        if (!empty) {
            TensorCheck.gradient(v -> v[0].mean(axes, keepdim), TOLERANCE, x);
            TensorCheck.gradient(v -> v[0].max(axes, keepdim).mul(v[0].min(axes, keepdim)), TOLERANCE, x);
        }
    }

    @Property(tries = 200)
    void viewsAndCopies(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int[] s = shape(random, 4);
        Tensor x = TensorCheck.random(random, s);
        int rank = s.length;
        Tensor w = TensorCheck.random(random, Tensor.zeros(s).numel());
        TensorCheck.gradient(v -> v[0].reshape(-1).mul(v[1]), TOLERANCE, x, w);
        if (rank == 0) {
            return;
        }
        int[] perm = permutation(random, rank);
        int a = random.nextInt(rank);
        int b = random.nextInt(rank);
        TensorCheck.gradient(v -> v[0].permute(perm).mul(v[0].permute(perm).sin()), TOLERANCE, x);
        TensorCheck.gradient(v -> v[0].transpose(a, b).reshape(-1), TOLERANCE, x);
        TensorCheck.gradient(v -> v[0].transpose(a, b).exp().transpose(a, b).mul(v[0]), TOLERANCE, x);
        int n = s[a];
        int start = n == 0 ? 0 : random.nextInt(n) - (random.nextBoolean() ? n : 0);
        int stop = random.nextInt(n + 2) - 1;
        int step = 1 + random.nextInt(2);
        TensorCheck.gradient(v -> v[0].slice(a, start, stop, step).tanh(), TOLERANCE, x);
        if (n > 0) {
            int index = random.nextInt(n);
            TensorCheck.gradient(v -> v[0].select(a, index).mul(v[0].select(a, -1 - index)), TOLERANCE, x);
        }
        TensorCheck.gradient(v -> v[0].unsqueeze(a).expand(expanded(v[0].unsqueeze(a).shape(), a)).sin(), TOLERANCE,
                x);
        TensorCheck.gradient(v -> Tensor.concat(List.of(v[0], v[0].exp(), v[0].slice(a, 0, 1, 1)), a), TOLERANCE, x);
        int stackAxis = random.nextInt(rank + 1);
        TensorCheck.gradient(v -> Tensor.stack(List.of(v[0], v[0].mul(v[0])), stackAxis), TOLERANCE, x);
        TensorCheck.gradient(v -> v[0].to(DType.FLOAT64).contiguous().mul(v[0].permute(perm).contiguous()
                .permute(inverse(perm))), TOLERANCE, x);
    }

    private static int[] expanded(int[] shape, int axis) {
        int[] s = shape.clone();
        s[axis] = 3;
        return s;
    }

    static int[] permutation(Random random, int rank) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            p.add(i);
        }
        java.util.Collections.shuffle(p, random);
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    @Property(tries = 200)
    void indexing(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int[] s = shape(random, 3);
        if (s.length == 0) {
            s = new int[] {2};
        }
        int a = random.nextInt(s.length);
        s[a] = Math.max(s[a], 1);
        Tensor x = TensorCheck.random(random, s);
        int[] indexShape = s.clone();
        indexShape[a] = random.nextInt(4);
        int[] index = new int[Tensor.zeros(indexShape).numel()];
        for (int i = 0; i < index.length; i++) {
            index[i] = random.nextInt(s[a]);
        }
        int[] picks = Arrays.copyOf(index, Math.min(index.length, 4));
        int[] shape = s;
        TensorCheck.gradient(v -> v[0].gather(a, index, indexShape).exp(), TOLERANCE, x);
        TensorCheck.gradient(v -> v[0].indexSelect(a - shape.length, picks).sin(), TOLERANCE, x);
    }

    @Property(tries = 200)
    void matrixProducts(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int m = size(random);
        int k = size(random);
        int n = size(random);
        int[][] batch = broadcasting(random, 2);
        int[] left = random.nextInt(5) == 0 ? new int[] {k} : concat(batch[0], m, k);
        int[] right = random.nextInt(5) == 0 ? new int[] {k} : concat(batch[1], k, n);
        Tensor a = TensorCheck.random(random, left);
        Tensor b = TensorCheck.random(random, right);
        TensorCheck.gradient(v -> v[0].matmul(v[1]), TOLERANCE, a, b);
        if (left.length >= 2 && right.length >= 2) {
            TensorCheck.gradient(v -> v[1].transpose(-1, -2).matmul(v[0].transpose(-1, -2)), TOLERANCE, a, b);
        }
    }

    static int[] concat(int[] batch, int rows, int columns) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = columns;
        return s;
    }

    @Property(tries = 150)
    void softmaxAndLosses(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int rows = 1 + random.nextInt(4);
        int classes = 1 + random.nextInt(4);
        Tensor logits = TensorCheck.random(random, rows, classes).mul(3);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
        }
        int axis = random.nextBoolean() ? 1 : -2;
        TensorCheck.gradient(v -> v[0].softmax(axis), TOLERANCE, logits);
        TensorCheck.gradient(v -> v[0].logSoftmax(axis), TOLERANCE, logits);
        boolean keepdim = random.nextBoolean();
        TensorCheck.gradient(v -> v[0].logsumexp(axis, keepdim), TOLERANCE, logits);
        TensorCheck.gradient(v -> v[0].crossEntropy(labels), TOLERANCE, logits);
    }

    /**
     * float32 computes what float64 computes, to float32's precision: a small network with broadcasting, a product,
     * a reduction, slicing and a loss, its value and gradients within 1e-5 of the largest magnitude.
     */
    @Property(tries = 100)
    void float32FollowsFloat64(@ForAll @IntRange(min = 0, max = 1 << 20) int seed) {
        Random random = new Random(seed);
        int rows = 1 + random.nextInt(4);
        int inner = 1 + random.nextInt(4);
        int classes = 2 + random.nextInt(3);
        Tensor x = TensorCheck.random(random, rows, inner);
        Tensor w = TensorCheck.random(random, inner, classes);
        Tensor b = TensorCheck.random(random, classes);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
        }
        double[][] results = new double[2][];
        for (DType dtype : DType.values()) {
            Tensor[] p = {x.to(dtype).detach().requiresGrad(true), w.to(dtype).detach().requiresGrad(true),
                b.to(dtype).detach().requiresGrad(true)};
            Tensor h = p[0].matmul(p[1]).add(p[2]).sigmoid();
            Tensor loss = h.crossEntropy(labels).add(h.slice(1, 0, classes, 2).max(1).mean()).add(p[1].pow(2).sum());
            loss.backward();
            assertEquals(dtype, loss.dtype());
            double[] all = new double[1 + x.numel() + w.numel() + b.numel()];
            all[0] = loss.item();
            int at = 1;
            for (Tensor t : p) {
                assertEquals(dtype, t.grad().dtype());
                double[] g = t.grad().toDoubleArray();
                System.arraycopy(g, 0, all, at, g.length);
                at += g.length;
            }
            results[dtype.ordinal()] = all;
        }
        double scale = Arrays.stream(results[0]).map(Math::abs).max().orElse(1);
        assertArrayEquals(results[0], results[1], 1e-5 * Math.max(1, scale));
    }
}
