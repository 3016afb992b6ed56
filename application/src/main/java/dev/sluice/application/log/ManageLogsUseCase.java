package dev.sluice.application.log;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;

/**
 * The logs API: list and search a gateway's entries, read one with its bodies, attach feedback, a score
 * or metadata, and delete by filter. An unknown gateway or entry is a 404.
 */
public interface ManageLogsUseCase {

    LogPage list(GatewayRef gateway, LogQuery query);

    LogEntry get(GatewayRef gateway, String id);

    LogBodies bodies(GatewayRef gateway, String id);

    LogEntry patch(GatewayRef gateway, String id, LogPatch patch);

    long delete(GatewayRef gateway, LogQuery query);
}
