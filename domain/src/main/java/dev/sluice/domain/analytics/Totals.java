package dev.sluice.domain.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a report says about a set of requests ({@code rateLimitedRequests}: those a limit refused). {@code cacheHitRatio} is cached over all requests (0 to 1);
 * the latency figures are milliseconds, within about 5% (see {@link LatencyHistogram}).
 */
public record Totals(long requests, long errors, long cachedRequests, long rateLimitedRequests, long tokensIn, long tokensOut, BigDecimal cost,
                     BigDecimal cacheHitRatio, BigDecimal averageLatency, BigDecimal p50Latency,
                     BigDecimal p95Latency, BigDecimal p99Latency) {

    static Totals of(Tally tally) {
        long requests = tally.requests();
        BigDecimal ratio = requests == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(tally.cached()).divide(BigDecimal.valueOf(requests), 4, RoundingMode.HALF_UP);
        BigDecimal average = requests == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(tally.durationSum()).divide(BigDecimal.valueOf(requests), 1, RoundingMode.HALF_UP);
        return new Totals(requests, tally.errors(), tally.cached(), tally.limited(), tally.tokensIn(), tally.tokensOut(),
                tally.cost().stripTrailingZeros(), ratio, average, tally.latency().percentile(50),
                tally.latency().percentile(95), tally.latency().percentile(99));
    }
}
