package dev.sluice.adapters.store.log;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The rows of one prepared statement added to its JDBC batch within a transaction, and whether any wait.
 * The statement is the {@link dev.sluice.adapters.store.jdbc.StatementCache}'s and outlives the transaction:
 * closing this clears its batch (rows a failed transaction left unsent must not go with its next use) and
 * its parameters (which would otherwise hold the last row's values, its compressed bodies, until then).
 */
final class Rows implements AutoCloseable {

    private final PreparedStatement statement;
    private boolean waiting;

    Rows(PreparedStatement statement) {
        this.statement = statement;
    }

    PreparedStatement statement() {
        return statement;
    }

    /** Adds the row bound to the statement to its batch. */
    void add() throws SQLException {
        statement.addBatch();
        waiting = true;
    }

    /** Sends each statement's waiting rows, in the order given; a statement with none is skipped. */
    static void send(Rows... inOrder) throws SQLException {
        for (Rows rows : inOrder) {
            if (rows.waiting) {
                rows.statement.executeBatch();
                rows.waiting = false;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        waiting = false;
        statement.clearBatch();
        statement.clearParameters();
    }
}
