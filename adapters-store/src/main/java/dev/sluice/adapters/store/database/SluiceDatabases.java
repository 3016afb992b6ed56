package dev.sluice.adapters.store.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.jdbc.StoreException;
import dev.sluice.adapters.store.log.V10__Metadata_value_buckets;
import dev.sluice.adapters.store.log.V3__Shapes_of_older_entries;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * The one database Sluice keeps its state in — gateways, tokens, logs and analytics: an embedded SQLite
 * file by default, or PostgreSQL for a fleet of replicas. One set of migrations serves both
 * ({@code db/sluice}, history table {@code flyway_logs_history}, named when it held only the logs).
 * SQLite runs in WAL mode (readers do not wait for the writer) with foreign keys on (deleting an entry
 * deletes its bodies and metadata, deleting a gateway its tokens).
 */
public final class SluiceDatabases {

    private static final String HISTORY = "flyway_logs_history";
    /** The most the write-ahead log's file keeps on disk once it starts over: 64 MB, above 10,000 4 KiB pages. */
    static final long JOURNAL_SIZE_LIMIT = 64L * 1024 * 1024;

    private SluiceDatabases() {
    }

    public static HikariDataSource sqlite(Path file, int poolSize) {
        return sqlite(file, poolSize, Optional.empty());
    }

    /**
     * @param olderH2 where Sluice kept gateways and tokens before they moved into this file (an H2 database,
     *                {@code <data-dir>/sluice}); imported once, when the migration that moved them runs
     */
    public static HikariDataSource sqlite(Path file, int poolSize, Optional<Path> olderH2) {
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
        // A transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to busy_timeout for
        // it: a deferred one that reads and then writes (a log PATCH, a gateway update) fails at once with
        // SQLITE_BUSY_SNAPSHOT when the log writer committed in between, which no wait can cure.
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        // The WAL is copied into the file by SqliteCheckpoints, on a thread of its own, each time 1,000 more pages
        // are in use, counting what the log writer wrote in the room of entries it deleted (or a second has
        // passed). SQLite's own checkpoint still runs inside the commit that crosses 10,000 pages of log: by then
        // the pages are nearly all copied, so it is short, and it is what lets the log start over (a passive
        // checkpoint beside a busy writer rarely finishes at a moment when it could; sampled at full load, the log
        // started over only there: docs/PERFORMANCE.md).
        // Without the thread that commit copied all 10,000 pages and the log writer stood still meanwhile
        // (docs/PERFORMANCE.md, issue 18).
        config.addDataSourceProperty("wal_autocheckpoint", "10000");
        // The log's file keeps the size it once reached unless told otherwise. A reader on an old snapshot (a long
        // export, a slow listing) keeps the log from starting over, and the writer grows it past 10,000 pages
        // meanwhile; without a limit those bytes would stay on disk for good. Above it the file is cut back each
        // time the log starts over.
        config.addDataSourceProperty("journal_size_limit", String.valueOf(JOURNAL_SIZE_LIMIT));
        // Nothing reads generated keys; with them on, the driver matched every update's SQL against a regular
        // expression and ran "select last_insert_rowid()" after each insert.
        config.addDataSourceProperty("jdbc.get_generated_keys", "false");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("sluice-sqlite");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw damagedOr(file, e);
        }
        try {
            migrate(dataSource, "sqlite", olderH2);
        } catch (RuntimeException e) {
            dataSource.close();
            throw damagedOr(file, e);
        }
        return dataSource;
    }

    /**
     * A damaged header makes the pool's first connection fail ({@code SQLITE_NOTADB}); a damaged schema, that
     * connection or the migrations' first query ({@code SQLITE_CORRUPT}). Either is said in one line that names the
     * file, rather than as whichever of the pool's or Flyway's exceptions met it first.
     */
    private static RuntimeException damagedOr(Path file, RuntimeException error) {
        return DamagedDatabaseException.damage(error)
                .<RuntimeException>map(problem -> new DamagedDatabaseException(file.toAbsolutePath(), problem, error))
                .orElse(error);
    }

    /** Adds (or updates) Sluice's schema in a PostgreSQL database, carrying over gateways of the older layout. */
    public static void migratePostgres(DataSource dataSource) {
        migrate(dataSource, "postgresql", Optional.empty());
    }

    private static void migrate(DataSource dataSource, String vendor, Optional<Path> olderH2) {
        int applied = Flyway.configure().dataSource(dataSource).locations("classpath:db/sluice").table(HISTORY)
                .placeholders(Map.of("bytes", vendor.equals("sqlite") ? "blob" : "bytea"))
                .javaMigrations(new V3__Shapes_of_older_entries(), new V4__Set_aside_older_gateway_tables(),
                        new V6__Gateways_from_older_stores(olderH2), new V10__Metadata_value_buckets())
                .baselineOnMigrate(true).baselineVersion("0").load().migrate().migrationsExecuted;
        if (applied > 0 && vendor.equals("sqlite")) {
            // New indexes have no planner statistics until the next PRAGMA optimize; without them SQLite can
            // prefer one that cannot serve a listing's order and sort the whole gateway instead.
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("pragma analysis_limit = 1000");
                statement.execute("analyze");
            } catch (SQLException e) {
                throw new StoreException("Cannot gather the database's planner statistics: " + e.getMessage(), e);
            }
        }
    }
}
