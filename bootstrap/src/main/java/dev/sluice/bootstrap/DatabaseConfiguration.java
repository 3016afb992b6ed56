package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Where gateways, tokens, logs and analytics are kept: the embedded SQLite file {@code <data-dir>/logs.db}
 * unless {@code sluice.database.url} names PostgreSQL (for a fleet of replicas) or another SQLite file.
 * The username, password and pool size apply to PostgreSQL; the embedded file has a pool of its own size, and
 * {@code quick-check} runs SQLite's quick check over it after each start; {@code lock-wait} is how long a start waits
 * for another process holding the embedded file to stop.
 */
@ConfigurationProperties("sluice.database")
public record DatabaseConfiguration(
        @Nullable String url,
        @Nullable String username,
        @Nullable String password,
        @Bindable(defaultValue = "10") int poolSize,
        @Bindable(defaultValue = "5s") Duration refreshInterval,
        @Bindable(defaultValue = "5s") Duration connectionTimeout,
        @Bindable(defaultValue = "true") boolean quickCheck,
        @Bindable(defaultValue = "30s") Duration lockWait) {
}
