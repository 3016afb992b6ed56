package dev.sluice.domain.exchange;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that many requests at once may hold together, taken and given back by each: the copies of answers being
 * taken for the cache ({@code sluice.cache.capture-budget}), the request bodies in flight at the server's edge
 * ({@code sluice.server.request-body-budget}). Several large ones at once ran the README's 128 MB heap out, and every
 * request in flight with them failed; what would pass the budget is turned away instead, as its user decides. A take
 * is an uncontended atomic add.
 */
public final class ByteBudget {

    public static final ByteBudget UNLIMITED = new ByteBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    public ByteBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a byte budget cannot be negative");
        }
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget, or nothing and false when they would pass it. */
    public boolean take(long bytes) {
        if (held.addAndGet(bytes) > limit) {
            held.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    public void give(long bytes) {
        if (bytes > 0) {
            held.addAndGet(-bytes);
        }
    }

    /** The bytes taken and not yet given back. */
    public long held() {
        return held.get();
    }
}
