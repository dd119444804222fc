package dev.jgrad.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetworkSizeTest {

    @Test
    void countsWeightsAndBiasesOfEveryLayer() {
        // 784-128-10: 785 * 128 + 129 * 10
        assertEquals(101_770, NetworkSize.parameters(784, new int[] {128, 10}, 1_000_000));
        // a linear model of 3 features and 1 output: 3 weights and a bias
        assertEquals(4, NetworkSize.parameters(3, new int[] {1}, 4));
        assertEquals(0, NetworkSize.parameters(5, new int[0], 0));
    }

    @Test
    void stopsPastTheLimitWithoutOverflowing() {
        // (2^31 - 1)^2 per layer: four such layers would overflow a long; counting stops after the first
        int huge = Integer.MAX_VALUE;
        long first = ((long) huge + 1) * huge;
        assertEquals(first, NetworkSize.parameters(huge, new int[] {huge, huge, huge, huge}, 1_000_000));
        assertTrue(NetworkSize.parameters(10, new int[] {100_000, 100_000}, 1_000_000) > 1_000_000);
        assertEquals(1_100_000, NetworkSize.parameters(10, new int[] {100_000, 100_000}, 1_000_000));
    }
}
