package dev.sluice.domain.cache;

import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.json.JsonObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a request its cache key is made of. The model and whether the answer will stream are
 * read from a JSON body's {@code model} and {@code stream} fields (and from {@code Accept:
 * text/event-stream} or Google's {@code :streamGenerateContent}); a body that is not JSON is still
 * keyed by its bytes.
 */
public record CacheableRequest(String provider, String endpoint, String model, String authentication,
                               byte[] body, boolean streaming, Optional<String> customKey) {

    /** The headers providers authenticate with; their values are part of the default key. */
    static final List<String> AUTHENTICATION_HEADERS = List.of("authorization", "x-api-key", "api-key",
            "x-goog-api-key", "xi-api-key");

    public CacheableRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(customKey, "customKey");
    }

    public static CacheableRequest of(UpstreamRequest request, Optional<String> customKey, JsonObjectReader json) {
        Map<String, Object> fields = jsonFields(request.body(), json);
        String model = fields.get("model") instanceof String name ? name : "";
        boolean streaming = Boolean.TRUE.equals(fields.get("stream"))
                || request.headers().first("accept").filter(a -> a.toLowerCase(Locale.ROOT).contains("text/event-stream"))
                        .isPresent()
                || request.path().contains(":streamGenerateContent");
        StringBuilder authentication = new StringBuilder();
        for (String header : AUTHENTICATION_HEADERS) {
            request.headers().first(header).ifPresent(value -> authentication.append(header).append('=')
                    .append(value).append('\n'));
        }
        String endpoint = request.method().toUpperCase(Locale.ROOT) + " " + request.path()
                + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        return new CacheableRequest(request.provider().slug().value(), endpoint, model, authentication.toString(),
                request.body(), streaming, customKey);
    }

    private static Map<String, Object> jsonFields(byte[] body, JsonObjectReader json) {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length || body[first] != '{') {
            return Map.of();
        }
        try {
            return json.readObject(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
