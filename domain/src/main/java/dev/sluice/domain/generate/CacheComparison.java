package dev.sluice.domain.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * The same prompt answered twice: once through the cache (a real hit, primed first when needed) and
 * once skipping it. The delta is how much the cache saved; the speedup how many times faster it was.
 */
public record CacheComparison(Generation cached, Generation fresh) {

    public CacheComparison {
        Objects.requireNonNull(cached, "cached");
        Objects.requireNonNull(fresh, "fresh");
    }

    public BigDecimal latencyDeltaMillis() {
        return Generation.millis(fresh.latency().minus(cached.latency()));
    }

    /** Fresh latency over cached latency, to two decimals; absent when the cached call took no measurable time. */
    public Optional<BigDecimal> speedup() {
        long cachedNanos = cached.latency().toNanos();
        if (cachedNanos == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(fresh.latency().toNanos())
                .divide(BigDecimal.valueOf(cachedNanos), 2, RoundingMode.HALF_UP));
    }
}
