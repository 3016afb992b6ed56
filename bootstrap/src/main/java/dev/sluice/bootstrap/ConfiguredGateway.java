package dev.sluice.bootstrap;

import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.gateway.RateLimitTechnique;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A gateway written in the configuration file under {@code sluice.gateways.<id>}. At each start the
 * stored gateway is made to match it; settings left out take the defaults of a new gateway.
 */
@EachProperty("sluice.gateways")
public record ConfiguredGateway(
        @Parameter String name,
        @Nullable Long cacheTtl,
        @Nullable Boolean cacheInvalidateOnUpdate,
        @Nullable Boolean collectLogs,
        @Nullable Long rateLimitingInterval,
        @Nullable Long rateLimitingLimit,
        @Nullable String rateLimitingTechnique,
        @Nullable Boolean authentication,
        @Nullable Long logManagement,
        @Nullable String logManagementStrategy,
        @Nullable Integer retryMaxAttempts,
        @Nullable Integer retryDelay,
        @Nullable String retryBackoff) {

    GatewaySettings settings() {
        GatewaySettings d = GatewaySettings.defaults();
        return new GatewaySettings(
                or(cacheTtl, d.cacheTtlSeconds()),
                or(cacheInvalidateOnUpdate, d.cacheInvalidateOnUpdate()),
                or(collectLogs, d.collectLogs()),
                or(rateLimitingInterval, d.rateLimitingIntervalSeconds()),
                or(rateLimitingLimit, d.rateLimitingLimit()),
                rateLimitingTechnique == null ? d.rateLimitingTechnique()
                        : RateLimitTechnique.fromWire(rateLimitingTechnique),
                or(authentication, d.authentication()),
                logManagement == null ? OptionalLong.empty() : OptionalLong.of(logManagement),
                logManagementStrategy == null ? d.logManagementStrategy()
                        : LogManagementStrategy.fromWire(logManagementStrategy),
                false, Optional.empty(),
                or(retryMaxAttempts, d.retryMaxAttempts()),
                or(retryDelay, d.retryDelayMs()),
                retryBackoff == null ? d.retryBackoff() : Backoff.fromWire(retryBackoff, "retry-backoff"));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
