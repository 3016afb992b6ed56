package dev.sluice.bootstrap;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/**
 * True when {@code sluice.cache.redis-url} has a value. An empty value (as {@code ${REDIS_URL:}} gives
 * when the variable is unset) counts as absent, which a plain property requirement would not do.
 */
public final class RedisCacheConfigured implements Condition {

    static boolean configured(PropertyResolver properties) {
        return properties.getProperty("sluice.cache.redis-url", String.class).filter(url -> !url.isBlank()).isPresent();
    }

    @Override
    public boolean matches(ConditionContext context) {
        return context.getBeanContext() instanceof PropertyResolver properties && configured(properties);
    }

    /** The opposite: the in-process cache applies. */
    public static final class Not implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return !(context.getBeanContext() instanceof PropertyResolver properties) || !configured(properties);
        }
    }
}
