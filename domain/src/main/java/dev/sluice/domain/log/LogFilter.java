package dev.sluice.domain.log;

import java.util.List;
import java.util.Objects;

/**
 * One condition on logs. Values are already typed for the field: {@code String} for text (an empty list
 * entry of {@code null} matches a missing value), {@code Boolean}, {@code java.math.BigDecimal} for
 * numbers and {@code java.time.Instant} for times.
 */
public record LogFilter(LogField field, LogOperator operator, List<Object> values) {

    public LogFilter {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values.stream().map(v -> v == null ? NULL : v).toList());
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a filter needs at least one value");
        }
    }

    /** Stands for JSON {@code null} among a filter's values (lists cannot hold {@code null}). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
}
