package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Where gateways, tokens and (later) logs are kept: an embedded H2 file under the data directory unless
 * {@code sluice.database.url} names another database (PostgreSQL for a fleet of replicas).
 */
@ConfigurationProperties("sluice.database")
public record DatabaseConfiguration(
        @Nullable String url,
        @Nullable String username,
        @Nullable String password,
        @Bindable(defaultValue = "10") int poolSize,
        @Bindable(defaultValue = "5s") Duration refreshInterval) {
}
