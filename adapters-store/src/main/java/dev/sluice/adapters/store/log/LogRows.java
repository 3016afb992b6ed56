package dev.sluice.adapters.store.log;

import dev.sluice.domain.number.Decimals;
import dev.sluice.adapters.store.jdbc.SqlValues;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.policy.Metadata;
import dev.sluice.domain.usage.TokenUsage;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Log entries to and from the {@code logs} and {@code log_metadata} tables. */
final class LogRows {

    static final String COLUMNS = "id, account_id, gateway_id, created_at, provider, model, path, success, cached,"
            + " status_code, tokens_in, tokens_out, tokens_estimated, cached_tokens_in, cost, custom_cost, duration,"
            + " event_id, request_content_type, response_content_type, request_size, response_size, step, attempt,"
            + " feedback, score, user_agent, authenticated, payload_stored";
    static final String INSERT = "insert into logs (" + COLUMNS + ", shape) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_METADATA = "insert into log_metadata (log_id, meta_key, value_text, value_kind,"
            + " account_id, gateway_id, shape, value_bucket) values (?, ?, ?, ?, ?, ?, ?, ?)";

    /** Scores are kept in whole units of 1e-4, as money is in units of 1e-10 dollars ({@link Cost#SCALE}). */
    static final int SCORE_SCALE = 4;

    private LogRows() {
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }


    /**
     * Binds a row of {@link #INSERT} (or of a many-row insert of it) from parameter {@code from}: the entry's
     * columns, then its shape ({@link LogShapes}).
     */
    static void bind(PreparedStatement s, int from, LogEntry e, long shape) throws SQLException {
        int i = from;
        s.setString(i++, e.id());
        s.setString(i++, e.gateway().account().value());
        s.setString(i++, e.gateway().id().value());
        s.setLong(i++, micros(e.createdAt()));
        s.setString(i++, SqlValues.cut(e.provider(), 64));
        s.setString(i++, SqlValues.cut(e.model(), 256));
        s.setString(i++, SqlValues.cut(e.path(), 2048));
        s.setBoolean(i++, e.success());
        s.setBoolean(i++, e.cached());
        s.setInt(i++, e.statusCode());
        if (e.usage().isPresent()) {
            TokenUsage usage = e.usage().get();
            s.setLong(i++, usage.input());
            s.setLong(i++, usage.output());
            s.setBoolean(i++, usage.estimated());
            s.setLong(i++, usage.cachedInput());
        } else {
            s.setNull(i++, Types.BIGINT);
            s.setNull(i++, Types.BIGINT);
            s.setBoolean(i++, false);
            s.setLong(i++, 0);
        }
        s.setLong(i++, SqlValues.units(e.cost().usd(), Cost.SCALE));
        s.setBoolean(i++, e.cost().custom());
        s.setLong(i++, e.durationMillis());
        s.setString(i++, SqlValues.cut(e.eventId(), 256));
        s.setString(i++, SqlValues.cut(e.requestContentType(), 256));
        s.setString(i++, SqlValues.cut(e.responseContentType(), 256));
        s.setLong(i++, e.requestSize());
        s.setLong(i++, e.responseSize());
        s.setInt(i++, e.step());
        s.setInt(i++, e.attempt());
        if (e.feedback().isPresent()) {
            s.setInt(i++, e.feedback().getAsInt());
        } else {
            s.setNull(i++, Types.SMALLINT);
        }
        if (e.score().isPresent()) {
            s.setLong(i++, SqlValues.units(e.score().get(), SCORE_SCALE));
        } else {
            s.setNull(i++, Types.BIGINT);
        }
        s.setString(i++, SqlValues.cut(e.userAgent(), 1024));
        s.setBoolean(i++, e.authenticated());
        s.setBoolean(i++, e.payloadStored());
        s.setLong(i, shape);
    }

    /**
     * Binds {@link #INSERT_METADATA}: one metadata entry of a log, with the log's gateway and shape, and its
     * value's bucket ({@link MetadataBuckets}).
     */
    static void bindMetadata(PreparedStatement s, GatewayRef gateway, long shape, String logId, String key,
                             Object value) throws SQLException {
        String text = MetadataBuckets.asStored(
                SqlValues.cut(value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value), 1024));
        s.setString(1, logId);
        s.setString(2, key);
        s.setString(3, text);
        s.setString(4, value instanceof String ? "s" : value instanceof Boolean ? "b" : "n");
        s.setString(5, gateway.account().value());
        s.setString(6, gateway.id().value());
        s.setLong(7, shape);
        s.setInt(8, MetadataBuckets.of(text));
    }

    /** An entry from a row of {@link #COLUMNS}, without its metadata (kept in another table). */
    static LogEntry entry(ResultSet row) throws SQLException {
        String id = row.getString("id");
        long in = row.getLong("tokens_in");
        boolean tokensKnown = !row.wasNull();
        long out = row.getLong("tokens_out");
        Optional<TokenUsage> usage = tokensKnown ? Optional.of(new TokenUsage(in, out,
                Math.min(in, row.getLong("cached_tokens_in")), 0, row.getBoolean("tokens_estimated")))
                : Optional.empty();
        int feedback = row.getInt("feedback");
        OptionalInt feedbackValue = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(feedback);
        long score = row.getLong("score");
        Optional<BigDecimal> scoreValue = row.wasNull() ? Optional.empty()
                : Optional.of(Decimals.trimmed(BigDecimal.valueOf(score, SCORE_SCALE)));
        return new LogEntry(id,
                new GatewayRef(new AccountId(row.getString("account_id")), new GatewayId(row.getString("gateway_id"))),
                instant(row.getLong("created_at")),
                row.getString("provider"), row.getString("model"), row.getString("path"), row.getBoolean("success"),
                row.getBoolean("cached"), row.getInt("status_code"), usage,
                new Cost(BigDecimal.valueOf(row.getLong("cost"), Cost.SCALE), row.getBoolean("custom_cost")),
                row.getLong("duration"),
                Metadata.NONE, row.getString("event_id"),
                row.getString("request_content_type"), row.getString("response_content_type"),
                row.getLong("request_size"), row.getLong("response_size"), row.getInt("step"), row.getInt("attempt"),
                feedbackValue, scoreValue,
                row.getString("user_agent"), row.getBoolean("authenticated"), row.getBoolean("payload_stored"));
    }

    static void addMetadata(ResultSet row, Map<String, Map<String, Object>> into) throws SQLException {
        String text = row.getString("value_text");
        Object value = switch (row.getString("value_kind")) {
            case "b" -> Boolean.valueOf(text);
            case "n" -> number(text);
            default -> text;
        };
        into.computeIfAbsent(row.getString("log_id"), k -> new LinkedHashMap<>()).put(row.getString("meta_key"), value);
    }

    private static Object number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return new BigDecimal(text);
        }
    }
}
