package dev.jgrad.tape.internal;

import java.util.Arrays;

/**
 * Numbers the distinct (base, stride) pairs of a loop's references in the order they first appear: the kernel
 * generator's groups of workspace references, and the loop detector's fixed slots (stride 0) that one reference
 * serves. Looked up once per reference of every loop a recording finds, so in a table without boxing rather than a
 * map of {@code Long} keys or a scan of the pairs so far; emptied for the next loop at the cost of what it numbered.
 */
public final class SlotNumbers {

    /** A table entry no pair holds: its number is negative. */
    private static final long EMPTY = -1;
    /** By number: base in the high half, stride in the low one. */
    private long[] pairs = new long[16];
    private int size;
    /**
     * Open addressing, two longs per entry: the pair, then its number ({@link #EMPTY} in both where none is): a
     * probe reads one cache line rather than a number here and its pair in {@link #pairs}.
     */
    private long[] table = emptyTable(32);
    /** Where in {@link #table} each number's entry lies, so that clearing costs what was numbered, not the table. */
    private int[] entryOf = new int[16];

    /** The number of the pair {@code (base, stride)}: the one it was given, or {@link #size()} if it is new. */
    public int number(int base, int stride) {
        long pair = (long) base << 32 | stride & 0xFFFFFFFFL;
        int mask = (table.length >> 1) - 1;
        for (int i = spread(pair) & mask; ; i = i + 1 & mask) {
            long number = table[2 * i + 1];
            if (number == EMPTY) {
                add(pair, i);
                return size - 1;
            }
            if (table[2 * i] == pair) {
                return (int) number;
            }
        }
    }

    /** The number of the pair {@code (base, stride)} if it has one, else -1; numbers nothing. */
    public int find(int base, int stride) {
        long pair = (long) base << 32 | stride & 0xFFFFFFFFL;
        int mask = (table.length >> 1) - 1;
        for (int i = spread(pair) & mask; ; i = i + 1 & mask) {
            long number = table[2 * i + 1];
            if (number == EMPTY) {
                return -1;
            }
            if (table[2 * i] == pair) {
                return (int) number;
            }
        }
    }

    /** This table emptied, to number another loop's pairs (it keeps the room it grew to). */
    public SlotNumbers cleared() {
        for (int n = 0; n < size; n++) {
            table[2 * entryOf[n]] = EMPTY;
            table[2 * entryOf[n] + 1] = EMPTY;
        }
        size = 0;
        return this;
    }

    /** How many distinct pairs have been numbered. */
    public int size() {
        return size;
    }

    /** The base of the pair numbered {@code number}. */
    public int base(int number) {
        return (int) (pairs[number] >> 32);
    }

    /** The stride of the pair numbered {@code number}. */
    public int stride(int number) {
        return (int) pairs[number];
    }

    private void add(long pair, int at) {
        if (size == pairs.length) {
            pairs = Arrays.copyOf(pairs, 2 * size);
            entryOf = Arrays.copyOf(entryOf, 2 * size);
        }
        pairs[size] = pair;
        put(pair, size, at);
        size++;
        if (4 * size > table.length) {
            table = emptyTable(2 * table.length);
            int mask = (table.length >> 1) - 1;
            for (int n = 0; n < size; n++) {
                int i = spread(pairs[n]) & mask;
                while (table[2 * i + 1] != EMPTY) {
                    i = i + 1 & mask;
                }
                put(pairs[n], n, i);
            }
        }
    }

    private void put(long pair, int number, int at) {
        table[2 * at] = pair;
        table[2 * at + 1] = number;
        entryOf[number] = at;
    }

    private static int spread(long pair) {
        long h = pair * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }

    /** A table of {@code longs / 2} empty entries. */
    private static long[] emptyTable(int longs) {
        long[] table = new long[longs];
        Arrays.fill(table, EMPTY);
        return table;
    }
}
