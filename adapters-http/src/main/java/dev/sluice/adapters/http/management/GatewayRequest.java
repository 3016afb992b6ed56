package dev.sluice.adapters.http.management;

import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

import java.util.List;

/**
 * The body of a gateway create or update, in Cloudflare's field names. A field left out keeps its
 * current value (on create: the default), so a partial body never resets what it does not mention.
 * Fields Sluice does not implement (guardrails, dlp, otel, …) and those a gateway object only answers with
 * (created_at, is_default, …) are accepted and ignored, so that a gateway read from Cloudflare or from Sluice can be
 * sent back as it is; any other is refused, naming it, as a misspelt setting ({@code rate_limitng_limit}) was
 * ignored and the setting silently not made. Beside Cloudflare's fields, {@code limits} holds Sluice's request, token
 * and concurrency rules; {@code spend_limits} is Cloudflare's.
 */
final class GatewayRequest {

    /** What Sluice acts on, then Cloudflare's other fields of a gateway, including those only its answers have. */
    private static final List<String> FIELDS = List.of("id", "cache_ttl", "cache_invalidate_on_update",
            "collect_logs", "rate_limiting_interval", "rate_limiting_limit", "rate_limiting_technique", "authentication",
            "log_management", "log_management_strategy", "logpush", "logpush_public_key", "retry_max_attempts",
            "retry_delay", "retry_backoff", "limits", "spend_limits",
            "created_at", "modified_at", "is_default", "log_classification", "guardrails", "dlp", "otel", "stripe",
            "store_id", "workers_ai_billing_mode", "zdr", "byok_only", "account_id", "account_tag", "internal_id");

    private final JsonFields fields;

    private GatewayRequest(JsonFields fields) {
        this.fields = fields;
    }

    static GatewayRequest of(@Nullable JsonNode body) {
        JsonFields fields = JsonFields.of(body);
        fields.only(FIELDS, "a gateway");
        return new GatewayRequest(fields);
    }

    @Nullable
    String id() {
        return fields.text("id");
    }

    /**
     * The settings with the body's fields applied. Where Cloudflare's gateway object says what {@code null} means, it
     * means that: {@code cache_ttl} null is caching off (stored and answered as 0), {@code log_management} null is no
     * cap, {@code logpush_public_key} null is no key. Any other field's {@code null} leaves it be, as if left out:
     * Cloudflare gives those no meaning (its booleans are not nullable).
     */
    GatewaySettings applyTo(GatewaySettings base) {
        GatewaySettingsChange change = GatewaySettingsChange.of(base);
        if (fields.isNull("log_management")) {
            change.noLogCap();
        }
        if (fields.isNull("logpush_public_key")) {
            change.noLogpushPublicKey();
        }
        return change
                .cacheTtl(fields.isNull("cache_ttl") ? Long.valueOf(0) : fields.whole("cache_ttl"))
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
