package dev.sluice.adapters.store.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Copies gateway, token and admin-token rows of the older layout (timestamps with a time zone, no
 * revision) into the current tables. A row already there is kept as it is, so a copy that runs twice
 * changes nothing.
 */
final class OlderGatewayRows {

    /** The older tables, in an order that creating them needs (and dropping them needs reversed). */
    static final List<String> TABLES = List.of("gateways", "gateway_tokens", "admin_token");

    private static final String SETTINGS = "account_id, id, cache_ttl, cache_invalidate_on_update, collect_logs,"
            + " rate_limiting_interval, rate_limiting_limit, rate_limiting_technique, authentication, log_management,"
            + " log_management_strategy, logpush, logpush_public_key, retry_max_attempts, retry_delay, retry_backoff";

    record Copied(int gateways, int tokens, int adminTokens) {
        @Override
        public String toString() {
            return gateways + " gateways, " + tokens + " gateway tokens and " + adminTokens + " admin token";
        }
    }

    private OlderGatewayRows() {
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(null, connection.getSchema(), table, null)) {
            return tables.next();
        }
    }

    static Copied copy(Connection from, String prefix, Connection to) throws SQLException {
        int gateways = copy(from, "select " + SETTINGS + ", created_at, modified_at from " + prefix + "gateways",
                to, "insert into gateways (" + SETTINGS + ", created_at, modified_at, revision) values ("
                        + marks(19) + ") on conflict do nothing", 18, Set.of(17, 18), 1L);
        int tokens = copy(from, "select id, account_id, gateway_id, name, token_hash, created_at from " + prefix
                + "gateway_tokens", to, "insert into gateway_tokens (id, account_id, gateway_id, name, token_hash,"
                + " created_at) values (" + marks(6) + ") on conflict do nothing", 6, Set.of(6), null);
        int admin = copy(from, "select singleton, token_hash, created_at from " + prefix + "admin_token", to,
                "insert into admin_token (singleton, token_hash, created_at) values (" + marks(3)
                        + ") on conflict do nothing", 3, Set.of(3), null);
        return new Copied(gateways, tokens, admin);
    }

    /**
     * Copies each row column by column, times as epoch milliseconds, and {@code revision} (when given) as
     * the last value.
     */
    private static int copy(Connection from, String select, Connection to, String insert, int selected,
                            Set<Integer> times, Long revision) throws SQLException {
        int copied = 0;
        try (PreparedStatement read = from.prepareStatement(select);
             ResultSet row = read.executeQuery();
             PreparedStatement write = to.prepareStatement(insert)) {
            while (row.next()) {
                int column = 1;
                for (; column <= selected; column++) {
                    if (times.contains(column)) {
                        write.setLong(column, row.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli());
                    } else {
                        write.setObject(column, row.getObject(column));
                    }
                }
                if (revision != null) {
                    write.setLong(column, revision);
                }
                copied += write.executeUpdate();
            }
        }
        return copied;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
