package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.GatewayRef;

/** Deletes every log entry of a gateway that is being deleted; its analytics are kept. May block. */
@FunctionalInterface
public interface DeleteGatewayLogsPort {

    long deleteAllLogs(GatewayRef gateway);
}
