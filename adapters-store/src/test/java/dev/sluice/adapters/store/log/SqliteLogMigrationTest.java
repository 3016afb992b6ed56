package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.log.LogWrite;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.usage.TokenUsage;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.sluice.adapters.store.LogQueries.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log file written by the first schema keeps working once migrated: search, metadata (its values put in
 * their buckets by V10) and meta_info.
 */
class SqliteLogMigrationTest {

    @TempDir
    Path dir;

    @Test
    void entriesStoredBeforeShapesAndHoursAreFoundCountedAndMeasured() throws Exception {
        Path file = dir.resolve("logs.db");
        try (HikariDataSource first = LogDatabasesAtVersionOne.open(file)) {
            try (Connection connection = first.getConnection();
                 PreparedStatement log = connection.prepareStatement("insert into logs (" + LogRows.COLUMNS + ")"
                         + " values (?, 'local', 'main', ?, ?, ?, 'v1/chat/completions', true, false, 200, 10, 5, false,"
                         + " 0, 1000, false, ?, ?, 'application/json', 'application/json', 1, 1, 0, 1, null, null,"
                         + " 'curl/8', false, false)");
                 PreparedStatement meta = connection.prepareStatement("insert into log_metadata (log_id, meta_key,"
                         + " value_text, value_kind) values (?, 'team', ?, 's')")) {
                for (int n = 1; n <= 4; n++) {
                    String id = LogStoreContract.entry(n).id();
                    log.setString(1, id);
                    log.setLong(2, LogRows.micros(LogStoreContract.T0.plusSeconds(n)));
                    log.setString(3, n <= 2 ? "anthropic" : "openai");
                    log.setString(4, n <= 2 ? "claude-haiku-4-5" : "gpt-4o");
                    log.setLong(5, 100L * n);
                    log.setString(6, "event-" + n);
                    log.executeUpdate();
                    meta.setString(1, id);
                    meta.setString(2, n == 1 ? "ads" : "search");
                    meta.executeUpdate();
                }
                connection.createStatement().executeUpdate("insert into log_counts values ('local', 'main', 4)");
            }
        }

        try (HikariDataSource migrated = SluiceDatabases.sqlite(file, 2)) {
            LogStores store = new LogStores(migrated);
            store.storeLogs(List.of(new LogWrite(new LogEntry(LogStoreContract.entry(5).id(), LogStoreContract.GW,
                    LogStoreContract.T0.plusSeconds(5), "anthropic", "claude-haiku-4-5", "v1/chat/completions", true,
                    false, 200, Optional.of(new TokenUsage(10, 5, 0, 0, false)), new Cost(BigDecimal.ONE, false), 900,
                    new Metadata(Map.of("team", "ads")), "event-5", "application/json", "application/json", 1, 1, 0, 1,
                    OptionalInt.empty(), Optional.empty(), "curl/8", false, false), Optional.empty(), true,
                    java.util.OptionalLong.empty(), dev.sluice.domain.gateway.LogManagementStrategy.STOP_INSERTING)));

            LogPage claude = store.listLogs(LogStoreContract.GW, query("search=claude"));
            assertThat(claude.entries()).extracting(LogEntry::id).containsExactly(LogStoreContract.entry(5).id(),
                    LogStoreContract.entry(2).id(), LogStoreContract.entry(1).id());
            assertThat(claude.totalCount()).isEqualTo(3);
            assertThat(new Jdbc(migrated).queryOne("select count(*) from log_shapes", s -> {
            }, row -> row.getLong(1))).as("the new entry's shape is the migrated one").contains(2L);
            assertThat(store.listLogs(LogStoreContract.GW,
                    query("filters.key=metadata.value&filters.value=ads")).totalCount()).isEqualTo(2);
            // Values stored before V10 are found in their buckets, listed as well as counted.
            assertThat(store.listLogs(LogStoreContract.GW, query(
                    "filters.key=metadata.value&filters.value=search&filters.value=ads")).entries())
                    .extracting(LogEntry::id).containsExactly(LogStoreContract.entry(5).id(),
                            LogStoreContract.entry(4).id(), LogStoreContract.entry(3).id(),
                            LogStoreContract.entry(2).id(), LogStoreContract.entry(1).id());
            // A row written as a replica still on an older version writes it (no bucket) is found too.
            try (Connection connection = migrated.getConnection();
                 PreparedStatement meta = connection.prepareStatement("insert into log_metadata (log_id, meta_key,"
                         + " value_text, value_kind, account_id, gateway_id) values (?, 'user', 'u-77', 's', 'local',"
                         + " 'main')")) {
                meta.setString(1, LogStoreContract.entry(3).id());
                meta.executeUpdate();
            }
            assertThat(store.listLogs(LogStoreContract.GW, query(
                    "filters.key=metadata.value&filters.value=u-77")).entries()).extracting(LogEntry::id)
                    .containsExactly(LogStoreContract.entry(3).id());
            LogPage.Extremes extremes = store.listLogs(LogStoreContract.GW, query("meta_info=true"))
                    .extremes().orElseThrow();
            assertThat(extremes.minDuration()).isEqualTo(100);
            assertThat(extremes.maxDuration()).isEqualTo(900);
            assertThat(extremes.maxCost()).isEqualByComparingTo("1");
        }
    }

    /** The embedded log file as the first version of the schema left it. */
    private static final class LogDatabasesAtVersionOne {

        static HikariDataSource open(Path file) {
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl("jdbc:sqlite:" + file);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/sluice").table("flyway_logs_history")
                    .placeholders(Map.of("bytes", "blob")).target("1").load().migrate();
            return dataSource;
        }
    }
}
