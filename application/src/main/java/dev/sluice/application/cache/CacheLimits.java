package dev.sluice.application.cache;

import dev.sluice.domain.exchange.ByteBudget;

import java.time.Duration;

/**
 * How large an answer may be to be cached; how many bytes the copies of answers being taken for the cache may hold
 * at once, across every request ({@link ByteBudget}); how long a coalesced request waits for its leader before
 * calling upstream itself; and how long any answer may lie unread (its client gone) before it is given
 * up, its upstream connection released and its log entry written (the watchdog of the log's {@code ObservedBody}).
 */
public record CacheLimits(long maxEntrySize, Duration followerWait, Duration unreadBodyLimit, long captureBudget) {

    /** A response body is normally read microseconds after its head; five seconds means nobody will. */
    public static final Duration UNREAD_BODY_LIMIT = Duration.ofSeconds(5);

    public CacheLimits(long maxEntrySize, Duration followerWait) {
        this(maxEntrySize, followerWait, UNREAD_BODY_LIMIT);
    }

    public CacheLimits(long maxEntrySize, Duration followerWait, Duration unreadBodyLimit) {
        this(maxEntrySize, followerWait, unreadBodyLimit, Long.MAX_VALUE);
    }

    public CacheLimits {
        if (maxEntrySize < 0) {
            throw new IllegalArgumentException("the largest cacheable answer cannot be negative");
        }
        if (followerWait == null || followerWait.isNegative()) {
            throw new IllegalArgumentException("a follower's wait must be zero or more");
        }
        if (unreadBodyLimit == null || unreadBodyLimit.isNegative() || unreadBodyLimit.isZero()) {
            throw new IllegalArgumentException("the unread-body limit must be positive");
        }
        if (captureBudget < 0) {
            throw new IllegalArgumentException("the capture budget cannot be negative");
        }
    }
}
