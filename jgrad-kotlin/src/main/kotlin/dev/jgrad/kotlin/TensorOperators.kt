@file:JvmName("TensorOperators")

package dev.jgrad.kotlin

import dev.jgrad.tensor.Tensor

/** A float64 vector of the [values]: `tensorOf(1.0, 2.0, 3.0)` has shape [3]. */
fun tensorOf(vararg values: Double): Tensor = Tensor.of(*values)

/** A float64 matrix, one array per row, all as long: `tensorOf(doubleArrayOf(1.0, 2.0), doubleArrayOf(3.0, 4.0))`. */
fun tensorOf(vararg rows: DoubleArray): Tensor = Tensor.of(rows)

/** `this + other`, elementwise and broadcast; both partials 1. */
operator fun Tensor.plus(other: Tensor): Tensor = add(other)

/** `this - other`, elementwise and broadcast; partials 1 and -1. */
operator fun Tensor.minus(other: Tensor): Tensor = sub(other)

/** `this · other`, elementwise and broadcast (not the matrix product, [Tensor.matmul]); partials other and this. */
operator fun Tensor.times(other: Tensor): Tensor = mul(other)

// `t / u` and `t / 2.0` need no extension: Kotlin takes Tensor's own div(Tensor) and div(double) as the operator

/** `-this`; partial -1. */
operator fun Tensor.unaryMinus(): Tensor = neg()

/** `this + other` for every element; partial 1. */
operator fun Tensor.plus(other: Double): Tensor = add(other)

/** `this - other` for every element; partial 1. */
operator fun Tensor.minus(other: Double): Tensor = sub(other)

/** `this · other` for every element; partial other. */
operator fun Tensor.times(other: Double): Tensor = mul(other)

/** `this + other` for every element; partial 1. */
operator fun Tensor.plus(other: Int): Tensor = add(other.toDouble())

/** `this - other` for every element; partial 1. */
operator fun Tensor.minus(other: Int): Tensor = sub(other.toDouble())

/** `this · other` for every element; partial other. */
operator fun Tensor.times(other: Int): Tensor = mul(other.toDouble())

/** `this / other` for every element; partial 1/other. */
operator fun Tensor.div(other: Int): Tensor = div(other.toDouble())

/** `this + t` for every element of [t], in its dtype; partial 1. */
operator fun Double.plus(t: Tensor): Tensor = t.add(this)

/** `this - t` for every element of [t], in its dtype; partial -1. */
operator fun Double.minus(t: Tensor): Tensor = Tensor.scalar(this, t.dtype()).sub(t)

/** `this · t` for every element of [t], in its dtype; partial this. */
operator fun Double.times(t: Tensor): Tensor = t.mul(this)

/** `this / t` for every element of [t], in its dtype; partial -this/t². */
operator fun Double.div(t: Tensor): Tensor = Tensor.scalar(this, t.dtype()).div(t)

/** `this + t` for every element of [t], in its dtype; partial 1. */
operator fun Int.plus(t: Tensor): Tensor = toDouble() + t

/** `this - t` for every element of [t], in its dtype; partial -1. */
operator fun Int.minus(t: Tensor): Tensor = toDouble() - t

/** `this · t` for every element of [t], in its dtype; partial this. */
operator fun Int.times(t: Tensor): Tensor = toDouble() * t

/** `this / t` for every element of [t], in its dtype; partial -this/t². */
operator fun Int.div(t: Tensor): Tensor = toDouble() / t

/** Every element to an integer power n; partial n · xⁿ⁻¹ (see [Tensor.pow]). */
fun Tensor.pow(exponent: Int): Tensor = pow(exponent.toDouble())

/** A constant base to the power of every element of [t], in its dtype; partial this^t · ln(this). */
fun Double.pow(t: Tensor): Tensor = Tensor.scalar(this, t.dtype()).pow(t)

/** A constant base to the power of every element of [t], in its dtype; partial this^t · ln(this). */
fun Int.pow(t: Tensor): Tensor = toDouble().pow(t)

/**
 * The broadcast sum of the tensors, at least one, added left to right; each one's gradient is the output's,
 * summed over the axes it was broadcast along.
 *
 * @throws IllegalArgumentException if there are no tensors (the result's shape and dtype would be unknown)
 */
@JvmName("sumOfTensors")
fun Iterable<Tensor>.sum(): Tensor {
    val terms = iterator()
    require(terms.hasNext()) { "no tensors to sum: the result's shape and dtype come from the terms" }
    var total = terms.next()
    while (terms.hasNext()) {
        total = total.add(terms.next())
    }
    return total
}

/** e^x elementwise; derivative e^x. */
fun exp(t: Tensor): Tensor = t.exp()

/** ln x elementwise (kotlin.math's name for [Tensor.log]); derivative 1/x. */
fun ln(t: Tensor): Tensor = t.log()

/** ln(1 + x) elementwise (kotlin.math's name for [Tensor.log1p]); derivative 1/(1 + x). */
fun ln1p(t: Tensor): Tensor = t.log1p()

/** e^x - 1 elementwise; derivative e^x. */
fun expm1(t: Tensor): Tensor = t.expm1()

/** √x elementwise; derivative 1/(2√x). */
fun sqrt(t: Tensor): Tensor = t.sqrt()

/** sin x elementwise; derivative cos x. */
fun sin(t: Tensor): Tensor = t.sin()

/** cos x elementwise; derivative -sin x. */
fun cos(t: Tensor): Tensor = t.cos()

/** tan x elementwise; derivative 1 + tan² x. */
fun tan(t: Tensor): Tensor = t.tan()

/** arcsin x elementwise; derivative 1/√(1 - x²). */
fun asin(t: Tensor): Tensor = t.asin()

/** arccos x elementwise; derivative -1/√(1 - x²). */
fun acos(t: Tensor): Tensor = t.acos()

/** arctan x elementwise; derivative 1/(1 + x²). */
fun atan(t: Tensor): Tensor = t.atan()

/** The angle of (x, y) elementwise, broadcast; d/dy = x/(x² + y²), d/dx = -y/(x² + y²). */
fun atan2(y: Tensor, x: Tensor): Tensor = y.atan2(x)

/** √(a² + b²) elementwise, broadcast; d/da = a/hypot, d/db = b/hypot. */
fun hypot(a: Tensor, b: Tensor): Tensor = a.hypot(b)

/** sinh x elementwise; derivative cosh x. */
fun sinh(t: Tensor): Tensor = t.sinh()

/** cosh x elementwise; derivative sinh x. */
fun cosh(t: Tensor): Tensor = t.cosh()

/** tanh x elementwise; derivative 1 - tanh² x. */
fun tanh(t: Tensor): Tensor = t.tanh()

/** 1/(1 + e^-x) elementwise; derivative σ(x)(1 - σ(x)). */
fun sigmoid(t: Tensor): Tensor = t.sigmoid()

/** max(x, 0) elementwise; derivative 1 for x > 0, else 0. */
fun relu(t: Tensor): Tensor = t.relu()

/** ln(1 + e^x) elementwise; derivative σ(x). */
fun softplus(t: Tensor): Tensor = t.softplus()

/** |x| elementwise; derivative sign(x) (0 at 0). */
fun abs(t: Tensor): Tensor = t.abs()

/** The sign of each element (-1, 0 or 1); derivative 0. */
fun sign(t: Tensor): Tensor = t.sign()

/** The larger element of [a] and [b], broadcast; the gradient goes to the larger, halves at a tie ([Tensor.maximum]). */
fun max(a: Tensor, b: Tensor): Tensor = a.maximum(b)

/** The smaller element of [a] and [b], broadcast; the gradient goes to the smaller, halves at a tie ([Tensor.minimum]). */
fun min(a: Tensor, b: Tensor): Tensor = a.minimum(b)
