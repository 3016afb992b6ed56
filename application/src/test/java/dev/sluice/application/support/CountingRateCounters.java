package dev.sluice.application.support;

import dev.sluice.application.limits.RateCountersPort;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.limits.RateDecision;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** For the core's tests: a count per key that never resets (the real windows are the adapters' and tested there). */
public final class CountingRateCounters implements RateCountersPort {

    public final Map<String, Long> counts = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<RateDecision> acquire(String key, long limit, Duration window, RateLimitTechnique technique,
                                                 Instant now) {
        long before = counts.getOrDefault(key, 0L);
        if (before >= limit) {
            return CompletableFuture.completedFuture(new RateDecision(false, limit, 0, now.plus(window)));
        }
        counts.put(key, before + 1);
        return CompletableFuture.completedFuture(new RateDecision(true, limit, limit - before - 1, now.plus(window)));
    }

    @Override
    public void release(String key, Duration window, RateLimitTechnique technique, Instant counted) {
        counts.computeIfPresent(key, (ignored, count) -> count - 1);
    }
}
