package dev.sluice.adapters.store.cache;

import dev.sluice.adapters.store.RateLimitedWarning;
import dev.sluice.application.cache.CacheUnavailableException;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.cache.ResponseCachePort;
import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.gateway.GatewayRef;
import io.lettuce.core.SetArgs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The response cache in Redis, shared by every replica that points at the same server. Entries are
 * {@code sluice:cache:{account}:{gateway}:{digest}} with the TTL as Redis expiry. Redis being down or
 * slow never fails a request: a lookup becomes a miss and a store is dropped, each counted in
 * {@code sluice.cache.errors} and reported in a warning (at most one per {@link #WARNING_INTERVAL}).
 */
public final class RedisResponseCache implements ResponseCachePort, PurgeResponseCachePort {

    static final String PREFIX = "sluice:cache:";
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RedisResponseCache.class);

    private final RedisConnections redis;
    private final Counter lookupErrors;
    private final Counter storeErrors;
    private final Counter purgeErrors;
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, WARNING_INTERVAL);

    public RedisResponseCache(RedisConnections redis, MeterRegistry metrics) {
        this.redis = redis;
        this.lookupErrors = errors(metrics, "lookup");
        this.storeErrors = errors(metrics, "store");
        this.purgeErrors = errors(metrics, "purge");
    }

    private static Counter errors(MeterRegistry metrics, String operation) {
        return Counter.builder("sluice.cache.errors").tag("store", "redis").tag("operation", operation)
                .description("Response cache operations that failed because Redis could not be used")
                .register(metrics);
    }

    @Override
    public CompletionStage<Optional<CachedResponse>> lookup(CacheKey key) {
        return redis.commands()
                .thenCompose(commands -> commands.get(redisKey(key)))
                .thenApply(value -> value == null ? Optional.<CachedResponse>empty() : decode(key, value))
                .exceptionally(error -> {
                    lookupErrors.increment();
                    warning.warn("Redis cache lookup failed, answering as a miss: {}", redis.describe(error));
                    return Optional.empty();
                });
    }

    @Override
    public CompletionStage<Void> store(CacheKey key, CachedResponse response, Duration ttl) {
        byte[] value;
        try {
            value = CachedResponseCodec.encode(response);
        } catch (RuntimeException e) {
            storeErrors.increment();
            warning.warn("A response could not be encoded for Redis and was not cached: {}", e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        return redis.commands()
                .thenCompose(commands -> commands.set(redisKey(key), value, SetArgs.Builder.px(ttl.toMillis())))
                .<Void>thenApply(ok -> null)
                .exceptionally(error -> {
                    storeErrors.increment();
                    warning.warn("Redis cache store failed, the answer was not cached: {}", redis.describe(error));
                    return null;
                });
    }

    /** Blocking: SCAN the gateway's keys and UNLINK them in batches. Runs on a management thread. */
    @Override
    public void purgeGateway(GatewayRef gateway) {
        try {
            redis.unlinkMatching(gatewayPrefix(gateway) + "*");
        } catch (RuntimeException e) {
            purgeErrors.increment();
            throw new CacheUnavailableException("Redis could not be used: " + redis.describe(e), e);
        }
    }

    private Optional<CachedResponse> decode(CacheKey key, byte[] value) {
        try {
            return Optional.of(CachedResponseCodec.decode(value));
        } catch (IllegalArgumentException e) {
            warning.warn("Ignoring an unreadable cache entry for gateway {}", key.gateway());
            return Optional.empty();
        }
    }

    static String gatewayPrefix(GatewayRef gateway) {
        return PREFIX + gateway.account().value() + ":" + gateway.id().value() + ":";
    }

    private static byte[] redisKey(CacheKey key) {
        return (gatewayPrefix(key.gateway()) + key.digest()).getBytes(StandardCharsets.UTF_8);
    }
}
