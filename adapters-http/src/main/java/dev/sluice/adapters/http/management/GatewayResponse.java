package dev.sluice.adapters.http.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LimitRulesWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** A gateway in Cloudflare's gateway-object shape. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record GatewayResponse(
        String id,
        String created_at,
        String modified_at,
        long cache_ttl,
        boolean cache_invalidate_on_update,
        boolean collect_logs,
        long rate_limiting_interval,
        long rate_limiting_limit,
        String rate_limiting_technique,
        boolean authentication,
        boolean is_default,
        @Nullable Long log_management,
        String log_management_strategy,
        boolean logpush,
        @Nullable String logpush_public_key,
        int retry_max_attempts,
        int retry_delay,
        String retry_backoff,
        List<Map<String, Object>> limits,
        @Nullable Map<String, Object> spend_limits) {

    static GatewayResponse of(Gateway gateway) {
        GatewaySettings s = gateway.settings();
        return new GatewayResponse(gateway.ref().id().value(), gateway.createdAt().toString(),
                gateway.modifiedAt().toString(), s.cacheTtlSeconds(), s.cacheInvalidateOnUpdate(), s.collectLogs(),
                s.rateLimitingIntervalSeconds(), s.rateLimitingLimit(), s.rateLimitingTechnique().wire(),
                s.authentication(), gateway.isDefault(),
                s.logManagement().isPresent() ? s.logManagement().getAsLong() : null,
                s.logManagementStrategy().wire(), s.logpush(), s.logpushPublicKey().orElse(null),
                s.retryMaxAttempts(), s.retryDelayMs(), s.retryBackoff().wire(),
                LimitRulesWriter.limits(s.limits()), LimitRulesWriter.spendLimits(s.limits()));
    }
}
