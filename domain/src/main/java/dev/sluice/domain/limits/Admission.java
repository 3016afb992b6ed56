package dev.sluice.domain.limits;

import java.time.Instant;
import java.util.Objects;

/**
 * What a counter answered to "count {@code amount} more": whether it was counted (it fits: the counter
 * was under its limit and stays within it), what the counter holds now, and when it next frees room
 * (fixed: the window's end; sliding: when its oldest entry leaves). An admitted amount is settled later
 * with the real one; {@code entry} names it in the counter.
 */
public record Admission(LimitCounter counter, boolean allowed, long used, Instant reset, long amount, long entry,
                        Instant countedAt) {

    public Admission {
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(countedAt, "countedAt");
    }

    public long remaining() {
        return Math.max(0, counter.limit() - used);
    }

    public RateDecision decision() {
        return new RateDecision(allowed, counter.limit(), remaining(), reset);
    }
}
