package dev.sluice.adapters.store.log;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.PostgresServer;
import dev.sluice.adapters.store.TestDatabases;
import dev.sluice.domain.log.LogQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.sluice.adapters.store.log.LogStoreContract.GW;
import static dev.sluice.adapters.store.log.LogStoreContract.entry;
import static dev.sluice.adapters.store.log.LogStoreContract.keep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas' log writers and deletes on one PostgreSQL. A delete of logs on one replica while another replica's writer stores entries of the same gateway: PostgreSQL
 * found them deadlocked when the delete took the hours of extremes and then waited for the gateway's count, which the
 * writer takes first and holds while it waits for those hours.
 */
@ExtendWith(PostgresServer.class)
class PostgresLogDeleteLockOrderTest {

    private HikariDataSource dataSource;
    private LogStores store;

    @BeforeEach
    void open() {
        dataSource = TestDatabases.postgres(PostgresServer.jdbcUrl().orElseThrow());
        store = new LogStores(dataSource);
    }

    @AfterEach
    void close() throws Exception {
        TestDatabases.dropSchema(dataSource);
    }

    @Test
    void aDeleteWaitingForTheWritersCountHoldsNoHourTheWriterTakesNext() throws Exception {
        store.storeLogs(List.of(keep(entry(1))));
        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            // What another replica's writer takes first, and holds until it commits.
            query(writer, "select stored from log_counts where account_id = 'local' and gateway_id = 'main' for update");
            CompletableFuture<Long> delete = CompletableFuture.supplyAsync(() -> store.deleteLogs(GW, LogQuery.all()));
            awaitWaitingForALock(writer);

            // The writer's next lock: the hour of its entries. The delete must not be holding it.
            query(writer, "select entries from log_hours where account_id = 'local' and gateway_id = 'main' for update"
                    + " nowait");
            writer.commit();

            assertThat(delete.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    /**
     * Two replicas storing a gateway's first entries at once both found no count row and both inserted one: the second
     * insert waited for the first's commit and then failed on the key, and its whole batch was retried with a warning.
     */
    @Test
    void aGatewaysFirstEntriesRacingAnotherReplicasAreStoredAtTheFirstTry() throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            // Another replica's writer, creating the gateway's count row in a batch it has not yet committed.
            try (PreparedStatement s = other.prepareStatement(
                    "insert into log_counts (account_id, gateway_id, stored) values ('local', 'main', 0)")) {
                s.executeUpdate();
            }
            CompletableFuture<Integer> stored = CompletableFuture.supplyAsync(() -> store.storeLogs(List.of(keep(entry(1)))));
            awaitWaitingForALock(other);
            other.commit();

            assertThat(stored.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        }
        try (Connection reader = dataSource.getConnection(); PreparedStatement s = reader.prepareStatement(
                "select stored from log_counts where account_id = 'local' and gateway_id = 'main'");
             ResultSet row = s.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getLong(1)).isEqualTo(1);
        }
    }

    /**
     * Found by a probe with two replicas: both found a minute's analytics row missing and both inserted it; the second
     * insert waited for the first's commit and then failed on the key, and the batch was retried with a warning.
     */
    @Test
    void aMinutesSumsRacingAnotherReplicasAreAddedToItsRowAtTheFirstTry() throws Exception {
        store.storeLogs(List.of(keep(entry(1))));
        try (Connection other = dataSource.getConnection()) {
            // The minute's rows taken out, to be made again by another replica in a batch it has not yet committed.
            other.setAutoCommit(false);
            for (String table : List.of("log_rollups", "log_rollup_latency")) {
                try (PreparedStatement s = other.prepareStatement("create temporary table copy_of_" + table
                        + " as select * from " + table + "; delete from " + table)) {
                    s.execute();
                }
            }
            other.commit();
            for (String table : List.of("log_rollups", "log_rollup_latency")) {
                try (PreparedStatement s = other.prepareStatement("insert into " + table + " select * from copy_of_"
                        + table)) {
                    s.executeUpdate();
                }
            }
            CompletableFuture<Integer> stored = CompletableFuture.supplyAsync(() -> store.storeLogs(List.of(keep(entry(2)))));
            awaitWaitingForALock(other);
            other.commit();

            assertThat(stored.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        }
        try (Connection reader = dataSource.getConnection(); PreparedStatement s = reader.prepareStatement(
                "select sum(requests) from log_rollups where kind = 'mm'"); ResultSet row = s.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getLong(1)).as("the other replica's entry and this one's").isEqualTo(2);
        }
    }

    private static void query(Connection connection, String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.executeQuery().close();
        }
    }

    private void awaitWaitingForALock(Connection writer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Connection watcher = dataSource.getConnection();
                 PreparedStatement s = watcher.prepareStatement("select count(*) from pg_stat_activity where"
                         + " datname = current_database() and wait_event_type = 'Lock' and query like '%log_%'");
                 ResultSet row = s.executeQuery()) {
                row.next();
                if (row.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the delete never waited for the writer's lock");
    }
}
