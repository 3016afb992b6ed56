package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.gateway.DeleteGatewayLogsPort;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogQuery;

/** Deletes every entry of a gateway that is being deleted; its analytics rows are kept. */
public final class JdbcGatewayLogsDeleter implements DeleteGatewayLogsPort {

    private final Jdbc jdbc;
    private final LogHoursRepair hours;

    public JdbcGatewayLogsDeleter(Jdbc jdbc, LogHoursRepair hours) {
        this.jdbc = jdbc;
        this.hours = hours;
    }

    @Override
    public long deleteAllLogs(GatewayRef gateway) {
        return LogDeletion.delete(jdbc, hours, gateway, LogQuery.all());
    }
}
