package dev.sluice.domain.generate;

import dev.sluice.domain.cache.CacheStatus;

import java.util.Objects;
import java.util.Optional;

/**
 * What a gateway said to one generation: the text, who answered (gateway, provider, model), and the
 * gateway's own metadata, its cache status and log id.
 */
public record GatewayAnswer(String text, String gatewayId, String provider, ModelName model, CacheStatus cacheStatus,
                            Optional<String> logId) {

    public GatewayAnswer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cacheStatus, "cacheStatus");
        Objects.requireNonNull(logId, "logId");
    }
}
