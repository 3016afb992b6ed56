package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The log store contract on the embedded H2 file, the default. */
class H2LogStoreTest extends LogStoreContract {

    @TempDir
    Path dir;

    @Override
    protected DataSource openDataSource() {
        return TestDatabases.h2(dir);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
