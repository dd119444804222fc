/**
 * Recording: the {@link dev.jgrad.tape.internal.record.Recorder} (the {@link dev.jgrad.Algebra} a traced function
 * runs on), the {@link dev.jgrad.tape.internal.record.Window} of instructions not yet committed, and the
 * {@link dev.jgrad.tape.internal.record.LoopFinder}, which turns repeated runs of instructions into loops while the
 * recording goes on. Not exported.
 */
package dev.jgrad.tape.internal.record;
