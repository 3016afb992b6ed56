package dev.sluice.adapters.store.log;

import dev.sluice.domain.gateway.GatewayRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A gateway's oldest entries, deleted when a batch takes it past its {@code log_management} cap with the
 * {@code DELETE_OLDEST} strategy; the hours they spanned are marked for {@link LogHours} to recompute.
 */
final class OldestEntries {

    private OldestEntries() {
    }

    /** Deletes the gateway's {@code count} oldest entries; returns how many it deleted. */
    static long delete(Connection connection, GatewayRef gateway, long count) throws SQLException {
        String oldest = "select id, created_at from logs where account_id = ? and gateway_id = ?"
                + " order by created_at asc, id asc limit ?";
        try (PreparedStatement s = connection.prepareStatement("select min(created_at), max(created_at) from ("
                + oldest + ") oldest")) {
            bindOldest(s, gateway, count);
            try (ResultSet row = s.executeQuery()) {
                if (row.next() && row.getObject(1) != null) {
                    LogHours.touched(connection, gateway, row.getLong(1), row.getLong(2));
                }
            }
        }
        try (PreparedStatement s = connection.prepareStatement("delete from logs where id in (select id from ("
                + oldest + ") oldest)")) {
            bindOldest(s, gateway, count);
            return s.executeUpdate();
        }
    }

    private static void bindOldest(PreparedStatement s, GatewayRef gateway, long count) throws SQLException {
        s.setString(1, gateway.account().value());
        s.setString(2, gateway.id().value());
        s.setLong(3, count);
    }
}
