package dev.sluice.domain.usage;

import java.util.Map;
import java.util.Optional;

/** Typed reads of a parsed JSON document, for the usage formats: a field of the wrong type is absent. */
public final class UsageFields {

    private UsageFields() {
    }

    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> object(Map<String, Object> parent, String field) {
        return parent.get(field) instanceof Map<?, ?> map ? Optional.of((Map<String, Object>) map) : Optional.empty();
    }

    /** A count: a negative number is no count at all. */
    public static Optional<Long> number(Map<String, Object> parent, String field) {
        if (parent.get(field) instanceof Number n) {
            long value = n.longValue();
            return value >= 0 ? Optional.of(value) : Optional.empty();
        }
        return Optional.empty();
    }
}
