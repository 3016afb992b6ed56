package dev.sluice.domain.limits;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A request over a limit — a rate, token or concurrency limit (429, code 2003) or a spend limit (429,
 * code 2041) — with what the client needs to wait well: the limit, the remaining count and when room
 * frees ({@code Retry-After}, {@code x-ratelimit-*}), and the rule that refused it.
 */
public final class RateLimitedException extends GatewayException {

    private final RateDecision decision;
    private final Instant now;
    private final String rule;
    private final BigDecimal limit;

    /** @param limit the rule's limit as its owner set it: a count, or a spend rule's budget in dollars */
    public RateLimitedException(ErrorCode code, String message, RateDecision decision, Instant now, String rule,
                                BigDecimal limit) {
        super(code, message);
        this.decision = decision;
        this.now = now;
        this.rule = rule;
        this.limit = limit;
    }

    public RateDecision decision() {
        return decision;
    }

    /** The refusing rule's limit in its own unit (a spend rule's counters hold nanodollars; this is dollars). */
    public BigDecimal limit() {
        return limit;
    }

    public String rule() {
        return rule;
    }

    /**
     * What the refusing counter has left, in the rule's unit: 0 for a count that is full, and for a spend rule the
     * dollars left in its budget, which may be more than 0 when this request's estimate did not fit in them.
     */
    public BigDecimal remaining() {
        return code() == ErrorCode.SPEND_LIMITED ? BigDecimal.valueOf(decision.remaining(), 9).stripTrailingZeros()
                : BigDecimal.valueOf(decision.remaining());
    }

    /** Whole seconds until room frees, at least 1. */
    public long retryAfterSeconds() {
        long millis = Duration.between(now, decision.reset()).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
