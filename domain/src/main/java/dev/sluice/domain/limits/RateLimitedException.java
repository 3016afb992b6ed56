package dev.sluice.domain.limits;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.time.Duration;
import java.time.Instant;

/**
 * A request over a rate limit (429, code 2003), with what the client needs to wait well: the limit, the
 * remaining count (0) and when a slot frees ({@code Retry-After}, {@code x-ratelimit-*}).
 */
public final class RateLimitedException extends GatewayException {

    private final RateDecision decision;
    private final Instant now;

    public RateLimitedException(String message, RateDecision decision, Instant now) {
        super(ErrorCode.RATE_LIMITED, message);
        this.decision = decision;
        this.now = now;
    }

    public RateDecision decision() {
        return decision;
    }

    /** Whole seconds until a slot frees, at least 1. */
    public long retryAfterSeconds() {
        long millis = Duration.between(now, decision.reset()).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
