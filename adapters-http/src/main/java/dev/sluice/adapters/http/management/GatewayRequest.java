package dev.sluice.adapters.http.management;

import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

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
        return GatewaySettingsChange.of(base)
                .cacheTtl(cache_ttl)
                .cacheInvalidateOnUpdate(cache_invalidate_on_update)
                .collectLogs(collect_logs)
                .rateLimiting(rate_limiting_interval, rate_limiting_limit, rate_limiting_technique)
                .authentication(authentication)
                .logManagement(log_management, log_management_strategy)
                .logpush(logpush, logpush_public_key)
                .retry(retry_max_attempts, retry_delay, retry_backoff)
                .apply();
    }
}
