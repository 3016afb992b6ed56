package dev.sluice.domain.log;

import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.usage.TokenUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One upstream attempt on record (a cache hit is one entry of its own, at zero cost): the fields of
 * Cloudflare's log object plus what Sluice keeps besides ({@code attempt}, whether the tokens were
 * estimated, whether the bodies were kept). Text fields absent on the wire are empty strings here.
 *
 * @param id              the {@code cf-aig-log-id} the response carried (earlier attempts have their own)
 * @param durationMillis  from the request's arrival to the end of this attempt's answer
 * @param usage           empty when there was no answer to count (the provider could not be reached)
 * @param step            the step of a universal request; 0 for a provider-native one
 * @param attempt         1 for the first call to the provider, 2 for its first retry, …
 * @param feedback        -1, 0 or 1 once set through the API
 */
public record LogEntry(
        String id,
        GatewayRef gateway,
        Instant createdAt,
        String provider,
        String model,
        String path,
        boolean success,
        boolean cached,
        int statusCode,
        Optional<TokenUsage> usage,
        Cost cost,
        long durationMillis,
        Metadata metadata,
        String eventId,
        String requestContentType,
        String responseContentType,
        long requestSize,
        long responseSize,
        int step,
        int attempt,
        OptionalInt feedback,
        Optional<BigDecimal> score,
        String userAgent,
        boolean authenticated,
        boolean payloadStored) {

    public LogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(requestContentType, "requestContentType");
        Objects.requireNonNull(responseContentType, "responseContentType");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(userAgent, "userAgent");
        provider = keepable(provider);
        model = keepable(model);
        path = keepable(path);
        eventId = keepable(eventId);
        requestContentType = keepable(requestContentType);
        responseContentType = keepable(responseContentType);
        userAgent = keepable(userAgent);
    }

    /**
     * The text as a log store keeps it: a NUL character (a model name in a request body can hold one) becomes
     * U+FFFD. PostgreSQL refuses NUL in text, and the batch holding it failed again at every retry, so one request
     * stopped all logging; SQLite's functions end a string at it.
     */
    static String keepable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    public boolean failed() {
        return !success;
    }

    /** The entry with feedback, score and metadata changed as the patch says. */
    public LogEntry patched(LogPatch patch) {
        return new LogEntry(id, gateway, createdAt, provider, model, path, success, cached, statusCode, usage,
                cost, durationMillis, patch.metadata().orElse(metadata), eventId, requestContentType,
                responseContentType, requestSize, responseSize, step, attempt,
                patch.feedback().orElse(feedback), patch.score().orElse(score), userAgent, authenticated,
                payloadStored);
    }
}
