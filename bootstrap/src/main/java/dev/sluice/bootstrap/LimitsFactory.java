package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.tokens.JtokkitTokenCounter;
import dev.sluice.adapters.http.json.SerdeJsonObjectReader;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.adapters.store.limits.EmbeddedLimitCounters;
import dev.sluice.adapters.store.limits.RedisLimitCounters;
import dev.sluice.adapters.store.metrics.MicrometerLimitEvents;
import dev.sluice.application.gateway.ManageGatewaysUseCase;
import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.application.limits.LimitUsageService;
import dev.sluice.application.limits.LimitsStage;
import dev.sluice.application.limits.SpendEstimate;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.usage.ModelLocator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** The limits stage and its counters: in Redis when one is configured for limits or the cache, else in process. */
@Factory
class LimitsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    LimitCounters limitCounters(LimitsConfiguration limits, @Nullable @Value("${sluice.cache.redis-url:}") String cacheUrl,
                                Clock clock) {
        String url = limits.redisUrl() != null && !limits.redisUrl().isBlank() ? limits.redisUrl() : cacheUrl;
        if (url == null || url.isBlank()) {
            LOG.info("Limit counters: in process (set sluice.limits.redis-url to share them between replicas)");
            EmbeddedLimitCounters embedded = new EmbeddedLimitCounters(clock);
            return new LimitCounters(embedded, embedded);
        }
        LOG.info("Limit counters: in Redis (timeout {})", limits.redisTimeout());
        RedisLimitCounters redis = new RedisLimitCounters(new RedisConnections(url, limits.redisTimeout(), clock));
        redis.warmUp();
        return new LimitCounters(redis, redis);
    }

    @Singleton
    LimitsStage limitsStage(LimitCounters counters, LimitsConfiguration limits, PriceTable prices, JsonMapper mapper,
                            ModelLocator models, MeterRegistry registry, Clock clock) {
        SerdeJsonObjectReader json = new SerdeJsonObjectReader(mapper);
        return new LimitsStage(counters.port(), new SpendEstimate(prices, new JtokkitTokenCounter(), json,
                limits.defaultOutputTokens()), models, new MicrometerLimitEvents(registry), clock);
    }

    @Singleton
    LimitUsageService limitUsage(ManageGatewaysUseCase gateways, LimitCounters counters, Clock clock) {
        return new LimitUsageService(gateways, counters.port(), clock);
    }

    /** The counters, and what must be closed with them. */
    record LimitCounters(LimitCountersPort port, @Nullable AutoCloseable resource) {
        void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
