package dev.jgrad.tape.internal;

import java.util.function.IntConsumer;

/**
 * Consecutive instructions committed as plain code: op codes, operands and edges as recorded, in slots until
 * the linker rewrites them into workspace positions.
 */
public final class Piece {
    /** The slot of the first instruction. */
    public final int firstSlot;
    /** The op codes. */
    public final byte[] ops;
    /** The operand entries, instruction after instruction. */
    public final int[] args;
    /** The edges, in recording order; once linked, those into inputs are moved to {@link #inputEdges}. */
    public int[] edges;
    /** Once linked: the edges into inputs kept apart. */
    public int[] inputEdges = new int[0];

    public Piece(int firstSlot, byte[] ops, int[] args, int[] edges) {
        this.firstSlot = firstSlot;
        this.ops = ops;
        this.args = args;
        this.edges = edges;
    }

    public int endSlot() {
        return firstSlot + ops.length;
    }

    /** Calls {@code atArg} with the index in {@link #args} of each operand slot, instruction by instruction. */
    public void forEachOperand(IntConsumer atArg) {
        int p = 0;
        for (byte code : ops) {
            int entries = Codes.argCount(code, args, p);
            if (code != Codes.CONST) {
                for (int i = Codes.fixedCount(code); i < entries; i++) {
                    atArg.accept(p + i);
                }
            }
            p += entries;
        }
    }
}
