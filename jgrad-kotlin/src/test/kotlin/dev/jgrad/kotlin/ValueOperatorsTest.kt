package dev.jgrad.kotlin

import dev.jgrad.Value
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import kotlin.math.PI

/** Numbers on either side of a value, integer powers, math functions and builders, against hand-derived values. */
class ValueOperatorsTest {

    @Test
    fun doublesOnEitherSide() {
        val x = value(2.0)
        // y = 2x + x·0.5 - 3/x + (1 - x)/4 + (x - 1.5) - (x + 0.25)
        val y = 2.0 * x + x * 0.5 - 3.0 / x + (1.0 - x) / 4.0 + (x - 1.5) - (0.25 + x)
        y.backward()
        assertEquals(4.0 + 1.0 - 1.5 - 0.25 + 0.5 - 2.25, y.data(), 1e-15)
        // dy/dx = 2 + 0.5 + 3/x² - 1/4 + 1 - 1
        assertEquals(2.0 + 0.5 + 3.0 / 4.0 - 0.25, x.grad(), 1e-15)
    }

    @Test
    fun intsOnEitherSide() {
        val x = value(3)
        // y = 2x · (x + 1) - 6/x + (4 - x) · x / 3 - (x - 2) · 5
        val y = 2 * x * (x + 1) - 6 / x + (4 - x) * x / 3 - (x - 2) * 5
        y.backward()
        assertEquals(24.0 - 2.0 + 1.0 - 5.0, y.data(), 1e-14)
        // dy/dx = 4x + 2 + 6/x² + (4 - 2x)/3 - 5 at x = 3
        assertEquals(12.0 + 2.0 + 6.0 / 9.0 - 2.0 / 3.0 - 5.0, x.grad(), 1e-14)
    }

    @Test
    fun integerAndValuePowers() {
        val x = value(1.5)
        // y = x³ + x^-2 + 2^x + 3.0^x
        val y = x.pow(3) + x.pow(-2) + 2.pow(x) + 3.0.pow(x)
        y.backward()
        assertEquals(3.375 + 1 / 2.25 + Math.pow(2.0, 1.5) + Math.pow(3.0, 1.5), y.data(), 1e-14)
        val expected = 3 * 2.25 - 2 / 3.375 + Math.pow(2.0, 1.5) * Math.log(2.0) + Math.pow(3.0, 1.5) * Math.log(3.0)
        assertEquals(expected, x.grad(), 1e-14)
    }

    @Test
    fun unaryMinusAndNegativeIntegerPowerOfNegativeBase() {
        val x = value(-2)
        val y = -x.pow(3) + (-x)
        y.backward()
        assertEquals(8.0 + 2.0, y.data(), 0.0)
        // d/dx (-x³ - x) = -3x² - 1
        assertEquals(-13.0, x.grad(), 1e-15)
    }

    @Test
    fun mathFunctionsChainLikeTheirDerivatives() {
        val g = grad(0.3, 0.8) { (a, b) -> tanh(a) * exp(b) + sqrt(a * b) + ln(b) - sin(a) * cos(b) + sigmoid(a - b) }
        val a = 0.3
        val b = 0.8
        val t = kotlin.math.tanh(a)
        val s = 1 / (1 + kotlin.math.exp(-(a - b)))
        val dA = (1 - t * t) * kotlin.math.exp(b) + b / (2 * kotlin.math.sqrt(a * b)) - kotlin.math.cos(a) * kotlin.math.cos(b) +
            s * (1 - s)
        val dB = t * kotlin.math.exp(b) + a / (2 * kotlin.math.sqrt(a * b)) + 1 / b + kotlin.math.sin(a) * kotlin.math.sin(b) -
            s * (1 - s)
        assertArrayEquals(doubleArrayOf(dA, dB), g, 1e-14)
    }

    @Test
    fun inverseTrigonometricAndHyperbolicFunctions() {
        val g = grad(0.4, -0.7) { (a, b) ->
            asin(a) + acos(b) + atan(a * b) + atan2(a, b) + hypot(a, b) + sinh(a) + cosh(b) + tan(a) + abs(b) + relu(a) +
                softplus(b) + expm1(a) + ln1p(a) + sign(b) * 7
        }
        val a = 0.4
        val b = -0.7
        val r2 = a * a + b * b
        val dA = 1 / kotlin.math.sqrt(1 - a * a) + b / (1 + a * a * b * b) + b / r2 + a / kotlin.math.sqrt(r2) +
            kotlin.math.cosh(a) + 1 / (kotlin.math.cos(a) * kotlin.math.cos(a)) + 1 + kotlin.math.exp(a) + 1 / (1 + a)
        val dB = -1 / kotlin.math.sqrt(1 - b * b) + a / (1 + a * a * b * b) - a / r2 + b / kotlin.math.sqrt(r2) +
            kotlin.math.sinh(b) - 1 + 1 / (1 + kotlin.math.exp(-b))
        assertArrayEquals(doubleArrayOf(dA, dB), g, 1e-14)
    }

    @Test
    fun cubeRootBaseTenLogarithmAndInverseHyperbolicFunctions() {
        // f(a, b) = ∛a · b + log₁₀ b + arsinh(a b) + arcosh b + artanh a; value and gradient from mpmath (30 digits)
        val g = grad(0.6, 2.5) { (a, b) -> cbrt(a) * b + log10(b) + asinh(a * b) + acosh(b) + atanh(a) }
        assertArrayEquals(doubleArrayOf(4.1206847479266134201, 1.7864063562701722096), g, 1e-14)
        val (a, b) = doubleArrayOf(0.6, 2.5).toValues()
        assertEquals(5.9612313067458764089, (cbrt(a) * b + log10(b) + asinh(a * b) + acosh(b) + atanh(a)).data(), 1e-14)
    }

    @Test
    fun maxMinAndLogsumexp() {
        val g = grad(1.0, 2.0, PI) { (a, b, c) -> max(a, b) * 3 + min(a, c) * 5 + logsumexp(a, b, c) }
        val z = kotlin.math.exp(1.0) + kotlin.math.exp(2.0) + kotlin.math.exp(PI)
        assertArrayEquals(
            doubleArrayOf(5 + kotlin.math.exp(1.0) / z, 3 + kotlin.math.exp(2.0) / z, kotlin.math.exp(PI) / z), g, 1e-14,
        )
    }

    @Test
    fun sumsOverListsAndArrays() {
        val xs = doubleArrayOf(1.0, -2.0, 0.5).toValues()
        val total = xs.map { it * it }.sum() + xs.toTypedArray().sum() * 2
        total.backward()
        assertEquals(1.0 + 4.0 + 0.25 - 1.0, total.data(), 1e-15)
        // d/dx_i (x_i² + 2x_i) = 2x_i + 2
        assertArrayEquals(doubleArrayOf(4.0, -2.0, 3.0), xs.map { it.grad() }.toDoubleArray(), 1e-15)
        assertEquals(0.0, emptyList<Value>().sum().data(), 0.0)
    }

    @Test
    fun numbersBesideValuesBuildTheJavaApisNodes() {
        val x = value(0.5)
        assertEquals(x.add(2.0).op(), (2.0 + x).op())
        assertEquals(Value.constant(2.0).sub(x).op(), (2 - x).op())
        assertEquals(x.mul(2.0).op(), (2 * x).op())
        assertEquals(Value.constant(1.0).div(x).op(), (1 / x).op())
        assertEquals(x.pow(2.0).op(), x.pow(2).op())
    }

    @Test
    fun aNumberOnTheLeftIsAConstantAsInTheJavaDoubleOverloads() {
        val c = Value.constant(3.0)
        for (y in listOf(2.0 + c, 2.0 - c, 2.0 * c, 2.0 / c, 2.0.pow(c), 2 + c, 2 - c, 2 * c, 2 / c, 2.pow(c))) {
            assertFalse(y.requiresGrad(), "a number beside a constant is a constant, as c.mul(2.0) is")
        }
        val x = value(0.5)
        val y = 2.0 * x + 3.0 / x - 1.5.pow(x) + (4 - x)
        val leavesNeedingGradients = y.topologicalOrder().filter { it.inputs().isEmpty() && it.requiresGrad() }
        assertEquals(listOf(x), leavesNeedingGradients)
    }

    @Test
    fun numbersOnEitherSideGiveTheJavaApisResultsBitForBit() {
        for (point in doubleArrayOf(0.0, -0.0, -1.5, 0.7, 3.0, Double.NaN, Double.POSITIVE_INFINITY)) {
            val k = value(point)
            val kotlin = (2.5 + k) * (1.5 - k) - 4.0 / k + 0.3 * k + 2.0.pow(k) + k.pow(3) + 3 * exp(-k) + 7 - sqrt(k)
            kotlin.backward()
            val j = Value.of(point)
            val java = j.add(2.5).mul(Value.constant(1.5).sub(j)).sub(Value.constant(4.0).div(j)).add(j.mul(0.3))
                .add(Value.constant(2.0).pow(j)).add(j.pow(3.0)).add(j.neg().exp().mul(3.0)).add(7.0).sub(j.sqrt())
            java.backward()
            assertEquals(java.data(), kotlin.data(), "value at $point")
            assertEquals(j.grad(), k.grad(), "derivative at $point")
        }
    }
}
