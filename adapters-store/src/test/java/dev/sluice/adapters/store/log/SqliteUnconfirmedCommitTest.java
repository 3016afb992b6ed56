package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** Unconfirmed commits on the embedded SQLite file (where a lost reply cannot happen, but the writer is the same). */
class SqliteUnconfirmedCommitTest extends UnconfirmedCommitContract {

    @TempDir
    Path dir;

    @Override
    protected DataSource openDataSource() {
        return SluiceDatabases.sqlite(dir.resolve("logs.db"), 4);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
