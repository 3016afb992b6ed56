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
    private final boolean never;

    /** @param limit the rule's limit as its owner set it: a count, or a spend rule's budget in dollars */
    public RateLimitedException(ErrorCode code, String message, RateDecision decision, Instant now, String rule,
                                BigDecimal limit) {
        this(code, message, decision, now, rule, limit, false);
    }

    /**
     * @param never the request cannot pass the rule at any time (its spend estimate is more than the whole budget, or
     *              the limit is 0): there is no time to wait for, and no {@code Retry-After}
     */
    public RateLimitedException(ErrorCode code, String message, RateDecision decision, Instant now, String rule,
                                BigDecimal limit, boolean never) {
        super(code, message);
        this.decision = decision;
        this.now = now;
        this.rule = rule;
        this.limit = limit;
        this.never = never;
    }

    /** Whether waiting cannot help: the rule will never have room for this request. */
    public boolean never() {
        return never;
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
