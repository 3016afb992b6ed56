package dev.sluice.bootstrap;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.http.json.SerdeJsonObjectReader;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.limits.CounterSnapshots;
import dev.sluice.adapters.store.limits.EmbeddedLimitCounters;
import dev.sluice.adapters.store.limits.RedisLimitCounters;
import dev.sluice.adapters.store.redis.LettuceScripts;
import dev.sluice.adapters.store.redis.LoopLocalRedis;
import dev.sluice.adapters.store.redis.RedisScripts;
import dev.sluice.adapters.store.metrics.MicrometerLimitEvents;
import dev.sluice.application.gateway.ManageGatewaysUseCase;
import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.application.limits.LimitUsageService;
import dev.sluice.application.limits.LimitsStage;
import dev.sluice.application.limits.SpendEstimate;
import dev.sluice.application.log.CountTokensPort;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.usage.ModelLocator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.netty.channel.EventLoopGroupConfiguration;
import io.micronaut.http.netty.channel.EventLoopGroupFactory;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.netty.channel.NettyChannelType;
import io.micronaut.json.JsonMapper;
import io.micronaut.management.health.indicator.HealthIndicator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The limits stage and its counters: in Redis when one is configured for limits or the cache, else in process. */
@Factory
class LimitsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsFactory.class);

    /**
     * The longest start-up waits for Redis to take the limit checks' connections before it goes on without
     * (and warns): a Redis that is down delays the start by this much.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    /**
     * Made at start-up, not on the first request: with Redis, its connections are opened and its scripts
     * loaded before the server takes requests, so the first burst finds them ready rather than timing out
     * while they connect (and being let through under {@code on_store_failure: allow}).
     */
    @Context
    @Bean(preDestroy = "close")
    LimitCounters limitCounters(LimitsConfiguration limits, @Nullable @Value("${sluice.cache.redis-url:}") String cacheUrl,
                                Clock clock, EventLoopGroupRegistry loops, EventLoopGroupFactory transports,
                                HikariDataSource dataSource, Jdbc jdbc) {
        String url = limits.redisUrl() != null && !limits.redisUrl().isBlank() ? limits.redisUrl() : cacheUrl;
        if (url == null || url.isBlank()) {
            // Saved in the embedded file, which one process uses; replicas sharing PostgreSQL count each alone.
            boolean saved = dataSource.getJdbcUrl().startsWith("jdbc:sqlite:");
            LOG.info("Limit counters: in process{} (set sluice.limits.redis-url to share them between replicas)",
                    saved ? ", saved in the embedded database" : "");
            EmbeddedLimitCounters embedded = new EmbeddedLimitCounters(clock, saved ? new CounterSnapshots(jdbc) : null);
            return new LimitCounters(embedded, embedded, Optional.empty());
        }
        RedisConnections connections = new RedisConnections(url, limits.redisTimeout(), clock);
        RedisLimitCounters redis = new RedisLimitCounters(connections, scripts(url, limits.redisTimeout(), connections,
                loops, transports));
        redis.warmUp(WARM_UP).toCompletableFuture()
                .completeOnTimeout(null, WARM_UP.toMillis() + 1_000, TimeUnit.MILLISECONDS).join();
        return new LimitCounters(redis, redis, Optional.of(connections));
    }

    /**
     * The checks and settlements run on a connection of the request's own event loop (the server's default group,
     * with its transport), so a check never changes threads; URLs that client does not speak (TLS, a Unix
     * socket, Sentinel) run over Lettuce.
     */
    private static RedisScripts scripts(String url, Duration timeout, RedisConnections connections,
                                        EventLoopGroupRegistry loops, EventLoopGroupFactory transports) {
        if (!LoopLocalRedis.speaks(url)) {
            LOG.info("Limit counters: in Redis over Lettuce (timeout {})", timeout);
            return new LettuceScripts(connections);
        }
        var configuration = loops.getEventLoopGroupConfiguration(EventLoopGroupConfiguration.DEFAULT).orElse(null);
        LOG.info("Limit counters: in Redis, on each event loop's own connection (timeout {})", timeout);
        return new LoopLocalRedis(url, timeout, loops.getDefaultEventLoopGroup(),
                () -> transports.channelInstance(NettyChannelType.CLIENT_SOCKET, configuration));
    }

    @Singleton
    LimitsStage limitsStage(LimitCounters counters, LimitsConfiguration limits, PriceTable prices, JsonMapper mapper,
                            ModelLocator models, CountTokensPort tokens, MeterRegistry registry, Clock clock) {
        SerdeJsonObjectReader json = new SerdeJsonObjectReader(mapper);
        return new LimitsStage(counters.port(), new SpendEstimate(prices, tokens, json,
                limits.defaultOutputTokens()), models, new MicrometerLimitEvents(registry), clock);
    }

    @Singleton
    LimitUsageService limitUsage(ManageGatewaysUseCase gateways, LimitCounters counters, Clock clock) {
        return new LimitUsageService(gateways, counters.port(), clock);
    }

    /**
     * The counters' Redis under {@code /health} as {@code redis-limits}, pinged over the Lettuce connection the counters
     * hold for their management work (the checks themselves may run on the event loops' own connections, to the same
     * Redis): degraded, not down, when it does not answer.
     */
    @Singleton
    @Requires(condition = RedisLimitsConfigured.class)
    HealthIndicator redisLimitsHealth(LimitCounters counters) {
        return new RedisHealthIndicator("redis-limits", "limit counters", counters.redis().orElseThrow());
    }

    /** The counters, what must be closed with them, and their Redis connection when they are in Redis. */
    record LimitCounters(LimitCountersPort port, @Nullable AutoCloseable resource, Optional<RedisConnections> redis) {
        void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
