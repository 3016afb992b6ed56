package dev.sluice.adapters.store.log;

import dev.sluice.domain.number.Decimals;
import dev.sluice.adapters.store.jdbc.SqlValues;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.StatementCache;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code log_hours} table: per gateway and hour of {@code created_at}, how many entries are stored and
 * the extremes of their cost, duration and tokens, so {@code meta_info} over a whole gateway reads a row
 * per hour instead of every entry. Inserts keep a row exact. A delete cannot tell whether it removed an
 * extreme, so it marks the hours it touched; such an hour is recomputed from its own entries (one index
 * range) when read, and written back exact by {@link #repair} when the log writer is idle.
 */
final class LogHours {

    /** Epoch microseconds in an hour: an entry's hour is {@code created_at / MICROS}, as in the migration. */
    static final long MICROS = 3_600_000_000L;

    /** The count and the extremes of a set of entries, in {@link Span}'s order. */
    static final String AGGREGATES = "count(*), min(cost), max(cost), min(duration), max(duration), min(tokens_in),"
            + " max(tokens_in), min(tokens_out), max(tokens_out), min(tokens_in + tokens_out),"
            + " max(tokens_in + tokens_out)";

    private static final String STORED = "entries, min_cost, max_cost, min_duration, max_duration, min_tokens_in,"
            + " max_tokens_in, min_tokens_out, max_tokens_out, min_tokens, max_tokens";
    private static final String SET_STORED = String.join(" = ?, ", STORED.split(", ")) + " = ?";
    private static final String KEY = "account_id = ? and gateway_id = ? and hour = ?";
    private static final String UPDATE = "update log_hours set " + SET_STORED + " where " + KEY;
    private static final String INSERT = "insert into log_hours (" + STORED + ", account_id, gateway_id, hour, exact)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)";

    private LogHours() {
    }

    /**
     * A count and ten extremes: cost, duration, tokens in, tokens out and total tokens, each min then max;
     * null where no entry had a value (tokens of attempts that got no answer).
     */
    static final class Span {
        long entries;
        final Long[] extremes = new Long[10];

        void add(LogEntry entry) {
            entries++;
            Long in = entry.usage().map(u -> u.input()).orElse(null);
            Long out = entry.usage().map(u -> u.output()).orElse(null);
            widen(0, SqlValues.units(entry.cost().usd(), Cost.SCALE));
            widen(2, entry.durationMillis());
            widen(4, in);
            widen(6, out);
            // The total as the tokens filter reads it: none for an entry without tokens, as for in and out.
            widen(8, in == null || out == null ? null : in + out);
        }

        void add(Span other) {
            entries += other.entries;
            for (int i = 0; i < extremes.length; i += 2) {
                widen(i, other.extremes[i]);
                widen(i, other.extremes[i + 1]);
            }
        }

        private void widen(int minIndex, Long value) {
            if (value == null) {
                return;
            }
            if (extremes[minIndex] == null || value < extremes[minIndex]) {
                extremes[minIndex] = value;
            }
            if (extremes[minIndex + 1] == null || value > extremes[minIndex + 1]) {
                extremes[minIndex + 1] = value;
            }
        }

        /** Reads {@link #AGGREGATES} or the stored columns, starting at {@code from}. */
        static Span read(ResultSet row, int from) throws SQLException {
            Span span = new Span();
            span.entries = row.getLong(from);
            for (int i = 0; i < span.extremes.length; i++) {
                long value = row.getLong(from + 1 + i);
                span.extremes[i] = row.wasNull() ? null : value;
            }
            return span;
        }

        int bind(PreparedStatement s, int from) throws SQLException {
            s.setLong(from, entries);
            for (int i = 0; i < extremes.length; i++) {
                if (extremes[i] == null) {
                    s.setNull(from + 1 + i, Types.BIGINT);
                } else {
                    s.setLong(from + 1 + i, extremes[i]);
                }
            }
            return from + 1 + extremes.length;
        }

        LogPage.Extremes extremes() {
            return new LogPage.Extremes(dollars(value(0)), dollars(value(1)), value(2), value(3), value(4), value(5),
                    value(6), value(7), value(8), value(9));
        }

        private long value(int index) {
            return extremes[index] == null ? 0 : extremes[index];
        }

        private static BigDecimal dollars(long units) {
            return Decimals.trimmed(BigDecimal.valueOf(units, Cost.SCALE));
        }
    }

    /** An hour's stored count and extremes, its row locked where the database has row locks. */
    static String selectStored(String forUpdate) {
        return "select " + STORED + " from log_hours where " + KEY + forUpdate;
    }

    /**
     * Adds newly stored entries of one gateway to their hours, in the batch's transaction.
     * @param selectStored {@link #selectStored} for this database
     */
    static void add(Connection connection, StatementCache statements, String selectStored, GatewayRef gateway,
            List<LogEntry> entries) throws SQLException {
        Map<Long, Span> hours = new TreeMap<>();
        for (LogEntry entry : entries) {
            hours.computeIfAbsent(hour(LogRows.micros(entry.createdAt())), h -> new Span()).add(entry);
        }
        for (Map.Entry<Long, Span> hour : hours.entrySet()) {
            Span span = hour.getValue();
            boolean exists = false;
            PreparedStatement select = statements.prepare(connection, selectStored);
            bindKey(select, 1, gateway, hour.getKey());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    exists = true;
                    span.add(Span.read(row, 1));
                }
            }
            PreparedStatement write = statements.prepare(connection, exists ? UPDATE : INSERT);
            bindKey(write, span.bind(write, 1), gateway, hour.getKey());
            write.executeUpdate();
        }
    }

    /** Marks the gateway's hours from {@code fromMicros} to {@code toMicros} (inclusive) as not exact. */
    static void touched(Connection connection, GatewayRef gateway, long fromMicros, long toMicros) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("update log_hours set exact = false where account_id = ?"
                + " and gateway_id = ? and hour >= ? and hour <= ?")) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            s.setLong(3, hour(fromMicros));
            s.setLong(4, hour(toMicros));
            s.executeUpdate();
        }
    }

    static void deleteAll(Connection connection, GatewayRef gateway) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "delete from log_hours where account_id = ? and gateway_id = ?")) {
            s.setString(1, gateway.account().value());
            s.setString(2, gateway.id().value());
            s.executeUpdate();
        }
    }

    /** The extremes of all the gateway's entries: exact hours as stored, the others recomputed. */
    static Span all(Jdbc jdbc, GatewayRef gateway) {
        record Hour(long hour, boolean exact, Span span) {
        }
        List<Hour> hours = jdbc.query("select hour, exact, " + STORED + " from log_hours where account_id = ?"
                + " and gateway_id = ?", s -> {
                    s.setString(1, gateway.account().value());
                    s.setString(2, gateway.id().value());
                }, row -> new Hour(row.getLong(1), row.getBoolean(2), Span.read(row, 3)));
        Span all = new Span();
        for (Hour hour : hours) {
            all.add(hour.exact() ? hour.span() : jdbc.queryOne("select " + AGGREGATES + " from logs where "
                    + HOUR_OF_LOGS, s -> bindHourOfLogs(s, gateway, hour.hour()), row -> Span.read(row, 1)).orElseThrow());
        }
        return all;
    }

    /**
     * Recomputes up to {@code limit} hours that a delete left not exact, each in its own transaction with its
     * row locked, and writes them back exact (or removes an hour left with no entries).
     * @return how many hours were repaired
     */
    static int repair(Jdbc jdbc, int limit, String forUpdate) {
        record Touched(GatewayRef gateway, long hour) {
        }
        List<Touched> touched = jdbc.query("select account_id, gateway_id, hour from log_hours where exact = false"
                + " order by hour limit ?", s -> s.setInt(1, limit), row -> new Touched(new GatewayRef(
                new AccountId(row.getString(1)), new GatewayId(row.getString(2))), row.getLong(3)));
        for (Touched hour : touched) {
            jdbc.inTransaction(connection -> {
                try (PreparedStatement s = connection.prepareStatement("select exact from log_hours where " + KEY
                        + forUpdate)) {
                    bindKey(s, 1, hour.gateway(), hour.hour());
                    try (ResultSet row = s.executeQuery()) {
                        if (!row.next() || row.getBoolean(1)) {
                            return Boolean.FALSE;
                        }
                    }
                }
                Span span;
                try (PreparedStatement s = connection.prepareStatement("select " + AGGREGATES + " from logs where "
                        + HOUR_OF_LOGS)) {
                    bindHourOfLogs(s, hour.gateway(), hour.hour());
                    try (ResultSet row = s.executeQuery()) {
                        row.next();
                        span = Span.read(row, 1);
                    }
                }
                String sql = span.entries == 0 ? "delete from log_hours where " + KEY
                        : "update log_hours set " + SET_STORED + ", exact = true where " + KEY;
                try (PreparedStatement s = connection.prepareStatement(sql)) {
                    bindKey(s, span.entries == 0 ? 1 : span.bind(s, 1), hour.gateway(), hour.hour());
                    s.executeUpdate();
                }
                return Boolean.TRUE;
            });
        }
        return touched.size();
    }

    private static final String HOUR_OF_LOGS = "account_id = ? and gateway_id = ? and created_at >= ?"
            + " and created_at < ?";

    static long hour(long micros) {
        return micros / MICROS;
    }

    private static int bindKey(PreparedStatement s, int from, GatewayRef gateway, long hour) throws SQLException {
        s.setString(from, gateway.account().value());
        s.setString(from + 1, gateway.id().value());
        s.setLong(from + 2, hour);
        return from + 3;
    }

    private static void bindHourOfLogs(PreparedStatement s, GatewayRef gateway, long hour) throws SQLException {
        s.setString(1, gateway.account().value());
        s.setString(2, gateway.id().value());
        s.setLong(3, hour * MICROS);
        s.setLong(4, (hour + 1) * MICROS);
    }
}
