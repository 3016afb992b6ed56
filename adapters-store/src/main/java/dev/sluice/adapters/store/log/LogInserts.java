package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.StatementCache;
import dev.sluice.application.log.LogWrite;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The rows of the log writer's entries: each entry's shape when it is new ({@link LogShapes}), the entry, its metadata
 * and its bodies, compressed ({@link BodyCodec}). The shapes it has given ids are known only once their transaction
 * committed, so the writer tells it how each one ended.
 */
final class LogInserts {

    /** Entries whose rows are bound before they are sent: small enough to die young, large enough to batch. */
    static final int ROWS_PER_SEND = 64;

    /**
     * What an entry adds to the file besides its bodies: its row, its keys and its six indexes. Measured on the
     * embedded file after 244,306 entries of the bench's load: 828 bytes an entry, 113 of them the compressed
     * bodies.
     */
    static final long ROW_BYTES = 715;

    private static final String INSERT_BODIES = "insert into log_bodies (log_id, request, request_complete, response,"
            + " response_complete, request_encoding, response_encoding) values (?, ?, ?, ?, ?, ?, ?)";

    private final LogShapes shapes = new LogShapes();
    private final StatementCache statements;

    LogInserts(StatementCache statements) {
        this.statements = statements;
    }

    /** The transaction that inserted rows committed: the new shapes' ids hold. */
    void committed() {
        shapes.committed();
    }

    /** The transaction that inserted rows rolled back: the new shapes' ids are given again. */
    void rolledBack() {
        shapes.rolledBack();
    }

    /**
     * Inserts the entries with their shapes, metadata and bodies, as JDBC batches of at most
     * {@link #ROWS_PER_SEND} entries: a batch holds every row's values, compressed bodies included, until it
     * is sent, and a whole batch of thousands of entries held them long enough for the collector to copy them
     * to the survivor spaces and on into the old generation. Each send runs the statements in the order
     * their rows depend on: shapes, entries, metadata, bodies.
     *
     * @return what the entries add to the file, by {@link #ROW_BYTES} and their bodies as stored
     */
    long insert(Connection connection, List<LogWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return 0;
        }
        try (Rows newShapes = new Rows(statements.prepare(connection, LogShapes.INSERT));
             Rows logs = new Rows(statements.prepare(connection, LogRows.INSERT));
             Rows metadata = new Rows(statements.prepare(connection, LogRows.INSERT_METADATA));
             Rows bodies = new Rows(statements.prepare(connection, INSERT_BODIES))) {
            int bound = 0;
            long added = 0;
            for (LogWrite write : writes) {
                added += add(write, newShapes, logs, metadata, bodies);
                if (++bound == ROWS_PER_SEND) {
                    Rows.send(newShapes, logs, metadata, bodies);
                    bound = 0;
                }
            }
            Rows.send(newShapes, logs, metadata, bodies);
            return added;
        }
    }

    /** Binds and adds the entry's rows (its shape when new, itself, its metadata, its bodies); returns their size. */
    private long add(LogWrite write, Rows newShapes, Rows logs, Rows metadata, Rows bodies) throws SQLException {
        LogEntry entry = write.entry();
        long shape = shapes.idOf(entry);
        if (shapes.bindNew(newShapes.statement(), entry, shape)) {
            newShapes.add();
        }
        LogRows.bind(logs.statement(), entry, shape);
        logs.add();
        long added = ROW_BYTES;
        for (Map.Entry<String, Object> meta : entry.metadata().entries().entrySet()) {
            LogRows.bindMetadata(metadata.statement(), entry.gateway(), shape, entry.id(), meta.getKey(),
                    meta.getValue());
            metadata.add();
        }
        if (write.bodies().isPresent()) {
            added += bindBodies(bodies.statement(), entry.id(), write.bodies().get());
            bodies.add();
        }
        return added;
    }

    /** Binds the bodies as stored and returns their stored size. */
    private static long bindBodies(PreparedStatement statement, String id, LogBodies body) throws SQLException {
        BodyCodec.Stored request = BodyCodec.encode(body.request());
        BodyCodec.Stored response = BodyCodec.encode(body.response());
        statement.setString(1, id);
        statement.setBytes(2, request.bytes());
        statement.setBoolean(3, body.requestComplete());
        statement.setBytes(4, response.bytes());
        statement.setBoolean(5, body.responseComplete());
        statement.setInt(6, request.encoding());
        statement.setInt(7, response.encoding());
        return request.bytes().length + response.bytes().length;
    }
}
