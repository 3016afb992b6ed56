package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewaySettings;

import java.util.Map;

/**
 * Brings the stored gateways in line with configuration at startup: the {@code default} gateway exists,
 * and every gateway named in the configuration file has the settings written there.
 */
public interface ProvisionGatewaysUseCase {

    void provision(Map<GatewayId, GatewaySettings> configured);
}
