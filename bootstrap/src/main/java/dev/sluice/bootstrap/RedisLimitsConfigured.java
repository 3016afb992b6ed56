package dev.sluice.bootstrap;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/**
 * True when the limit counters live in Redis: {@code sluice.limits.redis-url} has a value, or else
 * {@code sluice.cache.redis-url} has (the counters then share the cache's Redis, as {@link LimitsFactory} decides).
 */
public final class RedisLimitsConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getBeanContext() instanceof PropertyResolver properties
                && (properties.getProperty("sluice.limits.redis-url", String.class).filter(url -> !url.isBlank()).isPresent()
                || RedisCacheConfigured.configured(properties));
    }
}
