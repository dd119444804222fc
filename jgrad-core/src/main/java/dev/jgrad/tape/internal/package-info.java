/**
 * The program a tape is, shared by the stages that make it and by the workspace that replays it: how instructions
 * are encoded ({@link dev.jgrad.tape.internal.Codes}), plain instructions ({@link dev.jgrad.tape.internal.Piece}),
 * loops found in a recording ({@link dev.jgrad.tape.internal.Loop}), the replay of each part
 * ({@link dev.jgrad.tape.internal.Segment}) and the linked whole ({@link dev.jgrad.tape.internal.Program}).
 *
 * <p>Not exported: these types may change in any release. The stages live in the sub-packages {@code record}
 * (recording and loop finding), {@code link} (workspace layout) and {@code codegen} (bytecode for loops).
 */
package dev.jgrad.tape.internal;
