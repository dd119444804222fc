/**
 * Linking a finished recording: the {@link dev.jgrad.tape.internal.link.Linker} lays out the workspace (which values
 * of a loop leave its iterations and where they live) and rewrites slots into workspace positions, and
 * {@link dev.jgrad.tape.internal.link.Repetitions} folds runs of segments that repeat with shifted positions into
 * (nested) repeated segments. Not exported.
 */
package dev.jgrad.tape.internal.link;
