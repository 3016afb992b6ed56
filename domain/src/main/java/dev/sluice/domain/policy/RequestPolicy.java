package dev.sluice.domain.policy;

import dev.sluice.domain.cache.CacheDirectives;
import dev.sluice.domain.cost.CustomCost;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.GatewaySettings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one request asks of the gateway through its {@code cf-aig-*} headers. Request-level values win
 * over the gateway's settings.
 */
public record RequestPolicy(
        Metadata metadata,
        Optional<String> eventId,
        Optional<Duration> requestTimeout,
        OptionalInt maxAttempts,
        Optional<Duration> retryDelay,
        Optional<Backoff> backoff,
        CacheDirectives cache,
        Optional<CustomCost> customCost) {

    public static final RequestPolicy NONE = new RequestPolicy(Metadata.NONE, Optional.empty(),
            Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), CacheDirectives.NONE,
            Optional.empty());

    public RequestPolicy {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(customCost, "customCost");
    }

    public RetryPolicy retryPolicy(GatewaySettings settings) {
        return new RetryPolicy(
                maxAttempts.orElse(settings.retryMaxAttempts()),
                retryDelay.orElse(Duration.ofMillis(settings.retryDelayMs())),
                backoff.orElse(settings.retryBackoff()));
    }
}
