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

    /** The values of one entry's row. */
    private static final int INSERT_COLUMNS = Rows.columns(LogRows.INSERT);

    private final LogShapes shapes = new LogShapes();
    private final StatementCache statements;
    /**
     * On SQLite, the entries' insert of {@link Rows#GROUP} rows: small enough that the writer's short batches at a
     * steady load fill some, as many as longer groups gain in long ones. Metadata and bodies go row by row: their
     * foreign keys make SQLite keep a statement journal for a many-row insert even when it stops at a failing row,
     * which for the metadata (whose value index takes rows all over the file) spilled to a temporary file and
     * tripled the writer's writes, and for the bodies cost what it saved. PostgreSQL's driver sends a batch's rows
     * in one round trip, and a many-row insert there stored no more entries a second against a local server while
     * a remote one would pay a round trip for each group: it keeps the batch (docs/PERFORMANCE.md). Null there.
     */
    private final String insertMany;

    /** @param sqlite whether the database is the embedded SQLite file, whose entries go in many-row inserts */
    LogInserts(StatementCache statements, boolean sqlite) {
        this.statements = statements;
        this.insertMany = sqlite ? Rows.many(LogRows.INSERT) : null;
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
     * Inserts the entries with their shapes, metadata and bodies, {@link #ROWS_PER_SEND} entries at a time: their
     * rows hold every value, compressed bodies included, until they are sent, and a whole batch of thousands of
     * entries held them long enough for the collector to copy them to the survivor spaces and on into the old
     * generation. Each table's rows of those entries are bound and sent before the next table's, in the order
     * they depend on: shapes, entries, metadata, bodies ({@link Rows}; on SQLite the entries' full groups as many-row
     * inserts).
     *
     * @return what the entries add to the file, by {@link #ROW_BYTES} and their bodies as stored
     */
    long insert(Connection connection, List<LogWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return 0;
        }
        try (Rows newShapes = new Rows(statements.prepare(connection, LogShapes.INSERT));
             Rows logs = insertMany == null ? new Rows(statements.prepare(connection, LogRows.INSERT))
                     : new Rows(statements.prepare(connection, LogRows.INSERT), statements.prepare(connection, insertMany),
                     INSERT_COLUMNS);
             Rows metadata = new Rows(statements.prepare(connection, LogRows.INSERT_METADATA));
             Rows bodies = new Rows(statements.prepare(connection, INSERT_BODIES))) {
            long added = 0;
            long[] shapeIds = new long[Math.min(writes.size(), ROWS_PER_SEND)];
            for (int from = 0; from < writes.size(); from += ROWS_PER_SEND) {
                List<LogWrite> some = writes.subList(from, Math.min(writes.size(), from + ROWS_PER_SEND));
                addShapes(some, shapeIds, newShapes);
                addEntries(some, shapeIds, logs);
                addMetadata(some, shapeIds, metadata);
                added += addBodies(some, bodies) + (long) some.size() * ROW_BYTES;
            }
            return added;
        }
    }

    /** Works out each entry's shape into {@code ids} and inserts the shapes not stored yet. */
    private void addShapes(List<LogWrite> writes, long[] ids, Rows newShapes) throws SQLException {
        for (int i = 0; i < writes.size(); i++) {
            LogEntry entry = writes.get(i).entry();
            ids[i] = shapes.idOf(entry);
            if (shapes.bindNew(newShapes.statement(), entry, ids[i])) {
                newShapes.add();
            }
        }
        newShapes.send();
    }

    private static void addEntries(List<LogWrite> writes, long[] shapes, Rows logs) throws SQLException {
        logs.expect(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            LogRows.bind(logs.statement(), logs.from(), writes.get(i).entry(), shapes[i]);
            logs.add();
        }
        logs.send();
    }

    private static void addMetadata(List<LogWrite> writes, long[] shapes, Rows metadata) throws SQLException {
        for (int i = 0; i < writes.size(); i++) {
            LogEntry entry = writes.get(i).entry();
            for (Map.Entry<String, Object> meta : entry.metadata().entries().entrySet()) {
                LogRows.bindMetadata(metadata.statement(), entry.gateway(), shapes[i], entry.id(), meta.getKey(),
                        meta.getValue());
                metadata.add();
            }
        }
        metadata.send();
    }

    /** Inserts the bodies of the entries that have them and returns their stored size. */
    private static long addBodies(List<LogWrite> writes, Rows bodies) throws SQLException {
        long added = 0;
        for (LogWrite write : writes) {
            if (write.bodies().isPresent()) {
                added += bindBodies(bodies.statement(), write.entry().id(), write.bodies().get());
                bodies.add();
            }
        }
        bodies.send();
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
