package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Ref;
import dev.jgrad.tape.internal.SlotNumbers;
import java.util.Arrays;

/**
 * The references of one loop body that read a value at the same slot in every iteration (a constant, a data input, a
 * parameter), one per slot, so that every read of that slot as an operand or a partial shares it: a mixture's body
 * reads the constants 1 and -1 as the partials of its thirty additions and subtractions. Reads only: linking gives
 * a read of a value and an update of an adjoint different groups, so an edge's operand keeps a reference of its own.
 */
final class FixedReads {

    /** The slots read so far, numbered in order. */
    private final SlotNumbers slots = new SlotNumbers();
    /** By number: the reference reading that slot. */
    private Ref[] refs = new Ref[16];

    /** The reference reading {@code slot} in every iteration, made on its first read in the body. */
    Ref at(int slot) {
        int n = slots.number(slot, 0);
        if (n == refs.length) {
            refs = Arrays.copyOf(refs, 2 * n);
        }
        if (refs[n] == null) {
            refs[n] = new Ref(Kind.MEMORY, slot, 0, -1);
        }
        return refs[n];
    }

    /** Forgets the references of the last body, for the next one. */
    void clear() {
        Arrays.fill(refs, 0, slots.size(), null);
        slots.cleared();
    }
}
