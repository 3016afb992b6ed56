package dev.sluice.application.cache;

import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CachedResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where complete successful answers are kept for their time-to-live. The cache is an optimisation: an
 * implementation whose backing store is unavailable answers a lookup with "not found" and drops a store,
 * reporting the outage itself, so a request is never failed because of the cache.
 */
public interface ResponseCachePort {

    CompletionStage<Optional<CachedResponse>> lookup(CacheKey key);

    CompletionStage<Void> store(CacheKey key, CachedResponse response, Duration ttl);
}
