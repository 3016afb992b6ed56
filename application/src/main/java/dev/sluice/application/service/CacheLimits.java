package dev.sluice.application.service;

import java.time.Duration;

/**
 * How large an answer may be to be cached, and how long a coalesced request waits for its leader before
 * calling upstream itself.
 */
public record CacheLimits(long maxEntrySize, Duration followerWait) {

    public CacheLimits {
        if (maxEntrySize < 0) {
            throw new IllegalArgumentException("the largest cacheable answer cannot be negative");
        }
        if (followerWait == null || followerWait.isNegative()) {
            throw new IllegalArgumentException("a follower's wait must be zero or more");
        }
    }
}
