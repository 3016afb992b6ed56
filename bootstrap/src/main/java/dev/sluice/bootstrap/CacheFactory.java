package dev.sluice.bootstrap;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.sluice.adapters.store.cache.EmbeddedResponseCache;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.adapters.store.cache.RedisResponseCache;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.cache.ResponseCachePort;
import dev.sluice.application.cache.CacheLimits;
import dev.sluice.application.cache.PurgeEpochs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.management.health.indicator.HealthIndicator;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The response cache: Redis when {@code sluice.cache.redis-url} is set, the in-process cache otherwise. */
@Factory
final class CacheFactory {

    @Singleton
    CacheLimits cacheLimits(CacheConfiguration cache) {
        return new CacheLimits(cache.maxEntrySize(), cache.followerWait(), CacheLimits.UNREAD_BODY_LIMIT,
                cache.captureBudget());
    }

    /** Shared by the cache stage and the management API's purges: a call under way as its gateway is purged stores nothing. */
    @Singleton
    PurgeEpochs purgeEpochs() {
        return new PurgeEpochs();
    }

    @Singleton
    @Requires(condition = RedisCacheConfigured.class)
    @Bean(preDestroy = "close")
    RedisConnections redisConnections(CacheConfiguration cache, Clock clock) {
        return new RedisConnections(cache.redisUrl(), cache.redisTimeout(), clock);
    }

    @Singleton
    @Requires(condition = RedisCacheConfigured.class)
    RedisResponseCache redisCache(RedisConnections redis, MeterRegistry metrics) {
        return new RedisResponseCache(redis, metrics);
    }

    /** The cache's Redis under {@code /health} as {@code redis-cache}: degraded, not down, when it does not answer. */
    @Singleton
    @Requires(condition = RedisCacheConfigured.class)
    HealthIndicator redisCacheHealth(RedisConnections redis) {
        return new RedisHealthIndicator("redis-cache", "the response cache", redis);
    }

    @Singleton
    @Requires(condition = RedisCacheConfigured.Not.class)
    EmbeddedResponseCache embeddedCache(CacheConfiguration cache, MeterRegistry metrics) {
        return new EmbeddedResponseCache(cache.maxBytes(), Ticker.systemTicker(), metrics);
    }
}
