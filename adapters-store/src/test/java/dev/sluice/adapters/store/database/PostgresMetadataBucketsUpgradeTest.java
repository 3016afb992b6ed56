package dev.sluice.adapters.store.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.PostgresServer;
import dev.sluice.adapters.store.TestDatabases;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.log.JdbcLogQueries;
import dev.sluice.adapters.store.log.LogHoursRepair;
import dev.sluice.adapters.store.log.V3__Shapes_of_older_entries;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Optional;

import static dev.sluice.adapters.store.LogQueries.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * V10 on PostgreSQL with metadata stored before it: the values are read through a cursor while their rows are
 * updated in the same transaction, and every one is found in its bucket afterwards.
 */
@ExtendWith(PostgresServer.class)
class PostgresMetadataBucketsUpgradeTest {

    private static final GatewayRef GW = new GatewayRef(new AccountId("local"), new GatewayId("main"));

    @Test
    void metadataStoredBeforeTheBucketsIsFoundInThem() throws Exception {
        HikariDataSource dataSource = TestDatabases.emptyPostgres(PostgresServer.jdbcUrl().orElseThrow());
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/sluice").table("flyway_logs_history")
                    .placeholders(Map.of("bytes", "bytea"))
                    .javaMigrations(new V3__Shapes_of_older_entries(), new V4__Set_aside_older_gateway_tables(),
                            new V6__Gateways_from_older_stores(Optional.empty()))
                    .baselineOnMigrate(true).baselineVersion("0").target("9").load().migrate();
            // More distinct values than the migration's batch and its cursor's fetch size (1,000 each).
            int entries = 1_500;
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement log = connection.prepareStatement("insert into logs (id, account_id, gateway_id,"
                         + " created_at, provider, model, path, success, cached, status_code, tokens_estimated,"
                         + " cached_tokens_in, cost, custom_cost, duration, event_id, request_content_type,"
                         + " response_content_type, request_size, response_size, step, attempt, user_agent,"
                         + " authenticated, payload_stored) values (?, 'local', 'main', ?, 'openai', 'gpt-4o',"
                         + " 'v1/chat/completions', true, false, 200, false, 0, 0, false, 1, ?, '', '', 0, 0, 0, 1, '',"
                         + " false, false)");
                 PreparedStatement meta = connection.prepareStatement("insert into log_metadata (log_id, meta_key,"
                         + " value_text, value_kind, account_id, gateway_id) values (?, ?, ?, 's', 'local', 'main')")) {
                for (int n = 1; n <= entries; n++) {
                    String id = String.format("0193%08d-0000-7000-8000-000000000000", n);
                    log.setString(1, id);
                    log.setLong(2, 1_000_000L * n);
                    log.setString(3, id);
                    log.addBatch();
                    for (String[] pair : new String[][]{{"user", "user-" + n}, {"team", n % 2 == 0 ? "ads" : "search"}}) {
                        meta.setString(1, id);
                        meta.setString(2, pair[0]);
                        meta.setString(3, pair[1]);
                        meta.addBatch();
                    }
                }
                log.executeBatch();
                meta.executeBatch();
            }

            SluiceDatabases.migratePostgres(dataSource);

            JdbcLogQueries logs = new JdbcLogQueries(new Jdbc(dataSource), new LogHoursRepair(new Jdbc(dataSource)));
            for (int n : new int[]{1, 999, 1_000, 1_001, 1_500}) {
                LogPage page = logs.listLogs(GW, query("filters.key=metadata.value&filters.value=user-" + n));
                assertThat(page.entries()).as("user-" + n).extracting(LogEntry::id)
                        .containsExactly(String.format("0193%08d-0000-7000-8000-000000000000", n));
            }
            assertThat(logs.listLogs(GW, query("filters.key=metadata.value&filters.value=ads")).totalCount())
                    .isEqualTo(entries / 2);
            assertThat(new Jdbc(dataSource).queryOne("select count(*) from log_metadata where value_bucket < 0",
                    s -> { }, row -> row.getLong(1))).as("no row left without its bucket").contains(0L);
        } finally {
            TestDatabases.dropSchema(dataSource);
        }
    }
}
