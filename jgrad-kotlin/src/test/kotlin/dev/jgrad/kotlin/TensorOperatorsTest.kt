package dev.jgrad.kotlin

import dev.jgrad.tensor.DType
import dev.jgrad.tensor.Tensor
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test
import kotlin.math.ln

/** Tensor operators with numbers and tensors on either side, and math functions, against hand-derived gradients. */
class TensorOperatorsTest {

    private val points = doubleArrayOf(0.5, 1.0, 2.0)

    @Test
    fun numbersOnEitherSide() {
        val x = tensorOf(*points).requiresGrad(true)
        // Σ 2x·x - x/4 + 1 - x + 3/x + (-x) + 2x² - 5 + 0.5·x + 2^x + 3.0^x - 2·(1 - x) + x·3 / 2
        val loss = (2.0 * x * x - x / 4 + 1 - x + 3.0 / x + (-x) + x.pow(2) * 2 - 5.0 + 0.5 * x + 2.pow(x) +
            3.0.pow(x) - 2 * (1 - x) + x * 3 / 2.0).sum()
        loss.backward()
        val expected = points.map { v ->
            4 * v - 0.25 - 1 - 3 / (v * v) - 1 + 4 * v + 0.5 + Math.pow(2.0, v) * ln(2.0) + Math.pow(3.0, v) * ln(3.0) +
                2 + 1.5
        }
        assertArrayEquals(expected.toDoubleArray(), x.grad().toDoubleArray(), 1e-13)
        val value = points.sumOf { v ->
            2 * v * v - v / 4 + 1 - v + 3 / v - v + 2 * v * v - 5 + 0.5 * v + Math.pow(2.0, v) + Math.pow(3.0, v) -
                2 * (1 - v) + v * 3 / 2
        }
        assertEquals(value, loss.item(), 1e-13)
    }

    @Test
    fun tensorsOnBothSidesBroadcast() {
        val a = tensorOf(doubleArrayOf(1.0, 2.0, 3.0), doubleArrayOf(4.0, 5.0, 6.0)).requiresGrad(true)
        val b = tensorOf(0.5, -1.0, 2.0).requiresGrad(true)
        // Σ_ij a_ij·b_j + a_ij - b_j + a_ij / b_j
        val loss = (a * b + a - b + a / b).sum()
        loss.backward()
        // ∂/∂a_ij = b_j + 1 + 1/b_j; ∂/∂b_j = Σ_i a_ij - 2 - Σ_i a_ij / b_j²
        assertArrayEquals(doubleArrayOf(3.5, -1.0, 3.5, 3.5, -1.0, 3.5), a.grad().toDoubleArray(), 1e-15)
        assertArrayEquals(doubleArrayOf(5 - 2 - 5 / 0.25, 7 - 2 - 7.0, 9 - 2 - 9 / 4.0), b.grad().toDoubleArray(),
            1e-14)
        assertArrayEquals(intArrayOf(2, 3), a.shape())
    }

    @Test
    fun aNumberOnTheLeftTakesTheTensorsDtype() {
        val x = Tensor.of(floatArrayOf(0.5f, 2.0f), 2)
        for (t in listOf(1.0 - x, 2 / x, 3.0.pow(x), 1 + x, 2 * x)) {
            assertEquals(DType.FLOAT32, t.dtype())
        }
        assertArrayEquals(floatArrayOf(0.5f, -1.0f), (1.0 - x).toFloatArray())
        assertArrayEquals(floatArrayOf(4.0f, 1.0f), (2 / x).toFloatArray())
    }

    @Test
    fun mathFunctionsChainLikeTheirDerivatives() {
        val x = tensorOf(0.2, 0.4, 0.7).requiresGrad(true)
        val y = tensorOf(1.5, -0.3, 0.9).requiresGrad(true)
        val loss = (tanh(x) * exp(y) + sqrt(x) + ln(x) + sin(x) * cos(y) + sigmoid(y) + atan2(x, y) + max(x, y) * 3 +
            min(x, y) * 5 + ln1p(x) + expm1(y) + tan(x) + asin(x) + acos(x) * 2 + atan(y) + hypot(x, y) + sinh(x) +
            cosh(y) + relu(y) + softplus(x) + abs(y) + sign(y)).sum()
        loss.backward()
        val dx = DoubleArray(3)
        val dy = DoubleArray(3)
        for (i in 0 until 3) {
            val a = x.get(i)
            val b = y.get(i)
            val t = kotlin.math.tanh(a)
            val s = 1 / (1 + kotlin.math.exp(-b))
            val r2 = a * a + b * b
            dx[i] = (1 - t * t) * kotlin.math.exp(b) + 1 / (2 * kotlin.math.sqrt(a)) + 1 / a +
                kotlin.math.cos(a) * kotlin.math.cos(b) + b / r2 + (if (a > b) 3 else 5) + 1 / (1 + a) +
                1 / (kotlin.math.cos(a) * kotlin.math.cos(a)) + 1 / kotlin.math.sqrt(1 - a * a) -
                2 / kotlin.math.sqrt(1 - a * a) + a / kotlin.math.sqrt(r2) + kotlin.math.cosh(a) +
                1 / (1 + kotlin.math.exp(-a))
            dy[i] = t * kotlin.math.exp(b) - kotlin.math.sin(a) * kotlin.math.sin(b) + s * (1 - s) - a / r2 +
                (if (a > b) 5 else 3) + kotlin.math.exp(b) + 1 / (1 + b * b) + b / kotlin.math.sqrt(r2) +
                kotlin.math.sinh(b) + (if (b > 0) 1 else 0) + kotlin.math.sign(b)
        }
        assertArrayEquals(dx, x.grad().toDoubleArray(), 1e-13)
        assertArrayEquals(dy, y.grad().toDoubleArray(), 1e-13)
    }

    @Test
    fun sumOfAListOfTensorsBroadcasts() {
        val row = tensorOf(1.0, 2.0).requiresGrad(true)
        val matrix = tensorOf(doubleArrayOf(1.0, 1.0), doubleArrayOf(2.0, 2.0), doubleArrayOf(3.0, 3.0))
        val total = listOf(matrix, row, row * 2).sum()
        assertArrayEquals(intArrayOf(3, 2), total.shape())
        total.sum().backward()
        // row appears in 3 broadcast rows, once plain and once doubled
        assertArrayEquals(doubleArrayOf(9.0, 9.0), row.grad().toDoubleArray(), 0.0)
        val e = assertThrows(IllegalArgumentException::class.java) { emptyList<Tensor>().sum() }
        assertEquals("no tensors to sum: the result's shape and dtype come from the terms", e.message)
    }

    @Test
    fun numbersBesideTensorsBuildTheJavaApisNodes() {
        val x = tensorOf(1.0, 2.0)
        assertEquals(x.add(2.0).op(), (2.0 + x).op())
        assertEquals(x.mul(3.0).op(), (3 * x).op())
        assertEquals(x.neg().op(), (-x).op())
        assertEquals(x.pow(2.0).op(), x.pow(2).op())
        assertEquals(x.mul(x).op(), (x * x).op())
    }
}
