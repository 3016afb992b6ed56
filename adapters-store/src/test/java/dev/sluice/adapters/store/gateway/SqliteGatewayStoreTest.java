package dev.sluice.adapters.store.gateway;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The gateway store contract on the embedded SQLite file, the default. */
class SqliteGatewayStoreTest extends GatewayStoreContract {

    @TempDir
    Path dir;

    @Override
    protected DataSource openDataSource() {
        return TestDatabases.sqlite(dir);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
