package dev.jgrad.tape.internal.codegen;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Renumbers a method's locals so that a long loop body's code stays under the JIT's method limit. The generator
 * numbers a local per body position (its value and its adjoint), per workspace group, per parameter: for a body of a
 * hundred positions, several hundred locals, and every access past local 255 takes a {@code wide} prefix, doubling
 * its bytes. But a position's value and adjoint live only from their first to their last access within one
 * iteration, so the method's code is written twice: once recording each local's accesses, then with these
 * short-lived locals sharing a few slots (a linear scan over their ranges) numbered first, and the others after them.
 */
final class Locals {

    private int[] first = new int[64];
    private int[] last = new int[64];
    private int[] width = new int[64];
    private int accesses;

    /** Records an access to local {@code index} of {@code width} slots (1, or 2 for a double). */
    void access(int index, int width) {
        if (index >= first.length) {
            int size = Math.max(2 * first.length, index + 1);
            first = Arrays.copyOf(first, size);
            last = Arrays.copyOf(last, size);
            this.width = Arrays.copyOf(this.width, size);
        }
        if (this.width[index] == 0) {
            first[index] = accesses;
            this.width[index] = width;
        }
        last[index] = accesses++;
    }

    /**
     * The slot of each local recorded: those below {@code fixed} keep theirs; the {@code shortLived} doubles share
     * slots from {@code fixed} on where their access ranges do not overlap; every other local follows them.
     *
     * @param fixed      the locals that keep their numbers (the arguments and the loop's counters)
     * @param shortLived per local, whether it is written before it is read wherever the code uses it, within a
     *                   range of accesses outside which it is dead (a body position's value or adjoint in one
     *                   iteration)
     */
    int[] allocate(int fixed, boolean[] shortLived) {
        int[] slot = new int[first.length];
        Arrays.fill(slot, -1);
        Integer[] ranged = new Integer[first.length];
        int count = 0;
        for (int v = 0; v < first.length; v++) {
            if (width[v] == 0) {
                continue;
            }
            if (v < fixed) {
                slot[v] = v;
            } else if (v < shortLived.length && shortLived[v] && width[v] == 2) {
                ranged[count++] = v;
            }
        }
        Arrays.sort(ranged, 0, count, (a, b) -> Integer.compare(first[a], first[b]));
        PriorityQueue<Integer> free = new PriorityQueue<>();
        PriorityQueue<Integer> live = new PriorityQueue<>((a, b) -> Integer.compare(last[a], last[b]));
        int next = fixed;
        for (int i = 0; i < count; i++) {
            int v = ranged[i];
            while (!live.isEmpty() && last[live.peek()] < first[v]) {
                free.add(slot[live.poll()]);
            }
            if (free.isEmpty()) {
                slot[v] = next;
                next += 2;
            } else {
                slot[v] = free.poll();
            }
            live.add(v);
        }
        for (int v = fixed; v < first.length; v++) {
            if (width[v] != 0 && slot[v] < 0) {
                slot[v] = next;
                next += width[v];
            }
        }
        return slot;
    }
}
