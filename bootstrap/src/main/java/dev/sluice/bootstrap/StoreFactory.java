package dev.sluice.bootstrap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.gateway.GatewayLookupCache;
import dev.sluice.adapters.store.gateway.JdbcAdminTokenStore;
import dev.sluice.adapters.store.gateway.JdbcGatewayStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The SQL store: the embedded H2 file by default, PostgreSQL when configured; migrated at startup. */
@Factory
final class StoreFactory {

    @Singleton
    @Bean(preDestroy = "close")
    HikariDataSource dataSource(SluiceConfiguration sluice, DatabaseConfiguration database) {
        HikariConfig config = new HikariConfig();
        String url = database.url();
        if (url == null || url.isBlank()) {
            Path dir = sluice.dataDir().toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the data directory " + dir, e);
            }
            url = "jdbc:h2:file:" + dir.resolve("sluice")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        config.setJdbcUrl(url);
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(database.poolSize());
        config.setPoolName("sluice-store");
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
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
