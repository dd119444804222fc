package dev.jgrad.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conv2d, MaxPool2d and Flatten: outputs and gradients by hand, initialisation, refusals. */
class ConvLayersTest {

    @Test
    void conv2dComputesTheCorrelationPlusBiasByHandAndItsGradients() {
        Conv2d conv = Conv2d.of(1, 1, 2, Linear.Init.HE, 1, DType.FLOAT64);
        conv.weight().assign(new double[] {1, 2, 3, 4});
        conv.bias().assign(new double[] {0.5});
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        // y[i, j] = 0.5 + 1·x[i, j] + 2·x[i, j+1] + 3·x[i+1, j] + 4·x[i+1, j+1]
        assertArrayEquals(new double[] {37.5, 47.5, 67.5, 77.5}, y.toDoubleArray());
        y.sum().backward();
        // dΣy/dw[p, q] = Σ of the inputs under that kernel position over the four windows
        assertArrayEquals(new double[] {1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9},
                conv.weight().grad().toDoubleArray());
        assertArrayEquals(new double[] {4}, conv.bias().grad().toDoubleArray());
        assertEquals(List.of(conv.weight(), conv.bias()), conv.parameters());
    }

    @Test
    void conv2dWithStrideAndPaddingHasTheStatedOutputShape() {
        Conv2d conv = Conv2d.of(3, 4, 3, 2, 1, Linear.Init.XAVIER, 5, DType.FLOAT32);
        Tensor y = conv.forward(Tensor.zeros(DType.FLOAT32, 2, 3, 7, 6));
        // oH = (7 + 2 - 3) / 2 + 1 = 4, oW = (6 + 2 - 3) / 2 + 1 = 3
        assertArrayEquals(new int[] {2, 4, 4, 3}, y.shape());
        assertEquals(DType.FLOAT32, y.dtype());
    }

    @Test
    void conv2dInitialisationIsReproducibleWithTheStatedSpread() {
        Conv2d he = Conv2d.of(8, 16, 5, Linear.Init.HE, 3, DType.FLOAT64);
        assertArrayEquals(new int[] {16, 8, 5, 5}, he.weight().shape());
        assertArrayEquals(he.weight().toDoubleArray(),
                Conv2d.of(8, 16, 5, Linear.Init.HE, 3, DType.FLOAT64).weight().toDoubleArray());
        assertFalse(Arrays.equals(he.weight().toDoubleArray(),
                Conv2d.of(8, 16, 5, Linear.Init.HE, 4, DType.FLOAT64).weight().toDoubleArray()));
        double fanIn = 8 * 25;
        assertEquals(Math.sqrt(2 / fanIn), std(he.weight().toDoubleArray()), 0.05 * Math.sqrt(2 / fanIn));
        assertArrayEquals(new double[16], he.bias().toDoubleArray());
        Conv2d xavier = Conv2d.of(8, 16, 5, Linear.Init.XAVIER, 3, DType.FLOAT64);
        double bound = Math.sqrt(6 / (fanIn + 16 * 25));
        for (double w : xavier.weight().toDoubleArray()) {
            assertTrue(Math.abs(w) <= bound, "within the Xavier bound: " + w);
        }
        assertEquals(bound / Math.sqrt(3), std(xavier.weight().toDoubleArray()), 0.05 * bound);
        float[] f = Conv2d.of(8, 16, 5, Linear.Init.HE, 3, DType.FLOAT32).weight().toFloatArray();
        double[] d = he.weight().toDoubleArray();
        for (int i = 0; i < d.length; i++) {
            assertEquals((float) d[i], f[i]);
        }
    }

    private static double std(double[] xs) {
        double mean = Arrays.stream(xs).average().orElseThrow();
        return Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / xs.length);
    }

    @Test
    void conv2dRefusesBadSizesAndInputsNamingThem() {
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.of(1, 0, 5, Linear.Init.HE, 1, DType.FLOAT32));
        assertTrue(sizes.getMessage().contains("out (0)"), sizes.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Conv2d.of(1, 2, 3, 1, -1, Linear.Init.HE, 1, DType.FLOAT32));
        Conv2d conv = Conv2d.of(2, 2, 3, Linear.Init.HE, 1, DType.FLOAT64);
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 3, 5, 5)), "channels");
        // as ints, 46341² and 65536 · 65536 · 9 wrap around: a negative array length, and a small one
        assertEquals("Conv2d: out (1) × in (1) × kernel (46341)² is more than 2147483647 weights",
                assertThrows(IllegalArgumentException.class,
                        () -> Conv2d.of(1, 1, 46341, Linear.Init.HE, 1, DType.FLOAT32)).getMessage());
        assertEquals("Conv2d: out (65536) × in (65536) × kernel (3)² is more than 2147483647 weights",
                assertThrows(IllegalArgumentException.class,
                        () -> Conv2d.of(65536, 65536, 3, Linear.Init.HE, 1, DType.FLOAT32)).getMessage());
    }

    @Test
    void maxPoolKeepsEachWindowsMaximumAndSendsItTheGradient() {
        Tensor x = Tensor.of(new double[] {
            1, 5, 2, 0,
            3, 4, 8, 1,
            0, 0, 6, 7,
            9, 1, 2, 3}, 1, 1, 4, 4).requiresGrad(true);
        Tensor y = MaxPool2d.of(2).forward(x);
        assertArrayEquals(new double[] {5, 8, 9, 7}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {
            0, 1, 0, 0,
            0, 0, 1, 0,
            0, 0, 0, 1,
            1, 0, 0, 0}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {5, 8, 8, 4, 8, 8, 9, 6, 7},
                MaxPool2d.of(2, 1).forward(x.detach()).toDoubleArray());
        assertEquals(List.of(), MaxPool2d.of(2).parameters());
        assertThrows(IllegalArgumentException.class, () -> MaxPool2d.of(0));
        assertThrows(IllegalArgumentException.class, () -> MaxPool2d.of(2, 0));
    }

    @Test
    void flattenMergesAllAxesButTheFirstInRowMajorOrderAndReshapesTheGradientBack() {
        double[] values = new double[2 * 3 * 2 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Tensor x = Tensor.of(values, 2, 3, 2, 2).requiresGrad(true);
        Tensor y = Flatten.of().forward(x);
        assertArrayEquals(new int[] {2, 12}, y.shape());
        assertArrayEquals(values, y.toDoubleArray());
        y.mul(Tensor.of(values, 2, 12)).sum().backward();
        assertArrayEquals(new int[] {2, 3, 2, 2}, x.grad().shape());
        assertArrayEquals(values, x.grad().toDoubleArray());
        assertArrayEquals(new int[] {0, 20}, Flatten.of().forward(Tensor.zeros(0, 4, 5)).shape());
        assertArrayEquals(new int[] {3, 1}, Flatten.of().forward(Tensor.zeros(3)).shape());
        assertThrows(IllegalArgumentException.class, () -> Flatten.of().forward(Tensor.scalar(1)));
    }
}
