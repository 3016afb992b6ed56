package dev.sluice.adapters.store.database;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.h2.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * Carries gateways, tokens and the admin token over from where older versions kept them, once: from the
 * PostgreSQL tables V4 set aside (then dropped), or from the embedded H2 file {@code <data-dir>/sluice.mv.db}
 * that the embedded store used before it moved into the SQLite file. The H2 file is only read, and left in
 * place; the H2 driver is on the class path for this reader alone.
 */
final class V6__Gateways_from_older_stores extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V6__Gateways_from_older_stores.class);

    private final Optional<Path> olderH2;

    V6__Gateways_from_older_stores(Optional<Path> olderH2) {
        this.olderH2 = olderH2;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (OlderGatewayRows.tableExists(connection, V4__Set_aside_older_gateway_tables.PREFIX + "gateways")) {
            OlderGatewayRows.Copied copied = OlderGatewayRows.copy(connection,
                    V4__Set_aside_older_gateway_tables.PREFIX, connection);
            try (Statement statement = connection.createStatement()) {
                for (int i = OlderGatewayRows.TABLES.size() - 1; i >= 0; i--) {
                    statement.execute("drop table " + V4__Set_aside_older_gateway_tables.PREFIX
                            + OlderGatewayRows.TABLES.get(i));
                }
            }
            LOG.info("Moved {} to the new gateway tables", copied);
        }
        if (olderH2.isPresent() && Files.exists(Path.of(olderH2.get() + ".mv.db"))) {
            try (Connection h2 = openReadOnly(olderH2.get())) {
                OlderGatewayRows.Copied copied = OlderGatewayRows.copy(h2, "", connection);
                LOG.info("Imported {} from {}.mv.db, which Sluice no longer uses (it is left as it was and can be"
                        + " deleted)", copied, olderH2.get());
            }
        }
    }

    private static Connection openReadOnly(Path file) throws SQLException {
        // The options the older store opened it with (lower-case names), read only, never created.
        String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
        Connection connection = new Driver().connect(url, new Properties());
        if (connection == null) {
            throw new SQLException("The H2 driver refused " + url);
        }
        return connection;
    }
}
