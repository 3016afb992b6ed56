package dev.sluice.adapters.store.limits;

/**
 * The request times of one sliding window, oldest first, as primitive longs in a ring that grows as
 * needed: 8 bytes a request rather than a boxed {@code Long} and a deque node. Not thread-safe; its
 * counter's lock guards it.
 */
final class TimeRing {

    private long[] times = new long[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    long first() {
        return times[head];
    }

    void add(long time) {
        if (size == times.length) {
            long[] grown = new long[times.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = times[(head + i) % times.length];
            }
            times = grown;
            head = 0;
        }
        times[(head + size) % times.length] = time;
        size++;
    }

    /** Forgets the times at or before {@code cutoff}. */
    void dropUpTo(long cutoff) {
        while (size > 0 && times[head] <= cutoff) {
            head = (head + 1) % times.length;
            size--;
        }
    }

    /** Takes out the newest occurrence of {@code time}, if any. */
    void removeLast(long time) {
        for (int i = size - 1; i >= 0; i--) {
            int index = (head + i) % times.length;
            if (times[index] == time) {
                for (int j = i; j < size - 1; j++) {
                    times[(head + j) % times.length] = times[(head + j + 1) % times.length];
                }
                size--;
                return;
            }
        }
    }
}
