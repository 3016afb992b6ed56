package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import dev.sluice.adapters.store.jdbc.StoreException;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Where logs live: an embedded SQLite file by default, or the PostgreSQL database the gateways use.
 * Either way the log schema is migrated on its own (history table {@code flyway_logs_history}).
 * SQLite runs in WAL mode (readers do not wait for the writer) with foreign keys on (deleting an entry
 * deletes its bodies and metadata).
 */
public final class LogDatabases {

    private static final String HISTORY = "flyway_logs_history";

    private LogDatabases() {
    }

    public static HikariDataSource sqlite(Path file, int poolSize) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("busy_timeout", "10000");
        // Checkpoint the WAL into the file every 10,000 pages (40 MB) rather than SQLite's 1,000: the index
        // pages every batch touches are then copied once per checkpoint, not once per few batches
        // (the writer's burst rate, docs/PERFORMANCE.md: 8.2–8.3k → 9.1–9.7k entries/s).
        config.addDataSourceProperty("wal_autocheckpoint", "10000");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("sluice-logs");
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource, "sqlite");
        return dataSource;
    }

    /** Adds (or updates) the log schema in the PostgreSQL database that already holds the gateways. */
    public static void migratePostgres(DataSource dataSource) {
        migrate(dataSource, "postgresql");
    }

    private static void migrate(DataSource dataSource, String vendor) {
        int applied = Flyway.configure().dataSource(dataSource).locations("classpath:db/logs").table(HISTORY)
                .placeholders(Map.of("bytes", vendor.equals("sqlite") ? "blob" : "bytea"))
                .javaMigrations(new V3__Shapes_of_older_entries())
                .baselineOnMigrate(true).baselineVersion("0").load().migrate().migrationsExecuted;
        if (applied > 0 && vendor.equals("sqlite")) {
            // New indexes have no planner statistics until the next PRAGMA optimize; without them SQLite can
            // prefer one that cannot serve a listing's order and sort the whole gateway instead.
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("pragma analysis_limit = 1000");
                statement.execute("analyze");
            } catch (SQLException e) {
                throw new StoreException("Cannot gather the log store's planner statistics: " + e.getMessage(), e);
            }
        }
    }
}
