package dev.sluice.domain.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/** A gateway's answer with how long it took, end to end as the caller saw it, and whether it skipped the cache. */
public record Generation(GatewayAnswer answer, Duration latency, boolean skipCache) {

    public Generation {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency cannot be negative");
        }
    }

    /** Milliseconds to the microsecond: a cache hit takes well under one, so whole milliseconds would say 0. */
    public BigDecimal latencyMillis() {
        return millis(latency);
    }

    static BigDecimal millis(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos()).movePointLeft(6).setScale(3, RoundingMode.HALF_UP);
    }
}
