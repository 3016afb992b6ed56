package dev.sluice.adapters.http.management;

import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.gateway.RateLimitTechnique;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The body of a gateway create or update, in Cloudflare's field names. A field left out keeps its
 * current value (on create: the default), so a partial body never resets what it does not mention.
 * Fields Sluice does not implement (guardrails, dlp, otel, …) are accepted and ignored.
 */
@Serdeable
record GatewayRequest(
        @Nullable String id,
        @Nullable Long cache_ttl,
        @Nullable Boolean cache_invalidate_on_update,
        @Nullable Boolean collect_logs,
        @Nullable Long rate_limiting_interval,
        @Nullable Long rate_limiting_limit,
        @Nullable String rate_limiting_technique,
        @Nullable Boolean authentication,
        @Nullable Long log_management,
        @Nullable String log_management_strategy,
        @Nullable Boolean logpush,
        @Nullable String logpush_public_key,
        @Nullable Integer retry_max_attempts,
        @Nullable Integer retry_delay,
        @Nullable String retry_backoff) {

    GatewaySettings applyTo(GatewaySettings base) {
        return new GatewaySettings(
                or(cache_ttl, base.cacheTtlSeconds()),
                or(cache_invalidate_on_update, base.cacheInvalidateOnUpdate()),
                or(collect_logs, base.collectLogs()),
                or(rate_limiting_interval, base.rateLimitingIntervalSeconds()),
                or(rate_limiting_limit, base.rateLimitingLimit()),
                rate_limiting_technique == null ? base.rateLimitingTechnique()
                        : RateLimitTechnique.fromWire(rate_limiting_technique),
                or(authentication, base.authentication()),
                log_management == null ? base.logManagement() : OptionalLong.of(log_management),
                log_management_strategy == null ? base.logManagementStrategy()
                        : LogManagementStrategy.fromWire(log_management_strategy),
                or(logpush, base.logpush()),
                logpush_public_key == null ? base.logpushPublicKey() : Optional.of(logpush_public_key),
                or(retry_max_attempts, base.retryMaxAttempts()),
                or(retry_delay, base.retryDelayMs()),
                retry_backoff == null ? base.retryBackoff() : Backoff.fromWire(retry_backoff, "retry_backoff"));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
