package dev.sluice.application.log;

import dev.sluice.application.gateway.FindGatewaysPort;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogIds;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;

/** The logs API over the log store, for gateways that exist. */
public final class ManageLogsService implements ManageLogsUseCase {

    private static final int MAX_ID_LENGTH = 64;

    private final AccountId account;
    private final FindGatewaysPort gateways;
    private final QueryLogsPort logs;

    public ManageLogsService(AccountId account, FindGatewaysPort gateways, QueryLogsPort logs) {
        this.account = account;
        this.gateways = gateways;
        this.logs = logs;
    }

    @Override
    public LogPage list(GatewayRef gateway, LogQuery query) {
        return logs.listLogs(existing(gateway), query);
    }

    @Override
    public LogEntry get(GatewayRef gateway, String id) {
        return logs.findLog(existing(gateway), checkId(id)).orElseThrow(() -> missing(id));
    }

    @Override
    public LogBodies bodies(GatewayRef gateway, String id) {
        GatewayRef ref = existing(gateway);
        String stored = checkId(id);
        return logs.findLogBodies(ref, stored).orElseThrow(() -> logs.findLog(ref, stored).isPresent()
                ? new GatewayException(ErrorCode.NOT_FOUND,
                        "Log '" + id + "' was stored without its request and response bodies")
                : missing(id));
    }

    @Override
    public LogEntry patch(GatewayRef gateway, String id, LogPatch patch) {
        GatewayRef ref = existing(gateway);
        String stored = checkId(id);
        if (!logs.patchLog(ref, stored, patch)) {
            throw missing(id);
        }
        return get(ref, stored);
    }

    @Override
    public long delete(GatewayRef gateway, LogQuery query) {
        return logs.deleteLogs(existing(gateway), query);
    }

    private GatewayRef existing(GatewayRef gateway) {
        if (!account.equals(gateway.account())) {
            // As the management API words it (found by a probe: the logs API named the gateway of an unknown account).
            throw new GatewayException(ErrorCode.NOT_FOUND, "Account '" + gateway.account() + "' not found");
        }
        if (gateways.findGateway(gateway).isEmpty()) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Gateway '" + gateway.id() + "' not found");
        }
        return gateway;
    }

    /**
     * The id as the entry is stored under ({@link LogIds}: in lower case); an id no entry can have is not looked for
     * (PostgreSQL refuses a NUL in text, which read as its outage).
     */
    private static String checkId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.indexOf('\0') >= 0) {
            throw missing(id);
        }
        return LogIds.normalized(id);
    }

    private static GatewayException missing(String id) {
        String shown = id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) + "…" : id;
        return new GatewayException(ErrorCode.NOT_FOUND, "Log '" + shown + "' not found");
    }
}
