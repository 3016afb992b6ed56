package dev.sluice.adapters.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The little JDBC the stores need: a statement, its parameters, rows mapped; SQL errors made unchecked. */
public final class Jdbc {

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            boolean open = true;
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Throwable e) {
                // Whatever was thrown, an Error included: restoring auto-commit below would commit the
                // transaction's work so far.
                open = rollBackOrClose(connection, e);
                throw e;
            } finally {
                if (open) {
                    connection.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * Rolls the transaction back; if that fails, closes the physical connection, which ends the transaction
     * uncommitted, and has the pool evict it: resetting the connection's auto-commit, the pool's or ours,
     * would commit it. A failure to roll back is added to {@code cause}, which stays what is thrown.
     * @return whether the connection is still open
     */
    private boolean rollBackOrClose(Connection connection, Throwable cause) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException | RuntimeException rollback) {
            cause.addSuppressed(rollback);
            try {
                connection.unwrap(Connection.class).close();
                if (dataSource.isWrapperFor(HikariDataSource.class)) {
                    dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
                }
            } catch (SQLException | RuntimeException close) {
                cause.addSuppressed(close);
            }
            return false;
        }
    }

    /** Whether the database is SQLite (the embedded log store), for the few statements that differ. */
    public boolean isSqlite() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("sqlite");
        } catch (SQLException e) {
            throw new StoreException("Cannot reach the database: " + e.getMessage(), e);
        }
    }

    public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new StoreException("Query failed: " + e.getMessage(), e);
        }
    }

    public <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        List<T> rows = query(sql, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** @return rows changed, or -1 when a unique or primary key already held the value */
    public int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return -1;
            }
            throw new StoreException("Update failed: " + e.getMessage(), e);
        }
    }
}
