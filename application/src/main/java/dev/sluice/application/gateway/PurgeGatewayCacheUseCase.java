package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.GatewayRef;

/** Drops every cached answer of a gateway, so the next identical request goes to the provider again. */
public interface PurgeGatewayCacheUseCase {

    /** @throws dev.sluice.domain.error.GatewayException (not found) when there is no such gateway */
    void purgeCache(GatewayRef gateway);
}
