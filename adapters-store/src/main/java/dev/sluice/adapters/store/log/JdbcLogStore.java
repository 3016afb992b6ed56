package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.Jdbc;
import dev.sluice.application.gateway.DeleteGatewayLogsPort;
import dev.sluice.application.log.LogWrite;
import dev.sluice.application.log.QueryLogsPort;
import dev.sluice.application.log.StoreLogsPort;
import dev.sluice.domain.analytics.Rollups;
import dev.sluice.domain.analytics.Tally;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;
import dev.sluice.domain.policy.Metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Logs in SQL — the embedded H2 file or PostgreSQL, with the same statements. A batch is one
 * transaction: its entries, their metadata and bodies, the gateway's stored count (for
 * {@code log_management} caps) and the per-minute analytics rows.
 */
public final class JdbcLogStore implements StoreLogsPort, QueryLogsPort, DeleteGatewayLogsPort {

    private final Jdbc jdbc;
    private final String forUpdate;
    private final long analyticsWindowNanos;
    private final boolean sqlite;
    private final LogShapes shapes = new LogShapes();
    /**
     * Whether hours of {@code meta_info} extremes may await {@link LogHours#repair}: at start (a delete before
     * a restart, or on another replica) and after each delete here, until a pass finds fewer than it may do.
     */
    private volatile boolean hoursToRepair = true;
    private static final int REPAIRED_PER_FLUSH = 24;
    private Map<Rollups.Key, Tally> pending = new HashMap<>();
    private long pendingSince = System.nanoTime();
    private long storedSinceOptimize;
    private long optimizedAt = System.nanoTime();

    /**
     * @param analyticsWindow how long analytics sums may gather in memory before they are written (in the
     *                        transaction of a batch of logs, or by {@link #flush()}): at full throughput a
     *                        minute's row is then written once a window rather than once a batch. Zero
     *                        writes them with every batch.
     */
    public JdbcLogStore(Jdbc jdbc, Duration analyticsWindow) {
        this.jdbc = jdbc;
        // SQLite has no row locks: its one writer at a time holds the whole database.
        this.sqlite = jdbc.isSqlite();
        this.forUpdate = sqlite ? "" : " for update";
        this.analyticsWindowNanos = analyticsWindow.toNanos();
    }

    public JdbcLogStore(Jdbc jdbc) {
        this(jdbc, Duration.ZERO);
    }

    /**
     * Stores a batch in one transaction. Its analytics join the sums gathered in memory, which are written
     * in the same transaction once the window has passed; if the transaction fails, neither the entries nor
     * their sums count, and the retried batch adds them again.
     */
    @Override
    public synchronized int storeLogs(List<LogWrite> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<Rollups.Key, Tally> batchSums = Rollups.of(batch.stream().map(LogWrite::entry).toList());
        boolean due = System.nanoTime() - pendingSince >= analyticsWindowNanos;
        // Copied only when they are written: the gathered sums must stay as they were if the batch fails.
        Map<Rollups.Key, Tally> sums = due ? merged(pending, batchSums) : batchSums;
        int stored;
        try {
            stored = jdbc.inTransaction(connection -> store(connection, batch, due ? sums : null));
        } catch (RuntimeException e) {
            shapes.rolledBack();
            throw e;
        }
        shapes.committed();
        if (due) {
            pending = new HashMap<>();
            pendingSince = System.nanoTime();
        } else {
            batchSums.forEach((key, tally) -> pending.merge(key, tally, (gathered, more) -> {
                gathered.add(more);
                return gathered;
            }));
        }
        storedSinceOptimize += stored;
        return stored;
    }

    /** The batch's entries kept, per gateway, and the analytics sums if they are due ({@code null} if not). */
    private int store(Connection connection, List<LogWrite> batch, Map<Rollups.Key, Tally> sums) throws SQLException {
        Map<GatewayRef, List<LogWrite>> kept = new LinkedHashMap<>();
        for (LogWrite write : batch) {
            if (write.keep()) {
                kept.computeIfAbsent(write.entry().gateway(), g -> new ArrayList<>()).add(write);
            }
        }
        int inserted = 0;
        for (Map.Entry<GatewayRef, List<LogWrite>> gateway : kept.entrySet()) {
            inserted += storeForGateway(connection, gateway.getKey(), gateway.getValue()).size();
        }
        if (sums != null) {
            addRollups(connection, sums);
        }
        return inserted;
    }

    /**
     * Writes the analytics sums gathered in memory (the log writer calls this when idle and at shutdown),
     * recomputes a few hours of {@code meta_info} extremes that deletes left inexact ({@link LogHours}), and
     * on SQLite refreshes the query planner's statistics now and then ({@code PRAGMA optimize}, after every
     * 100,000 new entries or hourly), without which it would scan the time index for a rare event id.
     * PostgreSQL's autovacuum does the same by itself.
     */
    @Override
    public synchronized void flush() {
        if (sqlite && (storedSinceOptimize >= 100_000
                || System.nanoTime() - optimizedAt >= Duration.ofHours(1).toNanos())) {
            jdbc.inTransaction(connection -> {
                try (var statement = connection.createStatement()) {
                    statement.execute("pragma optimize");
                }
                return Boolean.TRUE;
            });
            storedSinceOptimize = 0;
            optimizedAt = System.nanoTime();
        }
        if (!pending.isEmpty()) {
            Map<Rollups.Key, Tally> sums = pending;
            jdbc.inTransaction(connection -> {
                addRollups(connection, sums);
                return sums.size();
            });
            pending = new HashMap<>();
        }
        pendingSince = System.nanoTime();
        if (hoursToRepair) {
            // Cleared first: a delete during the pass sets it again.
            hoursToRepair = false;
            try {
                if (LogHours.repair(jdbc, REPAIRED_PER_FLUSH, forUpdate) == REPAIRED_PER_FLUSH) {
                    hoursToRepair = true;
                }
            } catch (RuntimeException e) {
                hoursToRepair = true;
                throw e;
            }
        }
    }

    private static Map<Rollups.Key, Tally> merged(Map<Rollups.Key, Tally> gathered, Map<Rollups.Key, Tally> more) {
        Map<Rollups.Key, Tally> sums = new HashMap<>();
        gathered.forEach((key, tally) -> sums.computeIfAbsent(key, k -> new Tally()).add(tally));
        more.forEach((key, tally) -> sums.computeIfAbsent(key, k -> new Tally()).add(tally));
        return sums;
    }

    private List<LogWrite> storeForGateway(Connection connection, GatewayRef gateway, List<LogWrite> writes)
            throws SQLException {
        long stored = lockCount(connection, gateway);
        LogWrite last = writes.get(writes.size() - 1);
        List<LogWrite> accepted = writes;
        if (last.cap().isPresent() && last.strategy() == LogManagementStrategy.STOP_INSERTING) {
            long room = Math.max(0, last.cap().getAsLong() - stored);
            accepted = writes.subList(0, (int) Math.min(room, writes.size()));
        }
        insert(connection, accepted);
        LogHours.add(connection, gateway, accepted.stream().map(LogWrite::entry).toList(), forUpdate);
        stored += accepted.size();
        if (last.cap().isPresent() && last.strategy() == LogManagementStrategy.DELETE_OLDEST
                && stored > last.cap().getAsLong()) {
            stored -= deleteOldest(connection, gateway, stored - last.cap().getAsLong());
            hoursToRepair = true;
        }
        try (PreparedStatement s = connection.prepareStatement(
                "update log_counts set stored = ? where account_id = ? and gateway_id = ?")) {
            s.setLong(1, stored);
            s.setString(2, gateway.account().value());
            s.setString(3, gateway.id().value());
            s.executeUpdate();
        }
        return accepted;
    }

    /** The gateway's stored count, its row locked until the transaction ends (created at 0 if new). */
    private long lockCount(Connection connection, GatewayRef gateway) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "select stored from log_counts where account_id = ? and gateway_id = ?" + forUpdate)) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            try (ResultSet row = s.executeQuery()) {
                if (row.next()) {
                    return row.getLong(1);
                }
            }
        }
        try (PreparedStatement s = connection.prepareStatement(
                "insert into log_counts (account_id, gateway_id, stored) values (?, ?, 0)")) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            s.executeUpdate();
        }
        return 0;
    }

    private void insert(Connection connection, List<LogWrite> writes) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        try (PreparedStatement logs = connection.prepareStatement(LogRows.INSERT);
             PreparedStatement newShapes = connection.prepareStatement(LogShapes.INSERT);
             PreparedStatement metadata = connection.prepareStatement(LogRows.INSERT_METADATA);
             PreparedStatement bodies = connection.prepareStatement("insert into log_bodies"
                     + " (log_id, request, request_complete, response, response_complete) values (?, ?, ?, ?, ?)")) {
            boolean anyShapes = false;
            boolean anyMetadata = false;
            boolean anyBodies = false;
            for (LogWrite write : writes) {
                LogEntry entry = write.entry();
                long shape = LogShapes.id(entry);
                anyShapes |= shapes.add(newShapes, entry, shape);
                LogRows.bind(logs, entry, shape);
                logs.addBatch();
                for (Map.Entry<String, Object> meta : entry.metadata().entries().entrySet()) {
                    LogRows.bindMetadata(metadata, entry.gateway(), shape, entry.id(), meta.getKey(), meta.getValue());
                    metadata.addBatch();
                    anyMetadata = true;
                }
                if (write.bodies().isPresent()) {
                    LogBodies body = write.bodies().get();
                    bodies.setString(1, entry.id());
                    bodies.setBytes(2, body.request());
                    bodies.setBoolean(3, body.requestComplete());
                    bodies.setBytes(4, body.response());
                    bodies.setBoolean(5, body.responseComplete());
                    bodies.addBatch();
                    anyBodies = true;
                }
            }
            if (anyShapes) {
                newShapes.executeBatch();
            }
            logs.executeBatch();
            if (anyMetadata) {
                metadata.executeBatch();
            }
            if (anyBodies) {
                bodies.executeBatch();
            }
        }
    }

    private static long deleteOldest(Connection connection, GatewayRef gateway, long count) throws SQLException {
        String oldest = "select id, created_at from logs where account_id = ? and gateway_id = ?"
                + " order by created_at asc, id asc limit ?";
        try (PreparedStatement s = connection.prepareStatement("select min(created_at), max(created_at) from ("
                + oldest + ") oldest")) {
            bindOldest(s, gateway, count);
            try (ResultSet row = s.executeQuery()) {
                if (row.next() && row.getObject(1) != null) {
                    LogHours.touched(connection, gateway, row.getLong(1), row.getLong(2));
                }
            }
        }
        try (PreparedStatement s = connection.prepareStatement("delete from logs where id in (select id from ("
                + oldest + ") oldest)")) {
            bindOldest(s, gateway, count);
            return s.executeUpdate();
        }
    }

    private static void bindOldest(PreparedStatement s, GatewayRef gateway, long count) throws SQLException {
        s.setString(1, gateway.account().value());
        s.setString(2, gateway.id().value());
        s.setLong(3, count);
    }

    private static final String ROLLUP_KEY = "account_id = ? and gateway_id = ? and kind = ? and epoch_minute = ?"
            + " and dim1 = ? and dim2 = ?";

    /**
     * Adds to the minute rows: an update of each row, then an insert of those that did not exist. When
     * another replica inserts the same row in between, the insert fails and the batch is retried whole,
     * finding the row to update.
     */
    private static void addRollups(Connection connection, Map<Rollups.Key, Tally> rollups) throws SQLException {
        List<Map.Entry<Rollups.Key, Tally>> rows = new ArrayList<>(rollups.entrySet());
        List<Map.Entry<Rollups.Key, Tally>> missing = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("update log_rollups set requests = requests + ?,"
                + " errors = errors + ?, cached = cached + ?, tokens_in = tokens_in + ?, tokens_out = tokens_out + ?,"
                + " cost = cost + ?, duration_sum = duration_sum + ? where " + ROLLUP_KEY)) {
            for (Map.Entry<Rollups.Key, Tally> row : rows) {
                int i = bindSums(update, 1, row.getValue());
                bindKey(update, i, row.getKey());
                update.addBatch();
            }
            int[] changed = update.executeBatch();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] == 0) {
                    missing.add(rows.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into log_rollups (account_id,"
                    + " gateway_id, kind, epoch_minute, dim1, dim2, requests, errors, cached, tokens_in, tokens_out, cost,"
                    + " duration_sum) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<Rollups.Key, Tally> row : missing) {
                    bindSums(insert, bindKey(insert, 1, row.getKey()), row.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        addLatency(connection, rows);
    }

    private static void addLatency(Connection connection, List<Map.Entry<Rollups.Key, Tally>> rows) throws SQLException {
        record Bucket(Rollups.Key key, int bucket, long count) {
        }
        List<Bucket> buckets = new ArrayList<>();
        for (Map.Entry<Rollups.Key, Tally> row : rows) {
            row.getValue().latency().counts().forEach((bucket, count) -> buckets.add(new Bucket(row.getKey(), bucket, count)));
        }
        List<Bucket> missing = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("update log_rollup_latency set requests ="
                + " requests + ? where " + ROLLUP_KEY + " and bucket = ?")) {
            for (Bucket bucket : buckets) {
                update.setLong(1, bucket.count());
                update.setInt(bindKey(update, 2, bucket.key()), bucket.bucket());
                update.addBatch();
            }
            int[] changed = update.executeBatch();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] == 0) {
                    missing.add(buckets.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into log_rollup_latency (account_id,"
                    + " gateway_id, kind, epoch_minute, dim1, dim2, bucket, requests) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Bucket bucket : missing) {
                    int i = bindKey(insert, 1, bucket.key());
                    insert.setInt(i, bucket.bucket());
                    insert.setLong(i + 1, bucket.count());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static int bindKey(PreparedStatement s, int from, Rollups.Key key) throws SQLException {
        s.setString(from, key.gateway().account().value());
        s.setString(from + 1, key.gateway().id().value());
        s.setString(from + 2, key.code());
        s.setLong(from + 3, key.minute());
        s.setString(from + 4, LogRows.cut(key.first(), 256));
        s.setString(from + 5, LogRows.cut(key.second(), 256));
        return from + 6;
    }

    private static int bindSums(PreparedStatement s, int from, Tally tally) throws SQLException {
        s.setLong(from, tally.requests());
        s.setLong(from + 1, tally.errors());
        s.setLong(from + 2, tally.cached());
        s.setLong(from + 3, tally.tokensIn());
        s.setLong(from + 4, tally.tokensOut());
        s.setLong(from + 5, LogRows.units(tally.cost(), Cost.SCALE));
        s.setLong(from + 6, tally.durationSum());
        return from + 7;
    }

    /**
     * A page and its count (and extremes). The count comes first: a whole gateway's from {@code log_counts}
     * (its extremes from {@link LogHours}), a metadata filter's, alone or with filters on the shape, from the
     * metadata table ({@link LogSql#countedByMetadata}), anything else from {@link LogSql#parts}. A metadata filter's own count also decides how the page is found (see
     * {@link #probesMetadata}).
     */
    @Override
    public LogPage listLogs(GatewayRef gateway, LogQuery query) {
        Optional<LogFilter> metadata = LogSql.loneMetadataFilter(query);
        long metadataMatches = metadata.map(filter -> count(LogSql.metadataCount(gateway, filter))).orElse(0L);
        long stored = LogSql.selectsAll(query) || metadata.isPresent() ? storedCount(gateway) : 0;
        LogSql sql = LogSql.of(gateway, query, metadata.isPresent() && probesMetadata(metadataMatches, stored, query));
        Optional<LogSql.Statement> byMetadata = query.metaInfo() ? Optional.empty()
                : LogSql.countedByMetadata(gateway, query);
        long total;
        Optional<LogPage.Extremes> extremes = Optional.empty();
        if (LogSql.selectsAll(query)) {
            total = stored;
            if (query.metaInfo()) {
                extremes = Optional.of(LogHours.all(jdbc, gateway).extremes());
            }
        } else if (byMetadata.isPresent()) {
            total = query.filters().size() == 1 ? metadataMatches : count(byMetadata.get());
        } else {
            LogHours.Span matches = new LogHours.Span();
            for (LogSql.Statement part : sql.parts(query.metaInfo() ? LogHours.AGGREGATES : "count(*)")) {
                jdbc.queryOne(part.sql(), part::bind, row -> {
                    if (query.metaInfo()) {
                        matches.add(LogHours.Span.read(row, 1));
                    } else {
                        matches.entries += row.getLong(1);
                    }
                    return Boolean.TRUE;
                });
            }
            total = matches.entries;
            if (query.metaInfo()) {
                extremes = Optional.of(matches.extremes());
            }
        }
        List<LogEntry> entries = withMetadata(jdbc.query("select " + LogRows.COLUMNS + " from logs where " + sql.where
                + " order by " + LogSql.orderBy(query) + " limit ? offset ?", s -> {
                    sql.bind(s, 1);
                    s.setInt(sql.parameters.size() + 1, query.perPage());
                    s.setLong(sql.parameters.size() + 2, query.offset());
                }, LogRows::entry));
        return new LogPage(entries, total, extremes);
    }

    /**
     * Whether a metadata filter matching {@code matches} of {@code stored} entries is listed best by walking
     * the listing's order and looking each entry's metadata up (about {@code (offset + perPage) * stored /
     * matches} lookups) rather than by gathering and sorting every match (about {@code matches}).
     */
    static boolean probesMetadata(long matches, long stored, LogQuery query) {
        double walked = (double) (query.offset() + query.perPage()) * stored / Math.max(1, matches);
        return walked < matches;
    }

    private long storedCount(GatewayRef gateway) {
        return jdbc.queryOne("select stored from log_counts where account_id = ? and gateway_id = ?", s -> {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
        }, row -> row.getLong(1)).orElse(0L);
    }

    private long count(LogSql.Statement statement) {
        return jdbc.queryOne(statement.sql(), statement::bind, row -> row.getLong(1)).orElse(0L);
    }

    /** The page's entries with their metadata, read in one more query. */
    private List<LogEntry> withMetadata(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return entries;
        }
        Map<String, Map<String, Object>> metadata = new HashMap<>();
        List<String> ids = entries.stream().map(LogEntry::id).toList();
        jdbc.query("select log_id, meta_key, value_text, value_kind from log_metadata where log_id in ("
                + ids.stream().map(id -> "?").collect(Collectors.joining(", ")) + ") order by log_id, meta_key", s -> {
                    for (int i = 0; i < ids.size(); i++) {
                        s.setString(i + 1, ids.get(i));
                    }
                }, row -> {
                    LogRows.addMetadata(row, metadata);
                    return Boolean.TRUE;
                });
        if (metadata.isEmpty()) {
            return entries;
        }
        return entries.stream().map(entry -> metadata.containsKey(entry.id())
                ? entry.patched(new LogPatch(Optional.empty(), Optional.empty(),
                        Optional.of(new Metadata(metadata.get(entry.id())))))
                : entry).toList();
    }

    @Override
    public Optional<LogEntry> findLog(GatewayRef gateway, String id) {
        List<LogEntry> rows = jdbc.query("select " + LogRows.COLUMNS + " from logs where account_id = ? and gateway_id = ?"
                + " and id = ?", s -> {
                    s.setString(1, gateway.account().value());
                    s.setString(2, gateway.id().value());
                    s.setString(3, id);
                }, LogRows::entry);
        return withMetadata(rows).stream().findFirst();
    }

    @Override
    public Optional<LogBodies> findLogBodies(GatewayRef gateway, String id) {
        return jdbc.queryOne("select b.request, b.request_complete, b.response, b.response_complete from log_bodies b"
                + " join logs l on l.id = b.log_id where l.account_id = ? and l.gateway_id = ? and b.log_id = ?", s -> {
                    s.setString(1, gateway.account().value());
                    s.setString(2, gateway.id().value());
                    s.setString(3, id);
                }, row -> new LogBodies(row.getBytes(1), row.getBoolean(2), row.getBytes(3), row.getBoolean(4)));
    }

    @Override
    public boolean patchLog(GatewayRef gateway, String id, LogPatch patch) {
        return jdbc.inTransaction(connection -> {
            long shape;
            try (PreparedStatement s = connection.prepareStatement("select shape from logs where account_id = ?"
                    + " and gateway_id = ? and id = ?" + forUpdate)) {
                s.setString(1, gateway.account().value());
                s.setString(2, gateway.id().value());
                s.setString(3, id);
                try (ResultSet row = s.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    shape = row.getLong(1);
                }
            }
            if (patch.feedback().isPresent()) {
                try (PreparedStatement s = connection.prepareStatement("update logs set feedback = ? where id = ?")) {
                    OptionalInt feedback = patch.feedback().get();
                    if (feedback.isPresent()) {
                        s.setInt(1, feedback.getAsInt());
                    } else {
                        s.setNull(1, Types.SMALLINT);
                    }
                    s.setString(2, id);
                    s.executeUpdate();
                }
            }
            if (patch.score().isPresent()) {
                try (PreparedStatement s = connection.prepareStatement("update logs set score = ? where id = ?")) {
                    if (patch.score().get().isPresent()) {
                        s.setLong(1, LogRows.units(patch.score().get().get(), LogRows.SCORE_SCALE));
                    } else {
                        s.setNull(1, Types.BIGINT);
                    }
                    s.setString(2, id);
                    s.executeUpdate();
                }
            }
            if (patch.metadata().isPresent()) {
                try (PreparedStatement s = connection.prepareStatement("delete from log_metadata where log_id = ?")) {
                    s.setString(1, id);
                    s.executeUpdate();
                }
                try (PreparedStatement s = connection.prepareStatement(LogRows.INSERT_METADATA)) {
                    for (Map.Entry<String, Object> meta : patch.metadata().get().entries().entrySet()) {
                        LogRows.bindMetadata(s, gateway, shape, id, meta.getKey(), meta.getValue());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            return true;
        });
    }

    @Override
    public long deleteLogs(GatewayRef gateway, LogQuery query) {
        LogSql sql = LogSql.of(gateway, query);
        String limit = query.limit().isPresent() ? " limit " + query.limit().getAsInt() : "";
        String selected = "select id, created_at from logs where " + sql.where + " order by " + LogSql.orderBy(query)
                + limit;
        long removed = jdbc.inTransaction(connection -> {
            if (LogSql.selectsAll(query) && query.limit().isEmpty()) {
                LogHours.deleteAll(connection, gateway);
            } else {
                try (PreparedStatement s = connection.prepareStatement("select min(created_at), max(created_at) from ("
                        + selected + ") doomed")) {
                    sql.bind(s, 1);
                    try (ResultSet row = s.executeQuery()) {
                        if (row.next() && row.getObject(1) != null) {
                            LogHours.touched(connection, gateway, row.getLong(1), row.getLong(2));
                        }
                    }
                }
            }
            long deleted;
            try (PreparedStatement s = connection.prepareStatement("delete from logs where id in (select id from ("
                    + selected + ") doomed)")) {
                sql.bind(s, 1);
                deleted = s.executeUpdate();
            }
            try (PreparedStatement s = connection.prepareStatement("update log_counts set stored = case when stored > ?"
                    + " then stored - ? else 0 end where account_id = ? and gateway_id = ?")) {
                s.setLong(1, deleted);
                s.setLong(2, deleted);
                s.setString(3, gateway.account().value());
                s.setString(4, gateway.id().value());
                s.executeUpdate();
            }
            return deleted;
        });
        // After the commit: a repair pass that ran before it could not have seen the hours it marked.
        hoursToRepair = true;
        return removed;
    }

    @Override
    public long deleteAllLogs(GatewayRef gateway) {
        return deleteLogs(gateway, LogQuery.all());
    }
}
