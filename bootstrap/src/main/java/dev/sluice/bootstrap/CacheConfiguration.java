package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The response cache ({@code sluice.cache.*}): in-process unless {@code redis-url} names a Redis server
 * that replicas share. Defaults are documented in the README.
 */
@ConfigurationProperties("sluice.cache")
public record CacheConfiguration(
        @Nullable String redisUrl,
        @Bindable(defaultValue = "500ms") Duration redisTimeout,
        @Bindable(defaultValue = "33554432") long maxBytes,
        @Bindable(defaultValue = "26214400") long maxEntrySize,
        @Bindable(defaultValue = "300s") Duration followerWait,
        @Bindable(defaultValue = "33554432") long captureBudget) {

    boolean distributed() {
        return redisUrl != null && !redisUrl.isBlank();
    }
}
