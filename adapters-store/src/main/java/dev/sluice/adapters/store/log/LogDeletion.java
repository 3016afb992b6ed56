package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Deletes the entries a query matches, in one transaction with the gateway's stored count and the hours
 * of extremes they touched; the logs API and a gateway's deletion both delete through it. It locks the rows
 * in the log writer's order — the gateway's count first, then the hours and entries — so that a delete and
 * another replica's writer wait for each other instead of deadlocking; a deadlock or serialization failure
 * that still happens is retried ({@link Jdbc#inTransactionRetryingConflicts}).
 */
final class LogDeletion {

    private LogDeletion() {
    }

    /** Work run in the delete's transaction once the gateway's count row is locked, before anything is deleted. */
    @FunctionalInterface
    interface First {
        void run(Connection connection) throws SQLException;
    }

    static long delete(Jdbc jdbc, LogHoursRepair hours, GatewayRef gateway, LogQuery query) {
        return delete(jdbc, hours, gateway, query, connection -> { });
    }

    static long delete(Jdbc jdbc, LogHoursRepair hours, GatewayRef gateway, LogQuery query, First first) {
        LogSql sql = LogSql.of(gateway, query);
        String limit = query.limit().isPresent() ? " limit " + query.limit().getAsInt() : "";
        boolean sqlite = jdbc.isSqlite();
        String selected = sql.ordered("id, created_at", query, sqlite, limit);
        long removed = jdbc.inTransactionRetryingConflicts(connection -> {
            lockCount(connection, gateway, sqlite);
            first.run(connection);
            if (LogSql.selectsAll(query) && query.limit().isEmpty()) {
                LogHours.deleteAll(connection, gateway);
            } else {
                try (PreparedStatement s = connection.prepareStatement("select min(created_at), max(created_at) from ("
                        + selected + ") doomed")) {
                    sql.bind(s, 1);
                    try (ResultSet row = s.executeQuery()) {
                        if (row.next() && row.getObject(1) != null) {
                            LogHours.touched(connection, gateway, row.getLong(1), row.getLong(2));
                        }
                    }
                }
            }
            long deleted;
            try (PreparedStatement s = connection.prepareStatement("delete from logs where id in (select id from ("
                    + selected + ") doomed)")) {
                sql.bind(s, 1);
                deleted = s.executeUpdate();
            }
            try (PreparedStatement s = connection.prepareStatement("update log_counts set stored = case when stored > ?"
                    + " then stored - ? else 0 end where account_id = ? and gateway_id = ?")) {
                s.setLong(1, deleted);
                s.setLong(2, deleted);
                s.setString(3, gateway.account().value());
                s.setString(4, gateway.id().value());
                s.executeUpdate();
            }
            return deleted;
        });
        hours.deleted();
        return removed;
    }

    /**
     * Takes the gateway's count row as the writer does first ({@code JdbcLogWriter.lockCount}), created if missing so
     * that there is one to take: while a writer holds it, the delete waits holding nothing the writer will want next
     * (an hour's row, say), and a writer that comes after the delete finds what it wrote first (a gateway's deletion).
     */
    static void lockCount(Connection connection, GatewayRef gateway, boolean sqlite) throws SQLException {
        if (sqlite) {
            // SQLite has no row locks: its one writer at a time holds the whole database.
            return;
        }
        try (PreparedStatement s = connection.prepareStatement("insert into log_counts (account_id, gateway_id, stored)"
                + " values (?, ?, 0) on conflict do nothing")) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            s.executeUpdate();
        }
        try (PreparedStatement s = connection.prepareStatement("select stored from log_counts where account_id = ?"
                + " and gateway_id = ? for update")) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            s.executeQuery().close();
        }
    }
}
