package dev.sluice.adapters.store.log;

import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogOperator;
import dev.sluice.domain.log.LogQuery;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A log query as SQL: the {@code where} clause (always led by the gateway, so the indexes that start with
 * it apply), its parameters, and the {@code order by}. Column names come from a fixed table, never from
 * the request; every value is a bound parameter.
 */
final class LogSql {

    private static final Map<LogField, String> COLUMNS = Map.ofEntries(
            Map.entry(LogField.ID, "id"),
            Map.entry(LogField.CREATED_AT, "created_at"),
            Map.entry(LogField.PROVIDER, "provider"),
            Map.entry(LogField.MODEL, "model"),
            Map.entry(LogField.PATH, "path"),
            Map.entry(LogField.REQUEST_CONTENT_TYPE, "request_content_type"),
            Map.entry(LogField.RESPONSE_CONTENT_TYPE, "response_content_type"),
            Map.entry(LogField.SUCCESS, "success"),
            Map.entry(LogField.CACHED, "cached"),
            Map.entry(LogField.STATUS_CODE, "status_code"),
            Map.entry(LogField.COST, "cost"),
            Map.entry(LogField.TOKENS, "(tokens_in + tokens_out)"),
            Map.entry(LogField.TOKENS_IN, "tokens_in"),
            Map.entry(LogField.TOKENS_OUT, "tokens_out"),
            Map.entry(LogField.DURATION, "duration"),
            Map.entry(LogField.FEEDBACK, "feedback"),
            Map.entry(LogField.SCORE, "score"),
            Map.entry(LogField.EVENT_ID, "event_id"),
            Map.entry(LogField.USER_AGENT, "user_agent"),
            Map.entry(LogField.AUTHENTICATION, "authenticated"));

    private static final List<String> SEARCHED = List.of("id", "provider", "model", "path", "event_id", "user_agent");

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    final String where;
    final List<Object> parameters;

    private LogSql(String where, List<Object> parameters) {
        this.where = where;
        this.parameters = parameters;
    }

    /** Whether the query selects every entry of the gateway (its count is then the stored count). */
    static boolean selectsAll(LogQuery query) {
        return query.filters().isEmpty() && query.search().isEmpty();
    }

    static LogSql of(GatewayRef gateway, LogQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        conditions.add("account_id = ? and gateway_id = ?");
        parameters.add(gateway.account().value());
        parameters.add(gateway.id().value());
        query.search().ifPresent(text -> {
            conditions.add("(" + SEARCHED.stream().map(column -> "lower(" + column + ") like ? escape '\\'")
                    .collect(Collectors.joining(" or ")) + ")");
            String pattern = likePattern(text);
            SEARCHED.forEach(column -> parameters.add(pattern));
        });
        for (LogFilter filter : query.filters()) {
            conditions.add(condition(filter, parameters));
        }
        return new LogSql(String.join(" and ", conditions), parameters);
    }

    static String orderBy(LogQuery query) {
        String direction = query.descending() ? " desc" : " asc";
        String column = COLUMNS.get(query.orderBy());
        return column.equals("created_at") ? "created_at" + direction + ", id" + direction
                : column + direction + ", created_at" + direction + ", id" + direction;
    }

    void bind(PreparedStatement statement, int from) throws SQLException {
        int index = from;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
    }

    private static String condition(LogFilter filter, List<Object> parameters) {
        if (filter.field() == LogField.METADATA_KEY || filter.field() == LogField.METADATA_VALUE) {
            String column = filter.field() == LogField.METADATA_KEY ? "m.meta_key" : "m.value_text";
            List<Object> values = filter.values().stream().map(v -> v == LogFilter.NULL ? "" : v).toList();
            String match = matching(column, filter.operator() == LogOperator.NEQ ? LogOperator.EQ : filter.operator(),
                    values, parameters, false);
            // An IN over the metadata table's own index, not a lookup per log row.
            String in = "id in (select m.log_id from log_metadata m where " + match + ")";
            return filter.operator() == LogOperator.NEQ ? "not " + in : in;
        }
        String column = COLUMNS.get(filter.field());
        boolean text = filter.field().kind() == LogField.Kind.TEXT;
        return matching(column, filter.operator(), filter.values(), parameters, !text);
    }

    /** {@code nullable}: a {@link LogFilter#NULL} value means SQL null (else, for text, the empty string). */
    private static String matching(String column, LogOperator operator, List<Object> values, List<Object> parameters,
                                   boolean nullable) {
        List<Object> concrete = new ArrayList<>();
        boolean wantsNull = false;
        for (Object value : values) {
            if (value == LogFilter.NULL) {
                if (nullable) {
                    wantsNull = true;
                } else {
                    concrete.add("");
                }
            } else {
                concrete.add(sqlValue(column, value));
            }
        }
        return switch (operator) {
            case EQ -> anyOf(column, concrete, wantsNull, parameters);
            case NEQ -> "not " + anyOf(column, concrete, wantsNull, parameters);
            case CONTAINS -> {
                parameters.addAll(concrete.stream().map(v -> likePattern(String.valueOf(v))).toList());
                yield "(" + concrete.stream().map(v -> "lower(" + column + ") like ? escape '\\'")
                        .collect(Collectors.joining(" or ")) + ")";
            }
            case LT, GT, LTE, GTE -> {
                if (concrete.isEmpty()) {
                    yield "1 = 0";
                }
                parameters.add(concrete.get(0));
                yield column + " " + switch (operator) {
                    case LT -> "<";
                    case GT -> ">";
                    case LTE -> "<=";
                    default -> ">=";
                } + " ?";
            }
        };
    }

    private static String anyOf(String column, List<Object> values, boolean wantsNull, List<Object> parameters) {
        List<String> parts = new ArrayList<>();
        if (!values.isEmpty()) {
            parts.add(column + (values.size() == 1 ? " = ?" : " in (" + values.stream().map(v -> "?")
                    .collect(Collectors.joining(", ")) + ")"));
            parameters.addAll(values);
        }
        if (wantsNull) {
            parts.add(column + " is null");
        }
        return "(" + String.join(" or ", parts) + ")";
    }

    /** Times as epoch microseconds, money and scores in their stored units (see {@link LogRows}). */
    private static Object sqlValue(String column, Object value) {
        if (value instanceof Instant instant) {
            return LogRows.micros(instant);
        }
        if (value instanceof BigDecimal number) {
            return switch (column) {
                case "cost" -> LogRows.units(number, Cost.SCALE);
                case "score" -> LogRows.units(number, LogRows.SCORE_SCALE);
                // Whole counts (tokens, ms, status, feedback) compare with numbers, never with text.
                default -> number.stripTrailingZeros().scale() <= 0 && number.abs().compareTo(LONG_MAX) <= 0
                        ? (Object) number.longValueExact() : (Object) number.doubleValue();
            };
        }
        return value;
    }

    static String likePattern(String text) {
        return "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
