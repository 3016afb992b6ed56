package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.StatementCache;
import dev.sluice.domain.gateway.GatewayRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code gateway_deletions} table: which incarnation of a gateway id was deleted last, by its {@code createdAt}.
 * Written in the transaction that deletes the gateway's entries, read by every replica's log writer in each batch's
 * transaction once it holds the gateway's count row, so a replica that still serves the deleted gateway cannot write
 * its entries after the delete, whatever it believes.
 */
final class GatewayDeletions {

    private static final String SELECT = "select created_at from gateway_deletions where account_id = ? and gateway_id = ?";

    private GatewayDeletions() {
    }

    static void record(Connection connection, GatewayRef gateway, Instant created) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("insert into gateway_deletions (account_id, gateway_id,"
                + " created_at) values (?, ?, ?) on conflict (account_id, gateway_id) do update set created_at ="
                + " case when excluded.created_at > gateway_deletions.created_at then excluded.created_at"
                + " else gateway_deletions.created_at end")) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            s.setLong(3, created.toEpochMilli());
            s.executeUpdate();
        }
    }

    /** The createdAt of the gateway's last deleted incarnation, if one was deleted. */
    static Optional<Instant> deleted(Connection connection, StatementCache statements, GatewayRef gateway)
            throws SQLException {
        PreparedStatement s = statements.prepare(connection, SELECT);
        s.setString(1, gateway.account().value());
        s.setString(2, gateway.id().value());
        try (ResultSet row = s.executeQuery()) {
            return row.next() ? Optional.of(Instant.ofEpochMilli(row.getLong(1))) : Optional.empty();
        }
    }
}
