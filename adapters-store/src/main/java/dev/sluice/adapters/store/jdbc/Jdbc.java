package dev.sluice.adapters.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.domain.error.StoreContendedException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The little JDBC the stores need: a statement, its parameters, rows mapped; SQL errors made unchecked. */
public final class Jdbc {

    /** PostgreSQL's deadlock and serialization failure: the transaction was given up for others, and may be run again. */
    private static final Set<String> CONFLICTS = Set.of("40P01", "40001");
    private static final int CONFLICT_ATTEMPTS = 5;

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

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws. A failure after the
     * commit was sent and before it was confirmed is a {@link CommitUnconfirmedException}: the transaction may have
     * committed. Once it is confirmed, a failure handing the connection back (the pool drops a broken one) does not
     * undo it, and the work's result is returned.
     */
    public <T> T inTransaction(Work<T> work) {
        boolean commitSent = false;
        boolean committed = false;
        T result = null;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            // Auto-commit is restored only once the transaction has ended: restoring it commits what is open.
            boolean ended = false;
            try {
                result = work.run(connection);
                commitSent = true;
                connection.commit();
                committed = true;
                ended = true;
                return result;
            } catch (Throwable e) {
                // Whatever was thrown, an Error included.
                ended = rollBack(connection, e);
                if (!ended) {
                    closeAndEvict(connection, e);
                }
                throw e;
            } finally {
                if (ended) {
                    connection.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            if (committed) {
                return result;
            }
            if (commitSent) {
                throw new CommitUnconfirmedException("Transaction's commit unconfirmed: " + e.getMessage(), e);
            }
            throw new StoreException("Transaction failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            if (commitSent && !committed) {
                throw new CommitUnconfirmedException("Transaction's commit unconfirmed: " + e, e);
            }
            throw e;
        }
    }

    /**
     * {@link #inTransaction}, run again (up to five times in all, after a short random pause that grows) when the
     * database gave it up for conflicting with a concurrent transaction — a deadlock, a serialization failure — which
     * says nothing of whether the database can be reached. For management work, on a thread that may block; never for
     * work whose retry its caller does itself (the log writer's). Still refused the last time, it is a
     * {@link StoreContendedException}.
     */
    public <T> T inTransactionRetryingConflicts(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (CommitUnconfirmedException e) {
                throw e;
            } catch (StoreException e) {
                if (!isConflict(e)) {
                    throw e;
                }
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw new StoreContendedException("Transaction given up " + attempt + " times for conflicting"
                            + " with concurrent ones: " + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
    }

    /** Whether the failure is a deadlock or serialization failure, in its causes or a batch's next exceptions. */
    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null && CONFLICTS.contains(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A random pause, so that the transactions that conflicted do not meet again in step: 5-25 ms, then more. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted before retrying a transaction", e);
        }
    }

    /** @return whether the transaction was rolled back; if not, why is added to {@code cause} */
    private static boolean rollBack(Connection connection, Throwable cause) {
        try {
            connection.rollback();
            return true;
        } catch (Throwable rollback) {
            cause.addSuppressed(rollback);
            return false;
        }
    }

    /**
     * Ends a transaction that could not be rolled back without committing it: closing the physical connection
     * ends it uncommitted, and the pool evicts the connection rather than reset it (resetting auto-commit, the
     * pool's or ours, would commit it; and statements run on the physical connection, see
     * {@link StatementCache}, leave the pool unaware that there is anything to roll back).
     */
    private void closeAndEvict(Connection connection, Throwable cause) {
        try {
            connection.unwrap(Connection.class).close();
        } catch (Throwable close) {
            cause.addSuppressed(close);
        } finally {
            try {
                if (dataSource.isWrapperFor(HikariDataSource.class)) {
                    dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
                }
            } catch (Throwable evict) {
                cause.addSuppressed(evict);
            }
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
            if (SqlRefusals.keyHeld(e)) {
                return -1;
            }
            throw new StoreException("Update failed: " + e.getMessage(), e);
        }
    }
}
