package dev.sluice.domain.exchange;

import dev.sluice.domain.header.Headers;
import dev.sluice.domain.provider.Provider;

import java.net.URI;
import java.util.Objects;

/**
 * A request as it goes to a provider: already stripped of gateway and hop-by-hop headers. The body is
 * held whole because it is small next to the response, is needed for the cache key, and is resent on a
 * retry.
 */
public record UpstreamRequest(Provider provider, String method, String path, String rawQuery, URI uri,
                              Headers headers, byte[] body) {

    public UpstreamRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        rawQuery = rawQuery == null ? "" : rawQuery;
    }

    public static UpstreamRequest to(Provider provider, String method, String path, String rawQuery,
                                     Headers headers, byte[] body) {
        URI uri;
        if (provider.inProcess()) {
            provider.requireConfined(path);
            uri = URI.create("sluice:" + provider.slug());
        } else {
            uri = provider.resolve(path, rawQuery);
        }
        return new UpstreamRequest(provider, method, path, rawQuery, uri, headers, body);
    }
}
