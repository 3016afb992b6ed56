package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.PostgresServer;
import dev.sluice.adapters.store.TestDatabases;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/** The log store contract on a real PostgreSQL server. */
@ExtendWith(PostgresServer.class)
class PostgresLogStoreTest extends LogStoreContract {

    @Override
    protected DataSource openDataSource() {
        return TestDatabases.postgres(PostgresServer.jdbcUrl().orElseThrow());
    }

    @Override
    protected void closeDataSource(DataSource dataSource) throws Exception {
        TestDatabases.dropSchema((HikariDataSource) dataSource);
    }

    @Override
    protected String refusePoison() {
        return "alter table logs add constraint refuse_poison check (model <> 'poison')";
    }

    @Override
    protected String refuseNewHours() {
        return "alter table log_hours add constraint refuse_hours check (hour < 0)";
    }
}
