package dev.sluice.domain.cache;

import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.json.JsonObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a request its cache key is made of. The default key hashes the full body, which already
 * holds the model and a {@code "stream": true} (for Workers AI and Google the model is in the endpoint),
 * so the body is never parsed for it: a 25 MB body costs one hash, not a JSON parse on the event loop.
 * Only a {@code cf-aig-cache-key}, which replaces the body in the key, needs to know whether the request
 * streams, and only then is a JSON body read for its top-level {@code stream} field. {@code Accept:
 * text/event-stream} and Google's {@code :streamGenerateContent} mark a stream without a parse.
 */
public record CacheableRequest(String provider, String endpoint, String authentication, byte[] body,
                               boolean streaming, Optional<String> customKey) {

    /** The headers providers authenticate with; their values are part of the default key. */
    static final List<String> AUTHENTICATION_HEADERS = List.of("authorization", "x-api-key", "api-key",
            "x-goog-api-key", "xi-api-key");

    public CacheableRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(customKey, "customKey");
    }

    public static CacheableRequest of(UpstreamRequest request, Optional<String> customKey, JsonObjectReader json) {
        boolean streaming = request.headers().first("accept")
                .filter(accept -> accept.toLowerCase(Locale.ROOT).contains("text/event-stream")).isPresent()
                || request.path().contains(":streamGenerateContent")
                || (customKey.isPresent() && streamField(request.body(), json));
        StringBuilder authentication = new StringBuilder();
        for (String header : AUTHENTICATION_HEADERS) {
            request.headers().first(header).ifPresent(value -> authentication.append(header).append('=')
                    .append(value).append('\n'));
        }
        String endpoint = request.method().toUpperCase(Locale.ROOT) + " " + request.path()
                + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        return new CacheableRequest(request.provider().slug().value(), endpoint, authentication.toString(),
                request.body(), streaming, customKey);
    }

    private static boolean streamField(byte[] body, JsonObjectReader json) {
        try {
            return Boolean.TRUE.equals(json.readObject(new String(body, StandardCharsets.UTF_8)).get("stream"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
