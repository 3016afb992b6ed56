package dev.sluice.adapters.store.log;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The rows of one table that a transaction inserts. Told beforehand how many ({@link #expect}), it binds each full
 * group of {@link #GROUP} rows into one statement of that many rows ({@code values (…), (…), …}) and sends it as soon
 * as it is full; the rest are added one by one to the single-row statement's JDBC batch, sent by {@link #send}. SQLite
 * runs a many-row insert's program once, where a batch starts it for every row (opening a cursor on each of the
 * table's indexes, binding through the driver row by row): the log writer stored 10–20% more entries a second that
 * way (docs/PERFORMANCE.md).
 *
 * <p>Both statements are the {@link dev.sluice.adapters.store.jdbc.StatementCache}'s and outlive the transaction:
 * closing this clears the single-row statement's batch (rows a failed transaction left unsent must not go with its
 * next use) and both statements' parameters (which would otherwise hold the last rows' values, compressed bodies
 * among them, until then).
 */
final class Rows implements AutoCloseable {

    /** Rows in a many-row statement (sixteen gained as much as 64 in batches of 500, and more in batches of 40). */
    static final int GROUP = 16;

    private final PreparedStatement single;
    private final PreparedStatement many;
    private final int columns;
    /** Rows that go in groups (the rest go to the batch), of those expected. */
    private int grouped;
    /** Rows bound since {@link #expect}. */
    private int bound;
    private boolean waiting;

    /** Rows that all go through the single-row statement's batch. */
    Rows(PreparedStatement single) {
        this(single, null, 0);
    }

    /**
     * @param single  the table's one-row insert
     * @param many    the same insert of {@link #GROUP} rows ({@link #many(String)})
     * @param columns the values of one row ({@link #columns(String)})
     */
    Rows(PreparedStatement single, PreparedStatement many, int columns) {
        this.single = single;
        this.many = many;
        this.columns = columns;
    }

    /**
     * A one-row insert ({@code insert into t (…) values (?, …)}) as SQLite's insert of {@link #GROUP} rows that stops
     * at a row it cannot insert ({@code insert or fail}). With the default ({@code abort}) SQLite undoes the
     * statement's rows before a failing one, and for that keeps a statement journal of the pages the statement
     * changes, which spilled to a temporary file and doubled the writer's writes. Nothing is lost by it: the log
     * writer rolls back the whole transaction on any failure. (A table with a foreign key still gets a statement
     * journal: SQLite aborts a statement for an immediate foreign key whatever the insert says.)
     */
    static String many(String single) {
        String into = "insert into ";
        int values = single.lastIndexOf(" values (");
        if (!single.startsWith(into) || values < 0 || !single.endsWith(")")) {
            throw new IllegalArgumentException("not a one-row insert that ends with its values: " + single);
        }
        String row = single.substring(values + " values ".length());
        StringBuilder sql = new StringBuilder(values + GROUP * (row.length() + 2)).append("insert or fail into ")
                .append(single, into.length(), values).append(" values ").append(row);
        for (int i = 1; i < GROUP; i++) {
            sql.append(", ").append(row);
        }
        return sql.toString();
    }

    /** The values of one row of a one-row insert: its parameters. */
    static int columns(String single) {
        return (int) single.chars().filter(c -> c == '?').count();
    }

    /**
     * How many rows will be bound before the next {@link #send}: the full groups of them go as many-row inserts.
     * Rows bound without it go through the batch.
     */
    void expect(int rows) {
        grouped = many == null ? 0 : rows - rows % GROUP;
        bound = 0;
    }

    /** The statement to bind the next row to, at {@link #from()}. */
    PreparedStatement statement() {
        return bound < grouped ? many : single;
    }

    /** The index of the next row's first parameter in {@link #statement()}. */
    int from() {
        return bound < grouped ? bound % GROUP * columns + 1 : 1;
    }

    /** The row bound to {@link #statement()} is complete: a group is sent when full, a single row joins the batch. */
    void add() throws SQLException {
        if (bound < grouped) {
            if (bound % GROUP == GROUP - 1) {
                many.executeUpdate();
            }
        } else {
            single.addBatch();
            waiting = true;
        }
        bound++;
    }

    /** Sends the rows waiting in the batch, if any; the rows bound after it go through the batch unless expected. */
    void send() throws SQLException {
        if (bound < grouped) {
            throw new IllegalStateException(bound + " rows bound of " + grouped + " in full groups");
        }
        if (waiting) {
            single.executeBatch();
            waiting = false;
        }
        grouped = 0;
        bound = 0;
    }

    /**
     * After a failure the SQLite driver may have closed a statement, and clearing it throws here; the log writer
     * then clears its statement cache, so the next transaction prepares both again.
     */
    @Override
    public void close() throws SQLException {
        waiting = false;
        single.clearBatch();
        single.clearParameters();
        if (many != null) {
            many.clearParameters();
        }
    }
}
