package dev.jgrad.tape.internal.codegen;

import java.util.Arrays;

/**
 * Numbers the distinct (base, stride) pairs of a loop's workspace references in the order they first appear: the
 * groups of {@link KernelGenerator}, looked up once per reference of every loop a recording finds, so in a table
 * without boxing rather than a map of {@code Long} keys or a scan of the pairs so far.
 */
final class SlotNumbers {

    private static final int EMPTY = -1;
    /** By number: base in the high half, stride in the low one. */
    private long[] pairs = new long[16];
    private int size;
    /** Open addressing: each entry a number, or {@link #EMPTY}. */
    private int[] table = filled(32);

    /** The number of the pair {@code (base, stride)}: the one it was given, or {@link #size()} if it is new. */
    int number(int base, int stride) {
        long pair = (long) base << 32 | stride & 0xFFFFFFFFL;
        int mask = table.length - 1;
        for (int i = spread(pair) & mask; ; i = i + 1 & mask) {
            int n = table[i];
            if (n == EMPTY) {
                add(pair, i);
                return size - 1;
            }
            if (pairs[n] == pair) {
                return n;
            }
        }
    }

    /** This table emptied, to number another loop's pairs (it keeps the room it grew to). */
    SlotNumbers cleared() {
        size = 0;
        Arrays.fill(table, EMPTY);
        return this;
    }

    /** How many distinct pairs have been numbered. */
    int size() {
        return size;
    }

    int base(int number) {
        return (int) (pairs[number] >> 32);
    }

    int stride(int number) {
        return (int) pairs[number];
    }

    private void add(long pair, int at) {
        if (size == pairs.length) {
            pairs = Arrays.copyOf(pairs, 2 * size);
        }
        pairs[size] = pair;
        table[at] = size++;
        if (2 * size > table.length) {
            table = filled(2 * table.length);
            for (int n = 0; n < size; n++) {
                int mask = table.length - 1;
                int i = spread(pairs[n]) & mask;
                while (table[i] != EMPTY) {
                    i = i + 1 & mask;
                }
                table[i] = n;
            }
        }
    }

    private static int spread(long pair) {
        long h = pair * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }

    private static int[] filled(int length) {
        int[] table = new int[length];
        Arrays.fill(table, EMPTY);
        return table;
    }
}
