package dev.sluice.adapters.store.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.PostgresServer;
import dev.sluice.adapters.store.TestDatabases;
import dev.sluice.adapters.store.jdbc.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading a fleet on PostgreSQL: the gateway tables of the older layout (their own migration, timestamps
 * with a time zone) become the new tables with every row kept, and the older tables are gone.
 */
@ExtendWith(PostgresServer.class)
class PostgresUpgradeFromOlderLayoutTest {

    @Test
    void gatewaysTokensAndTheAdminTokenSurviveTheNewLayout() throws Exception {
        HikariDataSource dataSource = TestDatabases.emptyPostgres(PostgresServer.jdbcUrl().orElseThrow());
        try {
            try (Connection connection = dataSource.getConnection()) {
                OlderLayout.write(connection);
            }
            OlderLayout.logsAtVersionThree(dataSource, "bytea");

            SluiceDatabases.migratePostgres(dataSource);

            OlderLayout.assertCarriedOver(dataSource);
            assertThat(new Jdbc(dataSource).queryOne("select count(*) from information_schema.tables"
                    + " where table_schema = current_schema() and table_name like 'older_%'", s -> { },
                    row -> row.getLong(1))).contains(0L);
            SluiceDatabases.migratePostgres(dataSource);
            OlderLayout.assertCarriedOver(dataSource);
        } finally {
            TestDatabases.dropSchema(dataSource);
        }
    }
}
