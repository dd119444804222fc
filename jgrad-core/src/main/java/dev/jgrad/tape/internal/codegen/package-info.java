/**
 * Code generation for compiled loops: the {@link dev.jgrad.tape.internal.codegen.KernelGenerator} writes each loop's
 * body as JVM bytecode (with the {@link dev.jgrad.tape.internal.codegen.ClassBuilder}, a minimal class-file writer)
 * and defines it as a hidden class. Not exported.
 */
package dev.jgrad.tape.internal.codegen;
