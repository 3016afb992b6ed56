package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.SqlValues;
import dev.sluice.application.log.QueryLogsPort;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;
import dev.sluice.domain.policy.Metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Reads, patches and deletes stored log entries for the logs API. */
public final class JdbcLogQueries implements QueryLogsPort {

    private final Jdbc jdbc;
    private final String forUpdate;
    private final LogHoursRepair hours;

    /** @param hours shared with the log writer, which repairs the hours a delete here leaves inexact */
    public JdbcLogQueries(Jdbc jdbc, LogHoursRepair hours) {
        this.jdbc = jdbc;
        this.forUpdate = jdbc.isSqlite() ? "" : " for update";
        this.hours = hours;
    }

    /**
     * A page and its count (and extremes). The count comes first: a whole gateway's from {@code log_counts}
     * (its extremes from {@link LogHours}), a metadata filter's, alone or with filters on the shape, from the
     * metadata table ({@link LogSql#countedByMetadata}), anything else from {@link LogSql#parts}. A metadata filter's own count also decides how the page is found (see
     * {@link #probesMetadata}).
     */
    @Override
    public LogPage listLogs(GatewayRef gateway, LogQuery query) {
        Optional<LogFilter> metadata = LogMetadataSql.loneFilter(query);
        long metadataMatches = metadata.map(filter -> count(LogMetadataSql.count(gateway, filter))).orElse(0L);
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
        List<LogEntry> entries = withMetadata(jdbc.query(sql.ordered(LogRows.COLUMNS, query, jdbc.isSqlite(),
                " limit ? offset ?"), s -> {
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
        return jdbc.queryOne("select b.request, b.request_complete, b.response, b.response_complete,"
                + " b.request_encoding, b.response_encoding from log_bodies b"
                + " join logs l on l.id = b.log_id where l.account_id = ? and l.gateway_id = ? and b.log_id = ?", s -> {
                    s.setString(1, gateway.account().value());
                    s.setString(2, gateway.id().value());
                    s.setString(3, id);
                }, row -> new LogBodies(BodyCodec.decode(row.getBytes(1), row.getInt(5)), row.getBoolean(2),
                        BodyCodec.decode(row.getBytes(3), row.getInt(6)), row.getBoolean(4)));
    }

    @Override
    public boolean patchLog(GatewayRef gateway, String id, LogPatch patch) {
        return jdbc.inTransactionRetryingConflicts(connection -> {
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
                        s.setLong(1, SqlValues.units(patch.score().get().get(), LogRows.SCORE_SCALE));
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
        return LogDeletion.delete(jdbc, hours, gateway, query);
    }
}
