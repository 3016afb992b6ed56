package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.PostgresServer;
import dev.sluice.adapters.store.TestDatabases;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/** Unconfirmed commits on a real PostgreSQL server, where a commit's reply can be lost with its connection. */
@ExtendWith(PostgresServer.class)
class PostgresUnconfirmedCommitTest extends UnconfirmedCommitContract {

    @Override
    protected DataSource openDataSource() {
        return TestDatabases.postgres(PostgresServer.jdbcUrl().orElseThrow());
    }

    @Override
    protected void closeDataSource(DataSource dataSource) throws Exception {
        TestDatabases.dropSchema((HikariDataSource) dataSource);
    }
}
