package dev.sluice.adapters.http.management;

import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

/**
 * The body of a gateway create or update, in Cloudflare's field names. A field left out keeps its
 * current value (on create: the default), so a partial body never resets what it does not mention.
 * Fields Sluice does not implement (guardrails, dlp, otel, …) are accepted and ignored. Beside Cloudflare's
 * fields, {@code limits} holds Sluice's request, token and concurrency rules; {@code spend_limits} is
 * Cloudflare's.
 */
final class GatewayRequest {

    private final JsonFields fields;

    private GatewayRequest(JsonFields fields) {
        this.fields = fields;
    }

    static GatewayRequest of(@Nullable JsonNode body) {
        return new GatewayRequest(JsonFields.of(body));
    }

    @Nullable
    String id() {
        return fields.text("id");
    }

    GatewaySettings applyTo(GatewaySettings base) {
        GatewaySettingsChange change = GatewaySettingsChange.of(base);
        if (fields.isNull("log_management")) {
            // Cloudflare's log_management is a number or null; null is no cap (any other field's null leaves it be).
            change.noLogCap();
        }
        return change
                .cacheTtl(fields.whole("cache_ttl"))
                .cacheInvalidateOnUpdate(fields.bool("cache_invalidate_on_update"))
                .collectLogs(fields.bool("collect_logs"))
                .rateLimiting(fields.whole("rate_limiting_interval"), fields.whole("rate_limiting_limit"),
                        fields.text("rate_limiting_technique"))
                .authentication(fields.bool("authentication"))
                .logManagement(fields.whole("log_management"), fields.text("log_management_strategy"))
                .logpush(fields.bool("logpush"), fields.text("logpush_public_key"))
                .retry(fields.integer("retry_max_attempts"), fields.integer("retry_delay"), fields.text("retry_backoff"))
                .limits(fields.plain("limits"), fields.plain("spend_limits"))
                .apply();
    }
}
