package dev.sluice.adapters.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/** Migrated, empty databases for store tests: an H2 file, or a fresh schema on PostgreSQL. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static HikariDataSource h2(Path dir) {
        return migrated("jdbc:h2:file:" + dir.resolve("sluice").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", null);
    }

    /** A new schema of its own, so runs never see each other's rows; dropped with {@link #dropSchema}. */
    public static HikariDataSource postgres(String baseUrl) {
        String schema = "sluice_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return migrated(url, schema);
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

    private static HikariDataSource migrated(String url, String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setSchema(schema);
        HikariDataSource dataSource = new HikariDataSource(config);
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
        return dataSource;
    }
}
