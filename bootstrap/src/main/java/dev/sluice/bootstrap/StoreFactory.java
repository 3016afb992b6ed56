package dev.sluice.bootstrap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.adapters.store.database.SqliteCheckpoints;
import dev.sluice.adapters.store.database.SqliteFileLock;
import dev.sluice.adapters.store.database.SqliteIntegrityCheck;
import dev.sluice.adapters.store.gateway.GatewayLookupCache;
import dev.sluice.adapters.store.gateway.JdbcAdminTokenStore;
import dev.sluice.adapters.store.gateway.JdbcGatewayStore;
import dev.sluice.adapters.store.jdbc.Jdbc;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one SQL database of gateways, tokens, logs and analytics: the embedded SQLite file
 * {@code <data-dir>/logs.db} by default, PostgreSQL when configured; migrated at startup.
 */
@Factory
final class StoreFactory {

    /** Connections to the embedded file: one writer at a time, and readers that never wait for it (WAL). */
    private static final int SQLITE_POOL_SIZE = 4;

    /**
     * The embedded file held for this process ({@link SqliteFileLock}): a second Sluice on the same file does not
     * start. Taken before the file is opened, and let go after it is closed; nothing for PostgreSQL.
     *
     * @param checked the configuration, checked first: a start it refuses takes no lock
     */
    @Singleton
    @Bean(preDestroy = "close")
    SqliteFileLock sqliteFileLock(SluiceConfiguration sluice, DatabaseConfiguration database, ConfigurationCheck checked) {
        Path file = sqliteFile(sluice, database);
        boolean byUrl = database.url() != null && !database.url().isBlank();
        return file == null ? SqliteFileLock.none() : SqliteFileLock.take(file, database.lockWait(),
                byUrl ? "sluice.database.url" : "SLUICE_DATA_DIR");
    }

    /**
     * @param checked the configuration, checked first: a start it refuses opens no database (it had opened the file and
     *                begun its quick check, which went on writing into the data directory after the refusal)
     * @param held    the embedded file's lock, taken first
     */
    @Singleton
    @Bean(preDestroy = "close")
    HikariDataSource dataSource(SluiceConfiguration sluice, DatabaseConfiguration database, ConfigurationCheck checked,
                                SqliteFileLock held) {
        String url = database.url();
        Path file = sqliteFile(sluice, database);
        if (url == null || url.isBlank()) {
            // Older versions kept gateways and tokens in the H2 file <data-dir>/sluice.mv.db: imported once.
            return SluiceDatabases.sqlite(file, SQLITE_POOL_SIZE, Optional.of(file.resolveSibling("sluice")));
        }
        if (file != null) {
            return SluiceDatabases.sqlite(Path.of(url.substring("jdbc:sqlite:".length())), SQLITE_POOL_SIZE);
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("sluice.database.url must be a jdbc:postgresql: URL (or jdbc:sqlite:"
                    + " and a file), or be left out for the embedded file; it was " + url.replaceAll("\\?.*", "?…"));
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(database.poolSize());
        config.setPoolName("sluice-store");
        // Hikari's default waits 30 s for a connection: with PostgreSQL down, /health, the management API and a new
        // replica's first gateway lookups each took 30 s to say so.
        config.setConnectionTimeout(Math.max(250, database.connectionTimeout().toMillis()));
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            SluiceDatabases.migratePostgres(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /**
     * The SQLite file the store is: {@code <data-dir>/logs.db} by default, a {@code jdbc:sqlite:} URL's (its
     * parameters left off); else null.
     */
    private static Path sqliteFile(SluiceConfiguration sluice, DatabaseConfiguration database) {
        String url = database.url();
        if (url == null || url.isBlank()) {
            return sluice.dataDir().toAbsolutePath().normalize().resolve("logs.db");
        }
        return url.startsWith("jdbc:sqlite:") ? Path.of(url.substring("jdbc:sqlite:".length()).replaceAll("\\?.*", ""))
                : null;
    }

    /** The embedded file's WAL checkpoints, off the log writer's commits; nothing for PostgreSQL. */
    @Context
    @Bean(preDestroy = "close")
    SqliteCheckpoints sqliteCheckpoints(HikariDataSource dataSource) {
        return dataSource.getJdbcUrl().startsWith("jdbc:sqlite:")
                ? SqliteCheckpoints.start(dataSource)
                : SqliteCheckpoints.none();
    }

    /**
     * SQLite's quick check of the embedded file, in the background once the store is open: a damaged page is found
     * without holding the start for the seconds it takes (docs/PERFORMANCE.md); nothing for PostgreSQL.
     */
    @Context
    @Bean(preDestroy = "close")
    SqliteIntegrityCheck sqliteIntegrityCheck(HikariDataSource dataSource, DatabaseConfiguration database) {
        String url = dataSource.getJdbcUrl();
        return url.startsWith("jdbc:sqlite:") && database.quickCheck()
                ? SqliteIntegrityCheck.start(Path.of(url.substring("jdbc:sqlite:".length())))
                : SqliteIntegrityCheck.none();
    }

    @Singleton
    @Named("store")
    @Bean(preDestroy = "shutdown")
    ExecutorService storeExecutor(DatabaseConfiguration database) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(database.poolSize(), task -> {
            Thread thread = new Thread(task, "sluice-store-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Singleton
    Jdbc jdbc(HikariDataSource dataSource) {
        return new Jdbc(dataSource);
    }

    @Singleton
    JdbcGatewayStore gatewayStore(Jdbc jdbc, @Named("store") ExecutorService executor, DatabaseConfiguration database) {
        return new JdbcGatewayStore(jdbc, executor, database.refreshInterval());
    }

    @Singleton
    GatewayLookupCache gatewayLookup(JdbcGatewayStore store) {
        return store.lookup();
    }

    @Singleton
    JdbcAdminTokenStore adminTokenStore(Jdbc jdbc, Clock clock) {
        return new JdbcAdminTokenStore(jdbc, clock);
    }
}
