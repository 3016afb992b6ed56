package dev.sluice.adapters.store.log;

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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
    static final String INSERT = "insert into logs (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_METADATA = "insert into log_metadata (log_id, meta_key, value_text, value_kind)"
            + " values (?, ?, ?, ?)";

    private LogRows() {
    }

    static void bind(PreparedStatement s, LogEntry e) throws SQLException {
        int i = 1;
        s.setString(i++, e.id());
        s.setString(i++, e.gateway().account().value());
        s.setString(i++, e.gateway().id().value());
        s.setObject(i++, OffsetDateTime.ofInstant(e.createdAt(), ZoneOffset.UTC));
        s.setString(i++, cut(e.provider(), 64));
        s.setString(i++, cut(e.model(), 256));
        s.setString(i++, cut(e.path(), 2048));
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
        s.setBigDecimal(i++, e.cost().usd());
        s.setBoolean(i++, e.cost().custom());
        s.setLong(i++, e.durationMillis());
        s.setString(i++, cut(e.eventId(), 256));
        s.setString(i++, cut(e.requestContentType(), 256));
        s.setString(i++, cut(e.responseContentType(), 256));
        s.setLong(i++, e.requestSize());
        s.setLong(i++, e.responseSize());
        s.setInt(i++, e.step());
        s.setInt(i++, e.attempt());
        if (e.feedback().isPresent()) {
            s.setInt(i++, e.feedback().getAsInt());
        } else {
            s.setNull(i++, Types.SMALLINT);
        }
        s.setBigDecimal(i++, e.score().orElse(null));
        s.setString(i++, cut(e.userAgent(), 1024));
        s.setBoolean(i++, e.authenticated());
        s.setBoolean(i, e.payloadStored());
    }

    static void bindMetadata(PreparedStatement s, String logId, String key, Object value) throws SQLException {
        s.setString(1, logId);
        s.setString(2, key);
        s.setString(3, cut(value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value), 1024));
        s.setString(4, value instanceof String ? "s" : value instanceof Boolean ? "b" : "n");
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
        return new LogEntry(id,
                new GatewayRef(new AccountId(row.getString("account_id")), new GatewayId(row.getString("gateway_id"))),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getString("provider"), row.getString("model"), row.getString("path"), row.getBoolean("success"),
                row.getBoolean("cached"), row.getInt("status_code"), usage,
                new Cost(row.getBigDecimal("cost"), row.getBoolean("custom_cost")), row.getLong("duration"),
                Metadata.NONE, row.getString("event_id"),
                row.getString("request_content_type"), row.getString("response_content_type"),
                row.getLong("request_size"), row.getLong("response_size"), row.getInt("step"), row.getInt("attempt"),
                feedbackValue, Optional.ofNullable(row.getBigDecimal("score")).map(BigDecimal::stripTrailingZeros),
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

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
