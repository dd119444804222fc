package dev.jgrad.kotlin

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The README's Kotlin example, as written there, with its stated results. */
class ReadmeExampleTest {

    @Test
    fun readmeExample() {
        val x = value(1.5)
        val y = 2.0 * x + x * 2 - 1 / x + x.pow(2) + tanh(x) * exp(-x)
        y.backward()
        val t = kotlin.math.tanh(1.5)
        assertEquals(4 + 1 / 2.25 + 3 + (1 - t * t - t) * kotlin.math.exp(-1.5), x.grad(), 1e-14)

        val g = grad(0.3, 0.8) { (a, b) -> sin(a) * b + ln(b) }
        assertArrayEquals(doubleArrayOf(kotlin.math.cos(0.3) * 0.8, kotlin.math.sin(0.3) + 1 / 0.8), g, 1e-15)
        assertEquals(1.5 + 2.25 + 1.5, listOf(x, x * x, 3 - x).sum().data(), 1e-15)

        val w = tensorOf(doubleArrayOf(1.0, 2.0), doubleArrayOf(3.0, 4.0)).requiresGrad(true)
        val b = doubleArrayOf(0.5, -0.5)
        val loss = (1.0 - sigmoid(w * 2 + tensorOf(*b))).pow(2).sum()
        loss.backward()
        // d/dw (1 - σ(2w + b))² = -2(1 - σ)·σ(1 - σ)·2
        val expected = DoubleArray(4) { k ->
            val s = 1 / (1 + kotlin.math.exp(-(2 * (k + 1) + b[k % 2])))
            -4 * (1 - s) * s * (1 - s)
        }
        assertArrayEquals(expected, w.grad().toDoubleArray(), 1e-15)
    }
}
