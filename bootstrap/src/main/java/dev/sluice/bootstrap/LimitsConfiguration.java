package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Limit counters ({@code sluice.limits.*}): in process unless {@code redis-url} — or, when it is empty,
 * the cache's {@code sluice.cache.redis-url} — names a Redis that replicas share. No check waits longer
 * than {@code redis-timeout}; a spend estimate assumes {@code default-output-tokens} when a request sets
 * no cap on its output.
 */
@ConfigurationProperties("sluice.limits")
public record LimitsConfiguration(
        @Nullable String redisUrl,
        @Bindable(defaultValue = "100ms") Duration redisTimeout,
        @Bindable(defaultValue = "4096") long defaultOutputTokens) {
}
