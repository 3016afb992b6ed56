package dev.sluice.application.log;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;

import java.util.Optional;

/** Reads, changes and deletes stored log entries for the logs API; may block. */
public interface QueryLogsPort {

    LogPage listLogs(GatewayRef gateway, LogQuery query);

    Optional<LogEntry> findLog(GatewayRef gateway, String id);

    Optional<LogBodies> findLogBodies(GatewayRef gateway, String id);

    /** @return false when there is no such entry */
    boolean patchLog(GatewayRef gateway, String id, LogPatch patch);

    /** Deletes the entries the query matches, in its order and up to its limit; returns how many. */
    long deleteLogs(GatewayRef gateway, LogQuery query);
}
