package dev.sluice.bootstrap;

import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

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
        return GatewaySettingsChange.of(GatewaySettings.defaults())
                .cacheTtl(cacheTtl)
                .cacheInvalidateOnUpdate(cacheInvalidateOnUpdate)
                .collectLogs(collectLogs)
                .rateLimiting(rateLimitingInterval, rateLimitingLimit, rateLimitingTechnique)
                .authentication(authentication)
                .logManagement(logManagement, logManagementStrategy)
                .retry(retryMaxAttempts, retryDelay, retryBackoff)
                .apply();
    }
}
