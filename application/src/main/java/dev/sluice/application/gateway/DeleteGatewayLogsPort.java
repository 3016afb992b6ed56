package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.Gateway;

/**
 * Deletes every log entry and the analytics of a gateway that is being deleted, and from then on refuses entries
 * of that incarnation of its id (a gateway created at or before the deleted one's {@code createdAt}) however late
 * they arrive, from any replica, so that one created again under the id never shows them. Safe to run again for the
 * same gateway. May block.
 */
@FunctionalInterface
public interface DeleteGatewayLogsPort {

    long deleteAllLogs(Gateway gateway);
}
