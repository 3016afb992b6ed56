package dev.sluice.adapters.store.limits;

import dev.sluice.application.limits.RateCountersPort;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.limits.RateDecision;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate counters in this process, exact: a fixed window is a count for the current epoch-aligned window;
 * a sliding window is the log of the last window's request times, so no more than the limit pass in any
 * window-long span (memory: 8 bytes per request counted in the last window, in a ring of primitive
 * longs, at most the limit per key). Each key's
 * counter is updated under its own lock; nothing here blocks for long.
 */
public final class EmbeddedRateCounters implements RateCountersPort {

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<RateDecision> acquire(String key, long limit, Duration window, RateLimitTechnique technique,
                                                 Instant now) {
        Counter counter = counters.computeIfAbsent(key + "|" + technique + "|" + window.toMillis(),
                ignored -> new Counter());
        synchronized (counter) {
            return CompletableFuture.completedFuture(technique == RateLimitTechnique.FIXED
                    ? counter.fixed(limit, window.toMillis(), now.toEpochMilli())
                    : counter.sliding(limit, window.toMillis(), now.toEpochMilli()));
        }
    }

    @Override
    public void release(String key, Duration window, RateLimitTechnique technique, Instant counted) {
        Counter counter = counters.get(key + "|" + technique + "|" + window.toMillis());
        if (counter == null) {
            return;
        }
        synchronized (counter) {
            if (technique == RateLimitTechnique.FIXED) {
                if (counter.windowStart == Math.floorDiv(counted.toEpochMilli(), window.toMillis()) * window.toMillis()
                        && counter.count > 0) {
                    counter.count--;
                }
            } else {
                counter.times.removeLast(counted.toEpochMilli());
            }
        }
    }

    private static final class Counter {
        private long windowStart = Long.MIN_VALUE;
        private long count;
        private final TimeRing times = new TimeRing();

        RateDecision fixed(long limit, long windowMillis, long now) {
            long start = Math.floorDiv(now, windowMillis) * windowMillis;
            if (start != windowStart) {
                windowStart = start;
                count = 0;
            }
            Instant reset = Instant.ofEpochMilli(start + windowMillis);
            if (count >= limit) {
                return new RateDecision(false, limit, 0, reset);
            }
            count++;
            return new RateDecision(true, limit, limit - count, reset);
        }

        RateDecision sliding(long limit, long windowMillis, long now) {
            times.dropUpTo(now - windowMillis);
            if (times.size() >= limit) {
                return new RateDecision(false, limit, 0, Instant.ofEpochMilli(times.first() + windowMillis));
            }
            times.add(now);
            Instant reset = Instant.ofEpochMilli(times.first() + windowMillis);
            return new RateDecision(true, limit, limit - times.size(), reset);
        }
    }
}
