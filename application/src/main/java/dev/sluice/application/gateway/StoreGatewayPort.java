package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayRef;

import java.util.Optional;

/**
 * Writes gateways; may block. Every write is atomic on the stored row and visible to
 * {@link LoadGatewayPort} on this replica at once.
 */
public interface StoreGatewayPort {

    /** Stores a new gateway at revision 1. @return false when a gateway with that id already exists */
    boolean insertGateway(Gateway gateway);

    /** The gateway with the revision of its row, to make a change against. */
    Optional<StoredGateway> findStoredGateway(GatewayRef ref);

    /**
     * Writes the gateway's settings and modification time if its row is still at {@code expectedRevision}.
     * @return the new version, or empty when the row has changed since (or is gone)
     */
    Optional<StoredGateway> updateGateway(Gateway gateway, long expectedRevision);

    /** Deletes the gateway and its tokens. @return what was deleted; empty when there was no such gateway */
    Optional<Gateway> deleteGateway(GatewayRef ref);

    /**
     * Deletes the gateway and its tokens if its row is still at {@code expectedRevision}.
     * @return what was deleted; empty when the row has changed since (or is gone)
     */
    Optional<Gateway> deleteGateway(GatewayRef ref, long expectedRevision);
}
