package dev.sluice.adapters.store.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.cache.ResponseCachePort;
import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.gateway.GatewayRef;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The response cache inside the process: Caffeine bounded by the total bytes of its entries (evicting
 * by its frequency-and-recency policy under pressure), each entry expiring after its own TTL. Lookups
 * and stores complete at once, on the caller's thread.
 */
public final class EmbeddedResponseCache implements ResponseCachePort, PurgeResponseCachePort {

    private record Entry(CachedResponse response, long ttlNanos) {
    }

    private final Cache<CacheKey, Entry> entries;

    public EmbeddedResponseCache(long maxBytes, Ticker ticker, MeterRegistry metrics) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey key, Entry entry) -> (int) Math.min(Integer.MAX_VALUE, entry.response().size() + 200))
                .expireAfter(new Expiry<CacheKey, Entry>() {
                    @Override
                    public long expireAfterCreate(CacheKey key, Entry entry, long currentTime) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(CacheKey key, Entry entry, long currentTime, long currentDuration) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(CacheKey key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        metrics.gauge("sluice.cache.embedded.entries", entries, cache -> cache.estimatedSize());
        metrics.gauge("sluice.cache.embedded.bytes", entries, cache -> cache.policy().eviction()
                .map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L));
    }

    @Override
    public CompletionStage<Optional<CachedResponse>> lookup(CacheKey key) {
        Entry entry = entries.getIfPresent(key);
        return CompletableFuture.completedFuture(entry == null ? Optional.empty() : Optional.of(entry.response()));
    }

    @Override
    public CompletionStage<Void> store(CacheKey key, CachedResponse response, Duration ttl) {
        entries.put(key, new Entry(response, ttl.toNanos()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void purgeGateway(GatewayRef gateway) {
        entries.asMap().keySet().removeIf(key -> key.gateway().equals(gateway));
    }
}
