package dev.sluice.adapters.http.logs;

import dev.sluice.domain.number.Decimals;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.usage.TokenUsage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/**
 * A log entry as Cloudflare's API lists it (§6.2), {@code metadata} as a JSON-encoded string, plus the
 * fields Cloudflare stores but does not name in its log object (under the names its filters use:
 * {@code event_id}, {@code feedback}, {@code score}, {@code user_agent}) and Sluice's own
 * ({@code attempt}, {@code tokens_estimated}, {@code cached_tokens_in}, {@code authentication}).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record LogView(String id, String created_at, String provider, String model, @Nullable String model_type, String path,
               long duration, boolean success, boolean cached, @Nullable Long tokens_in, @Nullable Long tokens_out,
               BigDecimal cost, boolean custom_cost, String metadata, String request_content_type,
               String response_content_type, String request_type, int status_code, int step, String event_id,
               @Nullable Integer feedback, @Nullable BigDecimal score, String user_agent, int attempt,
               boolean tokens_estimated, long cached_tokens_in, boolean authentication, long request_size,
               long response_size) {

    static LogView of(LogEntry entry, String metadataJson) {
        TokenUsage usage = entry.usage().orElse(null);
        return new LogView(entry.id(), entry.createdAt().toString(), entry.provider(), entry.model(), null, entry.path(),
                entry.durationMillis(), entry.success(), entry.cached(), usage == null ? null : usage.input(),
                usage == null ? null : usage.output(), Decimals.trimmed(entry.cost().usd()), entry.cost().custom(),
                metadataJson, entry.requestContentType(), entry.responseContentType(), "provider", entry.statusCode(),
                entry.step(), entry.eventId(), entry.feedback().isPresent() ? entry.feedback().getAsInt() : null,
                entry.score().orElse(null), entry.userAgent(), entry.attempt(), usage != null && usage.estimated(),
                usage == null ? 0 : usage.cachedInput(), entry.authenticated(), entry.requestSize(),
                entry.responseSize());
    }
}
