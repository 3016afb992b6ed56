package dev.sluice.domain.policy;

import dev.sluice.domain.gateway.Backoff;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed upstream call is tried and how long to wait between tries. An attempt failed when
 * the provider could not be reached, did not answer in time, or answered 429 or 5xx; any other answer,
 * error or not, is the provider's to give to the client.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Backoff backoff) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Backoff.CONSTANT);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 5) {
            throw new IllegalArgumentException("maxAttempts must be 1..5");
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(backoff, "backoff");
    }

    public boolean mayRetryAfter(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** The pause before retry number {@code retry} (1 for the first retry). */
    public Duration delayBefore(int retry) {
        return switch (backoff) {
            case CONSTANT -> baseDelay;
            case LINEAR -> baseDelay.multipliedBy(retry);
            case EXPONENTIAL -> baseDelay.multipliedBy(1L << Math.min(retry - 1, 10));
        };
    }

    public static boolean retryableStatus(int status) {
        return status == 429 || status >= 500;
    }
}
