package dev.sluice.domain.chat;

import dev.sluice.domain.header.Headers;

import java.util.Objects;

/**
 * A request in a provider's own words, as a dialect writes it: the path under the provider's base URL,
 * the query, the headers (the client's, with its credentials put where the provider reads them) and the
 * body.
 */
public record ProviderRequest(String path, String rawQuery, Headers headers, byte[] body) {

    public ProviderRequest {
        Objects.requireNonNull(path, "path");
        rawQuery = rawQuery == null ? "" : rawQuery;
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
