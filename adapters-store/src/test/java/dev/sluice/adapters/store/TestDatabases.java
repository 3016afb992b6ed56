package dev.sluice.adapters.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/** Migrated, empty databases for store tests: an embedded SQLite file, or a fresh schema on PostgreSQL. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static HikariDataSource sqlite(Path dir) {
        return SluiceDatabases.sqlite(dir.resolve("logs.db"), 4);
    }

    /** A new schema of its own, so runs never see each other's rows; dropped with {@link #dropSchema}. */
    public static HikariDataSource postgres(String baseUrl) {
        HikariDataSource dataSource = emptyPostgres(baseUrl);
        SluiceDatabases.migratePostgres(dataSource);
        return dataSource;
    }

    /** A new, empty schema of its own (not migrated); dropped with {@link #dropSchema}. */
    public static HikariDataSource emptyPostgres(String baseUrl) {
        String schema = "sluice_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setSchema(schema);
        HikariDataSource dataSource = new HikariDataSource(config);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (java.sql.SQLException e) {
            dataSource.close();
            throw new IllegalStateException(e);
        }
        return dataSource;
    }

    public static void dropSchema(HikariDataSource dataSource) throws Exception {
        String schema = dataSource.getSchema();
        if (schema != null) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + schema + " cascade");
            }
        }
        dataSource.close();
    }
}
