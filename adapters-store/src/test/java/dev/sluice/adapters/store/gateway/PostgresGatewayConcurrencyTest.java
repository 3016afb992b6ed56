package dev.sluice.adapters.store.gateway;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.PostgresServer;
import dev.sluice.adapters.store.TestDatabases;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/** Racing management writes on a real PostgreSQL server. */
@ExtendWith(PostgresServer.class)
class PostgresGatewayConcurrencyTest extends GatewayConcurrencyContract {

    @Override
    protected DataSource openDataSource() {
        return TestDatabases.postgres(PostgresServer.jdbcUrl().orElseThrow());
    }

    @Override
    protected void closeDataSource(DataSource dataSource) throws Exception {
        TestDatabases.dropSchema((HikariDataSource) dataSource);
    }
}
