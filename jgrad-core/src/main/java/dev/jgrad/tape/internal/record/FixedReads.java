package dev.jgrad.tape.internal.record;

import dev.jgrad.tape.internal.Loop.Kind;
import dev.jgrad.tape.internal.Loop.Ref;
import java.util.Arrays;

/**
 * The references of one loop body that read a value at the same slot in every iteration (a constant, a data input, a
 * parameter), one per slot, so that every read of that slot as an operand or a partial shares it: a mixture's body
 * reads the constants 1 and -1 as the partials of its thirty additions and subtractions. Reads only: linking gives
 * a read of a value and an update of an adjoint different groups, so an edge's operand keeps a reference of its own.
 */
final class FixedReads {

    private static final int EMPTY = -1;
    /** Open addressing by slot: the slot, or {@link #EMPTY}, with its reference beside it. */
    private int[] slots = filled(64);
    private Ref[] refs = new Ref[64];
    /** The entries in use, so that clearing costs what one body used. */
    private int[] used = new int[16];
    private int size;

    /** The reference reading {@code slot} in every iteration, made on its first read in the body. */
    Ref at(int slot) {
        int mask = slots.length - 1;
        int i = spread(slot) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == slot) {
                return refs[i];
            }
            i = i + 1 & mask;
        }
        Ref r = new Ref(Kind.MEMORY, slot, 0, -1);
        put(slot, r, i);
        if (4 * size > slots.length) {
            grow();
        }
        return r;
    }

    /** Forgets the references of the last body, for the next one. */
    void clear() {
        for (int n = 0; n < size; n++) {
            slots[used[n]] = EMPTY;
            refs[used[n]] = null;
        }
        size = 0;
    }

    private void put(int slot, Ref r, int at) {
        if (size == used.length) {
            used = Arrays.copyOf(used, 2 * size);
        }
        slots[at] = slot;
        refs[at] = r;
        used[size++] = at;
    }

    private void grow() {
        int[] oldSlots = slots;
        Ref[] oldRefs = refs;
        int[] oldUsed = Arrays.copyOf(used, size);
        slots = filled(2 * oldSlots.length);
        refs = new Ref[slots.length];
        int mask = slots.length - 1;
        size = 0;
        for (int at : oldUsed) {
            int i = spread(oldSlots[at]) & mask;
            while (slots[i] != EMPTY) {
                i = i + 1 & mask;
            }
            put(oldSlots[at], oldRefs[at], i);
        }
    }

    private static int spread(int slot) {
        return slot * 0x9E3779B1 ^ slot >>> 16;
    }

    private static int[] filled(int length) {
        int[] a = new int[length];
        Arrays.fill(a, EMPTY);
        return a;
    }
}
