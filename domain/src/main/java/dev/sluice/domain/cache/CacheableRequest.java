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
                || (customKey.isPresent() && json.readTopLevelTrue(request.body(), "stream"));
        String endpoint = request.method().toUpperCase(Locale.ROOT) + " " + request.path()
                + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        return new CacheableRequest(request.provider().slug().value(), endpoint, authentication(request.headers()),
                request.body(), streaming, customKey);
    }

    /**
     * Every value of every authentication header, in the order sent: a header sent twice is forwarded twice, and the
     * provider may read either.
     */
    private static String authentication(Headers headers) {
        StringBuilder authentication = new StringBuilder();
        for (String name : AUTHENTICATION_HEADERS) {
            for (Header header : headers.all()) {
                if (header.is(name)) {
                    authentication.append(name).append('=').append(header.value()).append('\n');
                }
            }
        }
        return authentication.toString();
    }

}
