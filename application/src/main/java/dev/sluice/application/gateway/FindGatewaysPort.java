package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;

import java.util.Optional;

/** Reads stored gateways for management; may block. */
public interface FindGatewaysPort {

    Optional<Gateway> findGateway(GatewayRef ref);

    GatewayPage findGateways(AccountId account, int page, int perPage, Optional<String> idContains);
}
