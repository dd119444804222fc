package dev.jgrad.tape.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Where a lean tape's reverse sweep keeps adjoints ({@link LeanSegment}): not one per slot. An instruction's adjoint
 * is needed only from the first contribution the sweep makes to it (from its last reader) until the sweep reaches it,
 * and most operands are read a few instructions after they are computed. A slot read only from fewer than
 * {@link #ring} slots later keeps its adjoint in a ring of that many entries, at {@code slot mod ring}: no two slots
 * sharing an entry are alive at once, since the later one is reached, its entry read and cleared, before any reader
 * of the earlier one (each less than {@code ring} after it) is swept. A slot read from further on, or an output
 * (whose adjoint is seeded before the sweep), keeps its own adjoint, numbered by its rank among those; inputs keep
 * theirs at their index, as every tape does. Slots no input's derivative reaches have none. The adjoint array is then
 * {@code inputs + far + ring} long, where a full recording's is one per slot.
 *
 * <p>The sums are the same, in the same order: an adjoint starts at 0 and receives the same contributions.
 */
public final class LeanAdjoints {

    private final int inputs;
    /** One bit per slot after the inputs: no input's derivative reaches it. */
    private final long[] passive;
    /** One bit per slot after the inputs: it keeps its own adjoint. */
    private final long[] far;
    /** Per 64 slots after the inputs, how many far slots come before them. */
    private final int[] rankBefore;
    private final int farCount;
    /** The ring's length, a power of two (at least 1). */
    private final int ring;

    private LeanAdjoints(int inputs, long[] passive, long[] far, int ring) {
        this.inputs = inputs;
        this.passive = passive;
        this.far = far;
        this.ring = ring;
        this.rankBefore = new int[far.length + 1];
        for (int i = 0; i < far.length; i++) {
            rankBefore[i + 1] = rankBefore[i] + Long.bitCount(far[i]);
        }
        this.farCount = rankBefore[far.length];
    }

    /**
     * The layout of a recording's adjoints: the ring whose length costs least (its entries plus the far slots it
     * leaves, counted over every operand reference), then which slots are far.
     *
     * @param pieces  the recording's instructions, in slot order
     * @param inputs  its number of inputs
     * @param passive one bit per slot after the inputs: set where no input's derivative reaches it
     * @param outputs the output slots
     * @param slots   the number of slots
     */
    public static LeanAdjoints of(List<Piece> pieces, int inputs, long[] passive, int[] outputs, int slots) {
        // per power of two k, the operand references reaching back 2^k to 2^(k+1) - 1 slots
        long[] byDistance = new long[32];
        for (Piece piece : pieces) {
            forEachRead(piece, inputs, passive, (reader, slot) ->
                    byDistance[31 - Integer.numberOfLeadingZeros(reader - slot)]++);
        }
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        long beyond = 0;
        for (long count : byDistance) {
            beyond += count;
        }
        for (int k = 0; k < 31; k++) {
            // a ring of 2^k entries serves references reaching back less than 2^k
            long cost = (1L << k) + beyond;
            if (cost < bestCost) {
                bestCost = cost;
                best = k;
            }
            beyond -= byDistance[k];
        }
        int ring = 1 << best;
        long[] far = new long[((slots - inputs) >>> 6) + 1];
        for (Piece piece : pieces) {
            forEachRead(piece, inputs, passive, (reader, slot) -> {
                if (reader - slot >= ring) {
                    mark(far, slot - inputs);
                }
            });
        }
        for (int output : outputs) {
            if (output >= inputs && !isPassive(passive, output - inputs)) {
                mark(far, output - inputs);
            }
        }
        return new LeanAdjoints(inputs, passive, far, ring);
    }

    /** What {@link #forEachRead} reports: an instruction's slot and the slot of an operand it reads. */
    private interface Read {
        void at(int reader, int slot);
    }

    /** Calls {@code read} for every operand of an instruction of {@code piece} that is after the inputs and active. */
    private static void forEachRead(Piece piece, int inputs, long[] passive, Read read) {
        piece.forEachOperand((instruction, arg) -> {
            int slot = piece.args[arg];
            if (slot >= inputs && !isPassive(passive, slot - inputs)) {
                read.at(piece.firstSlot + instruction, slot);
            }
        });
    }

    private static void mark(long[] bits, int index) {
        bits[index >>> 6] |= 1L << index;
    }

    /** Whether slot {@code inputs + index} is passive: static and small, for the JIT to inline in the sweep. */
    static boolean isPassive(long[] passive, int index) {
        return index >= 0 && (passive[index >>> 6] & (1L << index)) != 0;
    }

    /** Whether slot {@code slot} is passive. */
    boolean isPassive(int slot) {
        return isPassive(passive, slot - inputs);
    }

    /** The index of slot {@code slot}'s adjoint in a workspace's adjoint array; {@code slot} must not be passive. */
    int index(int slot) {
        int index = slot - inputs;
        if (index < 0) {
            return slot;
        }
        long word = far[index >>> 6];
        long bit = 1L << index;
        if ((word & bit) != 0) {
            return inputs + rankBefore[index >>> 6] + Long.bitCount(word & (bit - 1));
        }
        return inputs + farCount + (slot & (ring - 1));
    }

    /**
     * Whether the adjoint at {@code index} (an {@link #index} of a slot that is not passive) is in the ring, so that
     * the sweep clears it once it has read it.
     */
    boolean inRing(int index) {
        return index >= inputs + farCount;
    }

    /**
     * The length of a workspace's adjoint array: the inputs', the far slots', the ring's, and one last entry where a
     * passive output's seed goes, which nothing reads.
     */
    public int length() {
        return inputs + farCount + ring + 1;
    }

    /**
     * Zeroes the adjoints of the far slots among {@code from .. to-1}, and with {@code andRing} the ring's.
     */
    void clear(double[] adj, int from, int to, boolean andRing) {
        int lo = from - inputs;
        int hi = to - inputs;
        Arrays.fill(adj, inputs + rank(lo), inputs + rank(hi), 0);
        if (andRing) {
            Arrays.fill(adj, inputs + farCount, length(), 0);
        }
    }

    /** The far slots among the first {@code index} after the inputs. */
    private int rank(int index) {
        int word = index >>> 6;
        int bits = index & 63;
        return rankBefore[word] + (bits == 0 ? 0 : Long.bitCount(far[word] & ((1L << bits) - 1)));
    }

    /** The adjoint indices of {@code outputs}, for seeding: inputs and far slots only (outputs are made far). */
    public int[] outputIndices(int[] outputs) {
        int[] indices = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            indices[i] = outputs[i] >= inputs && isPassive(outputs[i]) ? length() - 1 : index(outputs[i]);
        }
        return indices;
    }

    /** The bytes this layout keeps (its bit sets and ranks), beside the program's instructions. */
    public long bytes() {
        return 8L * far.length + 4L * rankBefore.length;
    }
}
