package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayRef;

/** Writes gateways; may block. Every write is visible to {@link LoadGatewayPort} on this replica at once. */
public interface StoreGatewayPort {

    /** @return false when a gateway with that id already exists */
    boolean insertGateway(Gateway gateway);

    void updateGateway(Gateway gateway);

    boolean deleteGateway(GatewayRef ref);
}
