package dev.sluice.adapters.store.database;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL database that Sluice used before gateways joined the logs' migrations already holds
 * {@code gateways}, {@code gateway_tokens} and {@code admin_token} in the older layout (timestamps, no
 * revision). They are renamed out of the way here, V5 creates the new tables, and V6 copies their rows over
 * and drops them. An embedded SQLite file never had them, so there this does nothing.
 */
final class V4__Set_aside_older_gateway_tables extends BaseJavaMigration {

    static final String PREFIX = "older_";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!OlderGatewayRows.tableExists(connection, "gateways")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : OlderGatewayRows.TABLES) {
                statement.execute("alter table " + table + " rename to " + PREFIX + table);
            }
            // Index names are per schema in PostgreSQL; the new tables' primary keys get fresh names by themselves.
            statement.execute("alter index if exists gateway_tokens_by_gateway rename to " + PREFIX
                    + "gateway_tokens_by_gateway");
        }
    }
}
