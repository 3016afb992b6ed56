package dev.sluice.adapters.http.edge;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the request bodies in flight on all connections may hold together ({@code sluice.server.request-body-budget}).
 * Every request keeps its body whole until it is answered (to send it on with its length, to retry it, to log it),
 * and several large ones at once ran the 128 MB heap out, failing every request in flight with them. A body over
 * {@link #SMALL} takes its share when its head arrives (by its {@code Content-Length}) or as its chunks come, and
 * gives it back when its answer ends or its connection closes ({@link BodyReservations}); one that would pass the
 * budget is refused with 503 (2115) and {@code Retry-After} before it is read. Bodies up to {@link #SMALL} are not
 * counted, so an ordinary request pays nothing.
 */
final class RequestBodyBudget {

    /** Bodies up to this size are not counted. */
    static final long SMALL = 64 * 1024;

    private final long budget;
    private final AtomicLong inFlight = new AtomicLong();

    RequestBodyBudget(long budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("the request body budget must be positive");
        }
        this.budget = budget;
    }

    /** Takes {@code bytes} of the budget, or nothing and false when that would pass it. */
    boolean reserve(long bytes) {
        if (inFlight.addAndGet(bytes) > budget) {
            inFlight.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes) {
        if (bytes > 0) {
            inFlight.addAndGet(-bytes);
        }
    }

    long budget() {
        return budget;
    }

    /** The bytes taken and not yet given back. */
    long inFlight() {
        return inFlight.get();
    }
}
