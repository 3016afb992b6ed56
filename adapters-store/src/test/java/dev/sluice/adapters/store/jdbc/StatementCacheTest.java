package dev.sluice.adapters.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class StatementCacheTest {

    private static final String SQL = "select count(*) from log_counts where account_id = ?";

    @TempDir
    Path dir;

    private final StatementCache cache = new StatementCache();
    private HikariDataSource pool;

    @BeforeEach
    void open() {
        pool = SluiceDatabases.sqlite(dir.resolve("s.db"), 1);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** {@link #SQL} prepared through the cache on the pool's one connection, which then goes back. */
    private PreparedStatement preparedAndGivenBack() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return cache.prepare(connection, SQL);
        }
    }

    @Test
    void aStatementOutlivesThePoolsWrapperAndIsPreparedOncePerPhysicalConnection() throws Exception {
        PreparedStatement first = preparedAndGivenBack();

        assertThat(first.isClosed()).as("the pool closes what was prepared through its wrapper, not this")
                .isFalse();
        try (Connection connection = pool.getConnection()) {
            assertThat(cache.prepare(connection, SQL)).isSameAs(first);
            assertThat(count(first)).isZero();
            assertThat(cache.prepare(connection, SQL + " and gateway_id = ?")).isNotSameAs(first);
        }
    }

    @Test
    void aRetiredConnectionsStatementsArePreparedAgainOnTheNewOneAndForgotten() throws Exception {
        PreparedStatement first = preparedAndGivenBack();

        pool.getHikariPoolMXBean().softEvictConnections();
        Connection retired = first.getConnection();
        long until = System.nanoTime() + 5_000_000_000L;
        while (!retired.isClosed() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(retired.isClosed()).as("the pool closed the connection it retired").isTrue();
        PreparedStatement again = preparedAndGivenBack();
        assertThat(again).isNotSameAs(first);
        try (Connection connection = pool.getConnection()) {
            assertThat(count(cache.prepare(connection, SQL))).isZero();
        }
        assertThat(cache.connections()).as("the closed connection's statements are let go").isEqualTo(1);
    }

    private static long count(PreparedStatement statement) throws SQLException {
        statement.setString(1, "local");
        try (ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
