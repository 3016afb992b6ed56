package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;

/** Creates, reads, changes and deletes gateways: the management API's gateway resource. */
public interface ManageGatewaysUseCase {

    Gateway create(GatewayRef ref, GatewaySettings settings);

    Gateway get(GatewayRef ref);

    GatewayPage list(ListGatewaysQuery query);

    Gateway update(GatewayRef ref, GatewaySettings settings);

    Gateway delete(GatewayRef ref);
}
