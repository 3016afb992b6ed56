package dev.sluice.adapters.store.limits;

/**
 * The entries of one sliding window, oldest first — time, id and amount as primitive longs in a ring
 * that grows as needed (24 bytes an entry, no boxing) — and their sum. Not thread-safe; its counter's
 * lock guards it.
 */
final class EntryRing {

    private long[] times = new long[16];
    private long[] ids = new long[16];
    private long[] amounts = new long[16];
    private int head;
    private int size;
    private long sum;

    int size() {
        return size;
    }

    long sum() {
        return sum;
    }

    long first() {
        return times[head];
    }

    void add(long time, long id, long amount) {
        if (size == times.length) {
            times = grown(times);
            ids = grown(ids);
            amounts = grown(amounts);
            head = 0;
        }
        int index = (head + size) % times.length;
        times[index] = time;
        ids[index] = id;
        amounts[index] = amount;
        size++;
        sum += amount;
    }

    private long[] grown(long[] values) {
        long[] grown = new long[values.length * 2];
        for (int i = 0; i < size; i++) {
            grown[i] = values[(head + i) % values.length];
        }
        return grown;
    }

    /** Forgets the entries at or before {@code cutoff}. */
    void dropUpTo(long cutoff) {
        while (size > 0 && times[head] <= cutoff) {
            sum -= amounts[head];
            head = (head + 1) % times.length;
            size--;
        }
    }

    /** Sets the amount of entry {@code id}, if it is still in the window (newest first: settling is recent). */
    void settle(long id, long amount) {
        for (int i = size - 1; i >= 0; i--) {
            int index = (head + i) % times.length;
            if (ids[index] == id) {
                sum += amount - amounts[index];
                amounts[index] = amount;
                return;
            }
        }
    }
}
