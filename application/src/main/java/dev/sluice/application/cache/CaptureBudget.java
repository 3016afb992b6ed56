package dev.sluice.application.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes held at once, across every request, by copies of answers being taken for the cache. Each copy may grow
 * to the largest cacheable answer, and a few large answers copied at once took the whole heap: six concurrent 24 MB
 * answers on the README's 128 MB heap ran it out, and their requests went unanswered. A copy that would pass the
 * budget is given up instead, and its answer is passed on as usual, only not cached (nor shared as it streams). An
 * answer that is not cacheable takes nothing from it; one that is pays an uncontended atomic add per chunk.
 */
final class CaptureBudget {

    static final CaptureBudget UNLIMITED = new CaptureBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    CaptureBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("the capture budget cannot be negative");
        }
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget, or nothing when they would pass it. */
    boolean take(long bytes) {
        if (held.addAndGet(bytes) > limit) {
            held.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void give(long bytes) {
        if (bytes > 0) {
            held.addAndGet(-bytes);
        }
    }

    long held() {
        return held.get();
    }
}
