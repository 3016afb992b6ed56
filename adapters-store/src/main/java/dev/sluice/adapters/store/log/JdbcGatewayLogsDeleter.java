package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.gateway.DeleteGatewayLogsPort;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogQuery;

import java.sql.PreparedStatement;
import java.time.Clock;

/**
 * Deletes everything logged of a gateway that is being deleted: its entries and its analytics sums, so that one
 * created again under its id starts with none of them. The log writer is told first ({@link
 * JdbcLogWriter#forgetGateway}), so that an entry it has yet to write (queued, or of an answer still streaming)
 * does not land after the delete; the writers of other replicas learn it from {@link GatewayDeletions}, recorded in
 * the transaction that deletes the entries.
 */
public final class JdbcGatewayLogsDeleter implements DeleteGatewayLogsPort {

    private static final String[] SUMS = {"log_rollups", "log_rollup_latency"};

    private final Jdbc jdbc;
    private final LogHoursRepair hours;
    private final JdbcLogWriter writer;
    private final Clock clock;

    public JdbcGatewayLogsDeleter(Jdbc jdbc, LogHoursRepair hours, JdbcLogWriter writer, Clock clock) {
        this.jdbc = jdbc;
        this.hours = hours;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public long deleteAllLogs(Gateway deletedGateway) {
        GatewayRef gateway = deletedGateway.ref();
        writer.forgetGateway(gateway, clock.instant());
        long deleted = LogDeletion.delete(jdbc, hours, gateway, LogQuery.all(),
                connection -> GatewayDeletions.record(connection, gateway, deletedGateway.createdAt()));
        jdbc.inTransactionRetryingConflicts(connection -> {
            for (String table : SUMS) {
                try (PreparedStatement s = connection.prepareStatement("delete from " + table
                        + " where account_id = ? and gateway_id = ?")) {
                    s.setString(1, gateway.account().value());
                    s.setString(2, gateway.id().value());
                    s.executeUpdate();
                }
            }
            return null;
        });
        return deleted;
    }
}
