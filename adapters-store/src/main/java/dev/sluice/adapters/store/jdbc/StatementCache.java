package dev.sluice.adapters.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepared statements kept open from one transaction to the next, per physical connection. The pool hands
 * out a wrapper that closes every statement prepared through it when the connection goes back, and the
 * SQLite driver keeps no cache of its own: a writer that runs the same few statements in every transaction
 * compiled each of them again each time (about 220 µs a transaction for the log writer's eight, then). Statements
 * here are prepared on the physical connection the wrapper stands for, which the pool keeps open, so they
 * outlive the wrapper; they stay valid for as long as that connection lives, and a closed one (the pool
 * retired its connection) is prepared again.
 *
 * <p>Only for work inside {@link Jdbc#inTransaction}: statements run here bypass the pool's wrapper, so the
 * pool neither sees that the transaction has work to roll back nor that an error broke the connection;
 * {@code inTransaction} commits or rolls back itself, and closes and evicts a connection it cannot roll
 * back. Not thread-safe: one owner, which uses a statement only while it holds the connection. A statement
 * comes back with the parameters and batch its last use left; the caller binds every parameter and clears
 * a batch it did not send. After a failed transaction the owner {@link #clear}s the cache, so nothing a
 * failure left half done is used again. Otherwise nothing needs closing: closing a connection (the pool
 * does, when it retires one or shuts down) closes its statements.
 */
public final class StatementCache {

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** The statement for {@code sql} on the physical connection behind {@code connection}. */
    public PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        Connection physical = connection.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = byConnection.get(physical);
        if (statements == null) {
            forgetClosedConnections();
            statements = new HashMap<>();
            byConnection.put(physical, statements);
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Closes every statement and forgets them; each is prepared again when next asked for. */
    public void clear() {
        for (Map<String, PreparedStatement> statements : byConnection.values()) {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // a statement of a connection that failed: nothing is left to release
                }
            }
        }
        byConnection.clear();
    }

    /** How many physical connections have statements here. */
    int connections() {
        return byConnection.size();
    }

    private void forgetClosedConnections() throws SQLException {
        List<Connection> closed = new ArrayList<>();
        for (Connection physical : byConnection.keySet()) {
            if (physical.isClosed()) {
                closed.add(physical);
            }
        }
        closed.forEach(byConnection::remove);
    }
}
