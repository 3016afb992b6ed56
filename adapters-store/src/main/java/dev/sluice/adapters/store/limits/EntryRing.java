package dev.sluice.adapters.store.limits;

/**
 * The entries of one sliding window, oldest first, as slots of (time, first id, amount) in primitive arrays
 * that grow as needed (24 bytes a slot, no boxing), and their sum. Entries counted at the same time share
 * a slot: they leave the window together, so the sum is the same as with one slot each, and a window
 * holds at most one slot per distinct time, whatever the request rate (at 17,000 requests a second, one
 * slot a millisecond instead of seventeen entries). Not thread-safe; its counter's lock guards it.
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

    /**
     * Counts {@code amount} at {@code time} for entry {@code id}; ids grow with each call. An entry at the
     * newest slot's time joins it.
     */
    void add(long time, long id, long amount) {
        if (size > 0) {
            int newest = (head + size - 1) % times.length;
            if (times[newest] == time) {
                amounts[newest] += amount;
                sum += amount;
                return;
            }
        }
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

    /**
     * The time of the entry whose leaving the window lets {@code amount} in under {@code limit}: the oldest
     * entries leave first, and the sum must then be under the limit and stay within it. The newest entry's time
     * when nothing but an empty window would (an amount over the limit never fits).
     */
    long fitsAfter(long limit, long amount) {
        long left = sum;
        for (int i = 0; i < size; i++) {
            int index = (head + i) % times.length;
            left -= amounts[index];
            if (left < limit && left + amount <= limit) {
                return times[index];
            }
        }
        return times[(head + size - 1) % times.length];
    }

    /** The slots' times and amounts, oldest first (their ids are left out): to save them. */
    long[][] slots() {
        long[] savedTimes = new long[size];
        long[] savedAmounts = new long[size];
        for (int i = 0; i < size; i++) {
            int index = (head + i) % times.length;
            savedTimes[i] = times[index];
            savedAmounts[i] = amounts[index];
        }
        return new long[][] {savedTimes, savedAmounts};
    }

    /** Forgets the entries at or before {@code cutoff}. */
    void dropUpTo(long cutoff) {
        while (size > 0 && times[head] <= cutoff) {
            sum -= amounts[head];
            head = (head + 1) % times.length;
            size--;
        }
    }

    /**
     * Adds {@code change} to what entry {@code id} counts, if it is still in the window: its slot is the
     * newest whose first id is not after it. Slots' first ids grow from oldest to newest, so it is found by
     * binary search (a token rule settles when its answer ends, seconds and thousands of slots later). A
     * slot never counts less than nothing.
     */
    void settle(long id, long change) {
        if (size == 0 || ids[head] > id) {
            return;
        }
        int low = 0;
        int high = size - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (ids[(head + middle) % times.length] <= id) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        int index = (head + low) % times.length;
        long settled = Math.max(0, amounts[index] + change);
        sum += settled - amounts[index];
        amounts[index] = settled;
    }
}
