package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogQuery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Deletes the entries a query matches, in one transaction with the gateway's stored count and the hours
 * of extremes they touched; the logs API and a gateway's deletion both delete through it.
 */
final class LogDeletion {

    private LogDeletion() {
    }

    static long delete(Jdbc jdbc, LogHoursRepair hours, GatewayRef gateway, LogQuery query) {
        LogSql sql = LogSql.of(gateway, query);
        String limit = query.limit().isPresent() ? " limit " + query.limit().getAsInt() : "";
        String selected = sql.ordered("id, created_at", query, jdbc.isSqlite(), limit);
        long removed = jdbc.inTransaction(connection -> {
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
}
