package dev.sluice.application.support;

import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.cache.ResponseCachePort;

import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.gateway.GatewayRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A cache fake for service tests: a map, with what was stored and purged on record. */
public final class InMemoryResponseCache implements ResponseCachePort, PurgeResponseCachePort {

    public final Map<CacheKey, CachedResponse> entries = new ConcurrentHashMap<>();
    public final Map<CacheKey, Duration> ttls = new ConcurrentHashMap<>();
    public final List<GatewayRef> purged = new ArrayList<>();

    @Override
    public CompletionStage<Optional<CachedResponse>> lookup(CacheKey key) {
        return CompletableFuture.completedFuture(Optional.ofNullable(entries.get(key)));
    }

    @Override
    public CompletionStage<Void> store(CacheKey key, CachedResponse response, Duration ttl) {
        entries.put(key, response);
        ttls.put(key, ttl);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void purgeGateway(GatewayRef gateway) {
        purged.add(gateway);
        entries.keySet().removeIf(key -> key.gateway().equals(gateway));
    }
}
