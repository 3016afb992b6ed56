package dev.sluice.adapters.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class StatementCacheTest {

    private static final String SQL = "select count(*) from log_counts where account_id = ?";

    @TempDir
    Path dir;

    private final StatementCache cache = new StatementCache();

    @Test
    void aStatementOutlivesThePoolsWrapperAndIsPreparedOncePerPhysicalConnection() throws Exception {
        try (HikariDataSource pool = SluiceDatabases.sqlite(dir.resolve("s.db"), 1)) {
            PreparedStatement first;
            try (Connection connection = pool.getConnection()) {
                first = cache.prepare(connection, SQL);
                assertThat(count(first)).isZero();
            }
            assertThat(first.isClosed()).as("the pool closes what was prepared through its wrapper, not this")
                    .isFalse();
            try (Connection connection = pool.getConnection()) {
                assertThat(cache.prepare(connection, SQL)).isSameAs(first);
                assertThat(count(first)).isZero();
                assertThat(cache.prepare(connection, SQL + " and gateway_id = ?")).isNotSameAs(first);
            }
        }
    }

    @Test
    void aRetiredConnectionsStatementsArePreparedAgainOnTheNewOneAndForgotten() throws Exception {
        try (HikariDataSource pool = SluiceDatabases.sqlite(dir.resolve("s.db"), 1)) {
            PreparedStatement first;
            try (Connection connection = pool.getConnection()) {
                first = cache.prepare(connection, SQL);
            }
            pool.getHikariPoolMXBean().softEvictConnections();
            long until = System.nanoTime() + 5_000_000_000L;
            Connection retired = first.getConnection();
            while (!retired.isClosed() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(retired.isClosed()).as("the pool closed the connection it retired").isTrue();
            try (Connection connection = pool.getConnection()) {
                PreparedStatement again = cache.prepare(connection, SQL);
                assertThat(again).isNotSameAs(first);
                assertThat(count(again)).isZero();
            }
            assertThat(cache.connections()).as("the closed connection's statements are let go").isEqualTo(1);
        }
    }

    private static long count(PreparedStatement statement) throws Exception {
        statement.setString(1, "local");
        try (ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
