package dev.sluice.application.limits;

import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.limits.RateDecision;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Rate counters: counts one request against {@code limit} per {@code window} for {@code key} if it fits,
 * atomically, and takes one back. Fixed windows are aligned to the epoch; sliding ones count the requests
 * of the last {@code window}.
 */
public interface RateCountersPort {

    CompletionStage<RateDecision> acquire(String key, long limit, Duration window, RateLimitTechnique technique,
                                          Instant now);

    /** Takes back one request counted at {@code counted} (a cache hit does not count). */
    void release(String key, Duration window, RateLimitTechnique technique, Instant counted);
}
