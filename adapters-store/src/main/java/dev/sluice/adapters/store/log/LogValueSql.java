package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.jdbc.SqlValues;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.log.LogOperator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One filter's values compared with one column, as SQL with bound parameters: equal to any of them, none of them,
 * containing one (lower-cased for ASCII text, and as written too beyond it, since SQLite's {@code lower} folds ASCII
 * only), or above or below one. Values are converted to their stored units ({@link LogRows}). Used for the entries'
 * own columns and their shapes' ({@link LogSql}) and for metadata ({@link LogMetadataSql}).
 */
final class LogValueSql {

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private LogValueSql() {
    }

    /** {@code nullable}: a {@link LogFilter#NULL} value means SQL null (else, for text, the empty string). */
    static String matching(String column, LogOperator operator, List<Object> values, List<Object> parameters,
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
                List<String> matched = new ArrayList<>();
                for (Object value : concrete) {
                    String text = String.valueOf(value);
                    parameters.add(likePattern(text));
                    if (ascii(text)) {
                        matched.add("lower(" + column + ") like ? escape '\\'");
                    } else {
                        parameters.add(likePatternAsWritten(text));
                        matched.add(asWrittenToo(column));
                    }
                }
                yield "(" + String.join(" or ", matched) + ")";
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

    static String anyOf(String column, List<Object> values, boolean wantsNull, List<Object> parameters) {
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
                case "cost" -> SqlValues.units(number, Cost.SCALE);
                case "score" -> SqlValues.units(number, LogRows.SCORE_SCALE);
                // Whole counts (tokens, ms, status, feedback) compare with numbers, never with text.
                default -> number.stripTrailingZeros().scale() <= 0 && number.abs().compareTo(LONG_MAX) <= 0
                        ? (Object) number.longValueExact() : (Object) number.doubleValue();
            };
        }
        return value;
    }

    /** A column matched lower-cased or as written (see {@code LogSql}'s search): two parameters. */
    static String asWrittenToo(String column) {
        return "(lower(" + column + ") like ? escape '\\' or " + column + " like ? escape '\\')";
    }

    static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static String likePattern(String text) {
        return likePatternAsWritten(text.toLowerCase(Locale.ROOT));
    }

    static String likePatternAsWritten(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
