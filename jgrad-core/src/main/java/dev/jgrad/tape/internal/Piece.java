package dev.jgrad.tape.internal;

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

    /**
     * What {@link #forEachOperand} reports: an instruction's index in the piece and one of its operand slots' index in
     * {@link #args}.
     */
    public interface Operand {
        void at(int instruction, int arg);
    }

    /** Calls {@code operand} for each operand slot, instruction by instruction. */
    public void forEachOperand(Operand operand) {
        int p = 0;
        for (int instruction = 0; instruction < ops.length; instruction++) {
            byte code = ops[instruction];
            int entries = Codes.argCount(code, args, p);
            if (code != Codes.CONST) {
                for (int i = Codes.fixedCount(code); i < entries; i++) {
                    operand.at(instruction, p + i);
                }
            }
            p += entries;
        }
    }
}
