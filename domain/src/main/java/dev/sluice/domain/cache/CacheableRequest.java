package dev.sluice.domain.cache;

import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.json.JsonObjectReader;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a request its cache key is made of. The default key hashes the full body, which already
 * holds the model and a {@code "stream": true} (for Workers AI and Google the model is in the endpoint),
 * so the body is never parsed for it: a 25 MB body costs one hash, not a JSON parse on the event loop.
 * Only a {@code cf-aig-cache-key}, which replaces the body in the key, needs to know whether the request
 * streams, and only then is a JSON body read for its top-level {@code stream}, streamed and not built
 * ({@link JsonObjectReader#readTopLevelTrue}). {@code Accept:
 * text/event-stream} and Google's {@code :streamGenerateContent} mark a stream without a parse. The client's
 * {@code Accept-Encoding} is not part of it: it is not forwarded ({@link dev.sluice.domain.exchange.HeaderForwarding}),
 * so the answer does not depend on it.
 *
 * @param keyedHeaders the values of the request's headers that are part of the default key, one
 *                     {@code name=value} line each: those providers authenticate with, and those that choose which
 *                     answer's shape the provider sends ({@link #SHAPING_HEADERS})
 */
public record CacheableRequest(String provider, String endpoint, String keyedHeaders, byte[] body,
                               boolean streaming, Optional<String> customKey) {

    /** The headers providers authenticate with; their values are part of the default key. */
    static final List<String> AUTHENTICATION_HEADERS = List.of("authorization", "x-api-key", "api-key",
            "x-goog-api-key", "xi-api-key");

    /**
     * Headers that change what a provider answers to the same body: Anthropic's API version and beta features (an
     * answer with interleaved thinking, a longer output or a newer content block that an older client cannot read)
     * and OpenAI's beta opt-ins. Cloudflare's documented key does not name them; without them one client's answer
     * is replayed to another that asked for a different shape. A request that sends none keys as before.
     */
    static final List<String> SHAPING_HEADERS = List.of("anthropic-version", "anthropic-beta", "openai-beta");

    public CacheableRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(keyedHeaders, "keyedHeaders");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(customKey, "customKey");
    }

    public static CacheableRequest of(UpstreamRequest request, Optional<String> customKey, JsonObjectReader json) {
        boolean streaming = request.headers().first("accept")
                .filter(accept -> accept.toLowerCase(Locale.ROOT).contains("text/event-stream")).isPresent()
                || request.path().contains(":streamGenerateContent")
                || (customKey.isPresent() && json.readTopLevelTrue(request.body(), "stream"));
        String endpoint = request.method().toUpperCase(Locale.ROOT) + " " + request.path()
                + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        return new CacheableRequest(request.provider().slug().value(), endpoint, keyedHeaders(request.headers()),
                request.body(), streaming, customKey);
    }

    /**
     * Every value of every authentication and shaping header, in the order sent: a header sent twice is forwarded
     * twice, and the provider may read either.
     */
    private static String keyedHeaders(Headers headers) {
        StringBuilder keyed = new StringBuilder();
        append(keyed, headers, AUTHENTICATION_HEADERS);
        append(keyed, headers, SHAPING_HEADERS);
        return keyed.toString();
    }

    private static void append(StringBuilder keyed, Headers headers, List<String> names) {
        for (String name : names) {
            for (Header header : headers.all()) {
                if (header.is(name)) {
                    keyed.append(name).append('=').append(header.value()).append('\n');
                }
            }
        }
    }

}
