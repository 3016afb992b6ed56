package dev.sluice.application.cache;

import dev.sluice.domain.gateway.GatewayRef;

/** Drops every cached answer of one gateway: on request, on delete, and on an update that asks for it. */
public interface PurgeResponseCachePort {

    /**
     * Returns once the entries are gone.
     *
     * @throws CacheUnavailableException when the store cannot be reached, so the caller can say so
     */
    void purgeGateway(GatewayRef gateway);
}
