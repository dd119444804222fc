package dev.jgrad.kotlin

import dev.jgrad.Value
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Test

/**
 * Kotlin treats a Java method with an operator's name and shape as that operator, so Value's plus, minus, times,
 * div and unaryMinus give `a * b + c`, `a - b`, `a / b` and `-a` with no `operator` modifier on the Java side.
 */
class OperatorTest {

    @Test
    fun gradientThroughOperatorsMatchesHandDerivation() {
        val a = Value.of(3.0)
        val b = Value.of(-2.0)
        val c = Value.of(5.0)

        // y = (ab + c)(a / b) - a
        val y = (a * b + c) * (a / b) + -a
        y.backward()

        // ab + c = -1, a / b = -1.5
        assertEquals(-1.5, y.data(), 1e-12)
        // dy/da = b(a/b) + (ab + c)/b - 1 = a + (ab + c)/b - 1
        assertEquals(3.0 + 0.5 - 1.0, a.grad(), 1e-12)
        // dy/db = a(a/b) - (ab + c)a/b^2 = -ac/b^2
        assertEquals(-3.0 * 5.0 / 4.0, b.grad(), 1e-12)
        // dy/dc = a/b
        assertEquals(-1.5, c.grad(), 1e-12)
    }

    @Test
    fun operatorsWithDoublesAndSubtraction() {
        val x = Value.of(4.0)

        // z = (x - 1)(x * 2) / (x + 0.5) - (x - 3)
        val z = (x - 1.0) * (x * 2.0) / (x + 0.5) - (x - Value.of(3.0))
        z.backward()

        val u = 4.0 - 1.0
        val v = 4.0 * 2.0
        val w = 4.0 + 0.5
        assertEquals(u * v / w - 1.0, z.data(), 1e-12)
        // d/dx [u v / w] = (v + 2u)/w - u v/w^2, minus 1 for -(x - 3)
        assertEquals((v + 2 * u) / w - u * v / (w * w) - 1.0, x.grad(), 1e-12)
    }

    @Test
    fun operatorsBuildTheSameNodesAsJavaNames() {
        val a = Value.of(1.5)
        val b = Value.of(0.25)
        assertEquals(a.add(b).op(), (a + b).op())
        assertEquals(a.sub(b).op(), (a - b).op())
        assertEquals(a.mul(b).op(), (a * b).op())
        assertEquals(a.div(b).op(), (a / b).op())
        assertEquals(a.neg().op(), (-a).op())
        assertNotSame(a + b, a + b)
    }
}
