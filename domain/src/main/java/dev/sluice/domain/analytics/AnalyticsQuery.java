package dev.sluice.domain.analytics;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Analytics for one gateway, or every gateway of the account, over {@code [from, to)}: totals and a
 * series of {@code interval} buckets, optionally per provider, model or metadata value. A series has at
 * most {@link #MAX_BUCKETS} buckets.
 */
public record AnalyticsQuery(AccountId account, Optional<GatewayId> gateway, Instant from, Instant to,
                             Interval interval, GroupBy groupBy) {

    public static final int MAX_BUCKETS = 10_000;

    public AnalyticsQuery {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(groupBy, "groupBy");
        if (!to.isAfter(from)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "end: must be after start");
        }
        long buckets = Duration.between(interval.bucketOf(from), to).getSeconds() / interval.seconds() + 1;
        if (buckets > MAX_BUCKETS) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "interval: " + interval.wireName()
                    + " buckets from start to end would be " + buckets + "; at most " + MAX_BUCKETS
                    + " are allowed, so choose a wider interval or a shorter range");
        }
    }

    public long fromMinute() {
        return Math.floorDiv(from.getEpochSecond(), 60);
    }

    /**
     * The last minute the range touches (inclusive): the sums are kept by the minute, so a minute the range covers in
     * part counts whole, at its end as at its start. Found by a probe: an end's fraction of a second was dropped, so a
     * range ending a millisecond into a minute left that minute out, and one within it counted nothing.
     */
    public long toMinuteInclusive() {
        return Math.floorDiv(to.minusNanos(1).getEpochSecond(), 60);
    }
}
