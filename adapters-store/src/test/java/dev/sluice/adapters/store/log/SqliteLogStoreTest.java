package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The log store contract on the embedded SQLite file, the default. */
class SqliteLogStoreTest extends LogStoreContract {

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

    @Override
    protected String refusePoison() {
        return "create trigger refuse_poison before insert on logs when new.model = 'poison'"
                + " begin select raise(abort, 'poison is refused'); end";
    }

    @Override
    protected String refuseNewHours() {
        return "create trigger refuse_hours before insert on log_hours"
                + " begin select raise(abort, 'no new hours'); end";
    }
}
