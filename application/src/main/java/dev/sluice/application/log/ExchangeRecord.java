package dev.sluice.application.log;

import dev.sluice.domain.cost.CustomCost;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.log.LogCollection;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.usage.TokenUsage;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The raw facts of one finished upstream attempt (or cache hit), as the request path hands them to the
 * log writer. Turning them into a log entry — the model, the tokens, the cost — happens on the writer's
 * thread, never on the request path.
 *
 * @param attempt 0 for an answer from the cache, else the number of the call to the provider
 * @param status  the provider's status, or the gateway's own (502, 504) when no answer came
 * @param model   the model, when the surface knows it better than the bodies say (the unified API's
 *                client names it with the gateway's prefix)
 * @param usage   the tokens, when the surface read them from an answer the client saw translated
 * @param responseHeaders of the answer's headers, those a provider reports its tokens in (Bedrock's InvokeModel), usually
 *                        none: the rest are not kept while the entry waits for the writer
 */
public record ExchangeRecord(String id, Gateway gateway, LogCollection collection, Instant createdAt, String provider,
                      String path, Request request, int attempt, boolean cached, int status,
                      String responseContentType, ObservedBody.Seen response, boolean success, long durationMillis,
                      Optional<Duration> overhead, Optional<String> model, Optional<TokenUsage> usage,
                      Headers responseHeaders) {

    /** What the log needs of the request that was sent. */
    public record Request(byte[] body, String userAgent, String contentType, boolean authenticated, Metadata metadata,
                   String eventId, Optional<CustomCost> customCost, int step) {
    }

    long weight() {
        return request.body().length + (long) response.head().length + (response.complete() ? 0 : response.tail().length);
    }

    /** The same facts with the bodies cut to what reading the model and the tokens needs. */
    ExchangeRecord withoutBodies() {
        byte[] counted = response.forUsage();
        byte[] kept = counted.length <= KeptBytes.TAIL ? counted
                : Arrays.copyOfRange(counted, counted.length - KeptBytes.TAIL, counted.length);
        ObservedBody.Seen trimmed = new ObservedBody.Seen(new byte[0], false, kept, response.size(), response.clean(),
                response.cancelled(), response.timedOut());
        byte[] body = request.body();
        Request lighter = new Request(body.length <= KeptBytes.TAIL ? body
                : Arrays.copyOf(body, KeptBytes.TAIL), request.userAgent(), request.contentType(),
                request.authenticated(), request.metadata(), request.eventId(), request.customCost(), request.step());
        return new ExchangeRecord(id, gateway, collection, createdAt, provider, path, lighter, attempt, cached, status,
                responseContentType, trimmed, success, durationMillis, overhead, model, usage, responseHeaders);
    }
}
