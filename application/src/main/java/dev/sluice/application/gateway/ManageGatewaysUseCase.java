package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;

import java.util.Optional;

/** Creates, reads, changes and deletes gateways: the management API's gateway resource. */
public interface ManageGatewaysUseCase {

    StoredGateway create(GatewayRef ref, GatewaySettings settings);

    Gateway get(GatewayRef ref);

    /** The gateway with its version, for a client that may change it later under a {@link VersionCondition}. */
    StoredGateway read(GatewayRef ref);

    GatewayPage list(ListGatewaysQuery query);

    /**
     * Applies the change atomically to the stored settings.
     * @throws dev.sluice.domain.error.GatewayException not found; precondition failed when the condition
     *         does not admit the stored version
     */
    StoredGateway update(UpdateGatewayCommand command);

    /** @throws dev.sluice.domain.error.GatewayException not found, also when another delete got there first */
    default Gateway delete(GatewayRef ref) {
        return delete(ref, Optional.empty());
    }

    /**
     * Deletes the gateway; with a condition, only while it is at a version the condition names, atomically.
     * @throws dev.sluice.domain.error.GatewayException not found; precondition failed when it has changed since
     */
    Gateway delete(GatewayRef ref, Optional<VersionCondition> condition);
}
