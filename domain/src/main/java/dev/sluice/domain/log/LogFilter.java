package dev.sluice.domain.log;

import java.util.List;
import java.util.Objects;

/**
 * One condition on logs. Values are already typed for the field: {@code String} for text (an empty list
 * entry of {@code null} matches a missing value), {@code Boolean}, {@code java.math.BigDecimal} for
 * numbers and {@code java.time.Instant} for times; an id is lower-cased ({@link LogIds}). A {@link LogField#METADATA_ENTRY} filter names its key in
 * {@code metadataKey} (empty for every other field).
 */
public record LogFilter(LogField field, LogOperator operator, List<Object> values, String metadataKey) {

    public LogFilter {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(metadataKey, "metadataKey");
        values = List.copyOf(values.stream().map(v -> v == null ? NULL
                : field == LogField.ID && v instanceof String id ? LogIds.normalized(id) : v).toList());
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a filter needs at least one value");
        }
        if ((field == LogField.METADATA_ENTRY) == metadataKey.isEmpty()) {
            throw new IllegalArgumentException("a metadata.<key> filter, and only it, names a key");
        }
    }

    public LogFilter(LogField field, LogOperator operator, List<Object> values) {
        this(field, operator, values, "");
    }

    /** The values under one metadata key ({@code metadata.<key>}). */
    public static LogFilter metadataEntry(String key, LogOperator operator, List<Object> values) {
        return new LogFilter(LogField.METADATA_ENTRY, operator, values, key);
    }

    /** Stands for JSON {@code null} among a filter's values (lists cannot hold {@code null}). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
}
