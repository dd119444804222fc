/**
 * Kotlin extensions for jgrad (the sources are Kotlin files; this is their package documentation).
 *
 * <ul>
 *   <li>Operators with a number on either side: {@code 2.0 * x}, {@code x * 2}, {@code 1 - x}, {@code x / 3},
 *       for {@link dev.jgrad.Value} and {@link dev.jgrad.tensor.Tensor}; {@code Value} has {@code plus},
 *       {@code minus}, {@code times}, {@code div} and {@code unaryMinus} for two values itself, and tensors get them
 *       here. {@code x.pow(2)} takes an {@code Int} as well as a {@code Double} or a value.</li>
 *   <li>Math functions as top-level functions: {@code tanh(x)}, {@code exp(t)}, {@code max(a, b)}, one per math
 *       rule of the table ({@code cbrt}, {@code log10}, {@code asinh}, {@code acosh} and {@code atanh} for values
 *       only: tensors have no such methods), each the Java method of the same name but for {@code ln} and
 *       {@code ln1p} (kotlin.math's names for {@code log} and {@code log1p}), so they sit beside kotlin.math's
 *       functions on numbers.</li>
 *   <li>Builders: {@code value(1.5)}, {@code tensorOf(1.0, 2.0)}, {@code tensorOf(doubleArrayOf(1.0, 2.0),
 *       doubleArrayOf(3.0, 4.0))}, {@code sum()} over lists of values or tensors, and {@code grad(1.0, 2.0) { (a, b) ->
 *       a * b }}.</li>
 * </ul>
 *
 * Nothing here has a derivative of its own: every function builds the node the Java API builds, so values and
 * gradients are those of {@link dev.jgrad.Op}'s one rule table. A number beside a value or tensor is a constant.
 */
package dev.jgrad.kotlin;
