package dev.sluice.adapters.store.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.gateway.JdbcGatewayStore;
import dev.sluice.adapters.store.jdbc.Jdbc;
import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading an embedded install: gateways, tokens and the admin token that an older Sluice kept in the H2
 * file {@code <data-dir>/sluice.mv.db} are in the SQLite file afterwards, once, and the H2 file is left as
 * it was.
 */
class SqliteUpgradeFromH2Test {

    @TempDir
    Path dir;

    /** An H2 file as the older embedded store wrote it, with the same driver and options. */
    private Path olderH2File() throws Exception {
        Path h2 = dir.resolve("sluice");
        String url = "jdbc:h2:file:" + h2.toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (Connection connection = new Driver().connect(url, new Properties())) {
            OlderLayout.write(connection);
        }
        assertThat(dir.resolve("sluice.mv.db")).exists();
        return h2;
    }

    @Test
    void anInstallWithLogsAndAnH2FileKeepsEveryGatewayTokenAndTheAdminToken() throws Exception {
        Path h2 = olderH2File();
        Path logs = dir.resolve("logs.db");
        try (HikariDataSource older = new HikariDataSource()) {
            older.setJdbcUrl("jdbc:sqlite:" + logs);
            OlderLayout.logsAtVersionThree(older, "blob");
        }
        long h2Size = Files.size(dir.resolve("sluice.mv.db"));

        try (HikariDataSource upgraded = SluiceDatabases.sqlite(logs, 2, Optional.of(h2))) {
            OlderLayout.assertCarriedOver(upgraded);
            JdbcGatewayStore store = new JdbcGatewayStore(new Jdbc(upgraded), Runnable::run, Duration.ofMinutes(1));
            var prod = store.findGateway(OlderLayout.PROD).orElseThrow();
            store.updateGateway(prod.update(prod.settings().withAuthentication(false), Instant.now()), 1);
        }
        assertThat(Files.size(dir.resolve("sluice.mv.db"))).as("the H2 file is only read").isEqualTo(h2Size);

        try (HikariDataSource reopened = SluiceDatabases.sqlite(logs, 2, Optional.of(h2))) {
            JdbcGatewayStore store = new JdbcGatewayStore(new Jdbc(reopened), Runnable::run, Duration.ofMinutes(1));
            assertThat(store.findGateway(OlderLayout.PROD).orElseThrow().settings().authentication())
                    .as("imported once: a later start does not bring the H2 values back").isFalse();
        }
    }

    @Test
    void aNewSqliteFileBesideAnH2FileImportsItToo() throws Exception {
        Path h2 = olderH2File();
        try (HikariDataSource fresh = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2, Optional.of(h2))) {
            OlderLayout.assertCarriedOver(fresh);
        }
    }

    @Test
    void withoutAnH2FileNothingIsImported() throws Exception {
        try (HikariDataSource fresh = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2, Optional.of(dir.resolve("sluice")))) {
            assertThat(new Jdbc(fresh).queryOne("select count(*) from gateways", s -> { }, row -> row.getLong(1)))
                    .contains(0L);
        }
        assertThat(dir.resolve("sluice.mv.db")).doesNotExist();
    }
}
