package dev.sluice.application.pipeline;

import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.util.Objects;

/**
 * The answer to a proxied request, from the provider or the cache, with the ids the gateway gave the
 * request and what the cache did ({@code cf-aig-*} response headers).
 */
public record ProxiedResponse(String logId, String requestId, String eventId, CacheStatus cacheStatus,
                              UpstreamResponse response) {

    public ProxiedResponse {
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(cacheStatus, "cacheStatus");
        Objects.requireNonNull(response, "response");
    }
}
