package dev.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Op;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The tensor API: creation and reading back, views, printing, the gradient life cycle, dtypes and errors. */
class TensorApiTest {

    @Test
    void createsFromJavaArraysAndReadsBack() {
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new int[] {2, 3}, m.shape());
        assertEquals(2, m.dim());
        assertEquals(6, m.numel());
        assertEquals(3, m.size(-1));
        assertEquals(DType.FLOAT64, m.dtype());
        assertEquals(6, m.get(1, 2));
        assertEquals(4, m.get(-1, 0));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.toDoubleArray());
        Tensor f = Tensor.of(new float[] {0.1f, 2}, 2, 1);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {0.1f, 2}, f.toFloatArray());
        assertEquals(2.5, Tensor.scalar(2.5).item());
        assertEquals(0, Tensor.scalar(2.5).dim());
        assertEquals(7, Tensor.of(new double[] {7}, 1, 1, 1).item());
        assertArrayEquals(new double[] {3, 3}, Tensor.full(3, DType.FLOAT32, 2).toDoubleArray());
        assertEquals(0, Tensor.zeros(2, 0, 3).numel());
        double[] source = {1, 2};
        Tensor copy = Tensor.of(source);
        source[0] = 99;
        assertEquals(1, copy.get(0), "the array is copied");
    }

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        Tensor x = Tensor.of(new double[24], 2, 3, 4);
        for (Tensor view : List.of(x.transpose(0, 2), x.permute(2, 0, 1), x.slice(1, 0, 3, 2), x.select(0, 1),
                x.reshape(6, 4), x.reshape(4, -1), x.unsqueeze(0), x.select(2, 0).expand(5, 2, 3),
                x.transpose(1, 2).reshape(2, 4, 3).select(1, 0), x.slice(2, 1, 2, 1).reshape(6))) {
            assertSame(x.d, view.d, () -> "shape " + java.util.Arrays.toString(view.shape()));
        }
        Tensor transposed = x.transpose(1, 2);
        assertNotSame(x.d, transposed.reshape(24).d, "a transposed tensor is copied to flatten it");
        assertNotSame(x.d, transposed.contiguous().d);
        assertSame(x, x.contiguous());
        assertSame(x, x.to(DType.FLOAT64));
        Tensor values = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, values.transpose(0, 1).toDoubleArray());
        assertArrayEquals(new double[] {1, 4}, values.slice(1, 1, -1, 5).toDoubleArray());
        assertArrayEquals(new double[] {0, 2, 3, 5}, values.slice(-1, 0, 99, 2).toDoubleArray());
        assertArrayEquals(new double[] {3, 4, 5}, values.select(0, -1).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2}, values.select(0, 0).expand(2, 3).toDoubleArray());
        assertArrayEquals(new double[] {2, 0}, values.indexSelect(1, 2, 0).select(0, 0).toDoubleArray());
        assertEquals(0, values.slice(0, 2, 1, 1).numel());
        // steps near Integer.MAX_VALUE take the first element, as x[0:5:2**31-1] in PyTorch (the count overflowed)
        Tensor five = Tensor.of(1, 2, 3, 4, 5);
        assertArrayEquals(new double[] {1}, five.slice(0, 0, 5, Integer.MAX_VALUE).toDoubleArray());
        assertArrayEquals(new double[] {2}, five.slice(0, 1, Integer.MAX_VALUE, Integer.MAX_VALUE - 1)
                .toDoubleArray());
    }

    /**
     * An empty slice whose start along a non-empty axis lies past the (empty) storage, such as row 2 of a
     * {@code [3, 0]} tensor or the gradient of the second of two empty tensors joined: read, joined and
     * differentiated, as PyTorch does, without reading the storage.
     */
    @Test
    void emptySlicesStartingPastTheStorageCanBeReadJoinedAndDifferentiated() {
        Tensor x = Tensor.zeros(3, 0);
        assertArrayEquals(new double[0], x.slice(0, 2, 3, 1).toDoubleArray());
        assertArrayEquals(new int[] {3, 0}, Tensor.concat(List.of(x.slice(0, 1, 3, 1), x.select(0, 2)
                .unsqueeze(0)), 0).shape());
        Tensor a = Tensor.zeros(1, 0, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(1, 0, 1).requiresGrad(true);
        Tensor.concat(List.of(a, b), -1).sum().backward();
        assertArrayEquals(new int[] {1, 0, 1}, b.grad().shape());
        assertArrayEquals(new double[0], b.grad().toDoubleArray());
    }

    @Test
    void copyToWritesTheElementsInRowMajorOrderOfAnyLayoutAndLeavesTheRestOfTheArray() {
        double[] values = new double[3 * 1500];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25 - 7;
        }
        Tensor x = Tensor.of(values, 3, 1500);
        // more elements than one work block, so the strided views are read in several blocks
        for (Tensor t : List.of(x, x.to(DType.FLOAT32), x.transpose(0, 1), x.to(DType.FLOAT32).transpose(0, 1),
                x.slice(1, 1, 1400, 3), x.select(1, 7).unsqueeze(1).expand(3, 2000), Tensor.scalar(4),
                Tensor.zeros(2, 0))) {
            double[] out = new double[t.numel() + 2];
            out[t.numel()] = 42;
            out[t.numel() + 1] = -1;
            t.copyTo(out);
            double[] expected = t.toDoubleArray();
            assertArrayEquals(expected, java.util.Arrays.copyOf(out, t.numel()), () -> t.toString());
            assertEquals(42, out[t.numel()]);
            assertEquals(-1, out[t.numel() + 1]);
        }
        double[] transposed = new double[values.length];
        x.transpose(0, 1).copyTo(transposed);
        assertEquals(values[1500 + 2], transposed[2 * 3 + 1], "element (2, 1) of the transpose");
        expect(IllegalArgumentException.class, () -> x.copyTo(new double[4499]),
                "copyTo: an array of length 4499 for a tensor of shape [3, 1500] (4500 elements)");
    }

    @Test
    void aRuleWhoseValueComputesWithTensorsDoesNotDisturbTheLoopThatCallsIt() {
        // the loop running this rule holds the thread's work blocks; the nested tensor operation must get its own
        dev.jgrad.Rule nested = new dev.jgrad.Rule() {
            @Override
            public String label() {
                return "nested";
            }

            @Override
            public int arity() {
                return 1;
            }

            @Override
            public double value(double a, double b, double c) {
                return Tensor.full(a, DType.FLOAT64, 3000).exp().sum().item() / 3000;
            }

            @Override
            public int partial(dev.jgrad.Algebra g, int arg, int a, int b, int c, int out) {
                return out;
            }
        };
        double[] values = new double[2500];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i);
        }
        double[] result = Tensor.of(values).add(1).apply(nested).toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            assertEquals(Math.exp(values[i] + 1), result[i], 1e-12 * Math.exp(values[i] + 1), "element " + i);
        }
    }

    @Test
    void printsShapeDtypeAndASummary() {
        assertEquals("tensor([[1.0, 2.0], [3.0, 4.0]], shape=[2, 2], dtype=float64)",
                Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("tensor(0.1, shape=[], dtype=float32, requiresGrad=true)",
                Tensor.of(new float[] {0.1f}).requiresGrad(true).toString());
        Tensor w = Tensor.of(1, 2).requiresGrad(true);
        assertEquals("tensor([2.0, 4.0], shape=[2], dtype=float64, op=*)", w.mul(2).toString());
        assertEquals("tensor([], shape=[0, 3], dtype=float64)", Tensor.zeros(0, 3).toString());
        String big = Tensor.zeros(100, 100).toString();
        assertTrue(big.startsWith("tensor([[0.0, 0.0, 0.0, ..., 0.0, 0.0, 0.0], [0.0,"), big);
        assertTrue(big.endsWith("]], shape=[100, 100], dtype=float64)"), big);
        assertTrue(big.length() < 1000, "summarized: " + big.length() + " characters");
    }

    @Test
    void leavesAccumulateAndDataGetsNoGradient() {
        Tensor w = Tensor.of(2, 3).requiresGrad(true);
        Tensor data = Tensor.of(5, 7);
        Tensor loss = w.mul(data).sum();
        assertTrue(loss.requiresGrad());
        assertFalse(data.requiresGrad());
        assertEquals("sum", w.mul(data).sum(0, true).op());
        loss.backward();
        loss.backward();
        assertArrayEquals(new double[] {10, 14}, w.grad().toDoubleArray(), "two calls accumulate");
        assertArrayEquals(new double[] {0, 0}, data.grad().toDoubleArray(), "data tensors get none");
        w.zeroGrad();
        assertArrayEquals(new double[] {0, 0}, w.grad().toDoubleArray());
        w.mul(w).sum().backward();
        assertArrayEquals(new double[] {4, 6}, w.grad().toDoubleArray(), "a tensor used twice gets both terms");
        assertFalse(w.grad().requiresGrad(), "first-order gradients carry no graph");
    }

    /**
     * A seed buffer reused across calls, refilled with {@code assign}: the gradient accumulated from the first call
     * stays, as in PyTorch ({@code y = x + 0; y.backward(s); s.fill_(10); y.backward(s)} leaves {@code x.grad} at
     * {@code [11, 11]}). The leaf's gradient was the seed itself (the sum's partial is the constant 1), so it became
     * {@code [20, 20]}.
     */
    @Test
    void aReusedSeedDoesNotChangeGradientsAlreadyAccumulated() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.add(0.0);
        Tensor seed = Tensor.of(1.0, 1.0);
        y.backward(seed, false);
        seed.assign(new double[] {10, 10});
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
        y.backward(seed, false);
        assertArrayEquals(new double[] {11, 11}, x.grad().toDoubleArray());
    }

    @Test
    void detachAndNoGradStopTheGraph() {
        Tensor w = Tensor.of(3).requiresGrad(true);
        Tensor d = w.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        w.mul(d).sum().backward();
        assertEquals(3, w.grad().item(), "the detached factor is a constant");
        try (NoGrad outer = Tensor.noGrad()) {
            assertFalse(w.mul(2).requiresGrad());
            try (NoGrad inner = Tensor.noGrad()) {
                assertFalse(w.exp().requiresGrad());
            }
            assertFalse(w.exp().requiresGrad(), "closing the inner scope keeps the outer one");
        }
        assertTrue(w.mul(2).requiresGrad(), "recording again after the scope");
    }

    @Test
    void gradientsReturnsWithoutAccumulating() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        Tensor unused = Tensor.of(5).requiresGrad(true);
        Tensor y = x.mul(x);
        List<Tensor> g = Tensor.gradients(y.sum(), List.of(x, y, unused), false);
        assertArrayEquals(new double[] {2, 4}, g.get(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 1}, g.get(1).toDoubleArray(), "an interior tensor's gradient");
        assertArrayEquals(new double[] {0}, g.get(2).toDoubleArray(), "zeros where the output does not depend");
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray());
    }

    @Test
    void float32StaysFloat32AndMixedOperandsWiden() {
        Tensor a = Tensor.of(new float[] {1.5f, -2}, 2).requiresGrad(true);
        Tensor b = a.mul(a).add(1).exp().log();
        assertEquals(DType.FLOAT32, b.dtype());
        b.sum().backward();
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertArrayEquals(new float[] {3, -4}, a.grad().toFloatArray(), 1e-6f);
        Tensor mixed = a.add(Tensor.of(1.0, 2.0));
        assertEquals(DType.FLOAT64, mixed.dtype());
        mixed.sum().backward();
        assertEquals(DType.FLOAT32, a.grad().dtype(), "the gradient converts back to the leaf's dtype");
        assertEquals(DType.FLOAT32, a.matmul(a).dtype());
        assertEquals((float) (0.1 * 3), Tensor.of(new float[] {0.1f}, 1).mul(3).toFloatArray()[0]);
    }

    @Test
    void nanAndInfinitiesPropagate() {
        Tensor x = Tensor.of(Double.NaN, Double.POSITIVE_INFINITY, 1).requiresGrad(true);
        assertTrue(Double.isNaN(x.sum().item()));
        assertTrue(Double.isNaN(x.max().item()));
        assertEquals(0, x.argmax());
        assertEquals(Double.POSITIVE_INFINITY, x.slice(0, 1, 3, 1).max().item());
        assertEquals(0, x.slice(0, 1, 3, 1).argmax());
        assertTrue(Double.isNaN(x.mean().item()));
        assertTrue(Double.isNaN(Tensor.zeros(0).mean().item()), "the mean of nothing is NaN");
        assertEquals(0, Tensor.zeros(0, 2).sum().item());
        x.max().backward();
        double[] g = x.grad().toDoubleArray();
        assertTrue(Double.isNaN(g[0]) && Double.isNaN(g[1]) && Double.isNaN(g[2]), "a NaN maximum: NaN gradients");
        assertArrayEquals(new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1}, x.exp().exp().log().log()
                .toDoubleArray(), 1e-15);
        Tensor big = Tensor.of(new double[] {1000, 0, -1000}, 1, 3);
        assertArrayEquals(new double[] {0, -1000, -2000}, big.logSoftmax(1).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0}, big.softmax(1).toDoubleArray());
        assertEquals(0, big.crossEntropy(0).item(), 1e-300);
    }

    @Test
    void logsumexpOfInfinitiesNaNsAndEmptySlicesIsPyTorchs() {
        double inf = Double.POSITIVE_INFINITY;
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.of(new double[] {-inf, -inf, inf, 1, Double.NaN, 1, 1000, 1000}, 4, 2).to(dtype)
                    .requiresGrad(true);
            Tensor out = x.logsumexp(1, false);
            // torch.logsumexp(tensor([[-inf, -inf], [inf, 1], [nan, 1], [1000, 1000]]), 1)
            assertArrayEquals(new double[] {-inf, inf, Double.NaN, 1000 + Math.log(2)}, out.toDoubleArray(),
                    dtype == DType.FLOAT64 ? 0 : 1e-4, dtype::toString);
            out.sum().backward();
            // its gradient, as PyTorch's: NaN for the slices of -inf and of NaN and for +inf itself, 0 beside +inf
            double[] g = x.grad().toDoubleArray();
            for (int i : new int[] {0, 1, 2, 4, 5}) {
                assertTrue(Double.isNaN(g[i]), () -> dtype + ": gradient " + i + " of " + java.util.Arrays.toString(g));
            }
            assertEquals(0, g[3]);
            // in float32 the output 1000 + ln 2 is rounded to 6e-5, and the softmax with it
            double tolerance = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
            assertEquals(0.5, g[6], tolerance);
            assertEquals(0.5, g[7], tolerance);
            Tensor empty = Tensor.zeros(2, 0).to(dtype);
            assertArrayEquals(new double[] {-inf, -inf}, empty.logsumexp(1, false).toDoubleArray());
            assertArrayEquals(new int[] {2, 1}, empty.logsumexp(-1, true).shape());
        }
    }

    /**
     * Logits far from 0 but close to one another: the log-softmax is computed around each slice's largest finite
     * element, as PyTorch's, and loses nothing ({@code torch.log_softmax(tensor([1e17, 1e17, 1e17]), 0)} is
     * {@code -ln 3} each, also for float32 {@code -3e38}). As {@code x - logsumexp(x)} it was 0, {@code 1e17 - (1e17
     * + ln 3)} rounded, and the float32 cross-entropy of logits {@code [10000, 10001, 10002]} (PyTorch: 2.4076059)
     * was off by the rounding of 10002.4 to float32, about 5e-4.
     */
    @Test
    void logSoftmaxOfLogitsFarFromZeroLosesNothing() {
        double ln3 = Math.log(3);
        assertArrayEquals(new double[] {-ln3, -ln3, -ln3}, Tensor.full(1e17, DType.FLOAT64, 1, 3).logSoftmax(1)
                .toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-ln3, -ln3, -ln3}, Tensor.full(-3e38, DType.FLOAT32, 3).logSoftmax(0)
                .toDoubleArray(), 1e-7);
        Tensor logits = Tensor.of(new float[] {10000, 10001, 10002}, 1, 3);
        assertEquals(2 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), logits.crossEntropy(0).item(), 1e-6);
    }

    @Test
    void logSoftmaxBesidePlusInfinityIsTheLimit() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        Tensor x = Tensor.of(new double[] {inf, 2000, -inf, -inf, -inf, -inf, nan, 1, 1}, 3, 3).requiresGrad(true);
        Tensor y = x.logSoftmax(1);
        // the Javadoc's edges; PyTorch 1.13 gives NaN throughout the first row, values and gradients
        assertArrayEquals(new double[] {nan, -inf, -inf, nan, nan, nan, nan, nan, nan}, y.toDoubleArray());
        y.backward(Tensor.of(new double[] {1, 2, 3, 1, 1, 1, 1, 1, 1}, 3, 3), false);
        double[] g = x.grad().toDoubleArray();
        assertTrue(Double.isNaN(g[0]), () -> java.util.Arrays.toString(g));
        assertEquals(2, g[1]);
        assertEquals(3, g[2]);
    }

    /** The Javadoc's edge; PyTorch 1.13's cross_entropy gives NaN throughout, loss and gradient. */
    @Test
    void crossEntropyBesidePlusInfinityIsTheLimit() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.of(new double[] {inf, 1e308, 0}, 1, 3).requiresGrad(true);
        Tensor loss = x.crossEntropy(1);
        loss.backward();
        assertEquals(inf, loss.item());
        double[] g = x.grad().toDoubleArray();
        assertTrue(Double.isNaN(g[0]), () -> java.util.Arrays.toString(g));
        assertEquals(-1, g[1]);
        assertEquals(0, g[2]);
        assertTrue(Double.isNaN(Tensor.of(new double[] {inf, 1e308, 0}, 1, 3).crossEntropy(0).item()));
    }

    @Test
    void softmaxOfInfinitiesNaNsAndEmptySlicesIsPyTorchs() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.of(new double[] {-inf, -inf, inf, 1, nan, 1, -inf, 1, 1000, 1000}, 5, 2).to(dtype);
            // torch.softmax(tensor([[-inf, -inf], [inf, 1], [nan, 1], [-inf, 1], [1000, 1000]]), 1)
            assertArrayEquals(new double[] {nan, nan, nan, nan, nan, nan, 0, 1, 0.5, 0.5},
                    x.softmax(1).toDoubleArray(), dtype::toString);
            assertArrayEquals(new int[] {2, 0}, Tensor.zeros(2, 0).to(dtype).softmax(1).shape());
        }
    }

    @Test
    void argmaxAndReductionsAlongAxes() {
        Tensor x = Tensor.of(new double[] {1, 5, 5, 2, 0, 9}, 2, 3);
        assertArrayEquals(new int[] {1, 2}, x.argmax(1), "the first of equal largest");
        assertArrayEquals(new int[] {1, 0, 1}, x.argmax(0));
        assertEquals(5, x.argmax());
        assertArrayEquals(new double[] {11, 11}, x.sum(1).toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
        assertArrayEquals(new double[] {5, 9}, x.max(-1).toDoubleArray());
        assertArrayEquals(new double[] {1, 0}, x.min(1).toDoubleArray());
        assertArrayEquals(new double[] {1.5, 2.5, 7}, x.mean(0).toDoubleArray());
        assertEquals(22, x.sum(new int[] {0, 1}, false).item());
        Tensor w = x.detach().requiresGrad(true);
        w.max(1).sum().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0, 0, 1}, w.grad().toDoubleArray(), "ties share the gradient");
        assertArrayEquals(new double[] {1, 1, 1, 1, 0.5, 9}, x.clamp(0.5, 1).mul(Tensor.of(1, 1, 1, 1, 1, 9)
                .reshape(2, 3)).toDoubleArray());
    }

    /**
     * A NaN bound makes every element NaN with gradient 0, as PyTorch's
     * {@code torch.clamp(tensor([1., 2., 3., nan, inf]), nan, 2.)} (and with the NaN as the upper bound); the NaN
     * bound was ignored, as if there were none.
     */
    @Test
    void clampWithANaNBoundIsNaNThroughout() {
        double nan = Double.NaN;
        for (double[] bounds : new double[][] {{nan, 2}, {0, nan}, {nan, nan}}) {
            for (DType dtype : DType.values()) {
                Tensor x = Tensor.of(1, 2, 3, nan, Double.POSITIVE_INFINITY).to(dtype).detach().requiresGrad(true);
                Tensor y = x.clamp(bounds[0], bounds[1]);
                assertArrayEquals(new double[] {nan, nan, nan, nan, nan}, y.toDoubleArray(), dtype::toString);
                y.sum().backward();
                assertArrayEquals(new double[5], x.grad().toDoubleArray(), dtype::toString);
            }
        }
    }

    @Test
    void concatStackGatherAndCrossEntropy() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {5, 6}, 2, 1);
        assertArrayEquals(new double[] {1, 2, 5, 3, 4, 6}, Tensor.concat(List.of(a, b), 1).toDoubleArray());
        assertArrayEquals(new int[] {2, 2, 2}, Tensor.stack(List.of(a, a), -1).shape());
        assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3, 4, 4}, Tensor.stack(List.of(a, a), -1).toDoubleArray());
        assertArrayEquals(new double[] {2, 3}, a.gather(1, new int[] {1, 0}, 2, 1).toDoubleArray());
        Tensor logits = Tensor.of(new double[] {2, 0, 0, 1}, 2, 2);
        double expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
        assertEquals(expected, logits.crossEntropy(0, 1).item(), 1e-15);
    }

    /**
     * A gather copies a whole slice where its index is the same along the slice (indexSelect, a batch of rows) and
     * element by element where it is not; both, in float64 and float32, from a view with an offset, and in the
     * gradient (the adjoint adds rows back, repeated rows twice).
     */
    @Test
    void gatherOfWholeSlicesAndOfSingleElements() {
        double[] v = new double[2 * 4 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.of(v, 2, 4, 3).to(dtype).slice(0, 1, 2, 1).detach().requiresGrad(true);
            Tensor rows = x.indexSelect(1, 3, 0, 3);
            assertArrayEquals(new double[] {21, 22, 23, 12, 13, 14, 21, 22, 23}, rows.toDoubleArray(), dtype.toString());
            Tensor mixed = x.gather(1, new int[] {3, 3, 0, 1, 1, 1}, 1, 2, 3);
            assertArrayEquals(new double[] {21, 22, 14, 15, 16, 17}, mixed.toDoubleArray(), dtype.toString());
            rows.sum().backward();
            assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2}, x.grad().toDoubleArray());
        }
    }

    /** A chain of 20,000 operations: backward sorts iteratively, so the default stack is enough. */
    @Test
    void deepGraphsNeedNoDeepStack() {
        Tensor x = Tensor.of(0.5, -0.5).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1.0001).add(0);
        }
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 20_000), x.grad().get(0), 1e-9);
    }

    @Test
    void shapeErrorsNameTheOperationAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        expect(IllegalArgumentException.class, () -> a.add(Tensor.zeros(4)),
                "+: shapes [2, 3] and [4] do not broadcast (sizes 3 and 4 at axis -1)");
        expect(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.zeros(2, 1), Tensor.zeros(3), Tensor.zeros(2)),
                "where: shapes [2, 1], [3] and [2] do not broadcast (sizes 3 and 2 at axis -1)");
        expect(IllegalArgumentException.class, () -> Tensor.zeros(0).mul(Tensor.zeros(3)),
                "*: shapes [0] and [3] do not broadcast (sizes 0 and 3 at axis -1)");
        expect(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(4, 5)),
                "matmul: shapes [2, 3] and [4, 5] do not match (3 columns against 4 rows)");
        expect(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)),
                "matmul: shapes [2, 2, 3] and [3, 3, 1] have batch axes that do not broadcast");
        expect(IllegalArgumentException.class, () -> Tensor.concat(List.of(a, Tensor.zeros(3, 3)), 1),
                "concat: shapes [2, 3] and [3, 3] (tensors 0 and 1) differ off axis 1");
        expect(IllegalArgumentException.class, () -> Tensor.stack(List.of(a, Tensor.zeros(3, 2)), 0),
                "stack: shapes [2, 3] and [3, 2] (tensors 0 and 1) differ");
        expect(IllegalArgumentException.class, () -> a.reshape(4, -1),
                "reshape: shape [2, 3] (6 elements) cannot become [4, -1]");
        expect(IllegalArgumentException.class, () -> a.expand(3, 3),
                "expand: shapes [2, 3] and [3, 3] do not broadcast (sizes 2 and 3 at axis -2)");
        expect(IllegalArgumentException.class, () -> Tensor.zeros(2, 1).expand(1, 1),
                "expand: shape [2, 1] cannot be expanded to [1, 1]");
        expect(IllegalArgumentException.class, () -> a.sum(2),
                "sum: axis 2 is out of range for a tensor of 2 dimensions");
        expect(IllegalArgumentException.class, () -> a.sum(new int[] {1, -1}, false),
                "sum: axis -1 is given twice in [1, -1]");
        expect(IllegalArgumentException.class, () -> a.gather(1, new int[] {0}, 1, 1),
                "gather: index of shape [1, 1] (1 indices) does not fit a tensor of shape [2, 3] along axis 1");
        expect(IndexOutOfBoundsException.class, () -> a.gather(1, new int[] {0, 3}, 2, 1),
                "gather: index 3 at position 1 is out of range for axis 1 of size 3 (shape [2, 3])");
        expect(IllegalArgumentException.class, () -> Tensor.zeros(1, 1 << 20).indexSelect(0, new int[4096]),
                "shape [4096, 1048576] has more than 2147483647 elements");
        expect(IndexOutOfBoundsException.class, () -> a.select(0, 2),
                "select: index 2 is out of range for axis 0 of size 2 (shape [2, 3])");
        expect(IndexOutOfBoundsException.class, () -> a.crossEntropy(0, 3),
                "crossEntropy: label 3 of row 1 is out of range for 3 classes (logits of shape [2, 3])");
        expect(IndexOutOfBoundsException.class, () -> a.crossEntropy(-1, 3),
                "crossEntropy: label -1 of row 0 is out of range for 3 classes (logits of shape [2, 3])");
        expect(IllegalArgumentException.class, () -> a.crossEntropy(0),
                "crossEntropy: logits of shape [2, 3] and 1 labels; expected logits [N, C] and N labels");
        expect(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1),
                "max: cannot reduce axis 1 of size 0 (shape [2, 0])");
        expect(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).min(-1),
                "min: cannot reduce axis 1 of size 0 (shape [2, 0])");
        expect(IllegalArgumentException.class, () -> a.min(2),
                "min: axis 2 is out of range for a tensor of 2 dimensions");
        expect(IllegalArgumentException.class, () -> a.min(new int[] {0, -2}, true),
                "min: axis -2 is given twice in [0, -2]");
        expect(IllegalArgumentException.class, () -> a.logSoftmax(-3),
                "logSoftmax: axis -3 is out of range for a tensor of 2 dimensions");
        expect(IllegalArgumentException.class, () -> Tensor.zeros(2, -1),
                "zeros: size -1 at position 1 of shape [2, -1] is negative");
        expect(IllegalArgumentException.class, () -> Tensor.ones(2, -1),
                "ones: size -1 at position 1 of shape [2, -1] is negative");
        expect(IllegalArgumentException.class, () -> Tensor.full(7, DType.FLOAT32, -3),
                "full: size -3 at position 0 of shape [-3] is negative");
        expect(IllegalArgumentException.class, () -> Tensor.of(new double[] {1, 2, 3}, 2, 2),
                "of: 3 values do not fill shape [2, 2] of 4 elements");
        expect(IllegalStateException.class, () -> a.item(), "item: a tensor of shape [2, 3] has 6 elements, not 1");
        expect(IllegalStateException.class, () -> a.sum().backward(),
                "backward: this tensor requires no gradient (no leaf it was computed from requires one, or it was "
                        + "computed in a NoGrad scope)");
        Tensor w = Tensor.zeros(2, 3).requiresGrad(true);
        expect(IllegalStateException.class, () -> w.mul(2).backward(),
                "backward: an output of shape [2, 3] is not a scalar; give the gradient of the output with "
                        + "backward(gradient, createGraph)");
        expect(IllegalArgumentException.class, () -> w.mul(2).backward(Tensor.zeros(3), false),
                "backward: gradient of shape [3] for an output of shape [2, 3]");
        expect(IllegalStateException.class, () -> w.mul(2).requiresGrad(false),
                "requiresGrad: only leaves can be marked; this tensor was made by '*'");
    }

    private static void expect(Class<? extends Throwable> type, Executable action, String message) {
        assertEquals(message, assertThrows(type, action).getMessage());
    }

    @Test
    void namedMethodsOfTheExtendedTableAreItsRules() {
        Tensor x = Tensor.of(new double[] {-0.5, 0, 0.25, 0.9, 3}, 5);
        Tensor y = Tensor.of(new double[] {0.25, -2}, 2, 1);
        List<Tensor> named = List.of(x.expm1(), x.tan(), x.asin(), x.acos(), x.atan(), x.sinh(), x.cosh(),
                x.softplus(), x.atan2(y), x.hypot(y), x.maximum(y), x.minimum(y));
        List<Tensor> rules = List.of(x.apply(Op.EXPM1), x.apply(Op.TAN), x.apply(Op.ASIN), x.apply(Op.ACOS),
                x.apply(Op.ATAN), x.apply(Op.SINH), x.apply(Op.COSH), x.apply(Op.SOFTPLUS), x.apply(Op.ATAN2, y),
                x.apply(Op.HYPOT, y), x.apply(Op.MAX, y), x.apply(Op.MIN, y));
        for (int i = 0; i < named.size(); i++) {
            assertArrayEquals(rules.get(i).shape(), named.get(i).shape(), rules.get(i).op());
            assertArrayEquals(rules.get(i).toDoubleArray(), named.get(i).toDoubleArray(), rules.get(i).op());
        }
        assertArrayEquals(new int[] {2, 5}, x.maximum(y).shape());
        assertEquals(Math.atan2(0.25, -2), x.atan2(y).get(1, 2));

        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 0}, 2).requiresGrad(true);
        a.maximum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 1}, a.grad().toDoubleArray(), "a tie splits the gradient");
        assertArrayEquals(new double[] {0.5, 0}, b.grad().toDoubleArray());
    }
}
