@file:JvmName("ValueOperators")

package dev.jgrad.kotlin

import dev.jgrad.Grad
import dev.jgrad.ScalarFunction
import dev.jgrad.Value

/** A new leaf holding [data]: `value(1.5)`. */
fun value(data: Double): Value = Value.of(data)

/** A new leaf holding [data]: `value(3)`. */
fun value(data: Int): Value = Value.of(data.toDouble())

/** One new leaf per number, in order. */
fun DoubleArray.toValues(): List<Value> = map { Value.of(it) }

/** `this + other`; d/dthis = 1. */
operator fun Value.plus(other: Int): Value = add(other.toDouble())

/** `this - other`; d/dthis = 1. */
operator fun Value.minus(other: Int): Value = sub(other.toDouble())

/** `this · other`; d/dthis = other. */
operator fun Value.times(other: Int): Value = mul(other.toDouble())

/** `this / other`; d/dthis = 1/other. */
operator fun Value.div(other: Int): Value = div(other.toDouble())

/** `this + x`, the node of `x.add(this)` (the number a constant, as in every `double` overload); d/dx = 1. */
operator fun Double.plus(x: Value): Value = x.add(this)

/** `this - x` with `this` a constant ([Value.constant]); d/dx = -1. */
operator fun Double.minus(x: Value): Value = Value.constant(this).sub(x)

/** `this · x`, the node of `x.mul(this)` (the number a constant, as in every `double` overload); d/dx = this. */
operator fun Double.times(x: Value): Value = x.mul(this)

/** `this / x` with `this` a constant ([Value.constant]); d/dx = -this/x². */
operator fun Double.div(x: Value): Value = Value.constant(this).div(x)

/** `this + x`; d/dx = 1. */
operator fun Int.plus(x: Value): Value = toDouble() + x

/** `this - x`; d/dx = -1. */
operator fun Int.minus(x: Value): Value = toDouble() - x

/** `this · x`; d/dx = this. */
operator fun Int.times(x: Value): Value = toDouble() * x

/** `this / x`; d/dx = -this/x². */
operator fun Int.div(x: Value): Value = toDouble() / x

/** `thisⁿ` for an integer [exponent] n; d/dthis = n · thisⁿ⁻¹ (see [Value.pow]). */
fun Value.pow(exponent: Int): Value = pow(exponent.toDouble())

/** `this^x` for a constant base ([Value.constant]); d/dx = this^x · ln(this) (see [Value.pow]). */
fun Double.pow(x: Value): Value = Value.constant(this).pow(x)

/** `this^x` for a constant base; d/dx = this^x · ln(this) (see [Value.pow]). */
fun Int.pow(x: Value): Value = toDouble().pow(x)

/** The sum of the values as one node (0 for none); each term's derivative is 1. */
@JvmName("sumOfValues")
fun Iterable<Value>.sum(): Value = Value.sum(toList())

/** The sum of the values as one node (0 for none); each term's derivative is 1. */
@JvmName("sumOfValues")
fun Array<Value>.sum(): Value = Value.sum(*this)

/**
 * The gradient of [f] at the point [x], by one reverse sweep ([Grad.grad]):
 * `grad(1.0, 2.0) { (a, b) -> a * b.sin() }`. [f] gets one fresh leaf per coordinate.
 */
fun grad(vararg x: Double, f: (Array<Value>) -> Value): DoubleArray = Grad.grad(ScalarFunction(f), *x)

/** e^x; derivative e^x. */
fun exp(x: Value): Value = x.exp()

/** ln x (kotlin.math's name for [Value.log]); derivative 1/x. */
fun ln(x: Value): Value = x.log()

/** ln(1 + x), accurate for tiny x (kotlin.math's name for [Value.log1p]); derivative 1/(1 + x). */
fun ln1p(x: Value): Value = x.log1p()

/** e^x - 1, accurate for tiny x; derivative e^x. */
fun expm1(x: Value): Value = x.expm1()

/** √x; derivative 1/(2√x). */
fun sqrt(x: Value): Value = x.sqrt()

/** sin x; derivative cos x. */
fun sin(x: Value): Value = x.sin()

/** cos x; derivative -sin x. */
fun cos(x: Value): Value = x.cos()

/** tan x; derivative 1 + tan² x. */
fun tan(x: Value): Value = x.tan()

/** arcsin x; derivative 1/√(1 - x²). */
fun asin(x: Value): Value = x.asin()

/** arccos x; derivative -1/√(1 - x²). */
fun acos(x: Value): Value = x.acos()

/** arctan x; derivative 1/(1 + x²). */
fun atan(x: Value): Value = x.atan()

/** The real cube root ∛x (negative for negative x); derivative 1/(3∛x²), +∞ at ±0. */
fun cbrt(x: Value): Value = x.cbrt()

/** log₁₀ x; derivative 1/(x ln 10). */
fun log10(x: Value): Value = x.log10()

/** arsinh x; derivative 1/√(x² + 1). */
fun asinh(x: Value): Value = x.asinh()

/** arcosh x, NaN below 1; derivative 1/√(x² - 1). */
fun acosh(x: Value): Value = x.acosh()

/** artanh x, NaN beyond ±1; derivative 1/(1 - x²). */
fun atanh(x: Value): Value = x.atanh()

/** The angle of the point (x, y); d/dy = x/(x² + y²), d/dx = -y/(x² + y²). */
fun atan2(y: Value, x: Value): Value = y.atan2(x)

/** √(a² + b²); d/da = a/hypot, d/db = b/hypot. */
fun hypot(a: Value, b: Value): Value = a.hypot(b)

/** sinh x; derivative cosh x. */
fun sinh(x: Value): Value = x.sinh()

/** cosh x; derivative sinh x. */
fun cosh(x: Value): Value = x.cosh()

/** tanh x; derivative 1 - tanh² x. */
fun tanh(x: Value): Value = x.tanh()

/** 1/(1 + e^-x); derivative σ(x)(1 - σ(x)). */
fun sigmoid(x: Value): Value = x.sigmoid()

/** max(x, 0); derivative 1 for x > 0, else 0. */
fun relu(x: Value): Value = x.relu()

/** ln(1 + e^x); derivative σ(x). */
fun softplus(x: Value): Value = x.softplus()

/** |x|; derivative sign(x) (0 at 0). */
fun abs(x: Value): Value = x.abs()

/** The sign of x (-1, 0 or 1); derivative 0. */
fun sign(x: Value): Value = x.sign()

/** The larger of [a] and [b]; the gradient goes to the larger, halves at a tie (see [Value.max]). */
fun max(a: Value, b: Value): Value = Value.max(a, b)

/** The smaller of [a] and [b]; the gradient goes to the smaller, halves at a tie (see [Value.min]). */
fun min(a: Value, b: Value): Value = Value.min(a, b)

/** ln Σ e^term without overflow, at least one term; each term's derivative is its softmax weight. */
fun logsumexp(vararg terms: Value): Value = Value.logsumexp(*terms)
